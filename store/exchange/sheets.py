"""The sheets of an Excel/CSV exchange: their Chinese columns, and what a 承办情况 row says about a share.

One definition of the columns serves both directions, so an exported workbook can be imported again as it
is: sheets_export.py fills them, sheets_write.py and sheets_read.py write and read .xlsx and .csv files, and
the rows*.py modules import them through the Repository's commands.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from store.records.model import Assignment, Progress
from store.records.units import split_names
from store.rules.lights import effective_due, is_done_late

ITEMS = "督办事项"
SHARES = "承办情况"
UNITS = "成员单位"
MEETINGS = "会议"
INDICATORS = "指标"
READINGS = "指标数据"
BOARD = "单位看板"

YES = "是"
NO = "否"
LIST_SEPARATOR = "、"
FORMULA_START = ("=", "+", "-", "@")


@dataclass(frozen=True)
class Column:
    """One column: its header, how wide it may grow, and whether an import needs or ignores it."""

    name: str
    cap: int = 30
    required: bool = False
    derived: bool = False
    wrap: bool = False
    aliases: tuple[str, ...] = ()
    kind: str = "text"  # "date": an ISO date written as an Excel date cell; "percent": a fraction shown as 45.5%


@dataclass(frozen=True)
class SheetSpec:
    """One sheet (or one CSV file) and its columns in order."""

    name: str
    columns: tuple[Column, ...]
    importable: bool = True

    @property
    def headers(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    def canonical(self, header: str) -> str | None:
        """The column a header cell names, allowing the usual variants people type (单位名称 for 名称)."""
        key = normalise_header(header)
        for column in self.columns:
            if key == column.name or key in column.aliases:
                return column.name
        return None


C = Column
SPECS: tuple[SheetSpec, ...] = (
    SheetSpec(
        ITEMS,
        (
            C("编号", 10, aliases=("事项编号",)),
            C("标题", 40, required=True, wrap=True, aliases=("事项", "事项名称", "事项标题", "督办事项", "工作任务")),
            C("牵头单位", 16, required=True, aliases=("牵头", "牵头部门", "责任单位", "主办单位")),
            C("配合单位", 30, wrap=True, aliases=("配合", "配合部门", "协办单位")),
            C("期限", 12, required=True, aliases=("办理期限", "完成时限", "完成期限", "时限", "截止日期"), kind="date"),
            C("会议", 30, aliases=("来源会议",)),
            C("重点", 6, aliases=("重点事项", "是否重点")),
            C("工作要求", 60, wrap=True, aliases=("要求", "具体要求")),
            C("灯", 4, derived=True, aliases=("亮灯",)),
            C("状态", 8, derived=True),
            C("关联指标", 30, wrap=True),
        ),
    ),
    SheetSpec(
        SHARES,
        (
            C("编号", 10, required=True, aliases=("事项编号",)),
            C("单位", 16, required=True, aliases=("承办单位",)),
            C("角色", 6, required=True),
            C("状态", 8, required=True, aliases=("办理状态",)),
            C("交办日期", 12, kind="date"),
            C("期限", 12, aliases=("原期限",), kind="date"),
            C("现期限", 12, kind="date"),
            C("签收日期", 12, kind="date"),
            C("办结日期", 12, kind="date"),
            C("销号日期", 12, kind="date"),
            C("逾期办结", 8),
            C("催办次数", 8),
            C("进展日期", 12, kind="date"),
            C("最新进展", 60, wrap=True, aliases=("进展", "进展情况")),
        ),
    ),
    SheetSpec(
        UNITS,
        (
            C("名称", 20, required=True, aliases=("单位名称", "全称")),
            C("简称", 12),
            C("类别", 10),
            C("联系人", 10),
            C("联系电话", 16, aliases=("电话",)),
            C("别名", 30, wrap=True),
            C("简拼", 16),
            C("排序", 6),
            C("停用", 6),
        ),
    ),
    SheetSpec(
        MEETINGS,
        (
            C("编号", 6),
            C("会议名称", 50, required=True, wrap=True, aliases=("名称", "会议")),
            C("日期", 12, required=True, aliases=("会议日期", "召开日期"), kind="date"),
            C("类型", 10, aliases=("会议类型",)),
        ),
    ),
    SheetSpec(
        INDICATORS,
        (
            C("规划", 6, required=True),
            C("领域", 12, required=True),
            C("编码", 10, aliases=("指标编码",)),
            C("指标名称", 30, required=True, aliases=("指标",)),
            C("计量单位", 8),
            C("方向", 8, required=True),
            C("目标值", 8, aliases=("目标",)),
            C("中期目标值", 10, aliases=("中期目标",)),
            C("目标说明", 16),
            C("目标年份", 8),
            C("基线值", 8),
            C("基线年份", 8),
            C("牵头单位", 16, aliases=("牵头",)),
            C("配合单位", 24, wrap=True, aliases=("配合",)),
            C("数据来源", 16),
            C("口径与计算方法", 30, wrap=True, aliases=("口径", "计算方法")),
            C("统计周期起始月", 8, aliases=("统计周期",)),
            C("向上报送", 8),
            C("统计方式", 8),
            C("重点", 6, aliases=("重点难点", "是否重点")),
        ),
    ),
    SheetSpec(
        READINGS,
        (
            C("指标名称", 30, required=True, aliases=("指标",)),
            C("年份", 8, required=True, aliases=("年度",)),
            C("监测值", 10, aliases=("数值",)),
            C("无数据原因", 10),
            C("分子", 10),
            C("分母", 10),
            C("口径变化", 8),
            C("报送人", 10),
            C("报送日期", 12, kind="date"),
            C("审核人", 10),
            C("状态", 8, aliases=("报送状态",)),
            C("人工评判", 10, aliases=("评判",)),
            C("评判理由", 24, wrap=True),
            C("说明", 40, wrap=True, aliases=("备注",)),
        ),
    ),
    SheetSpec(
        BOARD,
        (
            C("名次", 6),
            C("单位", 16),
            C("承办", 6),
            C("其中牵头", 8),
            C("办结", 6),
            C("按期办结", 8),
            C("逾期办结", 8),
            C("未办结", 8),
            C("逾期未办结", 10),
            C("临近期限", 8),
            C("催办次数", 8),
            C("按期办结率", 10, kind="percent"),
            C("平均逾期天数", 12),
            C("逾期事项", 30, wrap=True),
        ),
        importable=False,
    ),
)
SPEC_BY_NAME = {spec.name: spec for spec in SPECS}
IMPORT_ORDER = (UNITS, MEETINGS, INDICATORS, READINGS, ITEMS, SHARES)


def normalise_header(text: Any) -> str:
    """Header text without spaces, full-width forms or the '*' people put on required columns."""
    value = "" if text is None else str(text)
    value = unicodedata.normalize("NFKC", value)
    return re.sub(r"\s+", "", value).strip("*")


def split_list(text: str) -> list[str]:
    """Names in one cell: the store's one list splitter (store.records.units.split_names)."""
    return split_names(text)


def yes_no(value: bool) -> str:
    return YES if value else NO


def latest_progress(a: Assignment) -> Progress | None:
    """The share's most recent progress note (by date, then by order of entry)."""
    if not a["progress"]:
        return None
    return max(enumerate(a["progress"]), key=lambda pair: (pair[1]["date"], pair[0]))[1]


def share_facts(a: Assignment) -> dict[str, Any]:
    """What a 承办情况 row says about a share, as stored: role and status as keys, 逾期办结 as a bool.

    The export turns these into labels; an import compares a row of an existing item against them."""
    note = latest_progress(a)
    return {
        "角色": a["role"],
        "状态": a["status"],
        "交办日期": a["assigned_on"],
        "期限": a["due"],
        "现期限": effective_due(a),
        "签收日期": a["acknowledged_on"],
        "办结日期": a["done_on"],
        "销号日期": a["closed_on"],
        "逾期办结": is_done_late(a),
        "催办次数": len(a["reminders"]),
        "进展日期": note["date"] if note else "",
        "最新进展": note["text"] if note else "",
    }

"""The rows an export writes: every sheet's cells as column → value, in the order the sheets list them.

Units are written by their full names and indicators by their names, so that a file can go into another
database; items are sorted by number.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from store.commands.repository import Repository
from store.exchange.sheets import (
    BOARD,
    INDICATORS,
    ITEMS,
    LIST_SEPARATOR,
    MEETINGS,
    READINGS,
    SHARES,
    UNITS,
    share_facts,
    yes_no,
)
from store.records.model import (
    COLLECTIVE_LABELS,
    DIRECTIONS,
    LIGHT_LABELS,
    MODES,
    ROLE_LABELS,
    STATUS_LABELS,
    UNIT_KINDS,
    Assignment,
    Indicator,
    Item,
    Meeting,
    Unit,
)
from store.rules.lights import Policy
from store.views import board as views
from store.views.board import _number_key as number_key

Table = list[dict[str, Any]]


class _Names:
    """Unit names by id as the sheets write them; a unit missing from the directory is 单位<id>."""

    def __init__(self, units: dict[int, Unit]) -> None:
        self.units = units

    def one(self, unit_id: int) -> str:
        unit = self.units.get(unit_id)
        return unit["name"] if unit else f"单位{unit_id}"

    def join(self, ids: Iterable[int]) -> str:
        return LIST_SEPARATOR.join(self.one(i) for i in ids)


def export_tables(repo: Repository) -> dict[str, Table]:
    """Every sheet's rows as column → value, in the order the sheets list them."""
    policy = repo.policy()
    units = repo.units_by_id()
    names = _Names(units)
    indicators = repo.indicators()
    item_rows, share_rows = _item_rows(repo, policy, names, {i["id"]: i["name"] for i in indicators})
    indicator_rows = [_indicator_cells(ind, names) for ind in indicators]
    return {
        ITEMS: item_rows,
        SHARES: share_rows,
        UNITS: [_unit_cells(u) for u in repo.units(include_inactive=True)],
        MEETINGS: [
            {"编号": m["id"], "会议名称": m["title"], "日期": m["date"], "类型": m["kind"]} for m in repo.meetings()
        ],
        INDICATORS: indicator_rows,
        READINGS: [cells for ind in indicators for cells in _reading_rows(ind)],
        BOARD: [_board_cells(b) for b in views.board_by_unit(repo.items(), policy, units)],
    }


def meeting_cell(meeting: Meeting | None) -> str:
    """How an item names its meeting: the meeting's number and title, so a repeated title stays clear."""
    return f"{meeting['id']} {meeting['title']}" if meeting else ""


def share_cells(number: str, a: Assignment, unit_name: str) -> dict[str, Any]:
    """One 承办情况 row as the export writes it."""
    facts = share_facts(a)
    return {
        "编号": number,
        "单位": unit_name,
        **facts,
        "角色": ROLE_LABELS[facts["角色"]],
        "状态": STATUS_LABELS[facts["状态"]],
        "逾期办结": yes_no(facts["逾期办结"]),
    }


def _item_rows(repo: Repository, policy: Policy, names: _Names, indicator_names: dict[int, str]) -> tuple[Table, Table]:
    """The 督办事项 rows and, for each item in turn, its 承办情况 rows."""
    meetings = {m["id"]: m for m in repo.meetings()}
    item_rows: Table = []
    share_rows: Table = []
    for item in sorted(repo.items_of_years(None), key=lambda i: number_key(i["number"])):  # with 年度台账
        meeting = meetings.get(item["meeting_id"]) if item["meeting_id"] is not None else None
        item_rows.append(_item_cells(item, views.item_row(item, policy, names.units), names, meeting, indicator_names))
        share_rows.extend(share_cells(item["number"], a, names.one(a["unit_id"])) for a in item["assignments"])
    return item_rows, share_rows


def _item_cells(
    item: Item, row: views.ItemRow, names: _Names, meeting: Meeting | None, indicator_names: dict[int, str]
) -> dict[str, Any]:
    if item["collective"]:
        lead = COLLECTIVE_LABELS[item["collective"]]
        partners = ""
    else:
        lead = names.join(a["unit_id"] for a in item["assignments"] if a["role"] == "lead")
        partners = names.join(a["unit_id"] for a in item["assignments"] if a["role"] == "partner")
    return {
        "编号": item["number"],
        "标题": item["title"],
        "牵头单位": lead,
        "配合单位": partners,
        "期限": row.due,
        "会议": meeting_cell(meeting),
        "重点": yes_no(item["key"]),
        "工作要求": item["requirement"],
        "灯": LIGHT_LABELS[row.light],
        "状态": STATUS_LABELS[row.status],
        "关联指标": LIST_SEPARATOR.join(indicator_names.get(i, f"指标{i}") for i in item["indicator_ids"]),
    }


def _unit_cells(u: Unit) -> dict[str, Any]:
    return {
        "名称": u["name"],
        "简称": u["short"],
        "类别": UNIT_KINDS.get(u["kind"], u["kind"]),
        "联系人": u["contact"],
        "联系电话": u["phone"],
        "别名": LIST_SEPARATOR.join(u["aliases"]),
        "简拼": LIST_SEPARATOR.join(u["initials"]),
        "排序": u["order"],
        "停用": yes_no(not u["active"]),
    }


def _indicator_cells(ind: Indicator, names: _Names) -> dict[str, Any]:
    return {
        "规划": ind["plan"],
        "领域": ind["domain"],
        "编码": ind["code"],
        "指标名称": ind["name"],
        "计量单位": ind["measure"],
        "方向": DIRECTIONS.get(ind["direction"], ind["direction"]),
        "目标值": ind["target"],
        "中期目标值": ind["midterm_target"],
        "目标说明": ind["target_text"],
        "目标年份": ind["target_year"],
        "基线值": ind["baseline"],
        "基线年份": ind["baseline_year"],
        "牵头单位": names.join(ind["lead_unit_ids"]),
        "配合单位": names.join(ind["partner_unit_ids"]),
        "数据来源": ind["source"],
        "口径与计算方法": ind["definition"],
        "统计周期起始月": ind["period_start_month"],
        "向上报送": yes_no(ind["reported_up"]),
        "统计方式": MODES.get(ind["mode"], ind["mode"]),
        "重点": yes_no(ind["key"]),
    }


def _reading_rows(ind: Indicator) -> Table:
    """An indicator's 指标数据 rows, by year; a verdict set by hand travels with its reason."""
    rows: Table = []
    for reading in sorted(ind["readings"], key=lambda r: r["year"]):
        override: Mapping[str, Any] = reading.get("override") or {}
        rows.append(
            {
                "指标名称": ind["name"],
                "年份": reading["year"],
                "监测值": reading["value"],
                "无数据原因": reading["no_data_reason"],
                "分子": reading["numerator"],
                "分母": reading["denominator"],
                "口径变化": yes_no(reading["caliber_changed"]),
                "报送人": reading["submitted_by"],
                "报送日期": reading["submitted_on"],
                "审核人": reading["checked_by"],
                "状态": reading["status"],
                "人工评判": override.get("verdict", ""),
                "评判理由": override.get("reason", ""),
                "说明": reading["note"],
            }
        )
    return rows


def _board_cells(b: dict[str, Any]) -> dict[str, Any]:
    return {
        "名次": b["rank"],
        "单位": b["unit"],
        "承办": b["assigned"],
        "其中牵头": b["lead"],
        "办结": b["done"],
        "按期办结": b["done_on_time"],
        "逾期办结": b["done_late"],
        "未办结": b["open"],
        "逾期未办结": b["overdue"],
        "临近期限": b["yellow"],
        "催办次数": b["reminders"],
        "按期办结率": b["on_time_rate"],
        "平均逾期天数": b["average_days_late"],
        "逾期事项": LIST_SEPARATOR.join(b["overdue_items"]),
    }

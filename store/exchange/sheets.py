"""The sheets of an Excel/CSV exchange: their Chinese columns, the rows an export writes, and how .xlsx and
.csv files are written and read.

One definition of the columns serves both directions, so an exported workbook can be imported again as it
is. Dates are written as text `YYYY-MM-DD`: a real Excel date shows differently on every locale, and text
survives a round trip through WPS and LibreOffice unchanged (the import also accepts real date cells).
openpyxl is imported inside the functions that need it, so commands that never touch Excel stay fast.
"""

from __future__ import annotations

import csv
import io
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from store.commands.repository import Repository
from store.errors import StorageError, SupervisorError
from store.records.model import DIRECTIONS, LIGHT_LABELS, MODES, ROLE_LABELS, STATUS_LABELS, UNIT_KINDS, Assignment
from store.records.text import display_width
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
EXCEL_CELL_MAX = 32_767
FORMULA_START = ("=", "+", "-", "@")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Column:
    """One column: its header, how wide it may grow, and whether an import needs or ignores it."""

    name: str
    cap: int = 30
    required: bool = False
    derived: bool = False
    wrap: bool = False
    aliases: tuple[str, ...] = ()


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
            C("期限", 12, required=True, aliases=("办理期限", "完成时限", "完成期限", "时限", "截止日期")),
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
            C("交办日期", 12),
            C("期限", 12, aliases=("原期限",)),
            C("现期限", 12),
            C("签收日期", 12),
            C("办结日期", 12),
            C("销号日期", 12),
            C("逾期办结", 8),
            C("催办次数", 8),
            C("进展日期", 12),
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
            C("日期", 12, required=True, aliases=("会议日期", "召开日期")),
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
            C("报送日期", 12),
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
            C("按期办结率", 10),
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
    """Names in one cell, separated by 、 , ， ； or new lines."""
    return [part.strip() for part in re.split(r"[、,，;；\n]+", text) if part.strip()]


def yes_no(value: bool) -> str:
    return YES if value else NO


# ------------------------------------------------------------------------------------------ export rows


def meeting_cell(meeting: dict[str, Any] | None) -> str:
    """How an item names its meeting: the meeting's number and title, so a repeated title stays clear."""
    return f"{meeting['id']} {meeting['title']}" if meeting else ""


def latest_progress(a: Assignment) -> dict[str, Any] | None:
    """The share's most recent progress note (by date, then by order of entry)."""
    if not a["progress"]:
        return None
    return max(enumerate(a["progress"]), key=lambda pair: (pair[1]["date"], pair[0]))[1]  # type: ignore[return-value]


def share_cells(number: str, a: Assignment, unit_name: str) -> dict[str, Any]:
    """One 承办情况 row as the export writes it."""
    note = latest_progress(a)
    return {
        "编号": number,
        "单位": unit_name,
        "角色": ROLE_LABELS[a["role"]],
        "状态": STATUS_LABELS[a["status"]],
        "交办日期": a["assigned_on"],
        "期限": a["due"],
        "现期限": effective_due(a),
        "签收日期": a["acknowledged_on"],
        "办结日期": a["done_on"],
        "销号日期": a["closed_on"],
        "逾期办结": yes_no(is_done_late(a)),
        "催办次数": len(a["reminders"]),
        "进展日期": note["date"] if note else "",
        "最新进展": note["text"] if note else "",
    }


def export_tables(repo: Repository) -> dict[str, list[dict[str, Any]]]:
    """Every sheet's rows as column → value, in the order the sheets list them."""
    from store.records.model import COLLECTIVE_LABELS
    from store.views import board as views

    policy = repo.policy()
    units = repo.units_by_id()
    meetings = {m["id"]: m for m in repo.meetings()}
    indicators = repo.indicators()
    indicator_names = {i["id"]: i["name"] for i in indicators}

    def unit_name(unit_id: int) -> str:
        unit = units.get(unit_id)
        return unit["name"] if unit else f"单位{unit_id}"

    def names(ids: Iterable[int]) -> str:
        return LIST_SEPARATOR.join(unit_name(i) for i in ids)

    items = sorted(repo.items(), key=lambda i: _number_key(i["number"]))
    item_rows: list[dict[str, Any]] = []
    share_rows: list[dict[str, Any]] = []
    for item in items:
        row = views.item_row(item, policy, units)
        if item["collective"]:
            lead = COLLECTIVE_LABELS[item["collective"]]
            partners = ""
        else:
            lead = names(a["unit_id"] for a in item["assignments"] if a["role"] == "lead")
            partners = names(a["unit_id"] for a in item["assignments"] if a["role"] == "partner")
        meeting = meetings.get(item["meeting_id"]) if item["meeting_id"] is not None else None
        item_rows.append(
            {
                "编号": item["number"],
                "标题": item["title"],
                "牵头单位": lead,
                "配合单位": partners,
                "期限": row.due,
                "会议": meeting_cell(meeting),  # type: ignore[arg-type]
                "重点": yes_no(item["key"]),
                "工作要求": item["requirement"],
                "灯": LIGHT_LABELS[row.light],
                "状态": STATUS_LABELS[row.status],
                "关联指标": LIST_SEPARATOR.join(indicator_names.get(i, f"指标{i}") for i in item["indicator_ids"]),
            }
        )
        for a in item["assignments"]:
            share_rows.append(share_cells(item["number"], a, unit_name(a["unit_id"])))
    unit_rows = [
        {
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
        for u in repo.units(include_inactive=True)
    ]
    meeting_rows = [
        {"编号": m["id"], "会议名称": m["title"], "日期": m["date"], "类型": m["kind"]} for m in repo.meetings()
    ]
    indicator_rows = []
    reading_rows = []
    for ind in indicators:
        indicator_rows.append(
            {
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
                "牵头单位": names(ind["lead_unit_ids"]),
                "配合单位": names(ind["partner_unit_ids"]),
                "数据来源": ind["source"],
                "口径与计算方法": ind["definition"],
                "统计周期起始月": ind["period_start_month"],
                "向上报送": yes_no(ind["reported_up"]),
                "统计方式": MODES.get(ind["mode"], ind["mode"]),
                "重点": yes_no(ind["key"]),
            }
        )
        for reading in sorted(ind["readings"], key=lambda r: r["year"]):
            override = reading.get("override") or {}
            reading_rows.append(
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
    board_rows = [
        {
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
            "按期办结率": b["on_time_rate_text"],
            "平均逾期天数": b["average_days_late"],
            "逾期事项": LIST_SEPARATOR.join(b["overdue_items"]),
        }
        for b in views.board_by_unit(repo.items(), policy, units)
    ]
    return {
        ITEMS: item_rows,
        SHARES: share_rows,
        UNITS: unit_rows,
        MEETINGS: meeting_rows,
        INDICATORS: indicator_rows,
        READINGS: reading_rows,
        BOARD: board_rows,
    }


def _number_key(number: str) -> tuple[int, int, str]:
    year, _, seq = number.partition("-")
    try:
        return int(year), int(seq), ""
    except ValueError:
        return 0, 0, number


# ------------------------------------------------------------------------------------------ writing


def clean_cell(value: Any) -> Any:
    """A value a spreadsheet can hold: no characters XML refuses, no text past Excel's cell limit."""
    if isinstance(value, str):
        value = _ILLEGAL.sub("", value)
        if len(value) > EXCEL_CELL_MAX:
            value = value[: EXCEL_CELL_MAX - 1] + "…"
    return value


def _temp_beside(path: Path) -> Path:
    return path.with_name(f".{path.stem}.tmp-{os.getpid()}{path.suffix}")


def _replace(tmp: Path, path: Path) -> None:
    try:
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StorageError(
            f"无法写入 {path}：{exc.strerror or exc}。如果文件正在 Excel 或 WPS 中打开，请先关闭它"
        ) from exc


def write_xlsx(tables: dict[str, list[dict[str, Any]]], path: Path) -> None:
    """One sheet per table: bold frozen header, a filter, widths fitted to CJK text; text cells stay text."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    for spec in SPECS:
        rows = tables.get(spec.name, [])
        ws = wb.create_sheet(spec.name)
        ws.append(spec.headers)
        for cell in ws[1]:
            cell.font = bold
            cell.fill = fill
        widths = [display_width(h) + 2 for h in spec.headers]
        for number, row in enumerate(rows, start=2):  # ws.max_row walks every cell: too slow in a loop
            values = [clean_cell(row.get(c.name)) for c in spec.columns]
            values = [None if v == "" else v for v in values]
            ws.append(values)
            for index, (column, value) in enumerate(zip(spec.columns, values, strict=True)):
                cell = ws.cell(row=number, column=index + 1)
                if isinstance(value, str):
                    cell.data_type = "s"  # '=…' typed by a person is text, never a formula
                    longest = max(display_width(part) for part in value.split("\n"))
                else:
                    longest = len(str(value)) if value is not None else 0
                cell.alignment = wrap if column.wrap else top
                widths[index] = max(widths[index], min(longest + 2, column.cap + 2))
        for index, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(index)].width = max(6, width)
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{get_column_letter(len(spec.columns))}{len(rows) + 1}"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temp_beside(path)
    try:
        wb.save(tmp)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StorageError(f"无法写入 {path}：{exc.strerror or exc}") from exc
    _replace(tmp, path)


def csv_text(value: Any) -> str:
    """A cell as CSV text; text that Excel would run as a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(clean_cell(value))
    if isinstance(value, str) and text.startswith(FORMULA_START):
        return "'" + text
    return text


def write_csv(tables: dict[str, list[dict[str, Any]]], folder: Path) -> list[Path]:
    """One `<sheet>.csv` per table, UTF-8 with BOM so that Excel on Windows reads the Chinese."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for spec in SPECS:
        path = folder / f"{spec.name}.csv"
        tmp = _temp_beside(path)
        try:
            with open(tmp, "w", encoding="utf-8-sig", newline="") as f:
                writer = csv.writer(f)
                writer.writerow(spec.headers)
                for row in tables.get(spec.name, []):
                    writer.writerow([csv_text(row.get(c.name)) for c in spec.columns])
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise StorageError(f"无法写入 {path}：{exc.strerror or exc}") from exc
        _replace(tmp, path)
        written.append(path)
    return written


# ------------------------------------------------------------------------------------------ reading


@dataclass
class RawSheet:
    """The cells of one sheet or CSV file as read, before any check: header and numbered rows."""

    name: str
    label: str
    header: list[str]
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)


@dataclass
class Source:
    """What a file offers for import: recognised sheets, and notes on what was left aside."""

    path: Path
    kind: str
    sheets: list[RawSheet] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)


def recognise(title: str, header: Sequence[Any]) -> str | None:
    """Which sheet this is: by its name, else by a header that holds one sheet's required columns."""
    key = normalise_header(title)
    if key in SPEC_BY_NAME:
        return key
    best: list[tuple[int, str]] = []
    for spec in SPECS:
        if not spec.importable:
            continue
        found = {spec.canonical(h) for h in header} - {None}
        if set(spec.required) <= found:
            best.append((len(found), spec.name))
    best.sort(reverse=True)
    if not best or (len(best) > 1 and best[0][0] == best[1][0]):
        return None
    return best[0][1]


def _trim(values: Sequence[Any]) -> list[Any]:
    cells = list(values)
    while cells and (cells[-1] is None or (isinstance(cells[-1], str) and not cells[-1].strip())):
        cells.pop()
    return cells


def read_xlsx(path: Path) -> Source:
    """Every sheet of a workbook, recognised by name or header; formulas give their last computed value."""
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    source = Source(path, "xlsx")
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, KeyError, ValueError, OSError) as exc:
        raise SupervisorError(
            f"无法打开 Excel 文件 {path.name}：文件已损坏或不是 .xlsx 格式（{type(exc).__name__}）。"
            "旧的 .xls 文件请先在 Excel 或 WPS 中另存为 .xlsx"
        ) from exc
    try:
        for ws in wb.worksheets:
            rows = ws.iter_rows(values_only=True)
            header = _trim(next(rows, ()))
            name = recognise(ws.title, header)
            if name is None:
                source.ignored.append(f"工作表「{ws.title}」：不是可导入的表（表名或表头对不上），已忽略")
                continue
            if not SPEC_BY_NAME[name].importable:
                source.ignored.append(f"工作表「{ws.title}」：由督办台计算的统计表，导入时忽略")
                continue
            sheet = RawSheet(name, ws.title, ["" if h is None else str(h) for h in header])
            for number, values in enumerate(rows, start=2):
                cells = _trim(values)
                if cells:
                    sheet.rows.append((number, cells))
            source.sheets.append(sheet)
    finally:
        wb.close()
    return source


def _read_csv_rows(path: Path) -> list[list[str]]:
    """The records of a CSV file: UTF-8 (with or without BOM), else GB18030 as Excel saves it in China."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SupervisorError(f"无法读取 {path}：{exc.strerror or exc}") from exc
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise SupervisorError(f"无法识别 {path.name} 的文字编码，请在 Excel 中另存为“CSV UTF-8”")
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise SupervisorError(f"{path.name} 不是有效的 CSV 文件（可能有单元格内容过长或引号不成对）") from exc


def read_csv(path: Path) -> Source:
    """One CSV file, or every .csv in a folder; each is recognised by its file name or its header."""
    source = Source(path, "csv")
    files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".csv") if path.is_dir() else [path]
    if not files:
        raise SupervisorError(f"文件夹 {path} 中没有 .csv 文件")
    for file in files:
        records = _read_csv_rows(file)
        header = _trim(records[0]) if records else []
        name = recognise(file.stem, header)
        if name is None:
            source.ignored.append(f"文件「{file.name}」：不是可导入的表（文件名或表头对不上），已忽略")
            continue
        if not SPEC_BY_NAME[name].importable:
            source.ignored.append(f"文件「{file.name}」：由督办台计算的统计表，导入时忽略")
            continue
        sheet = RawSheet(name, file.name, header)
        for number, values in enumerate(records[1:], start=2):
            cells = _trim(values)
            if cells:
                sheet.rows.append((number, cells))
        source.sheets.append(sheet)
    return source

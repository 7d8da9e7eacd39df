"""Importing the rows of the exchange sheets through the Repository's own commands.

Each row goes through the same command a person would use (`add_unit`, `add_indicator`, `add_reading`,
`add_item`…), so text cleaning, length limits, date forms and unit names follow one set of rules. The
caller runs all of it inside one transaction; rows are applied in dependency order (成员单位, 会议, 指标,
指标数据, 督办事项, 承办情况) so that a unit or indicator defined earlier in the same file resolves later.
Errors are collected with sheet, row and column, never raised: the caller rolls the whole transaction back
when any row failed, so nothing is written unless every row is valid.

What an existing record meets:
- 成员单位 with the same full name is updated (contact, phone, aliases…) when the row differs.
- 会议 with the same title and date, 指标 with the same plan and name, 督办事项 with the same 编号 are kept as
  they are when the row matches them; a row that differs is refused (the import never rewrites an item's or
  an indicator's definition — that goes through the app's own steps).
- 指标数据 for a year already recorded replaces it (the same rule as entering a reading by hand).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, cast

from store.calendar import dates
from store.commands.repository import Repository, new_assignment, normalise_number
from store.errors import NotFoundError, SupervisorError, ValidationError
from store.exchange.sheets import (
    FORMULA_START,
    IMPORT_ORDER,
    INDICATORS,
    ITEMS,
    MEETINGS,
    NO,
    READINGS,
    SHARES,
    SPEC_BY_NAME,
    UNITS,
    YES,
    RawSheet,
    latest_progress,
    split_list,
)
from store.records.model import (
    COLLECTIVE_LABELS,
    DONE_STATUSES,
    READING_STATUSES,
    ROLE_LABELS,
    STATUS_LABELS,
    UNIT_KINDS,
    Indicator,
    Item,
    Unit,
)
from store.records.text import NAME_MAX, TEXT_MAX, TITLE_MAX, require_text
from store.records.units import collective_of, initials_of, normalise
from store.records.values import json_copy, require_number, require_year
from store.rules.lights import effective_due, is_done_late

PREVIEW_MAX = 18
PREVIEW_PER_SHEET = 3
KIND_WORDS = {**{v: k for k, v in UNIT_KINDS.items()}, **{k: k for k in UNIT_KINDS}, "群团": "organisation"}
DIRECTION_WORDS = {
    "≥": ">=",
    ">=": ">=",
    "≧": ">=",
    "不低于": ">=",
    "≤": "<=",
    "<=": "<=",
    "≦": "<=",
    "不高于": "<=",
    "定性": "qualitative",
    "qualitative": "qualitative",
    "保持": "keep",
    "keep": "keep",
    "逐步提高": "rising",
    "提高": "rising",
    "rising": "rising",
    "逐步下降": "falling",
    "下降": "falling",
    "falling": "falling",
}
MODE_WORDS = {"水平值": "level", "level": "level", "累计值": "cumulative", "cumulative": "cumulative"}
ROLE_WORDS = {"牵头": "lead", "配合": "partner", "lead": "lead", "partner": "partner", "牵头单位": "lead"}
STATUS_WORDS = {**{v: k for k, v in STATUS_LABELS.items()}, **{k: k for k in STATUS_LABELS}, "已办结": "done"}
TRUE_WORDS = {YES, "y", "yes", "true", "1", "√", "✓", "重点", "是的"}
FALSE_WORDS = {NO, "n", "no", "false", "0", "×", "✗"}

UNIT_FIELDS = {
    "name": "名称",
    "short": "简称",
    "kind": "类别",
    "contact": "联系人",
    "phone": "联系电话",
    "aliases": "别名",
}
MEETING_FIELDS = {"title": "会议名称", "date": "日期", "kind": "类型"}
INDICATOR_FIELDS = {
    "plan": "规划",
    "domain": "领域",
    "name": "指标名称",
    "measure": "计量单位",
    "direction": "方向",
    "target": "目标值",
    "target_text": "目标说明",
    "target_year": "目标年份",
    "baseline": "基线值",
    "baseline_year": "基线年份",
    "code": "编码",
    "midterm_target": "中期目标值",
    "source": "数据来源",
    "definition": "口径与计算方法",
    "period_start_month": "统计周期起始月",
    "mode": "统计方式",
}
READING_FIELDS = {
    "year": "年份",
    "value": "监测值",
    "no_data_reason": "无数据原因",
    "numerator": "分子",
    "denominator": "分母",
    "submitted_by": "报送人",
    "submitted_on": "报送日期",
    "checked_by": "审核人",
    "status": "状态",
    "note": "说明",
    "verdict": "人工评判",
    "reason": "评判理由",
}
ITEM_FIELDS = {
    "title": "标题",
    "requirement": "工作要求",
    "lead": "牵头单位",
    "partners": "配合单位",
    "due": "期限",
    "meeting": "会议",
}


@dataclass
class RowError:
    """One refused cell, row or sheet, printed as 「督办事项 第7行 期限：无法识别的日期…」."""

    sheet: str
    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.sheet} 第{self.row}行" if self.row else self.sheet
        return f"{where} {self.column}：{self.message}" if self.column else f"{where} {self.message}"

    def as_json(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "message": self.message, "text": str(self)}


@dataclass
class Outcome:
    """What an import did or would do: counts per kind, notes, the first changes and every error."""

    counts: dict[str, Counter[str]] = field(
        default_factory=lambda: {
            k: Counter() for k in ("units", "meetings", "indicators", "readings", "items", "assignments")
        }
    )
    rows: dict[str, int] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    preview: list[str] = field(default_factory=list)


def cell_text(value: Any) -> str:
    """A cell as the text a person sees: 12.0 → '12', a date cell → '2026-07-15', True → '是'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if text.startswith("'") and text[1:2] in FORMULA_START:  # the apostrophe the CSV export puts before '='
        text = text[1:]
    return text


class Row:
    """One data row of a sheet: its cells by column, and the errors found in it."""

    def __init__(self, sheet: str, number: int, cells: list[Any], index: dict[str, int], errors: list[RowError]):
        self.sheet = sheet
        self.number = number
        self.cells = cells
        self.index = index
        self._errors = errors
        self._count = 0

    def has(self, column: str) -> bool:
        return column in self.index

    def raw(self, column: str) -> Any:
        position = self.index.get(column)
        if position is None or position >= len(self.cells):
            return None
        return self.cells[position]

    def blank(self, column: str) -> bool:
        return not cell_text(self.raw(column)).strip()

    def error(self, column: str, message: str) -> None:
        self._errors.append(RowError(self.sheet, self.number, column, message))
        self._count += 1

    @property
    def failed(self) -> bool:
        return self._count > 0

    @property
    def is_empty(self) -> bool:
        return all(not cell_text(v).strip() for v in self.cells)


@dataclass
class ItemDraft:
    """A 督办事项 row read and resolved, before it becomes an item."""

    row: Row
    number: str
    title: str = ""
    collective: str = ""
    lead: Unit | None = None
    partners: list[Unit] = field(default_factory=list)
    due: str = ""
    meeting_id: int | None = None
    key: bool = False
    requirement: str = ""
    indicator_ids: list[int] = field(default_factory=list)


class RowImporter:
    """Applies the sheets of one file to a repository inside the caller's open transaction."""

    def __init__(self, repo: Repository, sheets: list[RawSheet], outcome: Outcome, file_name: str) -> None:
        self.repo = repo
        self.outcome = outcome
        self.errors = outcome.errors
        self.file_name = file_name
        self.sheets: dict[str, RawSheet] = {}
        self.meeting_ids: dict[int, int] | None = None
        self.operator = repo.settings()["operator"]
        self._noted: dict[str, int] = {}
        self._units_done = False
        self._unit_memo: dict[str, Unit] = {}
        for sheet in sheets:
            if sheet.name in self.sheets:
                other = self.sheets[sheet.name]
                self.errors.append(
                    RowError(sheet.name, None, "", f"有两张表都是{sheet.name}：「{other.label}」和「{sheet.label}」")
                )
                continue
            self.sheets[sheet.name] = sheet

    # ------------------------------------------------------------------ framework

    def run(self) -> None:
        steps: dict[str, Callable[[list[Row]], None]] = {
            UNITS: self._units,
            MEETINGS: self._meetings,
            INDICATORS: self._indicators,
            READINGS: self._readings,
        }
        for name in IMPORT_ORDER:
            if name in steps:
                rows = self._rows(name)
                if rows is not None:
                    steps[name](rows)
                self._units_done = self._units_done or name == UNITS
        items = self._rows(ITEMS)
        shares = self._rows(SHARES)
        self._items(items or [], shares or [])

    def _display(self, sheet: RawSheet) -> str:
        if sheet.label in (sheet.name, f"{sheet.name}.csv"):
            return sheet.name
        return f"{sheet.label}（{sheet.name}）"

    def _rows(self, name: str) -> list[Row] | None:
        """The non-empty rows of a sheet, or None when the sheet is absent or its header is unusable."""
        sheet = self.sheets.get(name)
        if sheet is None:
            return None
        spec = SPEC_BY_NAME[name]
        shown = self._display(sheet)
        index: dict[str, int] = {}
        unknown: list[str] = []
        for position, header in enumerate(sheet.header):
            if header is None or not str(header).strip():
                continue
            column = spec.canonical(header)
            if column is None:
                unknown.append(str(header).strip())
            elif column in index:
                self.errors.append(RowError(shown, None, "", f"列「{column}」出现了两次"))
                return None
            else:
                index[column] = position
        if unknown:
            self.outcome.warnings.append(f"{shown} 未识别的列：{'、'.join(unknown)}（已忽略）")
        missing = [c for c in spec.required if c not in index]
        if missing:
            self.errors.append(RowError(shown, None, "", f"缺少列：{'、'.join(missing)}"))
            return None
        rows = [Row(shown, number, cells, index, self.errors) for number, cells in sheet.rows]
        rows = [r for r in rows if not r.is_empty]
        self.outcome.rows[name] = len(rows)
        return rows

    def _call(self, row: Row, fields: dict[str, str], func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run a Repository command for a row; a refusal becomes the row's error under the right column."""
        try:
            return func(*args, **kwargs)
        except SupervisorError as exc:
            column = fields.get(getattr(exc, "field", ""), "")
            row.error(column, exc.message)
            return None

    def _note(self, row: Row, text: str) -> None:
        """Remember a change for the preview: the first few of each sheet, so every kind shows."""
        shown = self._noted.get(row.sheet, 0)
        if shown < PREVIEW_PER_SHEET and len(self.outcome.preview) < PREVIEW_MAX:
            self._noted[row.sheet] = shown + 1
            self.outcome.preview.append(f"{row.sheet} 第{row.number}行：{text}")

    # ------------------------------------------------------------------ cells

    def text(
        self, row: Row, column: str, label: str, max_len: int, *, multiline: bool = False, required: bool = False
    ) -> str:
        try:
            return require_text(
                column,
                label,
                cell_text(row.raw(column)),
                max_len=max_len,
                multiline=multiline,
                allow_empty=not required,
            )
        except ValidationError as exc:
            row.error(column, exc.message)
            return ""

    def date(self, row: Row, column: str, *, required: bool = False) -> str:
        """ISO date of a cell in any form the app accepts, or of a real Excel date; '' when empty."""
        value = row.raw(column)
        if row.blank(column):
            if required:
                row.error(column, f"请填写日期。可用的写法：{dates.ACCEPTED_FORMS}")
            return ""
        if isinstance(value, datetime):
            value = value.date()
        text = value.isoformat() if isinstance(value, date) else cell_text(value)
        try:
            return self.repo.parse_date(text, field=column).iso
        except ValidationError as exc:
            row.error(column, exc.message)
            return ""

    def integer(self, row: Row, column: str, label: str, low: int, high: int) -> int | None:
        if row.blank(column):
            return None
        text = unicodedata.normalize("NFKC", cell_text(row.raw(column))).strip()
        try:
            value = int(float(text)) if re.fullmatch(r"-?\d+(\.0+)?", text) else int(text)
        except ValueError:
            row.error(column, f"{label}必须是整数，表中为「{text}」")
            return None
        if not low <= value <= high:
            row.error(column, f"{label}应在{low}到{high}之间")
            return None
        return value

    def number(self, row: Row, column: str, label: str) -> float | None:
        value = row.raw(column)
        if row.blank(column):
            return None
        if isinstance(value, str):
            value = unicodedata.normalize("NFKC", value).strip()
        try:
            return require_number(column, label, value)
        except ValidationError as exc:
            row.error(column, f"{exc.message}，表中为「{cell_text(row.raw(column))}」")
            return None

    def year(self, row: Row, column: str) -> int | None:
        if row.blank(column):
            return None
        try:
            return require_year(
                column, unicodedata.normalize("NFKC", cell_text(row.raw(column))).strip().removesuffix("年")
            )
        except ValidationError as exc:
            row.error(column, exc.message)
            return None

    def boolean(self, row: Row, column: str) -> bool:
        value = row.raw(column)
        if isinstance(value, bool):
            return value
        text = cell_text(value).strip().lower()
        if text in TRUE_WORDS:
            return True
        if not text or text in FALSE_WORDS:
            return False
        row.error(column, f"应填“是”或“否”，表中为「{cell_text(value)}」")
        return False

    def choice(self, row: Row, column: str, words: dict[str, str], hint: str) -> str:
        text = unicodedata.normalize("NFKC", cell_text(row.raw(column))).strip()
        key = words.get(text) or words.get(text.lower())
        if key is None:
            row.error(column, f"「{text}」无效，应为：{hint}" if text else f"请填写，应为：{hint}")
            return ""
        return key

    def unit(self, row: Row, column: str, name: str) -> Unit | None:
        """A unit by any name the directory knows, including units added earlier in this file."""
        if self._units_done and name in self._unit_memo:
            return self._unit_memo[name]
        try:
            found = self.repo.resolve_unit(name)
            if self._units_done:  # the directory no longer changes: remember the answer
                self._unit_memo[name] = found
            return found
        except NotFoundError as exc:
            key = normalise(name)
            for u in self.repo.units(include_inactive=True):
                if not u["active"] and key in (normalise(u["name"]), normalise(u["short"])):
                    return u
            row.error(column, exc.message)
        except SupervisorError as exc:
            row.error(column, exc.message)
        return None

    def units(self, row: Row, column: str) -> list[Unit]:
        found: list[Unit] = []
        for name in split_list(self.text(row, column, column, 2000)):
            if collective_of(name):
                row.error(column, f"「{name}」是泛指，这里请写具体单位")
                continue
            unit = self.unit(row, column, name)
            if unit is not None and all(u["id"] != unit["id"] for u in found):
                found.append(unit)
        return found

    def indicator_by_name(self, row: Row, column: str, name: str) -> Indicator | None:
        found = [i for i in self.repo.indicators() if i["name"] == name]
        if len(found) == 1:
            return found[0]
        if found:
            row.error(column, f"有{len(found)}个指标都叫「{name}」，无法确定是哪一个")
        else:
            row.error(column, f"没有找到指标「{name}」（库中和本文件的指标表中都没有）")
        return None

    # ------------------------------------------------------------------ 成员单位

    def _units(self, rows: list[Row]) -> None:
        seen: dict[str, int] = {}
        tally = self.outcome.counts["units"]
        for row in rows:
            name = self.text(row, "名称", "单位名称", NAME_MAX, required=True)
            given: dict[str, Any] = {}
            if row.has("简称"):
                given["short"] = self.text(row, "简称", "单位简称", NAME_MAX)
            if row.has("类别") and not row.blank("类别"):  # blank: 部门 for a new unit, unchanged for a known one
                given["kind"] = self.choice(row, "类别", KIND_WORDS, "、".join(UNIT_KINDS.values()))
            if row.has("联系人"):
                given["contact"] = self.text(row, "联系人", "联系人", 20)
            if row.has("联系电话"):
                given["phone"] = self.text(row, "联系电话", "联系电话", 40)
            if row.has("别名"):
                given["aliases"] = split_list(self.text(row, "别名", "别名", 2000))
            initials = split_list(self.text(row, "简拼", "简拼", 500).lower()) if row.has("简拼") else None
            order = self.integer(row, "排序", "排序", 0, 10_000_000) if row.has("排序") else None
            inactive = self.boolean(row, "停用") if row.has("停用") else None
            if row.failed:
                continue
            if name in seen:
                row.error("名称", f"与第{seen[name]}行重复")
                continue
            seen[name] = row.number
            existing = next((u for u in self.repo.units(include_inactive=True) if u["name"] == name), None)
            if existing is None:
                unit = self._call(
                    row,
                    UNIT_FIELDS,
                    self.repo.add_unit,
                    name,
                    short=given.get("short", ""),
                    kind=given.get("kind", "department"),
                    contact=given.get("contact", ""),
                    phone=given.get("phone", ""),
                    aliases=given.get("aliases", ()),
                    initials=initials or (),
                    order=order,
                )
                if unit is None:
                    continue
                if inactive:
                    self.repo.edit_unit(unit["id"], active=False, initials=unit["initials"])
                tally["new"] += 1
                self._note(row, f"新增单位 {name}")
                continue
            changed = {k: v for k, v in given.items() if existing[k] != v}  # type: ignore[literal-required]
            if order is not None and order != existing["order"]:
                changed["order"] = order
            if inactive is not None and inactive == existing["active"]:
                changed["active"] = not inactive
            wanted_initials = list(existing["initials"])
            if initials is not None:
                short = given.get("short", existing["short"])
                auto = {initials_of(name)} | ({initials_of(short)} if short else set())
                if set(initials) | auto != set(existing["initials"]):
                    wanted_initials = initials
                    changed["initials"] = initials
            if not changed:
                tally["unchanged"] += 1
                continue
            changed["initials"] = wanted_initials
            if self._call(row, UNIT_FIELDS, self.repo.edit_unit, existing["id"], **changed) is not None:
                tally["updated"] += 1
                labels = {"short": "简称", "kind": "类别", "contact": "联系人", "phone": "联系电话", "aliases": "别名"}
                labels |= {"order": "排序", "active": "停用", "initials": "简拼"}
                shown = "、".join(dict.fromkeys(labels[k] for k in changed if k != "initials" or initials is not None))
                self._note(row, f"更新单位 {name}（{shown}）")

    # ------------------------------------------------------------------ 会议

    def _meetings(self, rows: list[Row]) -> None:
        self.meeting_ids = {}
        seen: dict[tuple[str, str], int] = {}
        seen_ids: dict[int, int] = {}
        tally = self.outcome.counts["meetings"]
        for row in rows:
            file_id = self.integer(row, "编号", "会议编号", 1, 10**9) if row.has("编号") else None
            title = self.text(row, "会议名称", "会议名称", TITLE_MAX, required=True)
            day = self.date(row, "日期", required=True)
            kind = self.text(row, "类型", "会议类型", 20) if row.has("类型") else "部署会"
            if row.failed:
                continue
            if (title, day) in seen:
                row.error("会议名称", f"与第{seen[(title, day)]}行重复")
                continue
            if file_id is not None and file_id in seen_ids:
                row.error("编号", f"会议编号{file_id}与第{seen_ids[file_id]}行重复")
                continue
            seen[(title, day)] = row.number
            existing = next((m for m in self.repo.meetings() if m["title"] == title and m["date"] == day), None)
            if existing is None:
                meeting = self._call(row, MEETING_FIELDS, self.repo.add_meeting, title, day, kind=kind)
                if meeting is None:
                    continue
                tally["new"] += 1
                self._note(row, f"新增会议 {title}（{dates.format_cn(day)}）")
            else:
                meeting = existing
                tally["unchanged"] += 1
            if file_id is not None:
                seen_ids[file_id] = row.number
                self.meeting_ids[file_id] = meeting["id"]

    def meeting_ref(self, row: Row, column: str) -> int | None:
        """An item's meeting: '3 会议名称' (the number in this file's 会议 sheet, else in the database) or a title."""
        text = self.text(row, column, "会议", TITLE_MAX + 20)
        if not text:
            return None
        match = re.fullmatch(r"(\d+)(?:\s+(.*))?", text, flags=re.S)
        if match:
            ref = int(match[1])
            if self.meeting_ids is not None:
                meeting_id = self.meeting_ids.get(ref)
                if meeting_id is None:
                    row.error(column, f"会议表中没有编号为{ref}的会议")
                    return None
            else:
                meeting_id = ref
            try:
                meeting = self.repo.meeting(meeting_id)
            except SupervisorError as exc:
                row.error(column, exc.message)
                return None
            title = (match[2] or "").strip()
            if title and title != meeting["title"]:
                row.error(column, f"会议编号{ref}是「{meeting['title']}」，与表中的名称「{title}」不一致")
                return None
            return meeting["id"]
        exact = [m for m in self.repo.meetings() if m["title"] == text]
        if len(exact) == 1:
            return exact[0]["id"]
        if exact:
            row.error(column, f"有{len(exact)}次会议都叫「{text}」，请写成“会议编号 会议名称”")
            return None
        try:
            return self.repo.resolve_meeting(text)["id"]
        except SupervisorError as exc:
            row.error(column, exc.message)
            return None

    # ------------------------------------------------------------------ 指标 and 指标数据

    def _indicators(self, rows: list[Row]) -> None:
        seen: dict[tuple[str, str], int] = {}
        tally = self.outcome.counts["indicators"]
        for row in rows:
            plan = self.text(row, "规划", "规划", 20, required=True)
            domain = self.text(row, "领域", "领域", 20, required=True)
            name = self.text(row, "指标名称", "指标名称", TITLE_MAX, required=True)
            direction = self.choice(row, "方向", DIRECTION_WORDS, "≥、≤、保持、逐步提高、逐步下降、定性")
            values: dict[str, Any] = {
                "domain": domain,
                "direction": direction,
                "target": self.number(row, "目标值", "目标值"),
                "measure": self.text(row, "计量单位", "计量单位", 20) if row.has("计量单位") else "%",
                "target_text": self.text(row, "目标说明", "目标说明", 200),
                "target_year": self.year(row, "目标年份") or 2030,
                "baseline": self.number(row, "基线值", "基线值"),
                "baseline_year": self.year(row, "基线年份") or 2020,
                "lead_unit_ids": [u["id"] for u in self.units(row, "牵头单位")],
                "partner_unit_ids": [u["id"] for u in self.units(row, "配合单位")],
                "key": self.boolean(row, "重点"),
                "code": self.text(row, "编码", "编码", 20) if row.has("编码") else "",
                "midterm_target": self.number(row, "中期目标值", "中期目标值") if row.has("中期目标值") else None,
                "source": self.text(row, "数据来源", "数据来源", 100) if row.has("数据来源") else "",
                "definition": self.text(row, "口径与计算方法", "口径与计算方法", TEXT_MAX, multiline=True)
                if row.has("口径与计算方法")
                else "",
                "period_start_month": int(self.number(row, "统计周期起始月", "统计周期起始月") or 1)
                if row.has("统计周期起始月")
                else 1,
                "reported_up": self.boolean(row, "向上报送") if row.has("向上报送") else False,
                "mode": self.choice(row, "统计方式", MODE_WORDS, "水平值、累计值")
                if row.has("统计方式") and not row.blank("统计方式")
                else "level",
            }
            if row.failed:
                continue
            if (plan, name) in seen:
                row.error("指标名称", f"与第{seen[(plan, name)]}行重复")
                continue
            seen[(plan, name)] = row.number
            existing = next((i for i in self.repo.indicators() if i["plan"] == plan and i["name"] == name), None)
            if existing is not None:
                labels = {
                    "domain": "领域",
                    "direction": "方向",
                    "target": "目标值",
                    "measure": "计量单位",
                    "target_text": "目标说明",
                    "target_year": "目标年份",
                    "baseline": "基线值",
                    "baseline_year": "基线年份",
                    "lead_unit_ids": "牵头单位",
                    "partner_unit_ids": "配合单位",
                    "key": "重点",
                    "code": "编码",
                    "midterm_target": "中期目标值",
                    "source": "数据来源",
                    "definition": "口径与计算方法",
                    "period_start_month": "统计周期起始月",
                    "reported_up": "向上报送",
                    "mode": "统计方式",
                }
                differ = [
                    labels[k]
                    for k, v in values.items()
                    if row.has(labels[k]) and _canon(v) != _canon(existing[k])  # type: ignore[literal-required]
                ]
                if differ:
                    row.error(
                        "指标名称",
                        f"指标「{name}」已存在，表中的{'、'.join(differ)}与库中不同。"
                        "导入不修改已有指标的定义，请删去这一行或改为与库中一致",
                    )
                else:
                    tally["unchanged"] += 1
                continue
            units = self.repo.units_by_id()
            ind = self._call(
                row,
                INDICATOR_FIELDS,
                self.repo.add_indicator,
                name,
                plan=plan,
                domain=domain,
                measure=values["measure"],
                direction=direction,
                target=values["target"],
                target_text=values["target_text"],
                target_year=values["target_year"],
                baseline=values["baseline"],
                baseline_year=values["baseline_year"],
                lead=[units[i]["name"] for i in values["lead_unit_ids"]],
                partners=[units[i]["name"] for i in values["partner_unit_ids"]],
                key=values["key"],
                code=values["code"],
                midterm_target=values["midterm_target"],
                source=values["source"],
                definition=values["definition"],
                period_start_month=values["period_start_month"],
                reported_up=values["reported_up"],
                mode=values["mode"],
            )
            if ind is not None:
                tally["new"] += 1
                self._note(row, f"新增指标 {plan}·{name}")

    def _readings(self, rows: list[Row]) -> None:
        """One row per indicator and year (the long form): value or no-data reason, numerator and denominator,
        who reported and checked it, its status and a verdict set by hand, all through `record_reading`."""
        from store.rules.verdicts import NO_DATA_REASONS, VERDICTS

        seen: dict[tuple[int, int], int] = {}
        tally = self.outcome.counts["readings"]
        for row in rows:
            name = self.text(row, "指标名称", "指标名称", TITLE_MAX, required=True)
            year = self.year(row, "年份")
            if year is None and not row.failed:
                row.error("年份", "请填写年份")
            value = self.number(row, "监测值", "监测值")

            def optional_choice(column: str, words: tuple[str, ...], row: Row = row) -> str:
                if not row.has(column) or row.blank(column):
                    return ""
                return self.choice(row, column, {w: w for w in words}, "、".join(words))

            fields = {
                "no_data_reason": optional_choice("无数据原因", NO_DATA_REASONS),
                "numerator": self.number(row, "分子", "分子") if row.has("分子") else None,
                "denominator": self.number(row, "分母", "分母") if row.has("分母") else None,
                "caliber_changed": self.boolean(row, "口径变化") if row.has("口径变化") else False,
                "submitted_by": self.text(row, "报送人", "报送人", 20) if row.has("报送人") else "",
                "submitted_on": cell_text(row.raw("报送日期")).strip()[:10] if row.has("报送日期") else "",
                "status": optional_choice("状态", READING_STATUSES) or "已报",
                "note": self.text(row, "说明", "说明", TEXT_MAX, multiline=True) if row.has("说明") else "",
            }
            checked_by = self.text(row, "审核人", "审核人", 20) if row.has("审核人") else ""
            verdict = optional_choice("人工评判", VERDICTS)
            reason = self.text(row, "评判理由", "评判理由", 500) if row.has("评判理由") else ""
            ind = self.indicator_by_name(row, "指标名称", name) if name else None
            if row.failed or ind is None or year is None:
                continue
            if (ind["id"], year) in seen:
                row.error("年份", f"{name}{year}年的数据与第{seen[(ind['id'], year)]}行重复")
                continue
            seen[(ind["id"], year)] = row.number
            old = next((r for r in ind["readings"] if r["year"] == year), None)
            if (
                old is not None
                and _canon(old["value"]) == _canon(value)
                and all(_canon(old[k]) == _canon(v) for k, v in fields.items() if k != "submitted_on")
                and (old.get("override") or {}).get("verdict", "") == verdict
            ):
                tally["unchanged"] += 1
                continue
            done = self._call(
                row,
                READING_FIELDS,
                self.repo.record_reading,
                ind["id"],
                year,
                value,
                checked_by=checked_by,
                confirm=bool(fields["note"]),
                **{k: (v or None) if k == "submitted_on" else v for k, v in fields.items()},
            )
            if done is not None and verdict:
                done = self._call(
                    row,
                    READING_FIELDS,
                    self.repo.override_verdict,
                    ind["id"],
                    year,
                    verdict,
                    reason or "导入时的人工评判",
                )
            if done is None:
                continue
            shown = f"{value:g}" if value is not None else f"无数据（{fields['no_data_reason'] or '—'}）"
            if old is None:
                tally["new"] += 1
                self._note(row, f"新增指标数据 {name} {year}年：{shown}")
            else:
                tally["updated"] += 1
                self._note(row, f"更新指标数据 {name} {year}年：{shown}")

    # ------------------------------------------------------------------ 督办事项 and 承办情况

    def _item_number(self, row: Row) -> str:
        """The 编号 cell as '2026-07', '' when empty; Excel's habit of turning 2026-07 into a date is undone."""
        if not row.has("编号") or row.blank("编号"):
            return ""
        value = row.raw("编号")
        if isinstance(value, datetime | date) and value.day == 1:
            text = f"{value.year}-{value.month:02d}"
        else:
            text = normalise_number(cell_text(value))
        match = re.fullmatch(r"(\d{4})-(\d+)", text)
        if not match or not dates.MIN_YEAR <= int(match[1]) <= dates.MAX_YEAR or int(match[2]) < 1:
            row.error("编号", f"编号「{cell_text(value)}」应写成“年份-序号”，如 2026-07；新增事项可留空")
            return ""
        return text

    def _draft(self, row: Row) -> ItemDraft:
        draft = ItemDraft(row, self._item_number(row))
        draft.title = self.text(row, "标题", "事项标题", TITLE_MAX, required=True)
        lead_text = self.text(row, "牵头单位", "牵头单位", 200, required=True)
        if lead_text:
            draft.collective = collective_of(lead_text)
            if not draft.collective:
                names = split_list(lead_text)
                if len(names) > 1:
                    row.error("牵头单位", "牵头单位只能填一个，其余单位请填在“配合单位”中")
                else:
                    draft.lead = self.unit(row, "牵头单位", names[0])
        draft.partners = self.units(row, "配合单位") if row.has("配合单位") else []
        if draft.lead is not None and any(u["id"] == draft.lead["id"] for u in draft.partners):
            row.error("配合单位", f"「{draft.lead['name']}」已是牵头单位，不能同时作为配合单位")
        if draft.collective and draft.partners:
            row.error("配合单位", f"牵头单位为{COLLECTIVE_LABELS[draft.collective]}时不填配合单位")
        draft.due = self.date(row, "期限", required=True)
        draft.meeting_id = self.meeting_ref(row, "会议") if row.has("会议") else None
        draft.key = self.boolean(row, "重点") if row.has("重点") else False
        draft.requirement = (
            self.text(row, "工作要求", "工作要求", TEXT_MAX, multiline=True) if row.has("工作要求") else ""
        )
        if row.has("关联指标"):
            for name in split_list(self.text(row, "关联指标", "关联指标", 5000)):
                ind = self.indicator_by_name(row, "关联指标", name)
                if ind is not None and ind["id"] not in draft.indicator_ids:
                    draft.indicator_ids.append(ind["id"])
        return draft

    def _items(self, item_rows: list[Row], share_rows: list[Row]) -> None:
        groups: dict[str, list[Row]] = {}
        for row in share_rows:
            number = self._item_number(row)
            if number:
                groups.setdefault(number, []).append(row)
            elif not row.failed:
                row.error("编号", "请填写这条承办记录所属事项的编号")
        drafts: list[ItemDraft] = []
        seen: dict[str, int] = {}
        for row in item_rows:
            draft = self._draft(row)
            if draft.number:
                if draft.number in seen:
                    row.error("编号", f"编号{draft.number}与第{seen[draft.number]}行重复")
                    continue
                seen[draft.number] = row.number
            drafts.append(draft)
        # Items that keep their number go first, so a new number can never take one a later row asks for.
        drafts.sort(key=lambda d: (not d.number, d.row.number))
        index = {i["number"]: i for i in self.repo.items()}
        for draft in drafts:
            shares = groups.pop(draft.number, []) if draft.number else []
            existing = index.get(draft.number) if draft.number else None
            if existing is not None:
                self._same_item(draft, existing)
                self._same_shares(existing, shares)
                continue
            parsed = [(r, self._share(r)) for r in shares]
            if draft.row.failed:
                continue
            self._new_item(draft, parsed)
        for number, rows in groups.items():
            existing = index.get(number)
            if existing is None:
                for row in rows:
                    row.error("编号", f"没有编号为{number}的事项（库中和督办事项表中都没有）")
                continue
            self._same_shares(existing, rows)

    def _same_item(self, draft: ItemDraft, item: Item) -> None:
        """A row whose 编号 exists already: fine when it says what the database says, refused otherwise."""
        from store.views import board as views

        row = draft.row
        if row.failed:
            return
        shares = item["assignments"]
        lead = [a["unit_id"] for a in shares if a["role"] == "lead"]
        stored = {
            "标题": item["title"],
            "牵头单位": item["collective"] or tuple(lead),
            "配合单位": tuple(sorted(a["unit_id"] for a in shares if a["role"] == "partner")),
            "期限": views.item_row(item, self.repo.policy(), self.repo.units_by_id()).due,
            "会议": item["meeting_id"],
            "重点": bool(item["key"]),
            "工作要求": item["requirement"],
            "关联指标": tuple(sorted(item["indicator_ids"])),
        }
        given = {
            "标题": draft.title,
            "牵头单位": draft.collective or ((draft.lead["id"],) if draft.lead else ()),
            "配合单位": tuple(sorted(u["id"] for u in draft.partners)),
            "期限": draft.due,
            "会议": draft.meeting_id,
            "重点": draft.key,
            "工作要求": draft.requirement,
            "关联指标": tuple(sorted(draft.indicator_ids)),
        }
        differ = [k for k in stored if row.has(k) and stored[k] != given[k]]
        if differ:
            row.error(
                "编号",
                f"事项{item['number']}已存在，表中的{'、'.join(differ)}与库中不同。"
                "导入不修改已有事项：要新增请清空编号，要修改请在督办台中办理",
            )
            return
        self.outcome.counts["items"]["unchanged"] += 1

    def _share(self, row: Row) -> dict[str, Any] | None:
        """A 承办情况 row read and checked on its own (dates in order, status and dates consistent)."""
        name = self.text(row, "单位", "单位", NAME_MAX, required=True)
        unit = self.unit(row, "单位", name) if name else None
        share: dict[str, Any] = {
            "unit": unit,
            "role": self.choice(row, "角色", ROLE_WORDS, "牵头、配合"),
            "status": self.choice(row, "状态", STATUS_WORDS, "、".join(STATUS_LABELS.values())),
        }
        for column in ("交办日期", "期限", "现期限", "签收日期", "办结日期", "销号日期", "进展日期"):
            share[column] = self.date(row, column) if row.has(column) else ""
        share["逾期办结"] = self.boolean(row, "逾期办结") if row.has("逾期办结") else False
        share["催办次数"] = (self.integer(row, "催办次数", "催办次数", 0, 1000) or 0) if row.has("催办次数") else 0
        share["最新进展"] = (
            self.text(row, "最新进展", "最新进展", TEXT_MAX, multiline=True) if row.has("最新进展") else ""
        )
        if row.failed:
            return None
        today = self.repo.today.isoformat()
        start = share["交办日期"]
        for column in ("签收日期", "办结日期", "销号日期", "进展日期"):
            day = share[column]
            if day and day > today:
                row.error(column, f"日期{dates.format_cn(day)}晚于今天，不能预先登记")
            elif day and start and day < start:
                row.error(column, f"日期{dates.format_cn(day)}早于交办日期{dates.format_cn(start)}")
        if share["期限"] and share["现期限"] and share["现期限"] < share["期限"]:
            row.error("现期限", "现期限不能早于期限（延期只能推后）")
        status = share["status"]
        label = STATUS_LABELS[status]
        if status in DONE_STATUSES and not share["办结日期"]:
            row.error("办结日期", f"状态为「{label}」，请填写办结日期")
        if status not in DONE_STATUSES and share["办结日期"]:
            row.error("办结日期", f"状态为「{label}」，不应有办结日期")
        if status == "closed" and not share["销号日期"]:
            row.error("销号日期", "状态为「销号」，请填写销号日期")
        if status != "closed" and share["销号日期"]:
            row.error("销号日期", f"状态为「{label}」，不应有销号日期")
        if share["销号日期"] and share["办结日期"] and share["销号日期"] < share["办结日期"]:
            row.error("销号日期", "销号日期不能早于办结日期")
        if share["进展日期"] and not share["最新进展"]:
            row.error("最新进展", "填写了进展日期，但没有进展内容")
        return None if row.failed else share

    def _same_shares(self, item: Item, rows: list[Row]) -> None:
        """承办情况 rows of an item already in the database must say what the database says."""
        units = self.repo.units_by_id()
        tally = self.outcome.counts["assignments"]
        for row in rows:
            share = self._share(row)
            if share is None:
                continue
            unit = share["unit"]
            a = next((a for a in item["assignments"] if a["unit_id"] == unit["id"]), None)
            if a is None:
                row.error(
                    "单位", f"事项{item['number']}已存在，且没有交办给{unit['name']}。导入不修改已有事项的承办单位"
                )
                continue
            note = latest_progress(a)
            stored = {
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
            given = {**share, "角色": share["role"], "状态": share["status"]}
            differ = [k for k in stored if row.has(k) and stored[k] != given[k]]
            if differ:
                name = units[unit["id"]]["name"] if unit["id"] in units else unit["name"]
                row.error(
                    "编号",
                    f"事项{item['number']}已存在，表中{name}的{'、'.join(differ)}与库中不同。"
                    "导入不修改已有事项的承办情况，请在督办台中登记",
                )
            else:
                tally["unchanged"] += 1

    def _new_item(self, draft: ItemDraft, shares: list[tuple[Row, dict[str, Any] | None]]) -> None:
        row = draft.row
        starts = [s["交办日期"] for _, s in shares if s and s["交办日期"]]
        start = min(starts) if starts else None
        seqs_before = dict(self.repo._meta()["item_seq"])
        item = self._call(
            row,
            ITEM_FIELDS,
            self.repo.add_item,
            draft.title,
            COLLECTIVE_LABELS[draft.collective] if draft.collective else draft.lead["name"] if draft.lead else "",
            draft.due,
            partners=[u["name"] for u in draft.partners],
            meeting=draft.meeting_id,
            indicators=draft.indicator_ids,
            key=draft.key,
            requirement=draft.requirement,
            assigned_on=start,
            note=f"从{self.file_name}导入",
        )
        if item is None:
            return
        doc = cast(dict[str, Any], json_copy(item))
        if draft.number:
            year, seq = (int(part) for part in draft.number.split("-"))
            doc.update(number=draft.number, year=year, seq=seq)
            seqs_before[str(year)] = max(int(seqs_before.get(str(year), 0)), seq)
            self.repo._set_meta(item_seq=seqs_before)
        if shares:
            built = self._build_shares(draft, doc, shares)
            if built is None:
                return
            doc["assignments"] = built
        self.repo._put("items", doc["id"], doc)
        self.outcome.counts["items"]["new"] += 1
        self.outcome.counts["assignments"]["new"] += len(doc["assignments"])
        lead = COLLECTIVE_LABELS[draft.collective] if draft.collective else draft.lead["name"] if draft.lead else ""
        self._note(row, f"新增事项 {doc['number']} {_short(draft.title)}（牵头 {lead}，期限 {draft.due}）")

    def _build_shares(
        self, draft: ItemDraft, doc: dict[str, Any], shares: list[tuple[Row, dict[str, Any] | None]]
    ) -> list[dict[str, Any]] | None:
        """The item's assignments exactly as 承办情况 lists them, each with its status, dates and counts."""
        expected: dict[int, str] = {}
        if not draft.collective and draft.lead is not None:
            expected[draft.lead["id"]] = "lead"
            expected.update({u["id"]: "partner" for u in draft.partners})
        failed = False
        seen: dict[int, int] = {}
        built: list[dict[str, Any]] = []
        for row, share in shares:
            if share is None:
                failed = True
                continue
            unit = share["unit"]
            if unit["id"] in seen:
                row.error("单位", f"{unit['name']}与第{seen[unit['id']]}行重复")
                failed = True
                continue
            seen[unit["id"]] = row.number
            if draft.collective and share["role"] != "lead":
                row.error("角色", f"牵头单位为{COLLECTIVE_LABELS[draft.collective]}的事项，各承办单位的角色应为牵头")
                failed = True
                continue
            if not draft.collective and unit["id"] not in expected:
                row.error("单位", f"{unit['name']}不是督办事项表第{draft.row.number}行中的牵头或配合单位")
                failed = True
                continue
            if not draft.collective and expected[unit["id"]] != share["role"]:
                role = ROLE_LABELS[expected[unit["id"]]]
                row.error("角色", f"与督办事项表不一致：{unit['name']}在督办事项表中是{role}单位")
                failed = True
                continue
            built.append(self._assignment(doc, share))
        missing = [uid for uid in expected if uid not in seen]
        if missing and not failed:
            units = self.repo.units_by_id()
            names = "、".join(units[uid]["name"] for uid in missing if uid in units)
            draft.row.error("编号", f"承办情况表中缺少{names}的承办记录")
            failed = True
        return None if failed else built

    def _assignment(self, doc: dict[str, Any], share: dict[str, Any]) -> dict[str, Any]:
        today = self.repo.today.isoformat()
        first = doc["assignments"][0] if doc["assignments"] else None
        start = share["交办日期"] or (first["assigned_on"] if first else today)
        due = share["期限"] or (first["due"] if first else today)
        current = share["现期限"] or due
        status = share["status"]
        note = f"从{self.file_name}导入"
        a = new_assignment(share["unit"]["id"], share["role"], due, start, self.operator, note)
        stamp = dates.now_stamp()
        recorded = max(today, start)

        def event(day: str, action: str, text: str = "") -> None:
            a["events"].append(
                {"date": day, "action": action, "note": text, "recorded_by": self.operator, "recorded_at": stamp}
            )

        a.update(
            status=status,
            acknowledged_on=share["签收日期"],
            done_on=share["办结日期"],
            closed_on=share["销号日期"],
        )
        if share["签收日期"]:
            event(share["签收日期"], "签收")
        if current != due:
            a["extensions"].append(
                {
                    "requested_on": recorded,
                    "new_due": current,
                    "reason": "导入时的现期限",
                    "decision": "approved",
                    "decided_on": recorded,
                    "recorded_by": self.operator,
                }
            )
            event(recorded, "延期", f"导入时的现期限为{dates.format_cn(current)}")
        if share["最新进展"]:
            a["progress"].append(
                {
                    "date": share["进展日期"] or recorded,
                    "text": share["最新进展"],
                    "next_step": "",
                    "problems": "",
                    "recorded_by": self.operator,
                    "source": "导入",
                    "recorded_at": stamp,
                }
            )
        for _ in range(share["催办次数"]):
            a["reminders"].append(
                {
                    "date": recorded,
                    "method": "导入",
                    "doc_number": "",
                    "note": "导入前已催办",
                    "recorded_by": self.operator,
                }
            )
        late = bool(share["逾期办结"]) or (status in DONE_STATUSES and share["办结日期"] > current)
        a["done_late"] = late
        if share["办结日期"]:
            event(share["办结日期"], "逾期办结" if late else "办结")
        if share["销号日期"]:
            event(share["销号日期"], "销号")
        if status in ("returned", "suspended", "cancelled"):
            event(recorded, STATUS_LABELS[status], "导入时的状态")
        a["events"].sort(key=lambda e: e["date"])
        return a


def _canon(value: Any) -> Any:
    """Numbers compare by value (12 and 12.0 are the same target); lists by content."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, list):
        return tuple(value)
    return value


def _short(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"

"""The cells of an import: a row with its errors, and a reader that turns cells into checked values.

Every reader collects a refusal as the row's error under its column, never raises, so that one pass over a
file reports every bad cell; the values it returns then are placeholders ('' or None) that the caller skips
because the row has failed.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from store.calendar import dates
from store.commands.repository import Repository
from store.errors import NotFoundError, SupervisorError, ValidationError
from store.exchange.sheets import FORMULA_START, NO, YES, split_list
from store.records.choices import YES_NO, Choice
from store.records.model import Indicator, Unit
from store.records.text import echo, require_text
from store.records.units import collective_of, normalise
from store.records.values import require_number, require_year

PREVIEW_MAX = 18
PREVIEW_PER_SHEET = 3
CELL_YES_NO = YES_NO.variant("cell", "是否", {"yes": ("重点",)})
"""A yes/no cell: the yes/no Choice, plus 重点 written in the 重点 column."""


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


class RowReader:
    """What every sheet's import shares: the repository, the outcome it fills, and the cell readers."""

    def __init__(self, repo: Repository, outcome: Outcome, file_name: str) -> None:
        self.repo = repo
        self.outcome = outcome
        self.errors = outcome.errors
        self.file_name = file_name
        self.meeting_ids: dict[int, int] | None = None  # the 会议 sheet's numbers → ids; None: no such sheet
        self.operator = repo.settings()["operator"]
        self._noted: dict[str, int] = {}
        self._units_done = False
        self._unit_memo: dict[str, Unit] = {}

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
            row.error(column, f"{label}必须是整数，表中为「{echo(text)}」")
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
            row.error(column, f"{exc.message}，表中为「{echo(cell_text(row.raw(column)))}」")
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
        try:
            return CELL_YES_NO.is_yes(cell_text(value), empty=False)
        except ValidationError:
            row.error(column, f"应填“是”或“否”，表中为「{echo(cell_text(value))}」")
            return False

    def choice(self, row: Row, column: str, choice: Choice) -> str:
        """The code of an enumerated field's word (a code, its Chinese label or an alias)."""
        key = choice.find(cell_text(row.raw(column)))
        if key is None:
            text = unicodedata.normalize("NFKC", cell_text(row.raw(column))).strip()
            hint = choice.listed()
            row.error(column, f"「{echo(text)}」无效，应为：{hint}" if text else f"请填写，应为：{hint}")
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
                row.error(column, f"「{echo(name)}」是泛指，这里请写具体单位")
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
            row.error(column, f"有{len(found)}个指标都叫「{echo(name)}」，无法确定是哪一个")
        else:
            row.error(column, f"没有找到指标「{echo(name)}」（库中和本文件的指标表中都没有）")
        return None

"""Importing the rows of the exchange sheets through the Repository's own commands.

Each row goes through the same command a person would use (`add_unit`, `add_indicator`, `add_reading`,
`add_item`…), so text cleaning, length limits, date forms and unit names follow one set of rules. The
caller runs all of it inside one transaction; rows are applied in dependency order (成员单位, 会议, 指标,
指标数据, 督办事项, 承办情况) so that a unit or indicator defined earlier in the same file resolves later.
Errors are collected with sheet, row and column, never raised: the caller rolls the whole transaction back
when any row failed, so nothing is written unless every row is valid.

The importer is put together from one part per idea: rows_cells.py (reading cells), rows_units.py (成员单位,
会议), rows_indicators.py (指标, 指标数据), rows_items.py and rows_shares.py (督办事项, 承办情况).

What an existing record meets:
- 成员单位 with the same full name is updated (contact, phone, aliases…) when the row differs.
- 会议 with the same title and date, 指标 with the same plan and name, 督办事项 with the same 编号 are kept as
  they are when the row matches them; a row that differs is refused (the import never rewrites an item's or
  an indicator's definition — that goes through the app's own steps).
- 指标数据 for a year already recorded replaces it (the same rule as entering a reading by hand).
"""

from __future__ import annotations

from collections.abc import Callable

from store.commands.repository import Repository
from store.exchange.rows_cells import Outcome, Row, RowError
from store.exchange.rows_indicators import IndicatorRows
from store.exchange.rows_items import ItemRows
from store.exchange.rows_units import UnitRows
from store.exchange.sheets import IMPORT_ORDER, INDICATORS, ITEMS, MEETINGS, READINGS, SHARES, SPEC_BY_NAME, UNITS
from store.exchange.sheets_read import RawSheet
from store.records.text import echo

__all__ = ["Outcome", "RowError", "RowImporter"]


class RowImporter(UnitRows, IndicatorRows, ItemRows):
    """Applies the sheets of one file to a repository inside the caller's open transaction."""

    def __init__(self, repo: Repository, sheets: list[RawSheet], outcome: Outcome, file_name: str) -> None:
        super().__init__(repo, outcome, file_name)
        self.sheets: dict[str, RawSheet] = {}
        for sheet in sheets:
            if sheet.name in self.sheets:
                other = self.sheets[sheet.name]
                self.errors.append(
                    RowError(
                        sheet.name,
                        None,
                        "",
                        f"有两张表都是{sheet.name}：「{echo(other.label)}」和「{echo(sheet.label)}」",
                    )
                )
                continue
            self.sheets[sheet.name] = sheet

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
                self.errors.append(RowError(shown, None, "", f"列「{echo(column)}」出现了两次"))
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

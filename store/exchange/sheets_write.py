"""Writing the exchange sheets as an .xlsx workbook or a folder of .csv files.

In a workbook, dates are date cells shown as yyyy-mm-dd (so they sort and filter as dates whatever the locale),
numbers are numbers and rates are fractions shown with a % format; in CSV they are ISO text and "45.5%". The
import reads date cells and typed dates alike. Text that looks like a formula stays text. openpyxl is
imported inside the function that needs it, so commands that never touch Excel stay fast. A file is written
beside its target and moved into place, so a failed export never leaves half a file.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from store.errors import StorageError
from store.exchange.sheets import FORMULA_START, SPECS, Column, SheetSpec, yes_no
from store.records.text import display_width

EXCEL_CELL_MAX = 32_767
# Characters that XML (so .xlsx and .docx) refuses.
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_cell(value: Any) -> Any:
    """A value a spreadsheet can hold: no characters XML refuses, no text past Excel's cell limit."""
    if isinstance(value, str):
        value = ILLEGAL.sub("", value)
        if len(value) > EXCEL_CELL_MAX:
            value = value[: EXCEL_CELL_MAX - 1] + "…"
    return value


def _write_beside(path: Path, write: Callable[[Path], None]) -> None:
    """Write a temporary file beside `path`, then move it into place: a failed export leaves no half file."""
    tmp = path.with_name(f".{path.stem}.tmp-{os.getpid()}{path.suffix}")
    try:
        write(tmp)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StorageError(f"无法写入 {path}：{exc.strerror or exc}") from exc
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
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    styles = _Styles()
    for spec in SPECS:
        rows = tables.get(spec.name, [])
        ws = wb.create_sheet(spec.name)
        ws.append(spec.headers)
        for cell in ws[1]:
            cell.font = styles.bold
            cell.fill = styles.fill
        widths = _fill(ws, spec, rows, styles)
        for index, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(index)].width = max(6, width)
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{get_column_letter(len(spec.columns))}{len(rows) + 1}"
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_beside(path, wb.save)


class _Styles:
    """The few cell styles of an exported workbook (openpyxl is imported only when one is written)."""

    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill

        self.bold = Font(bold=True)
        self.fill = PatternFill("solid", fgColor="DDEBF7")
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.top = Alignment(vertical="top")


def _fill(ws: Any, spec: SheetSpec, rows: list[dict[str, Any]], styles: _Styles) -> list[int]:
    """Append a sheet's rows below its header; returns the column widths its text needs."""
    widths = [display_width(h) + 2 for h in spec.headers]
    for number, row in enumerate(rows, start=2):  # ws.max_row walks every cell: too slow in a loop
        values = [typed_cell(c, clean_cell(row.get(c.name))) for c in spec.columns]
        values = [None if v == "" else v for v in values]
        ws.append(values)
        for index, (column, value) in enumerate(zip(spec.columns, values, strict=True)):
            cell = ws.cell(row=number, column=index + 1)
            if column.kind in NUMBER_FORMATS and value is not None and not isinstance(value, str):
                cell.number_format = NUMBER_FORMATS[column.kind]
                longest = 10
            elif isinstance(value, str):
                cell.data_type = "s"  # '=…' typed by a person is text, never a formula
                longest = max(display_width(part) for part in value.split("\n"))
            else:
                longest = len(str(value)) if value is not None else 0
            cell.alignment = styles.wrap if column.wrap else styles.top
            widths[index] = max(widths[index], min(longest + 2, column.cap + 2))
    return widths


NUMBER_FORMATS = {"date": "yyyy-mm-dd", "percent": "0.0%"}


def typed_cell(column: Column, value: Any) -> Any:
    """The value as an .xlsx cell holds it: a date column's ISO text as a date (other text stays as typed)."""
    if column.kind == "date" and isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


def csv_text(value: Any, column: Column | None = None) -> str:
    """A cell as CSV text; text that Excel would run as a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if column is not None and column.kind == "percent" and isinstance(value, int | float):
        text = f"{value * 100:.1f}"
        return (text[:-2] if text.endswith(".0") else text) + "%"
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
        _write_beside(path, partial(_write_csv_file, spec, tables.get(spec.name, [])))
        written.append(path)
    return written


def _write_csv_file(spec: SheetSpec, rows: list[dict[str, Any]], path: Path) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(spec.headers)
        for row in rows:
            writer.writerow([csv_text(row.get(c.name), c) for c in spec.columns])

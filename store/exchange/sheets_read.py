"""Reading .xlsx workbooks and .csv files for import: which sheets they hold and their cells, unchecked.

A sheet is recognised by its name, else by a header that holds one sheet's required columns; the import also
accepts real date cells, and CSV files saved by Excel in China (GB18030). openpyxl is imported inside the
function that needs it, so commands that never touch Excel stay fast.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from store.errors import SupervisorError, ValidationError
from store.exchange.archive import check_archive
from store.exchange.documents import read_text_file
from store.exchange.sheets import SPEC_BY_NAME, SPECS, normalise_header
from store.records.text import echo


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


# How the notes on a left-aside sheet name it: a workbook's sheet by its 表名, a CSV file by its 文件名.
_CALLED = {"xlsx": ("工作表", "表名"), "csv": ("文件", "文件名")}


def _take(source: Source, title: str, label: str, records: Iterator[Sequence[Any]]) -> None:
    """Add a sheet (or CSV file) to the source when it is an importable one, else note why it is left aside."""
    header = _trim(next(records, ()))
    name = recognise(title, header)
    called, by = _CALLED[source.kind]
    if name is None:
        source.ignored.append(f"{called}「{echo(label)}」：不是可导入的表（{by}或表头对不上），已忽略")
        return
    if not SPEC_BY_NAME[name].importable:
        source.ignored.append(f"{called}「{echo(label)}」：由督办台计算的统计表，导入时忽略")
        return
    sheet = RawSheet(name, label, ["" if h is None else str(h) for h in header])
    for number, values in enumerate(records, start=2):
        cells = _trim(values)
        if cells:
            sheet.rows.append((number, cells))
    source.sheets.append(sheet)


def read_xlsx(path: Path) -> Source:
    """Every sheet of a workbook, recognised by name or header; formulas give their last computed value."""
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    check_archive(path, "Excel 文件")
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
            # read-only mode trusts the sheet's declared <dimension>: a file whose dimension says A1:D10 but
            # holds 500 rows lost 490 of them. Without it, every row in the file is read.
            if hasattr(ws, "reset_dimensions"):
                ws.reset_dimensions()
            _take(source, ws.title, ws.title, ws.iter_rows(values_only=True))
    finally:
        wb.close()
    return source


def _read_csv_rows(path: Path) -> list[list[str]]:
    """The records of a CSV file: UTF-16 with a byte-order mark, UTF-8 (with or without BOM), else GB18030 as
    Excel saves it in China — decoded by the one function that reads speeches too."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SupervisorError(f"无法读取 {echo(path.name)}：{exc.strerror or exc}") from exc
    try:
        text = read_text_file(raw)
    except ValidationError:
        raise SupervisorError(f"无法识别 {echo(path.name)} 的文字编码，请在 Excel 中另存为“CSV UTF-8”") from None
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise SupervisorError(f"{echo(path.name)} 不是有效的 CSV 文件（可能有单元格内容过长或引号不成对）") from exc


def read_csv(path: Path) -> Source:
    """One CSV file, or every .csv in a folder; each is recognised by its file name or its header."""
    source = Source(path, "csv")
    files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".csv") if path.is_dir() else [path]
    if not files:
        raise SupervisorError(f"文件夹 {path} 中没有 .csv 文件")
    for file in files:
        _take(source, file.stem, file.name, iter(_read_csv_rows(file)))
    return source

"""Reading the file a meeting's work comes in: a speech or minutes (.txt, .docx) or a task table (.docx, .xlsx).

The one home of "how such a file is read": the command line and the TUI review screen call `read_document`
(paragraphs and tables, for the analyser) or `read_speech` (the same as plain text). A file is refused by
its size before it is read, and a text too long to be one meeting's by its length before any analysis.
python-docx and openpyxl are imported inside the functions that use them.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from store.errors import ValidationError
from store.exchange.archive import check_archive
from store.exchange.documents import (
    SourceDocument,
    Table,
    check_file_size,
    check_size,
    check_unpacked_size,
    read_text_file,
)
from store.records.text import echo

OFFICE_SUFFIXES = (".docx", ".xlsx", ".xlsm")
OLD_FORMATS = {
    ".doc": "不支持旧版 .doc 文件，请在 Word 或 WPS 中另存为 .docx 或 .txt",
    ".wps": "不支持 .wps 文件，请在 WPS 中另存为 .docx 或 .txt",
    ".xls": "不支持旧版 .xls 文件，请在 Excel 或 WPS 中另存为 .xlsx",
    ".et": "不支持 .et 文件，请在 WPS 中另存为 .xlsx",
}


def _check_unpacked(path: Path, kind: str) -> None:
    """The zip checked before anything is parsed (store.exchange.archive), then the parts we would read: more
    than a meeting's text could need is refused unread."""
    what = "Word 文件" if kind == "docx" else "Excel 文件"
    wanted = ("word/document.xml",) if kind == "docx" else ("xl/worksheets/", "xl/sharedStrings.xml")
    parts = check_archive(path, what)
    check_unpacked_size(sum(i.file_size for i in parts if i.filename.startswith(wanted)), path.name, kind)


def _cell_text(cell: Any) -> str:
    return "\n".join(p.text for p in cell.paragraphs).strip()


def read_docx_document(path: Path) -> SourceDocument:
    """The document's paragraphs and tables in reading order; merged cells repeat their text."""
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table as DocxTable

    _check_unpacked(path, "docx")
    try:
        doc = Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        reason = "文件已损坏，或不是 .docx 格式（旧的 .doc 请先在 Word 或 WPS 中另存为 .docx）"
        raise ValidationError("file", f"无法读取 Word 文件 {echo(path.name)}：{reason}") from exc
    blocks: list[str | Table] = []
    for part in doc.iter_inner_content():
        if isinstance(part, DocxTable):
            rows = tuple(tuple(_cell_text(cell) for cell in row.cells) for row in part.rows)
            if rows:
                blocks.append(Table(rows))
        else:
            blocks.append(part.text)
    document = SourceDocument(tuple(blocks))
    check_size(document.text())
    return document


def _value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_xlsx_document(path: Path) -> SourceDocument:
    """Every sheet as a table (merged ranges filled with their value), named after the sheet."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    _check_unpacked(path, "xlsx")
    try:
        book = load_workbook(str(path), data_only=True)
    except (InvalidFileException, KeyError, ValueError, OSError) as exc:
        reason = "文件已损坏，或不是 .xlsx 格式（旧的 .xls 请先另存为 .xlsx）"
        raise ValidationError("file", f"无法读取 Excel 文件 {echo(path.name)}：{reason}") from exc
    blocks: list[str | Table] = []
    for sheet in book.worksheets:
        grid = [[_value(c) for c in row] for row in sheet.iter_rows(values_only=True)]
        for merged in sheet.merged_cells.ranges:
            top = _value(sheet.cell(merged.min_row, merged.min_col).value)
            for r in range(merged.min_row, merged.max_row + 1):
                for c in range(merged.min_col, merged.max_col + 1):
                    if r - 1 < len(grid) and c - 1 < len(grid[r - 1]):
                        grid[r - 1][c - 1] = top
        rows = [row for row in grid if any(row)]
        width = max((max(i for i, c in enumerate(row) if c) + 1 for row in rows), default=0)
        if rows:
            blocks.append(Table(tuple(tuple(row[:width]) for row in rows), name=sheet.title))
    book.close()
    document = SourceDocument(tuple(blocks))
    check_size(document.text())
    return document


def _checked_suffix(path: Path) -> str:
    """The file's suffix, once it is known to exist, to be a format we read, and not to be too large."""
    if not path.is_file():
        raise ValidationError("file", f"找不到文件：{path}")
    suffix = path.suffix.lower()
    if suffix in OLD_FORMATS:
        raise ValidationError("file", OLD_FORMATS[suffix])
    check_file_size(path.stat().st_size, path.name, office=suffix in OFFICE_SUFFIXES)
    return suffix


def read_document(path: Path) -> SourceDocument:
    """A speech, minutes or task table from .txt (UTF-8, GB18030, UTF-16), .docx or .xlsx."""
    suffix = _checked_suffix(path)
    if suffix == ".docx":
        return read_docx_document(path)
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx_document(path)
    return SourceDocument.from_text(read_text_file(path.read_bytes()))


def read_speech(path: Path) -> str:
    """The file as plain text (tables as tab-separated rows); old .doc files are refused with what to do."""
    suffix = _checked_suffix(path)
    if suffix == ".docx":
        return read_docx_document(path).text()
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx_document(path).text()
    text = read_text_file(path.read_bytes())
    check_size(text)
    return text

"""回执 files: the .xlsx 回执 a notice can also write (for units that prefer Excel), and reading a filled 回执 —
that .xlsx or the .docx notice the program issued — into a store.exchange.receipt_forms.ReceiptForm.

The rules (which notice, which unit, what counts as empty or changed) are in store; this module only knows where
the cells are. python-docx and openpyxl are imported inside the functions that use them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from store.errors import ValidationError
from store.exchange.archive import check_archive
from store.exchange.receipt_forms import (
    CONTACT_LABEL,
    DATE_LABEL,
    ITEMS_LABEL,
    NEXT_LABEL,
    NUMBER_LABEL,
    PHONE_LABEL,
    PROBLEMS_LABEL,
    TEXT_LABEL,
    UNIT_LABEL,
    FormItem,
    ReceiptForm,
    item_numbers,
    label_key,
)
from store.records.text import echo

if TYPE_CHECKING:
    from .notice import NoticePlan

SHEET = "回执"
TITLE = "督办事项办理情况回执"
ITEM_HEADERS = ["事项编号", "督办事项", "办理期限", TEXT_LABEL, PROBLEMS_LABEL, NEXT_LABEL]
ITEM_WIDTHS = [12, 30, 16, 40, 30, 30]
HEADER_ROW = 8
MAX_BYTES = 20_000_000  # a filled 回执 with a scanned seal is well under this


def receipt_form(plan: NoticePlan, doc_number: str) -> dict[str, Any]:
    """What the .xlsx 回执 of one notice holds: the unit, the number and exactly the notice's items."""
    return {
        "unit": plan.unit["name"],
        "doc_number": doc_number,
        "report_by": plan.report_by,
        "items": [(it["number"], it["title"], it["due_text"]) for it in plan.items],
    }


def write_receipt_xlsx(form: dict[str, Any], path: Path) -> Path:
    """The 回执 as a workbook: the labelled cells above, one row per item below; only the cells a unit fills in
    are unlocked (the sheet is protected without a password, so labels are not changed by accident)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, Protection

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws["A1"] = TITLE
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells("A1:F1")
    ws["A1"].alignment = Alignment(horizontal="center")
    open_cell = Protection(locked=False)
    wrap = Alignment(wrap_text=True, vertical="top")
    rows = [
        (2, UNIT_LABEL + "（盖章）", form["unit"], None),
        (3, NUMBER_LABEL, form["doc_number"], None),
        (4, CONTACT_LABEL, "", PHONE_LABEL),
        (5, DATE_LABEL, "", None),
    ]
    for row, label, value, second in rows:
        ws.cell(row=row, column=1, value=label).font = Font(bold=True)
        cell = ws.cell(row=row, column=2, value=value or None)
        if not value:
            cell.protection = open_cell
        if second:
            ws.cell(row=row, column=3, value=second).font = Font(bold=True)
            ws.cell(row=row, column=4).protection = open_cell
    ws.cell(
        row=6,
        column=1,
        value=f"请于{form['report_by'].year}年{form['report_by'].month}月{form['report_by'].day}日前填写后报送",
    )
    ws.cell(row=HEADER_ROW - 1, column=1, value=ITEMS_LABEL).font = Font(bold=True)
    for col, header in enumerate(ITEM_HEADERS, start=1):
        ws.cell(row=HEADER_ROW, column=col, value=header).font = Font(bold=True)
        ws.column_dimensions[chr(64 + col)].width = ITEM_WIDTHS[col - 1]
    for index, (number, title, due) in enumerate(form["items"], start=HEADER_ROW + 1):
        for col, value in enumerate((number, title, due), start=1):
            ws.cell(row=index, column=col, value=value).alignment = wrap
        for col in (4, 5, 6):
            cell = ws.cell(row=index, column=col)
            cell.protection = open_cell
            cell.alignment = wrap
        ws.row_dimensions[index].height = 60
    ws.protection.sheet = True
    wb.save(path)
    return path


def read_receipt(path: Path) -> ReceiptForm:
    """A filled 回执: the .docx notice (its 回执 table) or the .xlsx 回执; refused with the reason otherwise."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise ValidationError("file", f"找不到文件：{path}")
    if path.stat().st_size > MAX_BYTES:
        raise ValidationError("file", f"{path.name}：文件过大（超过20 MB），不像是一份回执")
    if suffix == ".docx":
        check_archive(path, "Word 文件")  # not a zip, or parts that unpack to absurd sizes: one Chinese line
        return _read_docx(path)
    if suffix in (".xlsx", ".xlsm"):
        check_archive(path, "Excel 文件")
        return _read_xlsx(path)
    raise ValidationError("file", f"{path.name}：只能导入督办台发出的 .docx 通知或 .xlsx 回执")


def _unique_cells(row: Any) -> list[str]:
    """The texts of a table row, a merged cell once."""
    seen: list[Any] = []
    texts: list[str] = []
    for cell in row.cells:
        if any(cell._tc is tc for tc in seen):
            continue
        seen.append(cell._tc)
        texts.append("\n".join(p.text for p in cell.paragraphs).strip())
    return texts


def _read_docx(path: Path) -> ReceiptForm:
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        doc = Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError):  # python-docx says so in English: say it in Chinese
        reason = "文件已损坏，或不是 Word 文档（可能只是改了扩展名）"
        raise ValidationError("file", f"无法读取 Word 文件 {echo(path.name)}：{reason}") from None
    for table in doc.tables:
        rows = [_unique_cells(row) for row in table.rows]
        if any(label_key(r[0]) == NUMBER_LABEL for r in rows if r):
            labels: list[tuple[str, str]] = []
            for cells in rows:
                for index in range(0, len(cells), 2):  # label, value[, label, value]
                    value = cells[index + 1] if index + 1 < len(cells) else ""
                    labels.append((label_key(cells[index]), value))
            return ReceiptForm(path.name, "docx", labels)
    raise ValidationError("file", f"{path.name}：文件中没有督办台的回执表格（找不到“督办文号”栏）")


def _read_xlsx(path: Path) -> ReceiptForm:
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ValidationError("file", f"无法打开 Excel 文件 {path.name}（{type(exc).__name__}）") from None
    try:
        ws = wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]
        rows = [["" if v is None else str(v).strip() for v in row] for row in ws.iter_rows(values_only=True)]
    finally:
        wb.close()
    labels: list[tuple[str, str]] = []
    items: list[FormItem] = []
    header = next((n for n, r in enumerate(rows) if r and label_key(r[0]) == "事项编号"), None)
    for cells in rows[: header if header is not None else len(rows)]:
        for index in range(0, len(cells) - 1, 2):
            if cells[index] and label_key(cells[index]) != label_key(TITLE):
                labels.append((label_key(cells[index]), cells[index + 1]))
    if header is not None:
        heads = [label_key(h) for h in rows[header]]
        labels.extend((h, "") for h in heads[3:6])  # 办理情况 / 存在问题 / 下一步打算 columns
        if heads[:6] != [label_key(h) for h in ITEM_HEADERS]:
            raise ValidationError("file", f"{path.name}：回执的事项表头被改动，不能导入")
        for cells in rows[header + 1 :]:
            cells = [*cells, "", "", "", "", "", ""]
            numbers = item_numbers(cells[0])
            if numbers:
                items.append(FormItem(numbers[0], cells[3], cells[4], cells[5]))
    labels = [(label, value) for label, value in labels if label != ITEMS_LABEL] + [(ITEMS_LABEL, "")]
    return ReceiptForm(path.name, "xlsx", _ordered(labels), items)


def _ordered(labels: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The .xlsx labels in the order the .docx table has them (the item table comes last on the sheet)."""
    order = [UNIT_LABEL, CONTACT_LABEL, PHONE_LABEL, NUMBER_LABEL, ITEMS_LABEL, TEXT_LABEL, PROBLEMS_LABEL, NEXT_LABEL]
    rank = {label: n for n, label in enumerate(order)}
    return sorted(labels, key=lambda pair: rank.get(pair[0], len(order)))

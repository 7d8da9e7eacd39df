"""A 任务分工方案 table written as .docx and .xlsx with shuffled columns, and what importing it must give.

Used by the analyser's tests (tests/store/test_speech_files.py) and the command's (tests/cli/test_import_speech.py).
"""

from __future__ import annotations

from pathlib import Path

from .corpus import TOWNSHIPS

TITLE = "示范县农村人居环境整治提升任务分工方案"
SHEET_TITLE = "示范县农村人居环境整治提升任务分工表"
# The same table in the order offices most often use, then shuffled.
HEADER = ["序号", "重点任务", "具体措施", "牵头单位", "配合单位", "完成时限"]
ROWS = [
    ["1", "农村厕所革命", "完成500户农村户厕改造", "县农业农村局", "县卫健委、县财政局", "2026年6月底前"],
    ["2", "生活垃圾治理", "健全村收集、镇转运、县处理体系", "县城管局", "各乡镇", "长期坚持"],
    ["3", "生活污水治理", "推进5个行政村污水管网建设", "县生态环境分局", "县水利局、县税务局", "2026年第三季度"],
    ["4", "村容村貌提升", "报送农房风貌管控进展情况", "县住建局", "", "每月5日前"],
]
SHUFFLE = [5, 3, 0, 4, 2, 1]
# (requirement words, lead, partners, due, due_kind) per row, for a meeting on 2026-03-15.
EXPECTED = [
    ("完成500户农村户厕改造", "县农业农村局", ["县卫健委", "县财政局"], "2026-06-30", "date"),
    ("健全村收集、镇转运、县处理体系", "县城管局", TOWNSHIPS, "2026-12-31", "ongoing"),
    ("推进5个行政村污水管网建设", "县生态环境分局", ["县水利局"], "2026-09-30", "date"),
    ("报送农房风貌管控进展情况", "县住建局", [], "2026-04-05", "recurring"),
]
UNKNOWN_PARTNER = "县税务局"  # row 3: not in the county's directory, listed but never blocking


def shuffled(row: list[str]) -> list[str]:
    return [row[i] for i in SHUFFLE]


def write_docx(path: Path) -> None:
    """Title, a sentence, the shuffled table, and a paragraph after it (read as a sentence)."""
    from docx import Document

    doc = Document()
    doc.add_paragraph(TITLE)
    doc.add_paragraph("为抓好整治提升工作，现将任务分工如下：")
    table = doc.add_table(rows=1 + len(ROWS), cols=len(HEADER))
    for r, row in enumerate([HEADER, *ROWS]):
        for c, text in enumerate(shuffled(row)):
            table.cell(r, c).text = text
    doc.add_paragraph("各牵头单位要于每月25日前将进展情况报县政府督查室。")
    doc.save(str(path))


def write_xlsx(path: Path) -> None:
    """One sheet: a title row merged across the table, the shuffled header, numbers as numbers."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "任务分工"
    sheet.append([SHEET_TITLE])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    sheet.append(shuffled(HEADER))
    for row in ROWS:
        sheet.append([int(c) if c.isdigit() else (c or None) for c in shuffled(row)])
    book.save(str(path))

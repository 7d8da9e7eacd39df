"""The exported workbook holds typed cells (issue 13.5): dates as date cells shown yyyy-mm-dd, numbers as numbers,
rates as fractions with a % format; an import reads date cells and typed dates alike."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import openpyxl

from store.commands.repository import Repository
from store.exchange import files as exchange
from tests.conftest import TODAY

DATE_COLUMNS = {
    "督办事项": ["期限"],
    "承办情况": ["交办日期", "期限", "现期限", "签收日期", "办结日期", "销号日期", "进展日期"],
    "会议": ["日期"],
    "指标数据": ["报送日期"],
}


def columns(ws: openpyxl.worksheet.worksheet.Worksheet) -> dict[str, int]:
    return {cell.value: cell.column for cell in ws[1]}


def test_dates_are_date_cells_numbers_numbers_and_rates_percentages(demo: Repository, tmp_path: Path) -> None:
    out = tmp_path / "台账.xlsx"
    exchange.export(demo, "xlsx", out)
    wb = openpyxl.load_workbook(out)
    seen = 0
    for sheet, names in DATE_COLUMNS.items():
        ws = wb[sheet]
        where = columns(ws)
        for name in names:
            for (cell,) in ws.iter_rows(min_row=2, min_col=where[name], max_col=where[name]):
                if cell.value is None:
                    continue
                assert isinstance(cell.value, datetime), (sheet, name, cell.value)
                assert cell.number_format == "yyyy-mm-dd"
                seen += 1
    assert seen > 50
    board = wb["单位看板"]
    where = columns(board)
    rates = [row[where["按期办结率"] - 1] for row in board.iter_rows(min_row=2)]
    ranked = [c for c in rates if c.value is not None]
    assert ranked and all(isinstance(c.value, int | float) and 0 <= c.value <= 1 for c in ranked)
    assert all(c.number_format == "0.0%" for c in ranked)
    assert all(isinstance(row[where["承办"] - 1].value, int) for row in board.iter_rows(min_row=2))
    readings = wb["指标数据"]
    values = [row[columns(readings)["监测值"] - 1].value for row in readings.iter_rows(min_row=2)]
    assert any(isinstance(v, float) for v in values) and not any(isinstance(v, str) for v in values)
    # the CSV keeps ISO text and a readable percentage
    exchange.export(demo, "csv", tmp_path / "csv")
    with open(tmp_path / "csv" / "单位看板.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert any(r["按期办结率"].endswith("%") for r in rows)


def test_import_reads_date_cells_and_typed_dates(demo: Repository, tmp_path: Path) -> None:
    out = tmp_path / "台账.xlsx"
    exchange.export(demo, "xlsx", out)
    wb = openpyxl.load_workbook(out)
    ws = wb["承办情况"]
    where = columns(ws)
    numbers = ("2026-01", "2026-11")  # one share each
    typed = {numbers[0]: date(2027, 1, 15), numbers[1]: "2027年1月20日"}  # a date cell, a date typed as text
    for row in range(2, ws.max_row + 1):
        value = typed.get(ws.cell(row=row, column=where["编号"]).value)
        if value is not None:
            ws.cell(row=row, column=where["期限"]).value = value
            ws.cell(row=row, column=where["现期限"]).value = value
    wb.save(out)
    target = Repository.open(tmp_path / "copy" / "db.json", today=TODAY)
    report = exchange.import_file(target, out, apply=True)
    assert report.ok, [str(e) for e in report.errors]
    dues = {n: target.item(n)["assignments"][0]["due"] for n in numbers}
    assert dues == {numbers[0]: "2027-01-15", numbers[1]: "2027-01-20"}
    target.close()

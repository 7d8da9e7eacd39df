"""回执 (issue 13.1, 13.4 and 15.4): receipts per notice, recorded by hand or read back from the filled files,
overdue ones in the bulletin; the notice's scope and its 回执 listing exactly the notice's items."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx import Document

from tests.cli.test_cli import cli, run

TODAY = "2026-11-28"
LATER = "2026-12-10"  # past the report-by date (5 working days after the 28th)


def notices(db: Path, out: Path, *extra: str) -> list[dict[str, str]]:
    done = cli("--db", str(db), "--today", TODAY, "notice", *extra, "--out", str(out), "--json")
    assert done.returncode == 0, done.stderr
    return list(json.loads(done.stdout)["dispatches"])


def receipts(db: Path, *extra: str, today: str = TODAY) -> list[dict[str, object]]:
    done = cli("--db", str(db), "--today", today, "receipt", "list", "--json", *extra)
    assert done.returncode == 0, done.stderr
    return list(json.loads(done.stdout))


def receipt_table(doc):  # type: ignore[no-untyped-def]
    return next(t for t in doc.tables if any("督办文号" in c.text for r in t.rows for c in r.cells))


def fill(path: Path, target: Path, **changes: str) -> Path:
    """Fill the 回执 table of an issued notice as a unit would in Word (label → text; 联系人 row by hand)."""
    doc = Document(str(path))
    table = receipt_table(doc)
    for row in table.rows:
        label = row.cells[0].text.strip()
        if label == "联系人":
            row.cells[1].paragraphs[0].text = changes.pop("联系人", "刘芳")
            row.cells[3].paragraphs[0].text = changes.pop("联系电话", "0000-6113893")
            continue
        for key in list(changes):
            if label.startswith(key):
                row.cells[1].paragraphs[0].text = changes.pop(key)
    assert not changes, changes
    doc.save(str(target))
    return target


def test_notices_expect_receipts_recorded_one_by_one_and_overdue_ones_reach_the_bulletin(
    demo_db: Path, tmp_path: Path
) -> None:
    sent = notices(demo_db, tmp_path / "out", "--all")
    rows = receipts(demo_db)
    assert sorted(r["doc_number"] for r in rows) == sorted(d["number"] for d in sent)
    assert {r["status_label"] for r in rows} == {"未回"}
    first = sent[0]["number"]
    done = cli(
        "--db", str(demo_db), "--today", "2026-11-30", "receipt", "record", first, "--date", "2026-11-30",
        "--by", "王建华", "--text", "已制定整改方案", "--no-progress",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "已登记回执" in done.stdout and "receipt progress" in done.stdout  # it offers the progress step
    rows = {r["doc_number"]: r for r in receipts(demo_db, today=LATER)}
    assert rows[first]["status_label"] == "已回" and rows[first]["contact"] == "王建华"
    late = receipts(demo_db, "--overdue", today=LATER)
    assert {r["doc_number"] for r in late} == {d["number"] for d in sent[1:]}
    assert {r["status_label"] for r in late} == {"逾期未回"}
    done = cli("--db", str(demo_db), "--today", LATER, "bulletin", "--out", str(tmp_path / "b"), "--json")
    assert done.returncode == 0, done.stderr
    text = "\n".join(p.text for p in Document(json.loads(done.stdout)["files"][0]).paragraphs)
    line = next(t for t in text.splitlines() if t.startswith("未按时报送回执的单位"))
    for r in late:
        assert f"{r['unit']}（" in line and str(r["doc_number"]) in line
    assert str(rows[first]["unit"]) + "（" not in line


def test_recording_with_progress_is_one_undo_step(demo_db: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    number = notices(demo_db, tmp_path / "out", "--unit", "卫健委")[0]["number"]
    db = ["--db", str(demo_db), "--today", "2026-11-30"]
    code, out, err = run(
        capsys, *db, "receipt", "record", number, "--date", "11月30日", "--text", "已开展专项行动", "--progress"
    )
    assert code == 0, err
    assert "已登记为进展：2026-07、2026-09、2026-03" in out
    code, out, _ = run(capsys, *db, "show", "2026-07", "--json")
    texts = [p["text"] for a in json.loads(out)["assignments"] for p in a["progress"]]
    assert "已开展专项行动" in texts
    assert run(capsys, *db, "undo")[0] == 0
    capsys.readouterr()
    code, out, _ = run(capsys, *db, "show", "2026-07", "--json")
    assert "已开展专项行动" not in out
    code, out, _ = run(capsys, *db, "receipt", "list", "--json")
    assert json.loads(out)[0]["status_label"] == "未回"


def test_a_filled_docx_receipt_is_read_back_and_another_units_number_is_refused(demo_db: Path, tmp_path: Path) -> None:
    sent = notices(demo_db, tmp_path / "out", "--unit", "卫健委", "--unit", "民政局")
    ours, theirs = sent[0], sent[1]
    filled = fill(
        Path(ours["file"]),
        tmp_path / "回执-卫健委.docx",
        单位名称="县卫健委（盖章）  办公室",
        办理情况="已召开专题会议部署，开展专项行动一次。",
        存在问题="基层人手不足。",
        下一步打算="12月底前完成排查。",
        填报日期="2026年11月30日",
    )
    db = ["--db", str(demo_db), "--today", "2026-12-01"]
    before = demo_db.read_bytes()
    preview = cli(*db, "receipt", "import", str(filled))
    assert preview.returncode == 0 and "以上为预览" in preview.stdout and demo_db.read_bytes() == before
    # the same file edited to the other unit's number: refused with the reason, nothing written
    moved = fill(filled, tmp_path / "改了文号.docx", 督办文号=f"文号：{theirs['number']}")
    refused = cli(*db, "receipt", "import", str(moved), "--yes")
    assert refused.returncode == 1 and "发给县民政局" in refused.stderr and demo_db.read_bytes() == before
    done = cli(*db, "receipt", "import", str(filled), "--yes", "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)[0]
    assert result["recorded"] and result["contact"] == "刘芳" and result["phone"] == "0000-6113893"
    for number in result["items"]:
        shown = cli(*db, "show", number)
        assert "已召开专题会议部署，开展专项行动一次；" in shown.stdout  # one sentence with what comes next
        assert "下一步：12月底前完成排查" in shown.stdout
    row = next(r for r in receipts(demo_db, today="2026-12-01") if r["doc_number"] == ours["number"])
    assert row["status_label"] == "已回" and row["received_on"] == "2026-11-30"


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({}, "空表"),
        ({"办理情况": "已办理", "督办文号": "示妇儿工委办〔2026〕99号"}, "没有文号〔2026〕99号"),
        ({"办理情况": "已办理", "督办事项": "2026-07"}, "不一致"),
        ({"办理情况": "已办理", "单位名称": "县妇联"}, "是县妇联的回执"),
    ],
)
def test_refusals_name_the_reason(demo_db: Path, tmp_path: Path, changes: dict[str, str], reason: str) -> None:
    sent = notices(demo_db, tmp_path / "out", "--unit", "卫健委")
    filled = fill(Path(sent[0]["file"]), tmp_path / "f.docx", **changes)
    before = demo_db.read_bytes()
    done = cli("--db", str(demo_db), "--today", "2026-12-01", "receipt", "import", str(filled), "--yes")
    assert done.returncode == 1 and reason in done.stderr and done.stderr.count("\n") == 1
    assert demo_db.read_bytes() == before


def test_a_tampered_table_is_refused(demo_db: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    sent = notices(demo_db, tmp_path / "out", "--unit", "卫健委")
    filled = fill(Path(sent[0]["file"]), tmp_path / "f.docx", 办理情况="已办理")
    doc = Document(str(filled))
    table = receipt_table(doc)
    row = next(r for r in table.rows if r.cells[0].text.strip() == "存在问题")
    row._tr.getparent().remove(row._tr)
    doc.save(str(filled))
    code, _, err = run(capsys, "--db", str(demo_db), "receipt", "import", str(filled), "--yes")
    assert code == 1 and "缺少「存在问题」栏" in err


def test_the_xlsx_receipt_round_trip(demo_db: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    sent = notices(demo_db, tmp_path / "out", "--unit", "卫健委", "--xlsx-receipt")
    sheet = Path(sent[0]["file"]).with_suffix(".回执.xlsx")
    wb = load_workbook(sheet)
    ws = wb["回执"]
    rows = {ws.cell(row=r, column=1).value: r for r in range(1, ws.max_row + 1)}
    assert ws.protection.sheet and ws.cell(row=rows["督办文号"], column=2).value == sent[0]["number"]
    numbers = [ws.cell(row=r, column=1).value for r in range(rows["事项编号"] + 1, ws.max_row + 1)]
    code, out, _ = run(capsys, "--db", str(demo_db), "receipt", "list", "--json")
    assert numbers == json.loads(out)[0]["items"]  # exactly the notice's items
    ws.cell(row=rows["联系人"], column=2, value="刘芳")
    ws.cell(row=rows["填报日期"], column=2, value="2026-11-30")
    ws.cell(row=rows["事项编号"] + 1, column=4, value="专项行动已开展")
    ws.cell(row=rows["事项编号"] + 2, column=6, value="下周完成自查")
    wb.save(tmp_path / "filled.xlsx")
    code, out, err = run(
        capsys,
        "--db",
        str(demo_db),
        "--today",
        "2026-12-01",
        "receipt",
        "import",
        str(tmp_path / "filled.xlsx"),
        "--yes",
    )
    assert code == 0, err
    code, out, _ = run(capsys, "--db", str(demo_db), "show", numbers[0], "--json")
    assert "专项行动已开展" in out
    code, out, _ = run(capsys, "--db", str(demo_db), "show", numbers[1], "--json")
    assert "下周完成自查" in out


def test_notice_scope_and_the_receipt_lists_exactly_its_items(demo_db: Path, tmp_path: Path) -> None:
    default = notices(demo_db, tmp_path / "a", "--unit", "卫健委")[0]
    wide = notices(demo_db, tmp_path / "b", "--unit", "卫健委", "--scope", "open", "--yes")[0]  # same day: asked
    for dispatch, expected in ((default, {"2026-07", "2026-09", "2026-03"}), (wide, None)):
        doc = Document(dispatch["file"])
        body = "\n".join(p.text for p in doc.paragraphs)
        listed = {n for n in ("2026-01", "2026-03", "2026-06", "2026-07", "2026-09", "2026-10") if f"事项{n}：" in body}
        cell = next(r.cells[1].text for r in receipt_table(doc).rows if r.cells[0].text.strip() == "督办事项")
        assert set(cell.split("、")) == listed
        if expected is not None:
            assert listed == expected  # red and yellow only
        else:
            assert {"2026-06", "2026-10"} <= listed  # green ones too
    refused = cli("--db", str(demo_db), "--today", TODAY, "notice", "--unit", "统计局", "--out", str(tmp_path / "c"))
    assert refused.returncode == 1 and "没有亮红灯或黄灯" in refused.stderr

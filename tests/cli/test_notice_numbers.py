"""Document numbers taken with care (issue 13): a unit that already has a 督办通知 for the same items gets another
only with --yes (the rule: store ReceiptCommands.repeat_notice_warning), and an undone batch stays in the
register as 作废 with its files moved to the 作废 folder."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.cli.test_cli import run

TODAY = "2026-11-28"


def sv(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    return run(capsys, "--db", str(db), "--today", TODAY, *args)


def test_a_second_notice_for_the_same_items_needs_yes(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = str(tmp_path / "out")
    assert sv(capsys, demo_db, "notice", "--unit", "卫健委", "--out", out)[0] == 0
    code, stdout, err = sv(capsys, demo_db, "notice", "--unit", "卫健委", "--out", out)
    assert code != 0 and stdout == ""
    assert "县卫健委已收到这些事项的督办通知：示妇儿工委办〔2026〕1号（今天发" in err and "--yes" in err
    assert re.search(r"其中\d+项与这次相同）", err)  # a walk-through could not read 「含其中1项」
    code, stdout, _ = sv(capsys, demo_db, "register", "--json")
    assert len(json.loads(stdout)) == 1  # no number taken
    code, stdout, err = sv(capsys, demo_db, "notice", "--unit", "卫健委", "--out", out, "--yes")
    assert code == 0 and "〔2026〕2号" in stdout and "注意：县卫健委已收到" in err
    code, _, err = sv(capsys, demo_db, "notice", "--unit", "民政局", "--out", out)
    assert code == 0 and "已收到" not in err  # another unit: no warning


def test_an_undone_batch_is_void_in_the_register_and_its_files_move(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code, stdout, _ = sv(capsys, demo_db, "notice", "--all", "--out", str(out))
    assert code == 0 and len(list(out.glob("*.docx"))) == 11  # ten notices and the print file
    assert sv(capsys, demo_db, "undo")[0] == 0
    assert list(out.glob("*.docx")) == [] and len(list((out / "作废").glob("*.docx"))) == 11
    code, stdout, _ = sv(capsys, demo_db, "register")
    lines = [line for line in stdout.splitlines() if "〔2026〕" in line]
    assert len(lines) == 10 and all("  作废  " in line for line in lines)
    assert "10个文号已作废（撤销了生成" in stdout and "中断" not in stdout
    code, _, err = sv(capsys, demo_db, "receipt", "record", lines[0].split()[0], "--text", "已办")
    assert code != 0 and "已作废" in err  # a voided notice has no 回执 to record (walk-through: it was accepted)
    code, _, err = sv(capsys, demo_db, "redo")
    assert code != 0 and "撤销时文号已作废" in err
    code, stdout, _ = sv(capsys, demo_db, "notice", "--unit", "卫健委", "--out", str(out))
    assert code == 0 and "〔2026〕11号" in stdout  # void numbers are never given again; no repeat warning
    assert sv(capsys, demo_db, "check")[0] == 0


def test_a_receipt_recorded_without_date_or_progress_flags_takes_the_stores_defaults(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same defaults as the TUI form (issue 13): the date is today; a receipt that says something becomes
    progress (store.commands.receipts.progress_by_default); --no-progress keeps it out; an empty one just 已回."""
    code, stdout, _ = sv(capsys, demo_db, "notice", "--all", "--out", str(tmp_path / "out"), "--json")
    numbers = {d["unit_ids"][0]: d["number"] for d in json.loads(stdout)["dispatches"]}
    units = {u["name"]: u["id"] for u in json.loads(sv(capsys, demo_db, "unit", "list", "--json")[1])}
    wjw, mzj, fl = (numbers[units[name]] for name in ("县卫健委", "县民政局", "县妇联"))
    code, stdout, err = sv(capsys, demo_db, "receipt", "record", wjw, "--by", "刘芳", "--text", "已开展专项行动")
    assert code == 0, err
    assert f"（县卫健委，{TODAY}）" in stdout and "已登记为进展：" in stdout
    code, stdout, _ = sv(capsys, demo_db, "show", "2026-07", "--json")
    assert "已开展专项行动" in stdout
    code, stdout, err = sv(capsys, demo_db, "receipt", "record", mzj, "--text", "正在办理", "--no-progress")
    assert code == 0 and "已登记为进展" not in stdout and "receipt progress" in stdout, err
    code, stdout, err = sv(capsys, demo_db, "receipt", "record", fl)
    assert code == 0 and "已登记为进展" not in stdout, err


def test_a_receipt_file_is_checked_before_it_is_unpacked_and_refused_in_chinese(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import zipfile

    bomb = tmp_path / "回执-炸弹.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\0" * 30_000_000)  # 30 MB that packs to ~30 KB
    empty = tmp_path / "回执-空包.docx"
    with zipfile.ZipFile(empty, "w") as z:
        z.writestr("readme.txt", "不是 Word 文档")
    code, _, err = sv(capsys, demo_db, "receipt", "import", str(bomb))
    assert code != 0 and "解压后达 30 MB" in err and len(err.strip().splitlines()) == 1
    code, _, err = sv(capsys, demo_db, "receipt", "import", str(empty))
    assert code != 0 and "Package" not in err and "不是 Word 文档" in err and len(err.strip().splitlines()) == 1


def test_an_emoji_in_a_title_is_dropped_from_the_document_and_said_once(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """👍 has no glyph in the 公文 fonts (Word prints ☒): the rule is store.records.text.document_text."""
    from docx import Document

    from store.records.text import document_text

    assert document_text("开展👍专项行动✅") == "开展专项行动" and document_text("𠀀埇") == "𠀀埇"
    title = "开展冬季👍防溺水专项检查👍"
    code, stdout, err = sv(capsys, demo_db, "add", "--title", title, "--lead", "卫健委", "--due", "2026-11-30")
    assert code == 0, err
    code, stdout, err = sv(capsys, demo_db, "notice", "--unit", "卫健委", "--out", str(tmp_path / "out"), "--yes")
    assert code == 0, err
    assert stdout.count("已从文件中去掉：👍") == 1
    path = next((tmp_path / "out").glob("督办通知-县卫健委-*.docx"))
    doc = Document(str(path))
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for r in t.rows for c in r.cells
    )
    assert "开展冬季防溺水专项检查" in text and "👍" not in text


@pytest.mark.parametrize("kind", [("bulletin",), ("notice", "--unit", "卫健委")])
def test_a_paper_dated_on_a_day_off_says_so(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: tuple[str, ...]
) -> None:
    """A walk-through's bulletin was dated on a Sunday without a word; the notices said it in a batch only."""
    code, out, err = sv(capsys, demo_db, *kind, "--date", "2026-11-29", "--out", str(tmp_path))
    assert code == 0, err
    assert "注意：成文日期2026年11月29日是星期日，不是工作日；下一个工作日是2026年11月30日（星期一）" in out
    again = ("--yes",) if kind[0] == "notice" else ()  # the same items again: the notice asks to be sure
    code, out, err = sv(capsys, demo_db, *kind, "--date", "2026-11-30", "--out", str(tmp_path), *again)
    assert code == 0 and "成文日期" not in out, err


def test_a_bulletin_made_as_the_workbench_makes_it_says_its_date_is_a_day_off(demo_db: Path, tmp_path: Path) -> None:
    """Review: the workbench makes every paper through build_batch, which dropped a county-wide paper's notes."""
    from datetime import date

    from docx_templates.batch import build_batch
    from store.commands.repository import Repository

    repo = Repository.open(demo_db, today=date(2026, 11, 28))
    try:
        result = build_batch(repo, "bulletin", None, tmp_path, issue_date="2026-11-29")
    finally:
        repo.close()
    assert any(m.startswith("成文日期2026年11月29日是星期日") for m in result.messages), result.messages


def test_a_notice_says_the_status_as_a_sentence_does(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A walk-through's notice read 「目前签收」; in a sentence it is 「目前已签收」, 「目前正在办理」."""
    from docx import Document

    code, out, err = sv(
        capsys, demo_db, "notice", "--unit", "卫健委", "--scope", "open", "--out", str(tmp_path), "--json"
    )
    assert code == 0, err
    doc = Document(json.loads(out)["files"][0])
    text = "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells])
    assert re.search(r"目前(已签收|正在办理|已交办)", text), text
    assert not re.search(r"目前(签收|办理中|交办)", text)


def test_a_progress_note_typed_without_a_full_stop_ends_as_a_sentence() -> None:
    from store.records.text import sentence

    assert sentence("已完成摸底") == "已完成摸底。"
    assert sentence("已完成摸底。") == "已完成摸底。" and sentence("正在核实？") == "正在核实？" and sentence("") == ""

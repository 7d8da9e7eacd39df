"""`supervisor import-speech`: drafts printed, nothing saved without --yes, .txt and .docx input."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from supervisor import main
from tests.store.data.speeches import ARRANGEMENT, PROGRESS_MEETING


def test_drafts_are_printed_and_nothing_is_saved(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    speech = tmp_path / "讲话.txt"
    speech.write_text(PROGRESS_MEETING, encoding="utf-8")
    before = db.read_bytes()
    assert main(["--db", str(db), "import-speech", str(speech), "--date", "2026-03-15"]) == 0
    out = capsys.readouterr().out
    assert "共11条草稿：可导入9条，需处理2条" in out
    assert "单位「审计部门」" in out and "尚未保存" in out
    assert db.read_bytes() == before


def test_json_and_yes(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    speech = tmp_path / "arrangement.txt"
    speech.write_bytes(ARRANGEMENT.encode("gb18030"))  # saved by Notepad on a Chinese Windows
    assert main(["--db", str(db), "--json", "import-speech", str(speech), "--date", "2026-03-15"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["saved"] is None and len(data["drafts"]) == 5
    assert data["drafts"][0]["lead"] == "县统计局" and data["drafts"][0]["due"] == "2026-07-10"
    assert main(["--db", str(db), "import-speech", str(speech), "--date", "2026-03-15", "--yes"]) == 0
    assert "已导入5项" in capsys.readouterr().out
    assert main(["--db", str(db), "import-speech", str(speech), "--date", "2026-03-15"]) == 0
    assert "这篇讲话已经导入过" in capsys.readouterr().out
    assert main(["--db", str(db), "undo"]) == 0
    assert "导入讲话" in capsys.readouterr().out


def test_a_word_file(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from docx import Document

    doc = Document()
    for line in ARRANGEMENT.splitlines():
        doc.add_paragraph(line)
    path = tmp_path / "安排.docx"
    doc.save(str(path))
    assert main(["--db", str(db), "import-speech", str(path), "--date", "2026-03-15"]) == 0
    out = capsys.readouterr().out
    assert "会议：关于落实妇女儿童发展规划中期评估迎检工作的安排意见" in out and "共5条草稿" in out


def test_missing_file_is_one_line(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db), "import-speech", "nope.txt"]) == 1
    assert capsys.readouterr().err.strip().startswith("错误：找不到文件")


# ------------------------------------------------------------------ issue 12: real texts and task tables


@pytest.fixture
def county_db(tmp_path: Path) -> Path:
    """The county of the test corpus (tests/store/data/corpus.py), made through the repository."""
    from store.commands.repository import Repository
    from tests.store.data.corpus import add_county_units

    path = tmp_path / "county.json"
    repo = Repository.open(path, today=date(2026, 3, 1))
    add_county_units(repo)
    repo.close()
    return path


def saved_items(db: Path) -> list[tuple[str, str, list[str], str, str]]:
    """(title, lead, partners, due, requirement) of every item in the database, as the store holds them."""
    from store.commands.repository import Repository

    repo = Repository.open(db, today=date(2026, 3, 1))
    try:
        names = {u["id"]: u["name"] for u in repo.units()}
        out = []
        for item in repo.items():
            lead = next(a for a in item["assignments"] if a["role"] == "lead")
            partners = [names[a["unit_id"]] for a in item["assignments"] if a["role"] == "partner"]
            out.append((item["title"], names[lead["unit_id"]], partners, lead["due"], item["requirement"]))
        return out
    finally:
        repo.close()


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_a_task_table_with_shuffled_columns_imports_exactly(
    county_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    from tests.store.data.tables import EXPECTED, SHEET_TITLE, TITLE, UNKNOWN_PARTNER, write_docx, write_xlsx

    path = tmp_path / f"附件2{suffix}"  # the file name says nothing; the meeting is named from the text
    (write_docx if suffix == ".docx" else write_xlsx)(path)
    args = ["--db", str(county_db), "import-speech", str(path), "--date", "2026-03-15"]
    assert main(args) == 0
    out = capsys.readouterr().out
    title = TITLE if suffix == ".docx" else SHEET_TITLE
    assert f"会议：{title}（2026年3月15日）（取自文本标题" in out
    assert f"提示：配合单位「{UNKNOWN_PARTNER}」不在单位名录中" in out
    assert f"新增：supervisor unit add {UNKNOWN_PARTNER}" in out
    assert "期限：每月一次，首次2026年4月5日（“每月5日前”）" in out
    assert main(["--json", *args]) == 0
    drafts = [d for d in json.loads(capsys.readouterr().out)["drafts"] if d["origin"] == "table"]
    assert [(d["lead"], d["partners"], d["due"], d["due_kind"]) for d in drafts] == [
        (lead, partners, due, kind) for _, lead, partners, due, kind in EXPECTED
    ]
    assert main([*args, "--yes"]) == 0
    assert f"已导入{len(EXPECTED) + (suffix == '.docx')}项" in capsys.readouterr().out
    items = saved_items(county_db)
    table_items = [i for i in items if any(words in i[4] for words, *_ in EXPECTED)]
    assert [(lead, partners, due) for _, lead, partners, due, _ in table_items] == [
        (lead, partners, due) for _, lead, partners, due, _ in EXPECTED
    ]
    for (_, _, _, _, requirement), (words, *_) in zip(table_items, EXPECTED, strict=True):
        assert words in requirement


def test_general_drafts_unknown_names_and_recurring_deadlines(
    county_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.store.data.corpus import F13

    path = tmp_path / "讲话.txt"
    path.write_text(F13.text, encoding="utf-8")
    args = ["--db", str(county_db), "import-speech", str(path), "--date", F13.meeting]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "共5条草稿：可导入2条，需处理1条，一般要求2条（不导入）" in out
    assert "会议：全县食品安全工作会议（2026年3月20日）" in out
    assert out.count("] 牵头") == 5 and out.count("[一般要求]") == 2
    assert "说明：只是号召，没有具体任务，--yes 不导入" in out
    assert "期限：每季度一次，首次2026年3月31日（“每季度”）" in out
    assert "提示：配合单位「县城投公司」不在单位名录中，导入时不列入" in out
    assert "县疾控中心（第4条）  新增：supervisor unit add 县疾控中心" in out
    assert main([*args, "--yes"]) == 0
    out = capsys.readouterr().out
    assert "已导入2项" in out and "未导入：第1、4、5条" in out
    assert [(lead, partners) for _, lead, partners, *_ in saved_items(county_db)] == [
        ("县市场监管局", []),
        ("县市场监管局", []),
    ]
    # The advice works: add the unknown lead, run again, and its draft is ready.
    assert main(["--db", str(county_db), "unit", "add", "县疾控中心"]) == 0
    assert main(["--db", str(county_db), "--json", *args[2:]]) == 0
    data = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert data["drafts"][3]["lead"] == "县疾控中心" and data["drafts"][3]["ready"]


def test_json_keeps_the_old_draft_fields_and_adds_the_new(
    county_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.store.data.corpus import F13

    path = tmp_path / "讲话.txt"
    path.write_text(F13.text, encoding="utf-8")
    assert main(["--db", str(county_db), "--json", "import-speech", str(path), "--date", F13.meeting]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["suggested_title"] == "在全县食品安全工作会议上的讲话"  # the title line as written
    assert data["meeting_title"] == "全县食品安全工作会议"  # the meeting it names
    old = {"index", "source", "subject", "title", "lead", "partners", "unknown", "due", "due_phrase", "ready"}
    new = {"span", "origin", "general", "collective_word", "narrowed", "due_kind", "recurrence", "problems", "notices"}
    for draft in data["drafts"]:
        assert old | new <= set(draft)
    first, second, fourth = data["drafts"][0], data["drafts"][1], data["drafts"][3]
    assert first["general"] and not first["ready"]
    assert second["notices"] and second["unknown"] == ["县城投公司"] and second["ready"]
    assert second["source"][slice(*second["span"])] == "县市场监管局要"
    assert (fourth["due_kind"], fourth["recurrence"]) == ("recurring", "quarterly")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_text_files_in_every_encoding_offices_save(
    county_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], encoding: str
) -> None:
    path = tmp_path / "纪要.txt"
    path.write_bytes("关于秋季开学工作的会议纪要\n县教育局要在8月底前完成校舍安全排查。\n".encode(encoding))
    assert main(["--db", str(county_db), "import-speech", str(path), "--date", "2026-07-01"]) == 0
    out = capsys.readouterr().out
    assert "会议：秋季开学工作会议" in out and "牵头：县教育局" in out and "2026年8月31日" in out

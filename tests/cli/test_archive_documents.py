"""年度台账 and the documents of the year (issue 14, 11): a year's 回执 go to its archive with their notices, and
restore never lets an id or an item number be given twice across the working file and the archives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from store.commands.repository import Repository
from store.storage.archive import archive_path
from store.storage.database import read_data
from tests.cli.test_cli import run

NOW = "2026-11-28"


def sv(capsys: pytest.CaptureFixture[str], db: Path, today: str, *args: str) -> tuple[int, str, str]:
    return run(capsys, "--db", str(db), "--today", today, *args)


@pytest.fixture
def last_year(demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The demo county with three items of 2025, a 督办通知 of 2025 (receipt never returned), all finished."""
    for n in (1, 2, 3):
        assert (
            sv(
                capsys,
                demo_db,
                "2025-05-01",
                "add",
                "--title",
                f"去年事项{n}",
                "--lead",
                "卫健委",
                "--due",
                "2025-06-03",
            )[0]
            == 0
        )
    out = tmp_path / "out"
    code, _, err = sv(capsys, demo_db, "2025-05-06", "notice", "--unit", "卫健委", "--scope", "open", "--out", str(out))
    assert code == 0, err
    for n in (1, 2, 3):
        assert sv(capsys, demo_db, "2025-05-10", "done", f"2025-0{n}", "--unit", "卫健委")[0] == 0
    return demo_db


def receipt_rows(capsys: pytest.CaptureFixture[str], db: Path) -> list[dict[str, object]]:
    code, out, err = sv(capsys, db, NOW, "receipt", "list", "--json")
    assert code == 0, err
    return list(json.loads(out))


def test_archiving_a_year_takes_its_receipts_along(last_year: Path, capsys: pytest.CaptureFixture[str]) -> None:
    number = "示妇儿工委办〔2025〕1号"
    assert [r["doc_number"] for r in receipt_rows(capsys, last_year)] == [number]
    code, out, _ = sv(capsys, last_year, NOW, "archive", "2025")
    assert code == 0 and "1份回执未收回，随通知归档" in out
    assert receipt_rows(capsys, last_year) == []  # no longer 逾期未回 for ever
    assert len(read_data(archive_path(last_year, 2025))["receipts"]) == 1
    code, _, err = sv(capsys, last_year, NOW, "receipt", "record", number, "--date", NOW, "--by", "刘芳")
    assert code != 0 and "已随2025年度台账归档" in err
    code, out, _ = sv(capsys, last_year, NOW, "message", "--all")
    assert "〔2025〕1号" not in out
    code, out, _ = sv(capsys, last_year, NOW, "register", "--year", "2025")
    assert number in out
    assert sv(capsys, last_year, NOW, "check")[0] == 0
    assert sv(capsys, last_year, NOW, "undo")[0] == 0  # one undo step brings the receipt back too
    assert [r["doc_number"] for r in receipt_rows(capsys, last_year)] == [number]


def test_check_names_a_receipt_whose_notice_is_nowhere_or_archived_without_it(
    last_year: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert sv(capsys, last_year, NOW, "archive", "2025")[0] == 0
    repo = Repository.open(last_year, today=__import__("datetime").date(2026, 11, 28))
    receipt = next(iter(repo.database.archives.data(2025)["receipts"].values()))
    with repo.transaction("旧版归档留下的回执", "test"):  # what an archive made before this change left behind
        repo._put("receipts", 50, receipt)
        repo._put("receipts", 51, {**receipt, "dispatch_id": 999})
    repo.close()
    code, out, _ = sv(capsys, last_year, NOW, "check")
    assert code != 0
    assert "回执却留在工作文件中" in out and "supervisor archive 2025" in out
    assert "发文记录999）不在发文登记簿中" in out
    code, out, err = sv(capsys, last_year, NOW, "archive", "2025")  # running it again settles the old one
    assert code == 0, err
    code, out, _ = sv(capsys, last_year, NOW, "check")
    assert "回执却留在工作文件中" not in out


def test_restore_after_an_undone_archive_loses_nothing(last_year: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """archive → backup → undo (the emptied archive file is deleted) → restore without replay: the items the
    backup does not hold go back to their 年度台账."""
    assert sv(capsys, last_year, NOW, "archive", "2025")[0] == 0
    assert sv(capsys, last_year, NOW, "backup")[0] == 0
    assert sv(capsys, last_year, NOW, "undo")[0] == 0
    assert not archive_path(last_year, 2025).exists()
    for flags in (("--no-replay",), ()):
        code, out, err = sv(capsys, last_year, NOW, "restore", *flags)
        assert code == 0, err
        code, out, _ = sv(capsys, last_year, NOW, "list", "--year", "2025", "--json")
        assert sorted(i["number"] for i in json.loads(out)) == ["2025-01", "2025-02", "2025-03"]
        code, out, _ = sv(capsys, last_year, NOW, "check")
        assert code == 0, out


@pytest.mark.parametrize("replay", [True, False])
def test_restore_never_gives_an_archived_id_or_number_again(
    last_year: Path, capsys: pytest.CaptureFixture[str], replay: bool
) -> None:
    """backup → add and finish 2025-04 → archive 2025 → restore → add: a new id and a new number."""
    assert sv(capsys, last_year, "2025-11-28", "backup")[0] == 0
    assert (
        sv(capsys, last_year, "2025-11-28", "add", "--title", "新加", "--lead", "卫健委", "--due", "2025-12-01")[0] == 0
    )
    assert sv(capsys, last_year, "2025-11-28", "done", "2025-04", "--unit", "卫健委")[0] == 0
    assert sv(capsys, last_year, NOW, "archive", "2025")[0] == 0
    archived_id = next(
        k for k, v in read_data(archive_path(last_year, 2025))["items"].items() if v["number"] == "2025-04"
    )
    code, _, err = sv(capsys, last_year, NOW, "restore", *(() if replay else ("--no-replay",)))
    assert code == 0, err
    code, out, err = sv(
        capsys, last_year, "2025-11-29", "add", "--title", "再加", "--lead", "卫健委", "--due", "2025-12-01"
    )
    assert code == 0 and "2025-05" in out, err
    working = read_data(last_year)["items"]
    assert archived_id not in working
    code, out, _ = sv(capsys, last_year, NOW, "show", "2025-04", "--json")
    assert json.loads(out)["title"] == "新加"
    assert sv(capsys, last_year, NOW, "archive", "--back", "2025-04")[0] == 0  # the next write to that archive
    code, out, _ = sv(capsys, last_year, NOW, "list", "--year", "2025", "--json")
    assert {"2025-04", "2025-05"} <= {i["number"] for i in json.loads(out)}
    code, out, _ = sv(capsys, last_year, NOW, "check")
    assert code == 0, out


@pytest.fixture
def meeting_2025(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A 2025 meeting that assigned three items: two finished in 2025, one still open (it stays in the working file)."""
    code, _, err = sv(
        capsys, demo_db, "2025-03-10", "meeting", "add", "--title", "二〇二五年全体会议", "--date", "2025-03-10"
    )
    assert code == 0, err
    for n, lead in ((1, "卫健委"), (2, "教育局"), (3, "民政局")):
        args = (
            "add",
            "--title",
            f"会议事项{n}",
            "--lead",
            lead,
            "--due",
            "2025-06-30",
            "--meeting",
            "二〇二五年全体会议",
        )
        assert sv(capsys, demo_db, "2025-03-11", *args)[0] == 0
    for n, lead in ((1, "卫健委"), (2, "教育局")):
        assert sv(capsys, demo_db, "2025-05-10", "done", f"2025-0{n}", "--unit", lead)[0] == 0
    return demo_db


def docx_text(path: Path) -> str:
    from docx import Document

    doc = Document(str(path))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def made(capsys: pytest.CaptureFixture[str], db: Path, out: Path, *args: str) -> str:
    """Make one document and give its text."""
    code, printed, err = sv(capsys, db, NOW, *args, "--out", str(out), "--json")
    assert code == 0, err
    return docx_text(Path(json.loads(printed)["files"][0]))


def test_a_meetings_papers_count_its_archived_items(
    meeting_2025: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A walk-through archived 2025 and got the 2025 meeting's bulletin and review short of its finished items."""
    from docx_templates.bulletin import plan_bulletin
    from docx_templates.review import plan_review

    def plans() -> tuple[list[str], list[tuple[str, object]], list[dict[str, object]]]:
        repo = Repository.open(meeting_2025, today=__import__("datetime").date(2026, 11, 28))
        meeting = repo.resolve_meeting("二〇二五年全体会议")["id"]
        bulletin = plan_bulletin(repo, meeting_id=meeting)
        review = plan_review(repo, meeting)
        repo.close()
        return bulletin.meetings_text, bulletin.rates, [dict(r) for r in review.rows]

    before = plans()
    review_before = made(capsys, meeting_2025, tmp_path / "a", "review", "--meeting", "二〇二五年全体会议")
    assert "共有督办事项3项" in review_before and "按期办结2项" in review_before
    code, out, _ = sv(capsys, meeting_2025, NOW, "archive", "2025")
    assert code == 0 and "2项已办结事项" in out
    assert plans() == before  # the same figures, rows and rates as before the two finished items moved
    review_after = made(capsys, meeting_2025, tmp_path / "b", "review", "--meeting", "二〇二五年全体会议")
    assert "共有督办事项3项" in review_after and "按期办结2项" in review_after and "会议事项1" in review_after
    bulletin = made(capsys, meeting_2025, tmp_path / "c", "bulletin", "--meeting", "二〇二五年全体会议")
    assert "共确定督办事项3项" in bulletin and "已办结2项，占66.7%" in bulletin


def test_a_bulletin_of_a_year_reads_its_archive(
    meeting_2025: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The county-wide bulletin is about the meetings with current work, each counted whole; `--year 2025` is that
    year's, its archive included."""
    assert sv(capsys, meeting_2025, NOW, "archive", "2025")[0] == 0
    of_year = made(capsys, meeting_2025, tmp_path / "a", "bulletin", "--year", "2025")
    assert "关于2025年督办事项办理情况的通报" in of_year and "共确定督办事项3项" in of_year and "已办结2项" in of_year
    current = made(capsys, meeting_2025, tmp_path / "b", "bulletin")
    # a walk-through: the plain bulletin said the meeting had assigned 3 items (those still open) instead of 12
    assert "关于督办事项办理情况的通报" in current and "二〇二五年全体会议共确定督办事项3项" in current
    code, _, err = sv(capsys, meeting_2025, NOW, "bulletin", "--year", "2030", "--out", str(tmp_path / "c"))
    assert code != 0 and "不晚于今年" in err


def test_a_year_bulletin_keeps_to_its_year_and_takes_no_number_it_cannot_fill(
    last_year: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Review: a 2026 bulletin named a 2025 notice's late 回执; a year with no items and a meeting with a year
    each took a 文号 for a misleading or empty bulletin."""
    number = "示妇儿工委办〔2025〕1号"
    assert number in made(capsys, last_year, tmp_path / "a", "bulletin", "--year", "2025")
    assert number not in made(capsys, last_year, tmp_path / "b", "bulletin", "--year", "2026")
    code, out, _ = sv(capsys, last_year, NOW, "register", "--year", "2026", "--json")
    taken = len(json.loads(out))
    for args, words in (
        (("--year", "2023"), "2023年没有督办事项"),
        (("--year", "2026", "--meeting", "1"), "不能再限定年度"),
    ):
        code, _, err = sv(capsys, last_year, NOW, "bulletin", *args, "--out", str(tmp_path / "c"))
        assert code != 0 and words in err
    code, out, _ = sv(capsys, last_year, NOW, "register", "--year", "2026", "--json")
    assert len(json.loads(out)) == taken

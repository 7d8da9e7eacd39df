"""Issue 11, point 2: `list` fits its page (COLUMNS, or 100 columns when piped); --wide and --json keep every word."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from store.records.text import display_width
from supervisor import main

LONG = "在全县范围内开展妇女儿童权益保障专项督查，" * 12  # a title of 252 characters


def _list(db: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    capsys.readouterr()
    assert main(["--db", str(db), "--today", "2026-11-28", "list", *extra]) == 0
    return capsys.readouterr().out


@pytest.fixture
def long_db(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    args = ["--db", str(demo_db), "--today", "2026-11-28", "add", "--title", LONG, "--lead", "卫健委"]
    assert main([*args, "--partner", "妇联", "--partner", "民政局", "--due", "2026-12-20"]) == 0
    return demo_db


def test_piped_list_fits_100_columns(long_db: Path, capsys: pytest.CaptureFixture[str], monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("COLUMNS", raising=False)
    out = _list(long_db, capsys)
    assert max(display_width(line) for line in out.splitlines()) <= 100
    assert "在全县范围内" in out and "…" in out


@pytest.mark.parametrize("columns", [80, 120])
def test_list_fits_columns(long_db: Path, capsys: pytest.CaptureFixture[str], monkeypatch, columns: int) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COLUMNS", str(columns))
    out = _list(long_db, capsys)
    assert max(display_width(line) for line in out.splitlines()) <= columns
    assert ("配合" in out) == (columns >= 100), "the partners column goes first when the page is narrow"


def test_wide_and_json_keep_the_whole_title(long_db: Path, capsys: pytest.CaptureFixture[str], monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COLUMNS", "80")
    assert LONG in _list(long_db, capsys, "--wide")
    capsys.readouterr()
    assert main(["--db", str(long_db), "--json", "--today", "2026-11-28", "list"]) == 0
    assert LONG in [row["title"] for row in json.loads(capsys.readouterr().out)]


def test_a_search_that_finds_nothing_suggests_the_unit(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert "没有符合条件的督办事项。是不是：县卫健委？" in _list(demo_db, capsys, "--search", "卫建委")


def test_at_80_columns_numbers_stay_whole_and_titles_readable(
    demo_db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Walk-through: at 80 columns `2026-651` became `2026-6…` and titles kept 5 characters; the number is what
    every other command takes, so it is never cut, and 配合 gives way before the title does."""
    for n in range(100):  # three-digit sequence numbers
        args = ["--db", str(demo_db), "--today", "2026-11-28", "add", "--title", f"第{n}项：核对台账并报送进展"]
        assert main([*args, "--lead", "卫健委", "--partner", "妇联", "--due", "2026-12-20"]) == 0
    monkeypatch.setenv("COLUMNS", "80")
    out = _list(demo_db, capsys, "--unit", "卫健委")
    assert "2026-112" in out and "2026-1…" not in out
    assert "第99项：核对台账并报…" in out  # 9 characters of the title
    assert max(display_width(line) for line in out.splitlines()) <= 80
    assert "办结（逾期办结）" not in out


def test_done_for_one_unit_says_who_has_not_finished(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["--db", str(demo_db), "--today", "2026-11-28", "done", "2026-07", "--unit", "卫健委"]) == 0
    out = capsys.readouterr().out
    assert "已登记办结：2026-07" in out and "尚未办结的承办单位：县妇联、县民政局" in out


@pytest.mark.parametrize(("typed", "said"), [("lst", "是不是：list？"), ("notise", "是不是：notice？"), ("xyz", "")])
def test_a_mistyped_command_gets_a_suggestion(typed: str, said: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as ended:
        main([typed])
    err = capsys.readouterr().err
    assert ended.value.code == 2 and f"没有「{typed}」这个命令" in err and said in err and "'demo'" not in err


@pytest.mark.parametrize("columns", [80, 100, 120])
def test_the_unit_board_fits_the_terminal(
    demo_db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    """Walk-through: `board --by 单位` was 110 columns wide on the sample county (379 on a big database, every
    overdue number on one line); columns give way and the numbers end in 等N项."""
    assert main(["--db", str(demo_db), "unit", "add", "县审计局"]) == 0
    for n in range(6):  # one unit with six overdue items
        args = ["--db", str(demo_db), "--today", "2026-11-28", "add", "--title", f"逾期{n}", "--lead", "审计局"]
        assert main([*args, "--due", "2026-11-02"]) == 0
    monkeypatch.setenv("COLUMNS", str(columns))
    capsys.readouterr()
    assert main(["--db", str(demo_db), "--today", "2026-11-28", "board", "--by", "单位"]) == 0
    out = capsys.readouterr().out
    assert max(display_width(line) for line in out.splitlines()) <= columns
    assert "等6项" in out and "按期办结率" in out

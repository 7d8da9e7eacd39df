"""`supervisor archive`, `show` of an archived number, `list/board --year`, `check` with archives, and the fast
exit of a command process (output flushed, file whole, lock released)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from bench.make_db import write_db
from store.storage.archive import archive_path
from supervisor import main

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 28)


@pytest.fixture(autouse=True)
def _plain_output(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")


@pytest.fixture
def bench(tmp_path: Path) -> Path:
    path = tmp_path / "db.json"
    write_db(path, 200, seed=11, today=TODAY, archive=False)  # everything in the working file, to archive here
    return path


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_archive_a_year_then_show_list_board_and_check_find_it(bench: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, bench, "archive")
    assert code == 0 and "supervisor archive 2012" in out
    code, out, _ = run(capsys, bench, "archive", "2012")
    assert code == 0 and "已归档2012年度台账" in out and archive_path(bench, 2012).exists()
    assert "照样计入已归档的事项" in out and "bulletin --year" in out  # the year's papers can still be made
    code, out, _ = run(capsys, bench, "--json", "list", "--year", "2012")
    archived = [r["number"] for r in json.loads(out)]
    assert archived
    code, out, _ = run(capsys, bench, "--json", "list")
    assert not set(archived) & {r["number"] for r in json.loads(out)}  # the working set only
    number = archived[0]
    code, out, _ = run(capsys, bench, "show", number)
    assert code == 0 and "已归入2012年度台账" in out and number in out
    code, _, err = run(capsys, bench, "done", number)
    assert code == 1 and "2012年度台账" in err and "archive --back" in err
    code, out, _ = run(capsys, bench, "--json", "board", "--year", "2012")
    assert code == 0 and sum(b["assigned"] for b in json.loads(out)) > 0
    # a walk-through could not tell archived rows in `list --year`, nor that plain `board` leaves them out
    code, out, _ = run(capsys, bench, "list", "--year", "2012")
    assert code == 0 and f"其中{len(archived)}项已归入年度台账" in out
    code, out, _ = run(capsys, bench, "board")
    assert code == 0 and "注：只统计工作台账中的事项" in out
    code, out, _ = run(capsys, bench, "check")
    assert code == 0 and "年度台账1个（2012—2012年）" in out
    code, out, _ = run(capsys, bench, "undo")
    assert code == 0 and "已撤销：归档2012年度台账" in out and not archive_path(bench, 2012).exists()


def test_archive_without_a_year_says_what_it_is_for_when_there_is_nothing_to_archive(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The sample county has this year's items only: before, all `archive` said was "还没有年度台账"."""
    db = tmp_path / "demo.json"
    assert main(["--db", str(db), "--today", TODAY.isoformat(), "demo"]) == 0
    capsys.readouterr()
    code, out, _ = run(capsys, db, "archive")
    assert code == 0 and "supervisor archive 年份" in out and "现在没有可以归档的事项" in out
    assert "今年（2026年）的事项明年才能归档" in out and "未办结" not in out
    # a January later, with last year's work not all finished (a walk-through read the old line as wrong)
    code, out, _ = run(capsys, db, "--today", "2027-01-10", "archive")
    assert code == 0 and "可归档：2026年有2项已办结事项" in out and "往年还有10项未办结，留在工作台账中" in out


def test_archive_refuses_this_year_and_a_bad_year_range(bench: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, bench, "archive", "2026")
    assert code == 1 and "只能归档往年" in err
    code, _, err = run(capsys, bench, "list", "--year", "2020-2019")
    assert code == 1 and "年份应写成" in err


def test_a_command_process_exits_with_its_output_flushed_and_the_lock_released(bench: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SUPERVISOR_TODAY": TODAY.isoformat(), "NO_COLOR": "1"}
    command = [sys.executable, str(ROOT / "supervisor.py"), "--db", str(bench)]
    added = subprocess.run(
        [*command, "add", "--title", "退出前写完", "--lead", "卫健委", "--due", "2026-12-20"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
    )
    assert added.returncode == 0 and added.stdout.startswith("已新增督办事项")
    number = added.stdout.split()[1].rstrip("：").split("：")[0]
    piped = subprocess.run(  # a reader that stops early: still a clean exit
        f'"{sys.executable}" "{ROOT / "supervisor.py"}" --db "{bench}" list | head -1',
        shell=True,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
    )
    assert piped.returncode == 0 and piped.stdout.count("\n") == 1
    shown = subprocess.run([*command, "--json", "show", number], capture_output=True, text=True, env=env)
    assert shown.returncode == 0 and json.loads(shown.stdout)["title"] == "退出前写完"
    again = subprocess.run(  # the lock was released: a second writer gets it at once
        [*command, "ack", number], capture_output=True, text=True, encoding="utf-8", env=env
    )
    assert again.returncode == 0, again.stderr

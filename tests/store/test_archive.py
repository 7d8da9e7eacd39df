"""年度台账 (store.storage.archive, store.commands.archive): moving an earlier year's finished items to their own
file, one undo step, a crash between the two files repaired at start-up, and the commands that read archives
(check, export, show) while the working-set commands never do."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import orjson
import pytest

from bench.make_db import write_db
from store.commands.repository import Repository
from store.errors import NotFoundError
from store.exchange.files import export, import_file
from store.storage import integrity
from store.storage.archive import Archives, archive_path, marker_path
from store.storage.database import history_path, read_data

TODAY = date(2026, 11, 28)
REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def bench(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "db.json"
    write_db(path, 300, seed=5, today=TODAY, archive=False)  # everything in the working file, to archive here
    return path


def numbers(path: Path) -> set[str]:
    return {doc["number"] for doc in read_data(path)["items"].values()}


def test_archive_moves_a_years_finished_items_and_dispatches_in_one_undo_step(bench: Path) -> None:
    repo = Repository.open(bench, today=TODAY)
    old = [i for i in repo.items() if i["year"] == 2012]
    finished = {
        i["number"] for i in old if all(a["status"] in ("done", "closed", "cancelled") for a in i["assignments"])
    }
    done = repo.archive_year(2012)
    assert done["items"] == len(finished) > 0 and done["dispatches"] > 0
    assert not finished & {i["number"] for i in repo.items()}
    assert finished == {i["number"] for i in repo.archived_items([2012])}
    repo.close()
    assert not finished & numbers(bench)
    assert finished == numbers(archive_path(bench, 2012))
    assert all(d["year"] == 2012 for d in read_data(archive_path(bench, 2012))["dispatches"].values())

    repo = Repository.open(bench, today=TODAY)
    assert repo.undo().startswith("归档2012年度台账")
    assert finished <= {i["number"] for i in repo.items()}
    assert not archive_path(bench, 2012).exists()  # nothing left in it
    repo.redo()
    assert finished == {i["number"] for i in repo.archived_items([2012])}
    assert integrity.check(repo)["ok"]
    repo.close()


def test_only_earlier_years_can_be_archived_and_open_items_stay(bench: Path) -> None:
    repo = Repository.open(bench, today=TODAY)
    with pytest.raises(Exception, match="只能归档往年"):
        repo.archive_year(2026)
    for year in range(2007, 2026):
        repo.archive_year(year)
    assert all(
        i["year"] == 2026 or any(a["status"] not in ("done", "closed", "cancelled") for a in i["assignments"])
        for i in repo.items()
    )
    item = repo.add_item("归档之后新增的事项", "卫健委", "2026-12-20")
    assert item["number"].startswith("2026-")
    report = integrity.check(repo)
    assert report["ok"], report["problems"]
    archived = report["counts"]["archived_items"]
    assert archived > 200 and report["counts"]["items"] + archived == 301  # working-file items, archived apart
    repo.close()


def test_working_set_commands_never_read_an_archive(bench: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = Repository.open(bench, today=TODAY)
    repo.archive_year(2015)
    repo.close()

    def refuse(self: Archives, year: int) -> object:
        raise AssertionError(f"archive {year} read by a working-set command")

    monkeypatch.setattr(Archives, "data", refuse)
    repo = Repository.open(bench, today=TODAY)
    item = repo.add_item("新事项", "卫健委", "2026-12-20")
    repo.remind(item["number"])
    from store.views import board

    board.board_by_unit(repo.items(), repo.policy(), repo.units_by_id())
    archived_number = "2015-01"
    with pytest.raises(NotFoundError, match="2015年度台账"):  # says where it went, from the file name alone
        repo.acknowledge(archived_number)
    repo.close()


CHILD = """
import os, sys
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from store.storage import database
from store.commands.archive import is_finished
from store.commands.repository import Repository
db = Path(sys.argv[2]).absolute()
real = database.atomic_write
writes = []
def crash_after(path, payload):
    real(path, payload)
    writes.append(Path(path).name)
    if writes[-1] == sys.argv[4]:
        os._exit(9)  # as if the power went: nothing after this write happens
database.atomic_write = crash_after
repo = Repository.open(db, today=__import__("datetime").date(2026, 11, 28))
if sys.argv[3] == "archive":
    repo.archive_year(2013)
else:
    repo.take_back("2013-01")
"""


def _crash(db: Path, command: str, after: str) -> None:
    child = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(CHILD), str(REPO_ROOT), str(db), command, after], check=False
    )
    assert child.returncode == 9


@pytest.mark.skipif(os.name == "nt", reason="os._exit in a child stands for the crash")
def test_a_crash_after_the_archive_file_is_repaired_at_start_up(bench: Path) -> None:
    before = numbers(bench)
    _crash(bench, "archive", archive_path(bench, 2013).name)  # archive written, working file not
    assert marker_path(bench).exists()
    twice = numbers(archive_path(bench, 2013)) & numbers(bench)
    assert twice  # the crash left them in both files
    repo = Repository.open(bench, today=TODAY)  # start-up: the working copy wins
    assert not marker_path(bench).exists()
    assert numbers(bench) == before and not numbers(archive_path(bench, 2013)) & before
    assert [e["label"] for e in repo.history()][-1] != "归档2013年度台账"  # never committed
    report = integrity.check(repo)
    assert report["ok"], report["problems"]
    repo.archive_year(2013)  # and it can be done again
    repo.close()
    assert twice <= numbers(archive_path(bench, 2013))


@pytest.mark.skipif(os.name == "nt", reason="os._exit in a child stands for the crash")
def test_a_crash_while_taking_an_item_back_keeps_it_once(bench: Path) -> None:
    repo = Repository.open(bench, today=TODAY)
    repo.archive_year(2013)
    repo.close()
    _crash(bench, "back", bench.name)  # working file written (the item is back), archive not yet
    assert "2013-01" in numbers(bench) and "2013-01" in numbers(archive_path(bench, 2013))
    repo = Repository.open(bench, today=TODAY)
    assert "2013-01" not in numbers(archive_path(bench, 2013))
    assert repo.item("2013-01")["number"] == "2013-01"
    assert repo.history()[-1]["label"] == "从2013年度台账取回事项 2013-01"  # committed: it can be undone
    repo.undo()
    assert "2013-01" in {i["number"] for i in repo.archived_items([2013])}
    assert integrity.check(repo)["ok"]
    repo.close()


def test_check_reads_every_archive_and_reports_a_broken_one(bench: Path) -> None:
    repo = Repository.open(bench, today=TODAY)
    repo.archive_year(2009)
    repo.archive_year(2010)
    repo.close()
    archive_path(bench, 2010).write_bytes(b"{broken")
    repo = Repository.open(bench, today=TODAY)
    report = integrity.check(repo)
    assert not report["ok"]
    assert any(p.startswith("2010年度台账无法读取") for p in report["problems"])
    assert report["counts"]["archives"] == [2009, 2010] and report["counts"]["archived_items"] > 0
    repo.close()


def test_export_holds_archived_items_and_imports_whole(bench: Path, tmp_path: Path) -> None:
    repo = Repository.open(bench, today=TODAY)
    repo.archive_year(2011)
    export(repo, "json", tmp_path / "all.json")
    export(repo, "xlsx", tmp_path / "all.xlsx")
    preview = import_file(repo, tmp_path / "all.xlsx", apply=False)  # archived numbers are known, not new
    assert [str(e) for e in preview.errors] == []
    assert preview.counts["items"]["new"] == 0
    repo.close()
    document = orjson.loads((tmp_path / "all.json").read_bytes())
    assert len(document["tables"]["items"]) == 300
    empty = Repository.open(tmp_path / "empty.json", today=TODAY)
    import_file(empty, tmp_path / "all.json", apply=True)
    assert len(empty.items()) == 300
    empty.close()


def test_the_history_log_carries_each_move_once(bench: Path) -> None:
    repo = Repository.open(bench, today=TODAY)
    done = repo.archive_year(2008)
    repo.close()
    last = orjson.loads(history_path(bench).read_bytes().splitlines()[-1])
    assert last["command"] == "archive" and len(last["changes"]) == done["items"] + done["dispatches"]
    assert all(c["archive"] == 2008 and c["after"] is None and c["before"] for c in last["changes"])

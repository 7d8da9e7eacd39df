"""The benchmark generator writes a database the program accepts: `check` passes, its Excel export imports
into an empty database without a row error, and its history log can be undone."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bench.make_db import write_db
from store.commands.repository import Repository
from store.exchange.files import export, import_file
from store.records.model import OPEN_STATUSES
from store.storage import integrity

TODAY = date(2026, 11, 28)


def test_generated_database_passes_check_and_round_trips(tmp_path: Path) -> None:
    made = write_db(tmp_path / "bench.json", 300, seed=3, today=TODAY)
    assert made["items"] == 300
    assert made["open"] == 15  # 5% open

    repo = Repository.open(tmp_path / "bench.json", today=TODAY)
    try:
        report = integrity.check(repo)
        assert report["ok"], report["problems"]
        assert report["counts"]["units"] == 60
        items = repo.items_of_years(None)  # the working file and the 年度台账 of earlier years
        assert {i["year"] for i in items} == set(range(2007, 2027))  # twenty years
        assert len(repo.items()) < 100 and repo.archive_years() == list(range(2007, 2026))
        for item in items:
            assert item["meeting_id"] is not None
            meeting = repo.meeting(item["meeting_id"])
            for share in item["assignments"]:
                assert meeting["date"] <= share["assigned_on"] <= share["due"]
                assert max(share["done_on"], share["closed_on"], share["acknowledged_on"]) <= TODAY.isoformat()
        assert any(r["value"] is not None for i in repo.indicators() for r in i["readings"])
        export(repo, "xlsx", tmp_path / "bench.xlsx")
        label = repo.undo()  # the history log holds the recent commands, consistent with the file
        assert label
        assert integrity.check(repo)["ok"]
    finally:
        repo.close()

    empty = Repository.open(tmp_path / "empty.json", today=TODAY)
    try:
        preview = import_file(empty, tmp_path / "bench.xlsx", apply=False)
    finally:
        empty.close()
    assert [str(e) for e in preview.errors] == []
    assert preview.counts["items"]["new"] == 300


def test_open_items_are_mostly_recent(tmp_path: Path) -> None:
    write_db(tmp_path / "bench.json", 400, seed=5, today=TODAY, history_days=0)
    repo = Repository.open(tmp_path / "bench.json", readonly=True, today=TODAY)
    try:
        open_items = [i for i in repo.items() if any(a["status"] in OPEN_STATUSES for a in i["assignments"])]
    finally:
        repo.close()
    assert len(open_items) == 20
    assert sum(i["year"] >= 2025 for i in open_items) >= 15

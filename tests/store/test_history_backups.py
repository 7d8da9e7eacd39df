"""Issue 11, point 5: backup names in the history's zone, extension labels by what happened, a crash after the two
log lines of the first save after an upgrade, and backups made durable (the copy and its folder fsynced)."""

from __future__ import annotations

import json
import os
import time
from datetime import datetime
from pathlib import Path

import orjson
import pytest

from store.calendar.dates import ZONE
from store.commands.repository import Repository
from store.demo.loader import load_demo
from store.storage.backups import backups_dir, make_backup
from supervisor import main

TODAY = "2026-11-28"


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    path = tmp_path / "db.json"
    repo = Repository.open(path)
    load_demo(repo)
    repo.close()
    return path


def _history(path: Path) -> Path:
    return path.with_name(path.stem + ".history.jsonl")


def test_backup_names_use_the_zone_the_history_shows(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The machine in UTC: history said 22:09 while the backup was named 142209."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        target = make_backup(demo_db, tag="test")
        assert target is not None
        named = datetime.strptime(target.name.split("-", 1)[1][:15], "%Y%m%d-%H%M%S").replace(tzinfo=ZONE)
        assert abs((datetime.now(ZONE) - named).total_seconds()) < 3600
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


@pytest.mark.parametrize(("extra", "label"), [(["--approved"], "批准延期"), ([], "申请延期")])
def test_history_names_an_extension_by_what_happened(
    demo_db: Path, capsys: pytest.CaptureFixture[str], extra: list[str], label: str
) -> None:
    db = ["--db", str(demo_db), "--today", TODAY]
    assert main([*db, "extend", "2026-11", "--unit", "统计局", "--to", "12月底", "--reason", "招标未完成", *extra]) == 0
    capsys.readouterr()
    assert main([*db, "history", "--limit", "1"]) == 0
    assert f"{label} 2026-11" in capsys.readouterr().out


def test_a_crash_after_the_migrate_and_do_lines_leaves_no_barrier(demo_db: Path) -> None:
    """The first save after an upgrade logs `migrate` then the command; a crash before the file is swapped leaves
    both lines past the file's number. Both are dropped at start-up — no false 'restore' barrier, undo still works."""
    data = json.loads(demo_db.read_text(encoding="utf-8"))
    committed = int(data["meta"]["1"]["history_seq"])
    table, (record_id, record) = "units", next(iter(data["units"].items()))
    changed = {**record, "phone": "0000-0000000"}
    log = _history(demo_db)
    with open(log, "ab") as f:
        f.write(orjson.dumps({"seq": committed + 1, "kind": "migrate", "label": "升级", "changes": []}) + b"\n")
        change = {"table": table, "id": int(record_id), "before": record, "after": changed}
        f.write(orjson.dumps({"seq": committed + 2, "kind": "do", "label": "改单位", "changes": [change]}) + b"\n")
    repo = Repository.open(demo_db)
    try:
        entries = repo.history()
        assert entries[-1]["seq"] == committed and all(e["kind"] != "restore" for e in entries)
        assert repo.can_undo()
    finally:
        repo.close()


def test_a_migrate_line_with_changes_is_not_taken_for_an_uncommitted_upgrade(demo_db: Path) -> None:
    data = json.loads(demo_db.read_text(encoding="utf-8"))
    committed = int(data["meta"]["1"]["history_seq"])
    with open(_history(demo_db), "ab") as f:
        f.write(orjson.dumps({"seq": committed + 1, "kind": "do", "label": "别处的修改", "changes": []}) + b"\n")
        f.write(orjson.dumps({"seq": committed + 2, "kind": "do", "label": "又一步", "changes": []}) + b"\n")
    repo = Repository.open(demo_db)
    try:
        assert repo.history()[-1]["kind"] == "restore", "a file older than its log still gets its barrier"
    finally:
        repo.close()


def test_a_backup_and_its_folder_are_fsynced(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc to name the synced files")
    synced: list[str] = []
    real = os.fsync

    def fsync(fd: int) -> None:
        synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    target = make_backup(demo_db, tag="durable")
    assert target is not None
    assert str(backups_dir(demo_db).resolve()) in synced
    assert any(Path(s).name.startswith("." + target.name) for s in synced), synced


def test_a_backup_killed_before_its_rename_leaves_no_temp_file(demo_db: Path) -> None:
    """A kill inside `make_backup` (the crash test's restore) left backups/.db-…-before-restore.json.tmp for good;
    the next start-up that may tidy removes it, as it removes the database's own temp files."""
    folder = backups_dir(demo_db)
    folder.mkdir(exist_ok=True)
    stale = folder / f".{demo_db.stem}-20261129-235417-220226-before-restore.json.tmp"
    stale.write_bytes(b'{"half')
    other = folder / ".other-20261129-235417-220226.json.tmp"  # another database's: not ours to remove
    other.write_bytes(b"")
    Repository.open(demo_db).close()
    assert not stale.exists() and other.exists()

"""The database file: atomic writes, one parse, one writer, corrupt files kept, backups, migrations."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path

import pytest

import store.storage.database
import store.storage.schema
from store.commands.repository import Repository
from store.errors import LockedError, StorageError, ValidationError
from store.storage.database import (
    BACKUPS_KEPT,
    Database,
    history_path,
    list_backups,
    make_backup,
    read_data,
    restore_backup,
)
from store.storage.history import HistoryLog

TODAY = date(2026, 11, 28)
REPO_ROOT = Path(__file__).resolve().parents[2]


def seeded(path: Path) -> Repository:
    repo = Repository.open(path, today=TODAY)
    repo.add_unit("县教育局", short="教育局")
    repo.add_unit("县卫健委", short="卫健委", aliases=["卫生部门"])
    return repo


def test_file_is_readable_utf8_json_one_record_per_line(db_path: Path) -> None:
    repo = seeded(db_path)
    repo.add_item("关于学前教育的督办", "教育局", "2026-12-20")
    repo.close()
    text = db_path.read_text(encoding="utf-8")
    assert "关于学前教育的督办" in text and "\\u" not in text
    data = json.loads(text)
    assert data["meta"]["1"]["schema_version"] == store.storage.schema.SCHEMA_VERSION
    assert sum(1 for line in text.splitlines() if '"number":"2026-01"' in line) == 1


def test_file_is_parsed_once_per_process(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seeded(db_path).close()
    calls = []
    real = store.storage.database.decode
    monkeypatch.setattr(store.storage.database, "decode", lambda raw: calls.append(1) or real(raw))
    repo = Repository.open(db_path, today=TODAY)
    for n in range(5):
        repo.add_item(f"事项{n}", "jyj", "2026-12-20")
        repo.items()
        repo.resolve_unit("卫生部门")
    assert len(calls) == 1
    repo.close()


def test_a_second_writer_is_refused_and_a_reader_still_sees_the_data(db_path: Path) -> None:
    writer = seeded(db_path)
    with pytest.raises(LockedError, match=r"等了0\.2秒，另一个督办台或命令（进程 \d+）仍在修改"):
        Repository.open(db_path, today=TODAY, lock_wait=0.2)
    reader = Repository.open(db_path, readonly=True, today=TODAY)
    assert [u["name"] for u in reader.units()] == ["县教育局", "县卫健委"]
    with pytest.raises(StorageError, match="只读"):
        reader.add_unit("县妇联")
    writer.close()
    Repository.open(db_path, today=TODAY).close()


def _child(script: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(script), *args], stdout=subprocess.PIPE, text=True, env=env
    )


def test_the_lock_dies_with_a_killed_process(db_path: Path) -> None:
    seeded(db_path).close()
    child = _child(
        """
        import sys, time
        from store.commands.repository import Repository
        repo = Repository.open(sys.argv[1])
        print("locked", flush=True)
        time.sleep(60)
        """,
        str(db_path),
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "locked"
    with pytest.raises(LockedError):
        Repository.open(db_path, today=TODAY, lock_wait=0)
    child.send_signal(signal.SIGKILL)
    child.wait()
    Repository.open(db_path, today=TODAY).close()


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")
def test_sigkill_during_writes_never_loses_an_acknowledged_write(db_path: Path) -> None:
    """A child adds items as fast as it can and prints each number once the command returned."""
    seeded(db_path).close()
    rng = random.Random(20261128)
    acknowledged: list[str] = []
    for round_no in range(6):
        child = _child(
            """
            import sys
            from store.commands.repository import Repository
            repo = Repository.open(sys.argv[1])
            print("ready", flush=True)
            n = 0
            while True:
                n += 1
                item = repo.add_item(f"第{sys.argv[2]}轮第{n}项" + "督办内容" * 20, "jyj", "2026-12-20")
                repo.remind(item["number"])
                print(item["number"], flush=True)
            """,
            str(db_path),
            str(round_no),
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.05, 0.6))
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate()
        acknowledged.extend(line.strip() for line in out.splitlines() if line.strip())
        data = read_data(db_path)  # parses every time
        numbers = {doc["number"] for doc in data["items"].values()}
        missing = [n for n in acknowledged if n not in numbers]
        assert not missing, f"round {round_no}: acknowledged but lost: {missing}"
    assert len(acknowledged) > 10
    repo = Repository.open(db_path, today=TODAY)  # recovers the history log too
    from store.storage.integrity import check

    assert check(repo)["ok"], check(repo)["problems"]
    repo.close()


def test_a_file_that_does_not_parse_is_never_overwritten(db_path: Path) -> None:
    seeded(db_path).close()
    make_backup(db_path)
    db_path.write_bytes(b'{"meta": {"1": {"schema_version": 1}}, "items": {"1": {"number"')
    before = db_path.read_bytes()
    with pytest.raises(StorageError) as err:
        Repository.open(db_path, today=TODAY)
    assert "无法解析" in err.value.message and "restore" in err.value.message and "第1行" in err.value.message
    assert db_path.read_bytes() == before


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "空的"),
        (b"[1, 2, 3]", "不是一个 JSON 对象"),
        (b'{"_default": {}}', "不是督办台的数据库文件"),
        (b'{"meta": {"1": {"schema_version": 99}}}', "请升级督办台"),
        (b'{"meta": {"1": {"schema_version": 1}}, "items": {"1": {"title": "x"}}}', "缺少编号"),
    ],
)
def test_files_that_break_the_schema_are_refused_and_kept(db_path: Path, content: bytes, words: str) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(content)
    with pytest.raises(StorageError, match=words):
        Repository.open(db_path, today=TODAY)
    assert db_path.read_bytes() == content


def test_restore_brings_back_the_newest_backup_and_keeps_the_broken_file(db_path: Path) -> None:
    repo = seeded(db_path)
    repo.add_item("要保住的事项", "jyj", "2026-12-20")
    repo.database.backup()
    repo.close()
    db_path.write_text("garbage", encoding="utf-8")
    saved = restore_backup(db_path, list_backups(db_path)[0])
    assert saved.read_text(encoding="utf-8") == "garbage"
    repo = Repository.open(db_path, today=TODAY)
    assert repo.item("2026-01")["title"] == "要保住的事项"
    assert repo.history()[-1]["kind"] == "restore"
    with pytest.raises(Exception, match="没有可以撤销"):
        repo.undo()  # a restore is a barrier: nothing before it can be undone
    repo.close()


def test_backups_rotate_keeping_twenty(db_path: Path) -> None:
    seeded(db_path).close()
    for n in range(BACKUPS_KEPT + 5):
        with open(db_path, "ab") as f:
            f.write(b" " * (n + 1))  # a different file each time
        make_backup(db_path)
    assert len(list_backups(db_path)) == BACKUPS_KEPT


def test_copies_set_aside_by_restores_never_push_the_ordinary_backups_out(db_path: Path) -> None:
    """A walk-through: about twenty edit-and-restore rounds left only before-restore copies, the next restore said
    there was no backup, and the broken file's message named one of those copies."""
    from store.storage.backups import TAGGED_KEPT, restore_hint

    seeded(db_path).close()
    ordinary = make_backup(db_path)
    for n in range(BACKUPS_KEPT + 5):
        with open(db_path, "ab") as f:
            f.write(b" " * (n + 1))
        make_backup(db_path, tag="before-restore")
    kept = list_backups(db_path)
    assert ordinary in kept and list_backups(db_path, restorable=True) == [ordinary]
    assert len(kept) == 1 + TAGGED_KEPT
    assert ordinary is not None and ordinary.name in restore_hint(db_path)


def test_identical_backups_are_not_kept_twice_and_older_ones_survive(db_path: Path) -> None:
    """Issue 11.9: 25 × `backup` kept 20 identical copies and pushed out every older, different one."""
    repo = seeded(db_path)
    first = repo.database.backup()
    repo.add_item("之后的修改", "jyj", "2026-12-20")
    for _ in range(25):
        repo.database.backup()
    repo.close()
    kept = list_backups(db_path)
    assert len(kept) == 2 and first in kept


def test_a_backup_is_taken_at_start_up_when_the_file_changed(db_path: Path) -> None:
    seeded(db_path).close()
    assert list_backups(db_path) == []
    Repository.open(db_path, today=TODAY).close()
    assert len(list_backups(db_path)) == 1
    Repository.open(db_path, today=TODAY).close()  # unchanged since: no new copy
    assert len(list_backups(db_path)) == 1


def test_stale_temp_files_are_removed_at_start(db_path: Path) -> None:
    seeded(db_path).close()
    stale = db_path.with_name(f".{db_path.name}.tmp-99999")
    stale.write_bytes(b"half a file")
    Repository.open(db_path, today=TODAY).close()
    assert not stale.exists()


def test_a_failed_write_changes_neither_file_nor_memory(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = seeded(db_path)
    before = db_path.read_bytes()

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store.storage.database.os, "replace", refuse)
    with pytest.raises(StorageError, match="数据未保存"):
        repo.add_item("写不进去的事项", "jyj", "2026-12-20")
    monkeypatch.undo()
    assert db_path.read_bytes() == before
    assert repo.items() == []
    assert [e["label"] for e in repo.history()] == ["新增单位 县教育局", "新增单位 县卫健委"]
    item = repo.add_item("下一项", "jyj", "2026-12-20")
    assert item["number"] == "2026-01"  # nothing was saved, so that number was never issued
    repo.close()


def test_a_refused_command_leaves_the_file_untouched(db_path: Path) -> None:
    repo = seeded(db_path)
    before = (db_path.read_bytes(), db_path.stat().st_mtime_ns)
    with pytest.raises(ValidationError):
        repo.add_item("", "jyj", "2026-12-20")
    with pytest.raises(ValidationError):
        repo.add_item("标题", "jyj", "2026-02-30")
    assert (db_path.read_bytes(), db_path.stat().st_mtime_ns) == before
    repo.close()


def test_an_uncommitted_history_line_is_cut_off_at_start(db_path: Path) -> None:
    seeded(db_path).close()
    log = history_path(db_path)
    good = log.read_bytes()
    with open(log, "ab") as f:
        f.write(b'{"seq": 3, "kind": "do", "label": "crashed", "changes": []}\n{"seq": 4, "kin')
    Repository.open(db_path, today=TODAY).close()
    assert log.read_bytes() == good
    assert HistoryLog(log).last_seq() == 2


def test_migrations_run_in_order_with_a_backup_first(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seeded(db_path).close()
    data = json.loads(db_path.read_text(encoding="utf-8"))
    data["meta"]["1"]["schema_version"] = 0
    for unit in data["units"].values():
        unit["legacy_name"] = unit.pop("name")
    db_path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    old_bytes = db_path.read_bytes()

    def rename_field(d: dict) -> dict:
        for unit in d["units"].values():
            unit["name"] = unit.pop("legacy_name")
        return d

    monkeypatch.setitem(store.storage.schema.MIGRATIONS, 0, rename_field)
    repo = Repository.open(db_path, today=TODAY)
    assert [u["name"] for u in repo.units()] == ["县教育局", "县卫健委"]
    with pytest.raises(ValidationError):
        repo.add_unit("")  # a refused command leaves the old file exactly as it was
    assert db_path.read_bytes() == old_bytes and list_backups(db_path) == []
    repo.add_unit("县妇联")
    repo.close()
    assert (
        json.loads(db_path.read_text(encoding="utf-8"))["meta"]["1"]["schema_version"]
        == store.storage.schema.SCHEMA_VERSION
    )
    assert any(p.name.endswith("-v0.json") for p in list_backups(db_path))
    kinds = [e["kind"] for e in HistoryLog(history_path(db_path)).entries()]
    assert kinds[-2:] == ["migrate", "do"]


def test_a_file_replaced_by_an_older_copy_keeps_the_log_and_marks_the_gap(db_path: Path) -> None:
    repo = seeded(db_path)
    older = db_path.read_bytes()
    repo.add_unit("县妇联")
    repo.add_unit("县残联")
    repo.close()
    db_path.write_bytes(older)  # someone copies an older file back by hand
    repo = Repository.open(db_path, today=TODAY)
    entries = repo.history()
    assert [e["label"] for e in entries[2:4]] == ["新增单位 县妇联", "新增单位 县残联"]  # nothing lost
    assert entries[-1]["kind"] == "restore" and "不一致" in entries[-1]["label"]
    with pytest.raises(Exception, match="没有可以撤销"):
        repo.undo()
    repo.add_unit("县总工会")
    assert repo.undo() == "新增单位 县总工会"
    repo.close()


def test_backups_of_a_database_with_a_similar_name_are_not_mixed_up(tmp_path: Path) -> None:
    a = Repository.open(tmp_path / "a.json", today=TODAY)
    a.add_unit("甲单位")
    a.database.backup()
    a.close()
    b = Repository.open(tmp_path / "a-old.json", today=TODAY)
    b.add_unit("乙单位")
    b.database.backup()
    b.close()
    assert [p.name.startswith("a-2") for p in list_backups(tmp_path / "a.json")] == [True]
    assert len(list_backups(tmp_path / "a-old.json")) == 1


def test_a_failing_folder_fsync_after_the_swap_is_not_an_error(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = seeded(db_path)
    real = store.storage.database.os.fsync

    def fsync(fd: int) -> None:
        if store.storage.database.os.fstat(fd).st_mode & 0o040000:  # a directory
            raise OSError(22, "Invalid argument")
        real(fd)

    monkeypatch.setattr(store.storage.database.os, "fsync", fsync)
    repo.add_unit("县妇联")
    monkeypatch.undo()
    repo.close()
    reopened = Repository.open(db_path, readonly=True, today=TODAY)
    assert "县妇联" in [u["name"] for u in reopened.units()]
    assert reopened.history()[-1]["label"] == "新增单位 县妇联"


def test_database_open_creates_nothing_until_the_first_change(db_path: Path) -> None:
    database = Database.open(db_path)
    assert not db_path.exists()
    database.close()

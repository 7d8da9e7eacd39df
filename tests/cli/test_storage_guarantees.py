"""Issue 11: storage that no person or crash can make lose a write — each point in real processes and files."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from store.commands.repository import Repository
from store.storage.database import history_path, list_backups, lock_path, read_data
from tests.cli.test_cli import ROOT, cli

POSIX = pytest.mark.skipif(os.name == "nt", reason="POSIX file modes and signals")


def items_of(db: Path) -> set[str]:
    return {doc["number"] for doc in read_data(db)["items"].values()}


def add(db: Path, title: str, **env: str) -> subprocess.CompletedProcess[str]:
    return cli("--db", str(db), "add", "--title", title, "--lead", "jyj", "--due", "2026-12-20", env=env or None)


# ------------------------------------------------------------------ 1. the lock file is not the only guard


def test_a_writer_whose_picture_is_stale_is_refused_even_without_the_lock_file(demo_db: Path) -> None:
    """Open a writer, delete the lock file, let a CLI add, then write from the first: refused, nothing lost."""
    stale = Repository.open(demo_db, session=False)  # the workbench's way: no lock held between writes
    lock_path(demo_db).unlink()
    added = add(demo_db, "锁文件被删后新增的事项")
    assert added.returncode == 0 and "2026-13" in added.stdout
    with pytest.raises(Exception, match=r"已被另一个督办台或命令修改.*已重新载入最新数据") as refused:
        stale.remind("2026-02")
    assert type(refused.value).__name__ == "ConflictError"
    assert "2026-13" in items_of(demo_db)  # the CLI's write survived
    assert stale.item("2026-13")["title"] == "锁文件被删后新增的事项"  # and the refused writer now sees it
    stale.remind("2026-02")  # redone on the new picture: accepted
    seqs = [e["seq"] for e in stale.history()]
    assert len(seqs) == len(set(seqs))  # never two entries with one number
    stale.close()
    assert cli("--db", str(demo_db), "undo").returncode == 0
    check = cli("--db", str(demo_db), "check")
    assert check.returncode == 0, check.stdout


# ------------------------------------------------------------------ 2. restore replays the log


def test_restore_brings_back_the_backup_and_replays_every_write_after_it(tmp_path: Path) -> None:
    db = tmp_path / "r.json"
    assert cli("--db", str(db), "demo").returncode == 0
    assert cli("--db", str(db), "backup").returncode == 0
    for n in range(5):
        assert add(db, f"备份之后新增的第{n + 1}项").returncode == 0
    assert cli("--db", str(db), "remind", "2026-13").returncode == 0
    raw = db.read_bytes()
    db.write_bytes(raw[: len(raw) // 2])  # the file is damaged
    assert cli("--db", str(db), "list").returncode == 1
    result = cli("--db", str(db), "restore")
    assert result.returncode == 0, result.stderr
    assert "已按修改记录重放备份之后的6步修改" in result.stdout
    numbers = items_of(db)
    assert len(numbers) == 17 and {f"2026-{n}" for n in range(13, 18)} <= numbers
    shown = json.loads(cli("--db", str(db), "show", "2026-13", "--json").stdout)
    assert any(share["reminders"] for share in shown["assignments"])
    assert add(db, "恢复之后的新事项").stdout.count("2026-18") == 1  # counters came forward: no number reused
    assert cli("--db", str(db), "check").returncode == 0
    again = cli("--db", str(db), "restore", "--no-replay", "--json")
    assert json.loads(again.stdout)["replayed"] == 0 and len(items_of(db)) == 12


def test_restore_replays_changes_to_records_the_backup_already_held(tmp_path: Path) -> None:
    """Edits of existing records (not only new ones) replay onto the backup as it is read from disk."""
    db = tmp_path / "r.json"
    cli("--db", str(db), "demo")
    cli("--db", str(db), "backup")
    for text in ("备份后的进展甲", "备份后的进展乙"):
        assert cli("--db", str(db), "progress", "2026-01", "--unit", "教育局", "--text", text).returncode == 0
    assert cli("--db", str(db), "undo").returncode == 0
    assert cli("--db", str(db), "redo").returncode == 0
    result = cli("--db", str(db), "restore")
    assert "已按修改记录重放备份之后的4步修改" in result.stdout, result.stdout
    shown = cli("--db", str(db), "show", "2026-01").stdout
    assert "备份后的进展甲" in shown and "备份后的进展乙" in shown


def test_restore_stops_at_a_log_line_that_does_not_fit_and_says_so(tmp_path: Path) -> None:
    db = tmp_path / "r.json"
    cli("--db", str(db), "demo")
    cli("--db", str(db), "backup")
    add(db, "第一项")
    add(db, "第二项")
    log = history_path(db)
    lines = log.read_text(encoding="utf-8").splitlines()
    entry = json.loads(lines[-2])
    entry["changes"][0]["before"] = {"number": "伪造"}  # a line of another timeline
    lines[-2] = json.dumps(entry, ensure_ascii=False)
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cli("--db", str(db), "restore")
    assert result.returncode == 0
    assert "与恢复出的数据对不上" in result.stdout and "其后2步未重放" in result.stdout


# ------------------------------------------------------------------ 3. writers wait


def test_short_writers_wait_for_each_other_and_none_is_lost(tmp_path: Path) -> None:
    """8 writers × 50 adds with SUPERVISOR_STRESS=1 (the issue's figure); 4 × 6 by default."""
    writers, each = (8, 50) if os.environ.get("SUPERVISOR_STRESS") else (4, 6)
    db = tmp_path / "w.json"
    cli("--db", str(db), "demo")

    def run(w: int) -> list[subprocess.CompletedProcess[str]]:
        return [add(db, f"写入者{w}的第{n}项") for n in range(each)]

    with ThreadPoolExecutor(writers) as pool:
        results = [r for batch in pool.map(run, range(writers)) for r in batch]
    done = [r for r in results if r.returncode == 0]
    gave_up = [r for r in results if r.returncode != 0]
    assert all(r.returncode == 3 and "等了" in r.stderr for r in gave_up), [r.stderr for r in gave_up[:3]]
    titles = {doc["title"] for doc in read_data(db)["items"].values()}
    assert sum(1 for r in done for line in r.stdout.splitlines() if "已新增" in line) == len(done)
    assert len(titles) == 12 + len(done)
    print(f"\n{writers}×{each} adds: {len(done)} succeeded, {len(gave_up)} waited too long, 0 lost")
    assert len(done) == writers * each  # with a 10 s wait, none had to give up here


# ------------------------------------------------------------------ 6. modes and owners


@POSIX
def test_a_first_database_file_follows_the_umask(tmp_path: Path) -> None:
    """`umask 077` keeps a new database private, as its history and its exports already were."""
    db = tmp_path / "private.json"
    script = 'umask 077 && exec "$0" "$1" --db "$2" demo'
    made = subprocess.run(
        ["sh", "-c", script, sys.executable, str(ROOT / "supervisor.py"), str(db)],
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert made.returncode == 0, made.stderr
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    assert add(db, "仍然私有").returncode == 0
    assert stat.S_IMODE(db.stat().st_mode) == 0o600


@POSIX
def test_the_file_mode_survives_writes_and_backups_are_no_more_readable(demo_db: Path) -> None:
    os.chmod(demo_db, 0o600)
    assert add(demo_db, "权限保持").returncode == 0
    assert stat.S_IMODE(demo_db.stat().st_mode) == 0o600
    assert cli("--db", str(demo_db), "backup").returncode == 0
    for backup in list_backups(demo_db):
        assert stat.S_IMODE(backup.stat().st_mode) & 0o077 == 0
    assert stat.S_IMODE(history_path(demo_db).stat().st_mode) & 0o077 == 0 or history_path(demo_db).exists()


@POSIX
def test_a_read_only_file_is_refused_with_a_message_and_not_replaced(demo_db: Path) -> None:
    os.chmod(demo_db, 0o444)
    before = demo_db.read_bytes()
    inode = demo_db.stat().st_ino
    result = add(demo_db, "不该写入")
    assert result.returncode == 1 and "被设为只读（权限 444）" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert demo_db.read_bytes() == before and demo_db.stat().st_ino == inode
    assert not [p for p in demo_db.parent.iterdir() if ".tmp" in p.name]


# ------------------------------------------------------------------ 7. check


def _edit(db: Path, change: object) -> None:
    data = json.loads(db.read_text(encoding="utf-8"))
    change(data)  # type: ignore[operator]
    db.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_check_reports_a_record_without_its_title_and_import_refuses_it(tmp_path: Path, demo_db: Path) -> None:
    _edit(demo_db, lambda d: d["items"]["1"].pop("title"))
    result = cli("--db", str(demo_db), "check")
    assert result.returncode == 1 and "事项记录1（2026-01）缺少标题（title）" in result.stdout
    export = tmp_path / "全库.json"
    _edit(demo_db, lambda d: d["items"]["1"].update(title="临时"))
    assert cli("--db", str(demo_db), "export", "--out", str(export)).returncode == 0
    _edit(export, lambda d: d["tables"]["items"]["1"].pop("title"))
    imported = cli("--db", str(tmp_path / "new.json"), "import", str(export), "--yes")
    assert imported.returncode != 0 and "缺少标题（title）" in imported.stdout + imported.stderr


BROKEN_DATE = "事项2026-01的期限「2026-02-30」不是有效日期"


def break_a_date(db: Path) -> bytes:
    """A hand edit that leaves a date no calendar has (the first item's first deadline); the file's bytes after."""

    def change(data: dict) -> None:  # type: ignore[type-arg]
        first = next(i for i in data["items"].values() if i["number"] == "2026-01")
        first["assignments"][0]["due"] = "2026-02-30"

    _edit(db, change)
    return db.read_bytes()


def test_a_date_broken_by_hand_is_named_by_every_command_and_the_file_is_kept(demo_db: Path) -> None:
    """Before, every list, show and board stopped with "意外的问题（ValueError：day is out of range for month）"."""
    broken = break_a_date(demo_db)
    for command in (
        ["list"],
        ["show", "2026-02"],
        ["board"],
        ["check"],
        ["add", "--title", "新事项", "--lead", "妇联", "--due", "2026-12-20"],
    ):
        result = cli("--db", str(demo_db), *command)
        said = result.stdout + result.stderr  # check lists it on stdout, with the other problems
        assert result.returncode != 0 and BROKEN_DATE in said, command
        assert "ValueError" not in said and "文件未被改动" in said
    assert demo_db.read_bytes() == broken
    _edit(demo_db, lambda d: d["items"]["1"]["assignments"][0].update(due="2026-02-28"))
    assert cli("--db", str(demo_db), "list").returncode == 0  # mended by hand: back at work


HAND_EDITS = {
    "role": ("leader", "承办角色（role）应为lead（牵头）、partner（配合）之一，现为 'leader'"),
    "status": ("finished", "办理状态（status）应为assigned（交办）、"),
    "progress": (5, "进展（progress）应为列表，现为 5"),
    "extensions": ("无", " extensions 应为列表"),
}


@pytest.mark.parametrize("field", HAND_EDITS)
def test_a_share_broken_by_hand_is_named_instead_of_a_python_error(demo_db: Path, field: str) -> None:
    """Before, list stopped with "意外的问题（KeyError：'leader'）" or a TypeError; now the file does not open and
    the message names the record and the field to mend."""
    value, words = HAND_EDITS[field]
    _edit(demo_db, lambda d: d["items"]["1"]["assignments"][0].update({field: value}))
    listed = cli("--db", str(demo_db), "list")
    assert listed.returncode == 1 and "事项记录1（2026-01）的承办记录（assignments）第1项的" + words in listed.stderr
    assert "Error" not in listed.stderr and "文件未被改动" in listed.stderr


def test_check_lists_everything_a_hand_edit_broke_in_a_file_that_does_not_open(demo_db: Path) -> None:
    def change(data: dict) -> None:  # type: ignore[type-arg]
        data["items"]["1"]["assignments"][0].update(role="leader", due="2026-02-30")
        data["items"]["3"].pop("title")

    _edit(demo_db, change)
    before = demo_db.read_bytes()
    result = cli("--db", str(demo_db), "check")
    problems = [line for line in result.stdout.splitlines() if line.startswith("问题：")]
    assert result.returncode == 1 and "不能打开，文件未被改动" in result.stdout and len(problems) == 3
    assert "承办角色（role）应为lead（牵头）、partner（配合）之一" in problems[0] and "缺少标题（title）" in problems[1]
    assert BROKEN_DATE in problems[2]
    report = json.loads(cli("--db", str(demo_db), "check", "--json").stdout)
    assert report["ok"] is False and report["opened"] is False and len(report["problems"]) == 3
    assert demo_db.read_bytes() == before


def test_check_never_crashes_on_a_damaged_counter(demo_db: Path) -> None:
    _edit(demo_db, lambda d: d["meta"]["1"].update(history_seq="abc"))
    result = cli("--db", str(demo_db), "check")
    assert result.returncode == 1 and "history_seq 应为整数" in result.stdout
    assert "Traceback" not in result.stderr and "意外的问题" not in result.stderr


def test_check_tells_a_crash_leftover_from_damage(demo_db: Path) -> None:
    repo = Repository.open(demo_db)
    committed = repo.database.data["meta"]["1"]["history_seq"]
    item = repo.database.data["items"]["2"]
    repo.database.history.append(
        {
            "seq": committed + 1,
            "kind": "do",
            "label": "被中断的保存",
            "changes": [{"table": "items", "id": 2, "before": item, "after": {**item, "title": "半途"}}],
        }
    )
    repo.close()
    result = cli("--db", str(demo_db), "check")
    assert result.returncode == 0 and "检查通过" in result.stdout
    assert "没有写进数据库（上次保存时程序被中断）" in result.stdout
    _edit(demo_db, lambda d: d["items"]["2"].update(title="别的内容"))  # now the log does not fit the file
    assert cli("--db", str(demo_db), "check").returncode == 1


# ------------------------------------------------------------------ 8. raw failures


@POSIX
def test_an_unwritable_backups_folder_is_one_chinese_line(demo_db: Path) -> None:
    if os.geteuid() == 0:
        folder = demo_db.parent / "backups"
        shutil.rmtree(folder, ignore_errors=True)
        folder.write_text("不是文件夹", encoding="utf-8")  # root ignores modes: a file where the folder goes
    else:
        (demo_db.parent / "backups").mkdir(exist_ok=True)
        os.chmod(demo_db.parent / "backups", 0o500)
    result = cli("--db", str(demo_db), "backup")
    assert result.returncode == 1 and result.stderr.startswith("错误：无法写入备份文件夹")
    assert len(result.stderr.splitlines()) == 1 and "Error" not in result.stderr


def test_a_history_path_that_is_a_folder_is_one_chinese_line(demo_db: Path) -> None:
    log = history_path(demo_db)
    log.unlink()
    log.mkdir()
    for args in (["history"], ["remind", "2026-02"], ["check"]):
        result = cli("--db", str(demo_db), *args)
        assert result.returncode == 1, args
        assert "修改记录" in result.stderr + result.stdout and "IsADirectoryError" not in result.stderr
        assert "这个位置是一个文件夹" in result.stderr + result.stdout


@POSIX
@pytest.mark.skipif(not sys.platform.startswith("linux") or os.geteuid() != 0, reason="mounts a small tmpfs")
def test_a_full_disk_during_restore_leaves_nothing_behind(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=600k", "tmpfs", str(disk)]).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        db = disk / "d.json"
        assert cli("--db", str(db), "demo").returncode == 0
        assert cli("--db", str(db), "backup").returncode == 0
        fd = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT)
        try:
            while os.write(fd, b"x" * 4096):
                pass
        except OSError:
            pass
        finally:
            os.close(fd)
        before = sorted(p.name for p in disk.rglob("*"))
        result = cli("--db", str(db), "restore")
        assert result.returncode == 1 and "磁盘空间不足" in result.stderr, result.stderr
        assert len(result.stderr.splitlines()) == 1
        assert sorted(p.name for p in disk.rglob("*")) == before  # no 0-byte temp file, no half backup
    finally:
        subprocess.run(["umount", str(disk)])


def test_a_folder_given_as_the_database_is_one_chinese_line(tmp_path: Path) -> None:
    result = cli("--db", str(tmp_path), "list")
    assert result.returncode == 1 and "意外的问题" not in result.stderr and len(result.stderr.splitlines()) == 1


__all__ = ["ROOT"]


def test_restore_list_says_when_each_copy_was_taken_and_which_one_restore_takes(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A walk-through could not tell from `restore --list` which file a plain `restore` would take, nor which
    copies a restore had set aside."""
    from tests.cli.test_cli import run

    assert run(capsys, "--db", str(demo_db), "backup")[0] == 0
    break_a_date(demo_db)
    code, _, err = run(capsys, "--db", str(demo_db), "restore")
    assert code == 0, err
    code, out, _ = run(capsys, "--db", str(demo_db), "restore", "--list")
    lines = [line for line in out.splitlines() if "字节" in line]
    assert code == 0 and len(lines) == 2
    set_aside, newest = lines  # newest first: the copy the restore took of the broken file, then the backup
    assert newest.startswith("  2  ") and "← 不写序号时 restore 用这个" in newest
    assert "before-restore" in set_aside and "恢复前另存的副本" in set_aside and "←" not in set_aside
    assert re.search(r"  \d{4}-\d\d-\d\d \d\d:\d\d:\d\d  ", newest)
    assert "supervisor restore 序号" in out

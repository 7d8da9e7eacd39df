"""Issue 11.1 and 11.4: the workbench takes the lock per write, watches the file, and never writes over a newer one.

A real CLI process writes while a Pilot-driven workbench is open on the same file.
"""

from __future__ import annotations

import asyncio
import subprocess
from pathlib import Path

import pytest

from store.commands.repository import Repository
from store.storage.database import lock_path, read_data
from tests.cli.test_cli import cli
from tui.app import SupervisorApp, create_app

from .conftest import TODAY, ready


def numbers_shown(app: SupervisorApp) -> set[str]:
    return {row.number for row in app.boards.snapshot.rows} if app.boards else set()


async def until(pilot, condition, rounds: int = 150) -> bool:  # type: ignore[no-untyped-def]
    """Let the app run until `condition()` holds (the watcher looks every 0.2 s here)."""
    for _ in range(rounds):
        if condition():
            return True
        await pilot.pause(0.1)
    return bool(condition())


def add(db: Path, title: str) -> subprocess.CompletedProcess[str]:
    return cli("--db", str(db), "add", "--title", title, "--lead", "jyj", "--due", "2026-12-20")


async def test_a_cli_write_while_the_workbench_is_open_succeeds_and_shows_up(demo_db: Path) -> None:
    app = create_app(demo_db, today=TODAY, watch_seconds=0.2)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        assert not app.readonly
        result = await asyncio.to_thread(add, demo_db, "工作台开着时命令行新增的事项")
        assert result.returncode == 0, result.stderr  # the workbench holds no lock between its writes
        assert await until(pilot, lambda: "2026-13" in numbers_shown(app))
        await ready(pilot)
        app.act(lambda: app.repo.remind("2026-13"), "已催办")  # and it writes on top of the new data
        assert any(s["reminders"] for s in read_data(demo_db)["items"]["13"]["assignments"])


async def test_a_read_only_workbench_shows_another_writers_undo(demo_db: Path) -> None:
    assert add(demo_db, "稍后被撤销的事项").returncode == 0
    app = create_app(demo_db, today=TODAY, readonly=True, watch_seconds=0.2)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        assert "2026-13" in numbers_shown(app)
        undo = await asyncio.to_thread(cli, "--db", str(demo_db), "undo")
        assert undo.returncode == 0
        assert await until(pilot, lambda: "2026-13" not in numbers_shown(app))


async def test_an_edit_on_a_stale_picture_is_refused_and_the_new_data_shown(demo_db: Path) -> None:
    app = create_app(demo_db, today=TODAY, watch_seconds=0)  # no watching: the write itself must notice
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        lock_path(demo_db).unlink(missing_ok=True)  # a sync tool or a person removed the lock file
        assert (await asyncio.to_thread(add, demo_db, "锁文件被删后新增")).returncode == 0
        assert app.act(lambda: app.repo.remind("2026-02")) is None  # refused
        await pilot.pause()
        toasts = [n.message for n in app._notifications]
        assert any("已重新载入最新数据" in t and "请核对后重做" in t for t in toasts), toasts
        await ready(pilot)
        assert "2026-13" in numbers_shown(app) and "2026-13" in {
            d["number"] for d in read_data(demo_db)["items"].values()
        }
        assert app.act(lambda: app.repo.remind("2026-02")) is not None  # redone on the new data
    seqs = [e["seq"] for e in Repository.open(demo_db, readonly=True).history()]
    assert len(seqs) == len(set(seqs))
    assert cli("--db", str(demo_db), "check").returncode == 0


async def test_a_workbench_opened_during_a_command_is_not_read_only(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opened while a command holds the lock: it writes once the command is over; meanwhile an edit waits and
    then says it waited too long (issue 11.3/11.4)."""
    monkeypatch.setenv("SUPERVISOR_LOCK_WAIT", "0.3")
    holder = Repository.open(demo_db, today=TODAY)  # a long command (an import) holds the lock
    try:
        app = create_app(demo_db, today=TODAY, watch_seconds=0.2)
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot)
            assert not app.readonly
            assert app.act(lambda: app.repo.remind("2026-02")) is None
            await pilot.pause()
            toasts = [n.message for n in app._notifications]
            assert any("等了0.3秒" in t and "仍在修改这个数据库" in t for t in toasts), toasts
            holder.close()
            assert app.act(lambda: app.repo.remind("2026-02")) is not None
    finally:
        holder.close()

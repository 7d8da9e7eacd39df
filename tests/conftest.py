"""Shared fixtures: every test gets its own temp database and a fixed "today"."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from store.commands.repository import Repository
from store.demo.loader import load_demo

TODAY = date(2026, 11, 28)  # a Saturday; 2026 is covered by chinese-calendar, 2027 is not


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test may touch the user's real database, depend on the real clock or leave a command server."""
    monkeypatch.setenv("SUPERVISOR_DB", str(tmp_path / "default" / "supervisor.json"))
    monkeypatch.setenv("SUPERVISOR_TODAY", TODAY.isoformat())
    monkeypatch.setenv("SUPERVISOR_SERVER", "0")  # each command its own process; tests/cli/test_server.py turns it on


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "supervisor.json"


@pytest.fixture
def repo(db_path: Path) -> Iterator[Repository]:
    r = Repository.open(db_path, today=TODAY)
    yield r
    r.close()


@pytest.fixture
def demo(repo: Repository) -> Repository:
    load_demo(repo)
    return repo

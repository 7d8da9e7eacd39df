"""TUI fixtures: a demo database in a temp folder and a helper that waits until the data is on screen."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot

from store.commands.repository import Repository
from store.demo.loader import load_demo

TODAY = date(2026, 11, 28)


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    path = tmp_path / "tui.json"
    repo = Repository.open(path, today=TODAY)
    load_demo(repo)
    repo.close()
    return path


async def ready(pilot: Pilot) -> None:
    """Wait for the loading worker and any recomputation to finish and the screen to settle."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()

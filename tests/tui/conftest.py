"""TUI fixtures: a demo database in a temp folder and a helper that waits until the data is on screen."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot

from store.commands.repository import Repository
from store.demo.loader import load_demo
from tui.widgets.fields import Field

TODAY = date(2026, 11, 28)


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    path = tmp_path / "tui.json"
    repo = Repository.open(path, today=TODAY)
    load_demo(repo)
    repo.close()
    return path


async def ready(pilot: Pilot) -> None:
    """Wait until the screen has settled: no worker left and what they posted handled.

    A change settles in a chain (the boards recompute in a worker, `DataChanged` reaches the screens, the
    Indicators screen computes its tabs in another worker), so wait until a pause finds nothing running
    and every form field has checked what it holds (on a busy machine keys can outrun their checks).
    """
    for round_ in range(20):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if round_ >= 1 and all(worker.is_finished for worker in pilot.app.workers) and not _unchecked(pilot):
            return


async def press_ready(pilot: Pilot, *keys: str) -> None:
    """Wait for the data, press the keys (2 n: the new-item form), and wait until the screen has settled."""
    await ready(pilot)
    await pilot.press(*keys)
    await ready(pilot)


def _unchecked(pilot: Pilot) -> list[Field]:
    """Fields whose text changed since their last check (a field never typed into has nothing to check)."""
    fields = pilot.app.screen.query(Field)
    return [f for f in fields if f.checked_value != f.input.value and (f.checked_value is not None or f.changed)]

"""Snapshots of the main screens at 120x36 and 80x24 on the sample county with a fixed "today".

Update after an intended change with `pytest tests/tui/test_snapshots.py --snapshot-update` and look at
the report before committing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from tui.app import create_app

from .conftest import TODAY, ready

SIZES = [(120, 36), (80, 24)]
SCREENS = [
    ("overview", []),
    ("items", ["2"]),
    ("detail", ["2", "enter"]),
    ("units", ["3"]),
    ("indicators", ["4"]),
    ("meetings", ["5"]),
    ("documents", ["6"]),
    ("settings", ["7"]),
]


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the cursor shown: it blinks every 0.5 s, and a slow machine took the picture with it off (a CI run)."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: None)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize(("name", "keys"), SCREENS, ids=[s[0] for s in SCREENS])
def test_main_screens(
    snap_compare,
    demo_db: Path,
    name: str,
    keys: list[str],
    size: tuple[int, int],  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SUPERVISOR_OUT", "/srv/督办文件")  # shown on the Documents screen; not created

    async def before(pilot) -> None:  # type: ignore[no-untyped-def]
        await ready(pilot)
        for key in keys:
            await pilot.press(key)
            await ready(pilot)

    assert snap_compare(create_app(demo_db, today=TODAY), terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_welcome(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    async def before(pilot) -> None:  # type: ignore[no-untyped-def]
        await ready(pilot)

    assert snap_compare(create_app(tmp_path / "empty.json", today=TODAY), terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help(snap_compare, demo_db: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """F1: every key, screen by screen, aligned."""

    async def before(pilot) -> None:  # type: ignore[no-untyped-def]
        await ready(pilot)
        await pilot.press("2", "f1")
        await pilot.pause()

    assert snap_compare(create_app(demo_db, today=TODAY), terminal_size=size, run_before=before)


def test_item_form_with_a_refused_unit(snap_compare, demo_db: Path) -> None:  # type: ignore[no-untyped-def]
    """A partner the directory lacks: its hint in red, Ctrl+N 新增单位 in the footer."""

    async def before(pilot) -> None:  # type: ignore[no-untyped-def]
        await ready(pilot)
        await pilot.press("2", "n")
        await pilot.press(*"abc")
        await pilot.press("tab", *"jyj", "tab", "tab", *"xiazhou")  # Tab completes jyj, the next Tab moves on
        await ready(pilot)

    assert snap_compare(create_app(demo_db, today=TODAY), terminal_size=(120, 36), run_before=before)


def test_speech_review(snap_compare, demo_db: Path) -> None:  # type: ignore[no-untyped-def]
    from textual.widgets import DataTable, Input, TextArea

    from tests.store.data.speeches import PROGRESS_MEETING

    async def before(pilot) -> None:  # type: ignore[no-untyped-def]
        await ready(pilot)
        await pilot.press("5", "i")
        screen = pilot.app.screen
        screen.query_one("#speech-text", TextArea).text = PROGRESS_MEETING
        screen.query_one("#input-meeting_date", Input).value = "2026-11-20"
        await pilot.press("ctrl+r")
        await ready(pilot)  # jieba's warm-up and the analysis run in workers
        audit = next(i for i, d in enumerate(screen.analysis.drafts) if "专项审计" in d.source)
        screen.query_one("#drafts", DataTable).move_cursor(row=audit)  # a draft with an unknown name
        await pilot.pause()

    assert snap_compare(create_app(demo_db, today=TODAY), terminal_size=(120, 36), run_before=before)


@pytest.mark.parametrize("tabs", [1, 2, 4], ids=["grid", "requests", "evidence"])
def test_monitoring_tabs(snap_compare, demo_db: Path, tabs: int) -> None:  # type: ignore[no-untyped-def]
    async def before(pilot) -> None:  # type: ignore[no-untyped-def]
        await ready(pilot)
        await pilot.press("4")
        await ready(pilot)
        await pilot.press(*["t"] * tabs)
        await pilot.pause()

    assert snap_compare(create_app(demo_db, today=TODAY), terminal_size=(120, 36), run_before=before)

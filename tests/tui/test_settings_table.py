"""Issue 10, 设置: one table of settings for the CLI and the TUI, the same acceptance, nothing lost unsaved."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Button, Input, Static

from store.commands.repository import Repository
from supervisor import main
from tui.app import create_app
from tui.forms.confirm import AnswerScreen
from tui.screens.settings import HolidayForm, SettingsScreen
from tui.widgets.fields import Field

from .conftest import TODAY, ready

CASES = [
    ("checked_only", "yes"),
    ("checked_only", "是"),
    ("checked_only", "也许"),
    ("jump_points", "abc"),
    ("jump_points", "%=5；‰=1"),
    ("yellow_days", "5"),
    ("yellow_days", "61"),
    ("evaluation_year", "0"),
    ("evaluation_year", "1995"),
    ("evaluation_year", "2200"),
    ("chase_near_days", "300"),
    ("period_on_workday", "yes"),
    ("rate_basis", "有数据的指标"),
    ("office_name", ""),
]


async def open_settings(pilot) -> SettingsScreen:  # type: ignore[no-untyped-def]
    await ready(pilot)
    await pilot.press("7")
    await ready(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SettingsScreen)
    return screen


@pytest.mark.parametrize(("key", "value"), CASES)
async def test_the_cli_and_the_settings_page_accept_the_same_values(
    demo_db: Path, key: str, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Point 6: checked_only "yes" was refused by the page and taken by the CLI; jump_points "abc" passed as typed."""
    cli_ok = main(["--db", str(demo_db), "--today", TODAY.isoformat(), "settings", key, value]) == 0
    capsys.readouterr()
    app = create_app(demo_db, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_settings(pilot)
        field = screen.query_one(f"#field-{key}", Field)
        field.input.value = value
        await pilot.pause()
        assert field.ok == cli_ok, f"{key}={value!r}: CLI {'accepts' if cli_ok else 'refuses'}, the page does not"


async def test_a_change_saves_only_itself_when_required_settings_are_empty(tmp_path: Path) -> None:
    """Point 6: with the office's settings still empty the page refused a yellow_days change the CLI accepts."""
    path = tmp_path / "empty.json"
    repo = Repository.open(path, today=TODAY)
    repo.add_unit("县教育局")
    repo.close()
    assert main(["--db", str(path), "--today", TODAY.isoformat(), "settings", "yellow_days", "4"]) == 0
    app = create_app(path, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_settings(pilot)
        screen.query_one("#input-yellow_days", Input).value = "5"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await ready(pilot)
        assert app.repo is not None and app.repo.settings()["yellow_days"] == 5
        assert app.repo.settings()["office_name"] == ""


async def test_the_holiday_form_takes_what_the_store_takes(demo_db: Path) -> None:
    """Point 6: workdays alone and the year 1995 (store: 1990–2100) were refused by the form."""
    app = create_app(demo_db, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_settings(pilot)
        await pilot.press("h")
        await ready(pilot)
        assert isinstance(app.screen, HolidayForm)
        app.screen.query_one("#input-year", Input).value = "1995"
        await pilot.pause()
        assert app.screen.query_one("#field-year", Field).ok
        app.screen.query_one("#input-year", Input).value = "2027"
        app.screen.query_one("#input-workdays", Input).value = "2027-02-14"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await ready(pilot)
        assert app.repo is not None and app.repo.settings()["calendar"]["2027"]["workdays"] == ["2027-02-14"]
        status = str(app.screen.query_one("#calendar-status", Static).render())
        assert "chinese-calendar" not in status and "已内置国务院公布的放假安排" in status  # point 8: in Chinese


async def test_quitting_with_unsaved_settings_asks(demo_db: Path) -> None:
    """Point 5: Ctrl+Q after typing a setting quit and lost it; now 保存／放弃／继续编辑."""
    app = create_app(demo_db, today=TODAY)
    toasts: list[str] = []
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_settings(pilot)
        screen.query_one("#input-yellow_days", Input).value = "5"
        await pilot.pause()
        app.notify = lambda message, **kwargs: toasts.append(str(message))  # type: ignore[method-assign]
        await pilot.press("escape", "2")  # leave the page: the value stays, and it says so
        await ready(pilot)
        assert any("未保存" in t for t in toasts)
        await pilot.press("ctrl+q")
        await ready(pilot)
        assert isinstance(app.screen, AnswerScreen) and "黄灯提前工作日数" in app.screen.question
        await pilot.press("escape")  # 继续编辑: back on the settings page with the value
        await ready(pilot)
        assert app.is_running and app.screen is screen
        assert screen.query_one("#input-yellow_days", Input).value == "5"
        await pilot.press("ctrl+q")
        await ready(pilot)
        app.screen.query_one("#answer-save", Button).press()
        await ready(pilot)
    repo = Repository.open(demo_db, today=TODAY)
    assert repo.settings()["yellow_days"] == 5
    repo.close()

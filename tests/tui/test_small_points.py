"""Issue 10, small TUI points: the basis from the setting, button names, Esc twice, empty = today, the palette,
one status label, one countdown and one holiday source for the CLI and the TUI."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette
from textual.widgets import Button, DataTable, Input, Select

from store.commands.repository import Repository
from supervisor import main
from tui.app import create_app
from tui.forms.base import FormScreen
from tui.forms.simple_forms import ProgressForm, StepForm

from .conftest import TODAY, ready


def cell_texts(table: DataTable) -> list[list[str]]:  # type: ignore[type-arg]
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_indicators_start_on_the_rate_basis_setting(demo_db: Path) -> None:
    """Point 7: the 达标率分母 select always started on 全部指标."""
    repo = Repository.open(demo_db, today=TODAY)
    repo.update_settings(rate_basis="with_data")
    repo.close()
    app = create_app(demo_db, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("4")
        await ready(pilot)
        assert app.screen.query_one("#ind-basis", Select).value == "with_data"


async def test_a_cancel_step_form_has_no_second_cancel_and_esc_twice_leaves(demo_db: Path) -> None:
    """Point 8: 「取消：…」 had a 取消 (Esc) button; Esc, Esc answered 继续编辑 instead of leaving."""
    saved: list[object] = []
    app = create_app(demo_db, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        assert app.repo is not None
        app.push_screen(StepForm(app.repo, saved.append, title="取消：2026-01"))
        await ready(pilot)
        form = app.screen
        assert isinstance(form, FormScreen)
        labels = [str(b.label) for b in form.query(Button)]
        assert not any(label.startswith("取消") for label in labels), labels
        form.query_one("#input-note", Input).value = "会议决定不再办理"
        await pilot.pause()
        await pilot.press("escape", "escape")
        await ready(pilot)
        assert app.screen is not form and not saved


async def test_an_emptied_date_with_today_as_default_is_today(demo_db: Path) -> None:
    """Point 8: 「日期（默认今天）」 emptied said 请填写日期."""
    app = create_app(demo_db, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        assert app.repo is not None
        got: list[dict[str, str]] = []
        app.push_screen(ProgressForm(app.repo, got.append, title="登记进展"))
        await ready(pilot)
        app.screen.query_one("#input-date", Input).value = ""
        app.screen.query_one("#input-text", Input).value = "已完成摸底"
        await pilot.pause()
        hint = str(app.screen.query_one("#hint-date").render())
        assert "请填写" not in hint and "2026年11月28日" in hint
        await pilot.press("ctrl+s")
        await ready(pilot)
        assert got and got[0]["date"] == "今天"


async def test_cb_in_the_palette_puts_chasing_an_item_first(demo_db: Path) -> None:
    """Point 8: cb listed 指标：催报 before 督办事项：催办."""
    app = create_app(demo_db, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("c", "b")
        await ready(pilot)
        await pilot.pause(0.5)
        options = app.screen.query_one(CommandList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert "督办事项：催办" in prompts[0] and "指标：催报" in prompts[1], prompts


async def test_the_meetings_page_says_late_as_the_list_does(demo_db: Path) -> None:
    """Point 8: 2026-05 (finished late) was 办结 on the 会议 page and 办结·迟 in the list."""
    app = create_app(demo_db, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("5")
        await ready(pilot)
        table = app.screen.query_one("#meeting-table", DataTable)
        found = []
        for row in range(table.row_count):
            table.move_cursor(row=row)
            await ready(pilot)
            found += [r for r in cell_texts(app.screen.query_one("#meeting-items", DataTable)) if "2026-05" in r]
        assert found and all("办结·迟" in r for r in found), found


async def test_milestones_and_holiday_sources_read_alike_in_the_cli_and_the_tui(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Point 8: the countdown and the holiday source were computed twice or three times."""
    today = ["--db", str(demo_db), "--today", TODAY.isoformat()]
    assert main([*today, "milestone", "list"]) == 0
    assert main([*today, "holidays"]) == 0
    cli = capsys.readouterr().out
    app = create_app(demo_db, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("7")
        await ready(pilot)
        rows = cell_texts(app.screen.query_one("#milestones", DataTable))
        assert rows and all(r[2] in cli for r in rows)
        status = str(app.screen.query_one("#calendar-status").render())
        for line in cli.splitlines():
            if line.startswith(("2026年：", "2027年：")):
                assert line in status.replace("  ", "")


async def test_tabbing_back_into_a_filled_field_does_not_replace_it(demo_db: Path) -> None:
    """Walk-through: Shift+Tab into the filled field, one key, and the whole text was replaced (select on focus)."""
    app = create_app(demo_db, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        assert app.repo is not None
        app.push_screen(ProgressForm(app.repo, lambda _: None, title="登记进展"))
        await ready(pilot)
        text = app.screen.query_one("#input-text", Input)
        text.focus()
        await pilot.press(*"abc")
        await pilot.press("tab")
        await pilot.press("shift+tab")
        await pilot.pause()
        assert app.screen.focused is text
        await pilot.press("Z")
        await pilot.pause()
        assert text.value != "Z" and "abc" in text.value, text.value


def test_the_history_prints_a_reading_as_everywhere_else(demo_db: Path) -> None:
    """Walk-through: history said 99% where every screen says 99.0% (the indicator's own precision)."""
    repo = Repository.open(demo_db, today=TODAY)
    ind = next(i for i in repo.indicators() if i["name"] == "高中阶段毛入学率")
    repo.record_reading(ind["id"], 2026, value=92)
    label = repo.history()[-1]["label"]
    repo.close()
    assert "92.0%" in label, label

"""Issue 10, 年度数据: `a` starts on a year without data; changing an existing year's value asks first."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input, TabbedContent

from store.views import monitoring
from tui.app import create_app
from tui.forms.confirm import ConfirmScreen
from tui.forms.monitoring_forms import ReadingForm

from .conftest import TODAY, ready
from .test_one_parser import type_into

NAME = "村委会成员中女性比例"


def test_the_year_to_enter_next_is_never_one_with_data() -> None:
    ind = {"readings": [{"year": 2021}, {"year": 2024}]}
    assert monitoring.entry_year(ind, 2025) == 2025  # type: ignore[arg-type]
    assert monitoring.entry_year(ind, 2025, pointed=2021) == 2025  # type: ignore[arg-type]
    assert monitoring.entry_year(ind, 2025, pointed=2023) == 2023  # type: ignore[arg-type]  # an empty cell
    assert monitoring.entry_year({"readings": []}, 2025) == 2025  # type: ignore[typeddict-item]


async def test_a_on_an_old_cell_starts_on_the_next_year_and_replacing_asks(demo_db: Path) -> None:
    """Point 4: `a` on the 2021 cell opened 2021 with 24.6 filled in; now it opens 2025, empty."""
    app = create_app(demo_db, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("4")
        await ready(pilot)
        while app.screen.query_one("#ind-tabs", TabbedContent).active != "tab-grid":
            await pilot.press("t")
            await pilot.pause()
        await ready(pilot)
        assert app.repo is not None
        ind = app.repo.resolve_indicator(NAME)
        grid = app.screen.query_one("#ind-grid", DataTable)
        grid.move_cursor(row=[str(k.value) for k in grid.rows].index(str(ind["id"])), column=1)
        await pilot.press("a")
        await ready(pilot)
        form = app.screen
        assert isinstance(form, ReadingForm)
        assert form.query_one("#input-year", Input).value == "2025"
        assert form.query_one("#input-value", Input).value == ""
        await type_into(pilot, "year", "2021")
        assert "替换" in str(form.query_one("#hint-year").render())
        await type_into(pilot, "value", "24.9")
        await pilot.press("ctrl+s")
        await ready(pilot)
        assert isinstance(app.screen, ConfirmScreen) and "24.6" in app.screen.question
        await pilot.press("n")  # 继续编辑: nothing written
        await ready(pilot)
        assert app.screen is form
        assert monitoring.reading_for(app.repo.indicator(ind["id"]), 2021)["value"] == 24.6  # type: ignore[index]
        await pilot.press("ctrl+s")
        await ready(pilot)
        await pilot.press("y")
        await ready(pilot)
        assert monitoring.reading_for(app.repo.indicator(ind["id"]), 2021)["value"] == 24.9  # type: ignore[index]

"""Issue 10, TUI forms: every field reachable at 80×24 and 120×36, unit fields complete alike, one splitter."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Input

from store.commands.repository import Repository
from store.exchange.sheets import split_list
from store.records.units import split_names
from tui.app import create_app
from tui.forms.base import FormScreen
from tui.forms.item_form import ItemForm
from tui.forms.office_forms import ReceiptForm
from tui.forms.simple_forms import ExtensionForm, IndicatorForm, MeetingForm, ProgressForm, StepForm, UnitForm

from .conftest import TODAY, ready

SIZES = [(80, 24), (120, 36)]


def nothing(values: dict[str, Any]) -> None:
    return None


FORMS: dict[str, Callable[[Repository], FormScreen[Any]]] = {
    "item": lambda repo: ItemForm(repo, nothing),
    "progress": lambda repo: ProgressForm(repo, nothing, title="登记进展"),
    "receipt": lambda repo: ReceiptForm(repo, nothing, title="登记回执：2026-01"),
    "unit": lambda repo: UnitForm(nothing),
    "meeting": lambda repo: MeetingForm(repo, nothing),
    "extension": lambda repo: ExtensionForm(repo, nothing, title="延期"),
    "indicator": lambda repo: IndicatorForm(repo, nothing),
    "step": lambda repo: StepForm(repo, nothing, title="取消：2026-01", intro="一行说明\n" * 6),
}


def visible(screen: Any, widget: Widget) -> bool:
    """The widget is on screen: inside the screen, above the footer, and not covered or clipped away."""
    region = widget.region
    if not region.area or not screen.region.contains_region(region):
        return False
    for x, y in ((region.x, region.y), (region.right - 1, region.bottom - 1)):
        try:
            found, _ = screen.get_widget_at(x, y)
        except Exception:  # nothing at that point
            return False
        if found is not widget and widget not in found.ancestors:
            return False
    return True


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("form", sorted(FORMS))
async def test_tab_reaches_every_field_and_button_on_screen(demo_db: Path, size: tuple[int, int], form: str) -> None:
    """Point 1: at 80×24 the new item form showed 4 fields and Tab went into hidden ones; now each is shown."""
    app = create_app(demo_db, today=TODAY)
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        assert app.repo is not None
        app.push_screen(FORMS[form](app.repo))
        await ready(pilot)
        screen = app.screen
        wanted = [w for w in screen.query("Input, Checkbox, Button") if w.focusable]
        seen: set[int] = set()
        for _ in range(len(wanted) + 3):
            focused = screen.focused
            if focused is not None and not isinstance(focused, VerticalScroll):
                assert visible(screen, focused), f"{form} {size}: {focused.id} at {focused.region} is not on screen"
                seen.add(id(focused))
            await pilot.press("tab")
            await pilot.pause()
        assert {id(w) for w in wanted} <= seen


async def test_page_down_and_up_scroll_a_long_form(demo_db: Path) -> None:
    app = create_app(demo_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("2", "n")
        await ready(pilot)
        body = app.screen.query_one(".form-body", VerticalScroll)
        assert body.max_scroll_y > 0
        await pilot.press("pagedown")
        await ready(pilot)
        assert body.scroll_y > 0
        await pilot.press("pageup")
        await ready(pilot)
        assert body.scroll_y == 0


async def test_tab_in_lead_completes_and_stays_like_partners(demo_db: Path) -> None:
    """Point 2: tjj Tab in 牵头单位 completed AND moved on, so 公安 typed next went into 配合单位's place."""
    app = create_app(demo_db, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("2", "n")
        await ready(pilot)
        lead = app.screen.query_one("#input-lead", Input)
        partners = app.screen.query_one("#input-partners", Input)
        lead.focus()
        await pilot.press(*"tjj", "tab")
        await pilot.pause()
        assert lead.value == "县统计局" and app.screen.focused is lead
        await pilot.press("tab")  # nothing left to complete: on to 配合单位
        await pilot.pause()
        assert app.screen.focused is partners
        await pilot.press(*"ga", "tab")
        await pilot.pause()
        assert partners.value.startswith("县公安局") and app.screen.focused is partners


NAMES = "县人力资源和社会保障局、县住房和城乡建设局，县文化和旅游局;县教育局 县民政局\n县卫健委"
PARTS = ["县人力资源和社会保障局", "县住房和城乡建设局", "县文化和旅游局", "县教育局", "县民政局", "县卫健委"]


def test_one_splitter_keeps_names_with_he_whole() -> None:
    """Point 3: 和 is part of a name (the TUI split 县人力资源和社会保障局 in two); the importers now split spaces."""
    assert split_names(NAMES) == PARTS
    assert split_list(NAMES) == PARTS


async def test_the_welcome_screen_and_a_partner_field_split_alike(tmp_path: Path, demo_db: Path) -> None:
    """Point 3: the blank start of the welcome screen creates 县人力资源和社会保障局 as one unit."""
    from textual.widgets import Button

    app = create_app(tmp_path / "blank.json", today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.click("#blank")
        await ready(pilot)
        values = {"office_name": "测试县妇儿工委办公室", "doc_prefix": "测妇儿", "units": NAMES}
        values |= {"contact_person": "张三", "contact_phone": "0000-1234567"}
        for name, value in values.items():
            app.screen.query_one(f"#input-{name}", Input).value = value
        await pilot.pause()
        app.screen.query_one("#save", Button).press()
        await ready(pilot)
        assert app.repo is not None
        assert [u["name"] for u in app.repo.units()] == PARTS
    app = create_app(demo_db, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        assert app.repo is not None
        app.repo.add_unit("县住房和城乡建设局")
        await pilot.press("2", "n")
        await ready(pilot)
        app.screen.query_one("#input-partners", Input).value = "县住房和城乡建设局、县教育局"
        await pilot.pause()
        hint = str(app.screen.query_one("#hint-partners").render())
        assert hint == "→ 县住房和城乡建设局、县教育局"

"""Issue 10 in the TUI: a secretary's day without a wrong record, driven by keys as she would."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Static

from supervisor import main
from tui.app import create_app
from tui.forms.base import FormScreen
from tui.screens.item_detail import ItemDetailScreen
from tui.widgets.fields import DateInput, UnitInput
from tui.widgets.item_table import ItemTable

from .conftest import TODAY, press_ready, ready


def shown(app, selector: str) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one(selector, Static).render())


def reminders(app, number: str) -> dict[str, int]:  # type: ignore[no-untyped-def]
    item = app.repo.item(number)
    return {app.repo.unit(a["unit_id"])["name"]: len(a["reminders"]) for a in item["assignments"]}


async def test_batch_remind_through_the_text_filter_reaches_only_that_unit(demo_db: Path) -> None:
    """Point 3: `/wjw`, light 红, ^a, r, ^s — the form lists 2项 × 1个单位 and only 县卫健委 is chased."""
    app = create_app(demo_db, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        before = {n: reminders(app, n) for n in ("2026-07", "2026-09")}
        await pilot.press("2", "slash", *"wjw", "enter")
        app.screen.query_one("#light").value = "red"  # type: ignore[attr-defined]
        await pilot.pause()
        assert sorted(r.number for r in app.screen.query_one(ItemTable).rows) == ["2026-07", "2026-09"]
        await pilot.press("ctrl+a", "r")
        assert isinstance(app.screen, FormScreen)
        intro = str(app.screen.query_one(".form-intro", Static).render())
        assert "催办 2项 × 1个单位" in intro and "2026-09：县卫健委" in intro and "县检察院" not in intro
        await pilot.press("ctrl+s")
        await ready(pilot)
        for number in ("2026-07", "2026-09"):
            after = reminders(app, number)
            changed = {u for u in after if after[u] != before[number][u]}
            assert changed == {"县卫健委"}, (number, changed)


async def test_settings_page_refuses_an_empty_office_name(demo_db: Path) -> None:
    """Point 5: the field says so as you type, and Ctrl+S saves nothing."""
    app = create_app(demo_db, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("7")
        await ready(pilot)
        box = app.screen.query_one("#input-office_name", Input)
        box.value = ""
        await pilot.pause()
        assert "办公室全称不能为空" in shown(app, "#hint-office_name")
        await pilot.press("ctrl+s")
        await ready(pilot)
        assert app.repo.settings()["office_name"] == "示范县妇女儿童工作委员会办公室"


async def test_done_on_a_finished_item_says_so_before_a_form(demo_db: Path) -> None:
    """Point 10: `d` on 2026-04 (办结) opens no form and says why."""
    app = create_app(demo_db, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("2", "slash", *"2026-04", "enter")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
        assert any("没有可以办结的承办单位" in str(n.message) for n in app._notifications)
        await pilot.press("enter")
        await ready(pilot)
        assert isinstance(app.screen, ItemDetailScreen)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ItemDetailScreen)
        assert any("不能办结" in str(n.message) for n in app._notifications)


async def test_detail_shows_the_urgency_parts_as_show_does(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Point 12: the same words under the shares table as in `show`; a finished share scores nothing."""
    assert main(["--db", str(demo_db), "--today", TODAY.isoformat(), "show", "2026-07", "--json"]) == 0
    cli_shares = {a["unit"]: a for a in json.loads(capsys.readouterr().out)["assignments"]}
    app = create_app(demo_db, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("2", "slash", *"2026-07", "enter", "enter")
        await ready(pilot)
        assert cli_shares["县卫健委"]["urgency_text"] in shown(app, "#share-urgency")
        table = app.screen.query_one("#shares", DataTable)
        women = next(i for i, a in enumerate(app.screen.detail["assignments"]) if a["unit"] == "县妇联")
        app.repo.mark_done("2026-07", ["县妇联"])
        app.data_changed()
        await ready(pilot)
        table.move_cursor(row=women)
        await pilot.pause()
        assert "不计紧迫度" in shown(app, "#share-urgency")
        assert app.screen.detail["assignments"][women]["urgency"] == 0


async def test_list_and_the_items_screen_agree_on_order(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Point 19: the same database gives the same order in `list` and on the Items screen."""
    assert main(["--db", str(demo_db), "--today", TODAY.isoformat(), "list", "--json"]) == 0
    cli_order = [r["number"] for r in json.loads(capsys.readouterr().out)]
    app = create_app(demo_db, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("2")
        await ready(pilot)
        assert [r.number for r in app.screen.query_one(ItemTable).rows] == cli_order
        await pilot.press("5")
        await ready(pilot)
        meetings = app.screen.query_one("#meeting-table", DataTable)
        assert meetings.get_row_at(0)[-1] == "16.7%"


async def test_a_deadline_on_sunday_is_said_and_ctrl_n_takes_the_next_working_day(demo_db: Path) -> None:
    """Point 11: the preview says 星期日 and offers the next working day."""
    app = create_app(demo_db, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("2", "n")
        due = app.screen.query_one("#input-due", Input)
        due.focus()
        due.value = "12月中旬"
        await pilot.pause()
        assert "2026年12月20日是星期日，不是工作日" in shown(app, "#hint-due") and "Ctrl+N" in shown(app, "#hint-due")
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert due.value == "2026-12-21" and "不是工作日" not in shown(app, "#hint-due")


async def test_an_error_line_goes_when_its_field_is_fixed(demo_db: Path) -> None:
    """Point 9: "请先改正：事项标题——事项标题不能为空" disappears once a title is typed."""
    app = create_app(demo_db, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("2", "n", "ctrl+s")
        await pilot.pause()
        assert "事项标题不能为空" in shown(app, "#form-error")
        await pilot.press(*"abc")
        await pilot.pause()
        assert shown(app, "#form-error") == ""


async def test_leaving_the_welcome_screen_leaves_no_lock_file(tmp_path: Path) -> None:
    """Point 22: Esc on the welcome screen, then quit: no supervisor.json.lock beside a missing database."""
    path = tmp_path / "supervisor.json"
    app = create_app(path, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert not path.exists() and sorted(p.name for p in tmp_path.iterdir()) == []


async def test_esc_leaves_a_settings_field_and_digits_switch_screens_again(demo_db: Path) -> None:
    """Point 6: Tab into 办公室全称, Esc, then 1 goes to 总览 — the field keeps its text."""
    from tui.screens.overview import OverviewScreen

    app = create_app(demo_db, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("7")
        await ready(pilot)
        box = app.screen.query_one("#input-office_name", Input)
        box.focus()
        await pilot.press("1")  # in the box, a digit is text
        assert box.value.endswith("1")
        await pilot.press("backspace", "escape")
        await pilot.pause()
        assert app.screen.focused is None
        await pilot.press("1")
        await ready(pilot)
        assert isinstance(app.screen, OverviewScreen)
        assert app.repo.settings()["office_name"] == "示范县妇女儿童工作委员会办公室"


async def test_tab_completion_never_swallows_the_next_name(demo_db: Path) -> None:
    """Point 7: 妇联 Tab → 县妇联、 and the next name typed starts a new entry; Tab moves on when nothing to do."""
    app = create_app(demo_db, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("2", "n")
        partners = app.screen.query_one("#input-partners", Input)
        partners.focus()
        await pilot.press(*"fl", "tab", *"jyj")
        await pilot.pause()
        assert partners.value == "县妇联、jyj" and "县妇联、县教育局" in shown(app, "#hint-partners")
        await pilot.press("tab", "tab")  # complete jyj, then nothing left to complete: move on
        await pilot.pause()
        # the last 、 stays: leaving the window and coming back must not glue the next name on (review)
        assert partners.value == "县妇联、县教育局、" and app.screen.focused is not partners
        lead = app.screen.query_one("#input-lead", Input)
        lead.focus()
        await pilot.press(*"tjj", "tab")
        await pilot.pause()
        assert lead.value == "县统计局" and app.screen.focused is lead  # completes and stays, like a list field


async def test_an_unknown_unit_can_be_added_from_the_form(demo_db: Path) -> None:
    """Point 8: 「县气象局」 is not in the directory; Ctrl+N opens 新增单位「县气象局」, then the field is good."""
    app = create_app(demo_db, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("2", "n")
        lead = app.screen.query_one("#input-lead", Input)
        lead.focus()
        lead.value = "县气象局"
        await pilot.pause()
        hint = shown(app, "#hint-lead")
        assert "新增单位「县气象局」" in hint and "supervisor" not in hint
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen) and app.screen.form_title == "新增单位「县气象局」"
        await pilot.press("ctrl+s")
        await ready(pilot)
        assert app.repo.resolve_unit("县气象局")["name"] == "县气象局"
        assert "→ 县气象局" in shown(app, "#hint-lead")


@pytest.mark.parametrize(
    ("query", "expected"),
    [("清单", "生成：检查清单"), ("通报", "生成：督查通报"), ("生成", "生成：督办通知"), ("cb", "督办事项：催办")],
)
async def test_the_palette_finds_documents_and_actions_by_words_and_initials(
    demo_db: Path, query: str, expected: str
) -> None:
    """Point 14: Ctrl+P matches Chinese words and pinyin initials; every document kind is there."""
    from textual.command import CommandList, CommandPalette

    app = create_app(demo_db, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*query)
        await ready(pilot)
        await pilot.pause(0.5)
        options = app.screen.query_one(CommandList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any(expected in p for p in prompts), prompts


async def test_end_moves_the_cursor_to_the_last_unit(demo_db: Path) -> None:
    """Point 15: on the units board End then Enter opens the last row's unit (it opened row 1)."""
    from tui.screens.items import ItemsScreen

    app = create_app(demo_db, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("3")
        await ready(pilot)
        table = app.screen.query_one("#unit-board", DataTable)
        await pilot.press("end")
        assert table.cursor_row == table.row_count - 1
        await pilot.press("pageup", "home")
        assert table.cursor_row == 0
        await pilot.press("end")
        last = int(str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))
        await pilot.press("enter")
        await ready(pilot)
        assert isinstance(app.screen, ItemsScreen) and app.screen.filters.unit_id == last


async def test_checkboxes_show_their_state_by_shape(demo_db: Path) -> None:
    """Point 16: [x] / [ ] — not the same glyph in two colours."""
    from textual.widgets import Checkbox

    app = create_app(demo_db, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("2")
        await ready(pilot)
        box = app.screen.query_one("#key-only", Checkbox)
        assert str(box.render()).startswith("[ ]")
        box.value = True
        await pilot.pause()
        assert str(box.render()).startswith("[x]")


async def test_no_english_in_the_footer_while_a_dropdown_is_open(demo_db: Path) -> None:
    """Point 17: the Select menu's Esc reads 关闭菜单, not "Dismiss menu"."""
    app = create_app(demo_db, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("2")
        await ready(pilot)
        app.screen.query_one("#light").focus()
        await pilot.press("enter")
        await pilot.pause()
        shown_keys = [b.binding.description for b in app.active_bindings.values() if b.binding.show]
        assert "关闭菜单" in shown_keys and "Dismiss menu" not in shown_keys


async def test_help_names_each_screen_and_aligns_keys(demo_db: Path) -> None:
    """Point 17: F1 lists 1 总览 … 7 设置 (not "1 切换页面"), every key padded by display width."""
    from store.records.text import display_width
    from tui.screens.help import HelpScreen

    app = create_app(demo_db, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text", Static).render())
        assert "切换页面" not in text
        for index, label in enumerate(["总览", "督办事项", "成员单位", "指标", "会议", "发文", "设置"], start=1):
            assert f"  {index}{' ' * 11} {label}" in text
        rows = [re.match(r"  (\S+)( +)\S", line) for line in text.splitlines() if re.match(r"  \S", line)]
        assert rows and {display_width(m[1]) + len(m[2]) for m in rows if m} == {13}  # descriptions line up
        assert any(m and m[1] == "空格" for m in rows)


async def test_open_folder_without_a_desktop_says_it_cannot(
    demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Point 17: `o` with no graphical session says it cannot open, and starts no process."""
    import subprocess

    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    started: list[object] = []
    monkeypatch.setattr(subprocess, "Popen", lambda *a, **k: started.append(a))
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: started.append(a))
    app = create_app(demo_db, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("6")
        await ready(pilot)
        app.screen.query_one("#doc-out", Input).value = str(tmp_path)
        await pilot.press("o")
        await ready(pilot)
        messages = [str(n.message) for n in app._notifications]
        assert any("没有图形桌面，无法打开文件夹" in m for m in messages) and not any("已打开" in m for m in messages)
    assert started == []


async def test_at_80_columns_the_title_and_every_key_hint_fit(demo_db: Path) -> None:
    """Point 18: the header is not cut to "星期…", and the footer shows every key of the items screen whole."""
    from store.records.text import display_width
    from tui.widgets.footer import KeyFooter

    app = create_app(demo_db, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("2")
        await ready(pilot)
        assert app.sub_title.endswith("星期六") and display_width(f"{app.title} — {app.sub_title}") <= 80 - 16
        footer = app.screen.query_one(KeyFooter)
        shown_keys = {b.binding.description for b in app.screen.active_bindings.values() if b.binding.show}
        in_footer = {k.description for k in footer.query("FooterKey")}
        assert shown_keys <= in_footer and {"进展", "延期", "重做", "帮助"} <= in_footer
        for row in footer.query(".key-row"):
            assert row.region.right <= 80 - 8  # left of the palette key, nothing clipped


async def test_the_palette_has_every_document_kind_and_screen_action(demo_db: Path) -> None:
    """Point 14: one entry per document kind and per described key of every main screen."""
    from tui.commands import DOCUMENT_KINDS, entries
    from tui.widgets.nav import SCREENS

    app = create_app(demo_db, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        titles = {e.title for e in entries(app, app.screen)}
        assert {f"生成：{word}" for _, word in DOCUMENT_KINDS} <= titles
        for mode, cls in app.screen_classes.items():
            label = dict(SCREENS)[mode]
            for b in cls.BINDINGS:
                if b.description and b.action not in ("leave_input", "leave_filter"):  # type: ignore[union-attr]
                    assert f"{label}：{b.description}" in titles  # type: ignore[union-attr]


async def test_tab_completes_even_when_the_keys_outran_the_check(demo_db: Path) -> None:
    """CI: on a busy machine "jyj" then Tab came before the field had checked "jyj", so Tab moved on uncompleted.

    Setting the text posts its Changed message without handling it: the check is stale, as after quick keys.
    """
    app = create_app(demo_db, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await press_ready(pilot, "2", "n")
        lead = app.screen.query_one("#input-lead", UnitInput)
        lead.focus()
        lead.value = "jyj"
        assert lead.check_action("complete", ()) is True
        lead.action_complete()
        assert lead.value == "县教育局"
        date_input = app.screen.query_one("#input-due", DateInput)
        date_input.value = "2026-12-05"  # a Saturday: Ctrl+N offers the next working day at once
        assert date_input.check_action("next_workday", ()) is True
        date_input.action_next_workday()
        assert date_input.value == "2026-12-07"


async def test_keys_typed_in_one_burst_land_in_the_field_tab_moved_to(demo_db: Path) -> None:
    """A walk-through pasted "title, Tab, jyj, Tab, gaj" at once: "jyj" went into the title and the Tabs moved past
    the lead, because the app hands a key to the focused field before the field has handled the Tab before it."""
    from textual import events

    app = create_app(demo_db, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await press_ready(pilot, "2", "n")
        title = app.screen.query_one("#input-title", Input)
        title.focus()
        await ready(pilot)
        for key in ["a", "b", "c", "tab", "j", "y", "j", "tab", "tab", "g", "a", "j", "tab"]:
            event = events.Key(key, key if len(key) == 1 else None)
            event.set_sender(app)
            app.post_message(event)  # all at once, as a paste or a fast typist's keys arrive
        await ready(pilot)
        lead = app.screen.query_one("#input-lead", Input)
        partners = app.screen.query_one("#input-partners", Input)
        assert (title.value, lead.value) == ("abc", "县教育局")
        assert partners.value.startswith("县公安局") and app.screen.focused is partners


async def test_an_empty_field_is_not_red_before_anything_is_typed(demo_db: Path) -> None:
    """Review: the Tab fix checked a field whenever the footer asked, so an empty 牵头单位 turned red on entry."""
    app = create_app(demo_db, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await press_ready(pilot, "2", "n")
        await pilot.press("tab")
        await ready(pilot)
        assert app.screen.focused is app.screen.query_one("#input-lead", Input)
        assert shown(app, "#hint-lead") == "" and shown(app, "#hint-due") == ""

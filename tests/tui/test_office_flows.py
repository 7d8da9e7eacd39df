"""Pilot tests of issue 13's screens: receipts on the register and the unit's page, the 催办 message dialog,
carry-over on the Meetings screen, the notice scope choice and the 序时 plot on the Indicators screen."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Select, Static

from docx_templates import build_batch
from store.commands.repository import Repository
from tui.app import create_app
from tui.forms.base import FormScreen
from tui.forms.confirm import ConfirmScreen
from tui.screens.message_dialog import MessageScreen
from tui.widgets.receipts import UnitReceipts

from .conftest import TODAY, ready
from .test_flows import type_into


def with_notices(db: Path, tmp_path: Path) -> list[str]:
    repo = Repository.open(db, today=TODAY)
    result = build_batch(repo, "notice", None, tmp_path / "out")
    repo.close()
    return [d["number"] for d in result.dispatches]


async def cursor_to(pilot, table_id: str, key: str) -> None:  # type: ignore[no-untyped-def]
    table = pilot.app.screen.query_one(table_id, DataTable)
    table.move_cursor(row=table.get_row_index(key))
    await pilot.pause()


async def test_h_on_a_voided_notice_says_it_has_no_receipt(demo_db: Path, tmp_path: Path) -> None:
    """Review: `h` on a 作废 row of the register ended the app with a traceback once the store refused it."""
    numbers = with_notices(demo_db, tmp_path)
    repo = Repository.open(demo_db, today=TODAY)
    repo.undo()
    repo.close()
    app = create_app(demo_db, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("6")
        await ready(pilot)
        await cursor_to(pilot, "#dispatches", numbers[0])
        await pilot.press("h")
        await ready(pilot)
        assert not isinstance(app.screen, FormScreen) and app.is_running
        assert any("已作废" in str(n.message) for n in app._notifications)


async def test_record_a_receipt_on_the_register_with_its_progress(demo_db: Path, tmp_path: Path) -> None:
    numbers = with_notices(demo_db, tmp_path)
    app = create_app(demo_db, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("6")
        await ready(pilot)
        table = app.screen.query_one("#dispatches", DataTable)
        assert "回执" in [str(c.label) for c in table.columns.values()]
        wjw = next(r for r in app.repo.receipts() if r["unit_id"] == app.repo.resolve_unit("卫健委")["id"])
        assert wjw["doc_number"] in numbers
        assert "未回" in str(table.get_row(wjw["doc_number"])[3])
        assert str(table.get_row(wjw["doc_number"])[2]) == "县卫健委"  # the 单位 column (issue 13)
        assert table.size.height >= 12  # the register takes the room there is, not 3 rows
        await cursor_to(pilot, "#dispatches", wjw["doc_number"])
        await pilot.press("h")
        assert isinstance(app.screen, FormScreen)
        assert f"登记回执：{wjw['doc_number']}（县卫健委）" in str(
            app.screen.query_one(".dialog-title", Static).render()
        )
        assert app.screen.query_one("#input-progress").value == ""  # the store's default decides
        intro = str(app.screen.query_one(".form-intro", Static).render())
        assert all(n in intro for n in wjw["items"]) and "登记为它们的进展" in intro  # which items (a walk-through)
        await type_into(pilot, "contact", "刘芳")
        await type_into(pilot, "text", "已开展专项行动")
        await pilot.press("ctrl+s")
        await ready(pilot)
        receipt = app.repo.receipt(wjw["doc_number"])
        assert receipt["received_on"] == TODAY.isoformat() and receipt["contact"] == "刘芳"
        progress = [p["text"] for a in app.repo.item("2026-07")["assignments"] for p in a["progress"]]
        assert "已开展专项行动" in progress
        assert "已回" in str(app.screen.query_one("#dispatches", DataTable).get_row(wjw["doc_number"])[3])
        await pilot.press("ctrl+z")  # one undo step takes the receipt and its progress back
        await ready(pilot)
        assert not app.repo.receipt(wjw["doc_number"])["received_on"]
        assert "已开展专项行动" not in str(app.repo.item("2026-07"))


async def test_the_units_page_shows_receipts_and_sends_a_message(demo_db: Path, tmp_path: Path) -> None:
    with_notices(demo_db, tmp_path)
    app = create_app(demo_db, today=TODAY)
    copied: list[str] = []
    app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("3")
        await ready(pilot)
        unit = app.repo.resolve_unit("卫健委")
        await cursor_to(pilot, "#unit-board", str(unit["id"]))
        receipts = str(app.screen.query_one(UnitReceipts).render())
        assert "回执" in receipts and "未回" in receipts
        await pilot.press("m")
        assert isinstance(app.screen, MessageScreen)
        text = app.screen.message.text
        assert len(text) <= 300 and "2026-07" in text and "县卫健委" in text
        await pilot.press("c")
        assert copied == [text]
        await pilot.press("t")
        assert app.screen.message.limit == 70
        await pilot.press("w")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await ready(pilot)
        share = next(a for a in app.repo.item("2026-07")["assignments"] if a["unit_id"] == unit["id"])
        assert share["reminders"][-1]["method"] == "微信"


async def test_carry_a_meeting_on_the_meetings_screen(demo_db: Path) -> None:
    repo = Repository.open(demo_db, today=TODAY)
    repo.add_meeting("第二次全体会议", TODAY.isoformat())
    repo.close()
    app = create_app(demo_db, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("5")
        await ready(pilot)
        await cursor_to(pilot, "#meeting-table", "1")
        await pilot.press("c")
        assert isinstance(app.screen, FormScreen)
        await pilot.press("ctrl+s")
        await ready(pilot)
        assert app.repo.item("2026-07")["meeting_id"] == 2
        rows = app.screen.query_one("#meeting-table", DataTable)
        assert str(rows.get_row("2")[4]) == "10" and str(rows.get_row("1")[4]) == "2"


async def test_notice_scope_choice_on_the_documents_screen(demo_db: Path) -> None:
    app = create_app(demo_db, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("6")
        await ready(pilot)
        narrow = set(app.screen.query_one("#doc-units").selected)
        app.screen.query_one("#doc-scope", Select).value = "open"
        await ready(pilot)
        wide = set(app.screen.query_one("#doc-units").selected)
        assert narrow < wide  # every unit with an open share, not only red and yellow


async def test_the_indicators_card_plots_readings_against_the_expected_path(demo_db: Path) -> None:
    app = create_app(demo_db, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("4")
        await ready(pilot)
        plot = str(app.screen.query_one("#ind-path", Static).render())
        assert "实际" in plot and "序时对比" in plot

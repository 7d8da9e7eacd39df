"""The font settings (issue 15.5) through the settings screen and the command line: one rule in store."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from store.commands.repository import Repository
from supervisor import main
from tui.app import create_app

from .conftest import TODAY, ready
from .test_flows import type_into


async def test_font_settings_on_the_settings_screen(demo_db: Path) -> None:
    app = create_app(demo_db, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("7")
        await ready(pilot)
        assert app.screen.query_one("#input-font_body", Input).value == "仿宋_GB2312/仿宋"
        await type_into(pilot, "font_body", "方正仿宋_GBK，仿宋")
        await pilot.press("ctrl+s")
        await ready(pilot)
        assert app.repo.settings()["font_body"] == "方正仿宋_GBK/仿宋"
        await type_into(pilot, "font_title", "方正<小标宋>")
        await pilot.press("ctrl+s")
        await ready(pilot)
        assert app.repo.settings()["font_title"] == "方正小标宋简体/华文中宋/宋体"  # refused, nothing saved
        assert "不能含有" in str(app.screen.query_one("#hint-font_title", Static).render())


def test_the_command_line_refuses_what_the_screen_refuses(demo_db: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    base = ["--db", str(demo_db), "--today", TODAY.isoformat()]
    assert main([*base, "settings", "font_title", "方正<小标宋>"]) != 0
    assert "不能含有" in capsys.readouterr().err
    assert main([*base, "settings", "font_body", "方正仿宋_GBK，仿宋"]) == 0
    repo = Repository.open(demo_db, today=TODAY)
    try:
        assert repo.settings()["font_body"] == "方正仿宋_GBK/仿宋"
        assert repo.settings()["font_title"] == "方正小标宋简体/华文中宋/宋体"
    finally:
        repo.close()

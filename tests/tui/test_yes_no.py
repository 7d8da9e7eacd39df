"""Issue 11, point 3: one yes/no Choice (store.records.choices.YES_NO) reads every 是/否 — settings, cells, forms."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from store.commands.repository import Repository
from store.records.choices import YES_NO
from supervisor import main
from tui.app import create_app
from tui.forms.base import FormScreen

from .conftest import TODAY, ready


def _settings(db: Path, *args: str) -> int:
    return main(["--db", str(db), "--today", TODAY.isoformat(), "settings", *args])


def test_only_is_not_a_yes_for_every_setting(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """ "only" (只计已审核) was a yes word for every yes/no setting, so `period_on_workday only` switched it on."""
    assert _settings(demo_db, "period_on_workday", "only") != 0
    assert "应填“是”或“否”" in capsys.readouterr().err
    assert _settings(demo_db, "checked_only", "only") == 0
    assert _settings(demo_db, "period_on_workday", "要") == 0
    repo = Repository.open(demo_db, today=TODAY)
    settings = repo.settings()
    repo.close()
    assert settings["checked_only"] is True and settings["period_on_workday"] is True


@pytest.mark.parametrize(("word", "yes"), [("是", True), ("y", True), ("要", True), ("否", False), ("no", False)])
async def test_the_extension_form_reads_the_same_words(demo_db: Path, word: str, yes: bool) -> None:
    """The 延期 form accepted only 是/否 (and the office form also y and 要): now both ask YES_NO."""
    assert YES_NO.is_yes(word) is yes
    app = create_app(demo_db, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("2", "e")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        app.screen.query_one("#input-new_due", Input).value = "2027-01-29"
        app.screen.query_one("#input-reason", Input).value = "等待省里的数据"
        app.screen.query_one("#input-approved", Input).value = word
        await pilot.pause()
        await pilot.press("ctrl+s")
        await ready(pilot)
        assert not isinstance(app.screen, FormScreen), "the form took the word"
        item = app.repo.item("2026-07")
        decisions = {e["decision"] for a in item["assignments"] for e in a["extensions"]}
        assert decisions == ({"approved"} if yes else {"pending"})

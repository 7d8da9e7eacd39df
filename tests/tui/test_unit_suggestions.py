"""Issue 11, point 1: a mistyped unit name gets 「是不是：县卫健委？」 from the one resolver, in the CLI and the TUI."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static

from store.commands.repository import Repository
from store.errors import UnknownUnitError
from supervisor import main
from tui.app import create_app
from tui.widgets.item_table import ItemTable

from .conftest import TODAY, ready

TYPO = "卫建委"


def shown(app, selector: str) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one(selector, Static).render())


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("卫建委", ["县卫健委"]), ("公按局", ["县公安局"]), ("民正局", ["县民政局"]), ("组织不", ["县委组织部"])],
)
def test_the_resolver_suggests_close_names(demo_db: Path, typed: str, meant: list[str]) -> None:
    repo = Repository.open(demo_db, today=TODAY)
    with pytest.raises(UnknownUnitError) as caught:
        repo.resolve_unit(typed)
    repo.close()
    assert caught.value.suggestions == meant and f"是不是：{meant[0]}？" in caught.value.message


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("县人力资源和社会保障局", "县人社局"),
        ("县卫生健康委员会", "县卫健委"),
        ("县妇女联合会", "县妇联"),
        ("县人社", "县人社局"),
    ],
)
def test_a_full_official_name_finds_its_unit(demo_db: Path, typed: str, meant: str) -> None:
    """A walk-through typed full names (县人力资源和社会保障局) and got only a suggestion: 县 before an alias or a
    short name is the unit itself, in every front end (they all call resolve_unit)."""
    repo = Repository.open(demo_db, today=TODAY)
    assert repo.resolve_unit(typed)["name"] == meant
    repo.close()
    assert main(["--db", str(demo_db), "--today", TODAY.isoformat(), "list", "--unit", typed]) == 0


@pytest.mark.parametrize("typed", ["审计局", "县气象局", "xyz"])
def test_a_new_name_is_not_mistaken_for_a_typo(demo_db: Path, typed: str) -> None:
    """Shared words (县…局) do not make 审计局 look like 统计局; short initials do not match at random."""
    repo = Repository.open(demo_db, today=TODAY)
    with pytest.raises(UnknownUnitError) as caught:
        repo.resolve_unit(typed)
    repo.close()
    assert caught.value.suggestions == [] and "是不是" not in caught.value.message


def test_cli_prints_the_suggestion(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(demo_db), "--today", TODAY.isoformat(), "list", "--unit", TYPO]) != 0
    assert "没有找到单位「卫建委」。是不是：县卫健委？" in capsys.readouterr().err


async def test_the_form_and_the_filter_show_the_same_suggestion(demo_db: Path) -> None:
    app = create_app(demo_db, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("2", "slash", *TYPO)
        await pilot.pause()
        assert app.screen.query_one(ItemTable).rows == []
        assert "是不是：县卫健委？" in shown(app, "#item-hint")
        await pilot.press("escape", "n")
        await pilot.pause()
        lead = app.screen.query_one("#input-lead", Input)
        lead.focus()
        await pilot.press(*TYPO)
        await pilot.pause()
        hint = shown(app, "#hint-lead")
        assert "是不是：县卫健委？" in hint and "Ctrl+N" not in hint
        await pilot.press("tab")
        await pilot.pause()
        assert lead.value == "县卫健委" and "→ 县卫健委" in shown(app, "#hint-lead")

"""The same word typed in the command line, in a TUI form and in an imported sheet is stored as the same code.

Each front end reads an enumerated field through its Choice (store/records/choices.py). Direction and unit kind
go through all three; publicity kind and 达标率分母 have no import sheet, so through the command line and the
TUI. Before, 保持 and 逐步提高 were refused by the TUI indicator form, and --kind/--basis took English only.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from textual.widgets import Input, TabbedContent

from store.commands.repository import Repository
from store.demo.loader import load_demo
from store.records.choices import BASIS
from supervisor import main
from tui.app import create_app

from .conftest import TODAY, ready

DIRECTIONS = [
    ("保持", "keep"),
    ("逐步提高", "rising"),
    ("逐步下降", "falling"),
    ("≥", ">="),
    ("不低于", ">="),
    ("<=", "<="),
    ("定性", "qualitative"),
    ("rising", "rising"),
]
UNIT_KINDS = [("部门", "department"), ("乡镇", "township"), ("群团组织", "organisation"), ("群团", "organisation")]
PUBLICITY_KINDS = [("活动", "activity"), ("调查", "survey"), ("知晓率调查", "survey"), ("activity", "activity")]
BASES = [("有数据的指标", "with_data"), ("有量化目标", "numeric"), ("全部指标", "all"), ("with_data", "with_data")]


def fresh_db(path: Path) -> Path:
    repo = Repository.open(path, today=TODAY)
    load_demo(repo)
    repo.close()
    return path


def supervisor(db: Path, *args: str) -> None:
    """One command run in-process as a user would type it; it must succeed."""
    assert main(["--db", str(db), "--today", TODAY.isoformat(), *args]) == 0


def indicator_direction(repo: Repository, name: str) -> str:
    return next(i["direction"] for i in repo.indicators() if i["name"] == name)


def unit_kind(repo: Repository, name: str) -> str:
    return repo.resolve_unit(name)["kind"]


def through_the_cli(db: Path, capsys: pytest.CaptureFixture[str]) -> Repository:
    for n, (word, _) in enumerate(DIRECTIONS):
        supervisor(
            db,
            "indicator",
            "add",
            f"方向{n}",
            "--plan",
            "儿童",
            "--domain",
            "安全",
            "--direction",
            word,
            "--target",
            "90",
        )
    for n, (word, _) in enumerate(UNIT_KINDS):
        supervisor(db, "unit", "add", f"测试单位{n}", "--kind", word)
    for n, (word, _) in enumerate(PUBLICITY_KINDS):
        supervisor(
            db, "publicity", "add", "--kind", word, "--title", f"宣传{n}", "--sample", "200", "--awareness", "80"
        )
    capsys.readouterr()
    bases = []
    for word, code in BASES:
        supervisor(db, "--json", "verdicts", "--basis", word)
        bases.append(json.loads(capsys.readouterr().out)["basis"])
        supervisor(db, "settings", "rate_basis", word)
        assert f"达标率分母（rate_basis）：{BASIS.label(code)}\n" in capsys.readouterr().out  # printed in Chinese
        bases.append(Repository.open(db, today=TODAY, readonly=True).settings()["rate_basis"])
    assert bases == [code for _, code in BASES for _ in (1, 2)]
    return Repository.open(db, today=TODAY, readonly=True)


def test_the_command_line_the_tui_and_the_importer_store_the_same_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cli_repo = through_the_cli(fresh_db(tmp_path / "cli.json"), capsys)
    for n, (_, code) in enumerate(DIRECTIONS):
        assert indicator_direction(cli_repo, f"方向{n}") == code
    for n, (_, code) in enumerate(UNIT_KINDS):
        assert unit_kind(cli_repo, f"测试单位{n}") == code
    kinds = [p["kind"] for p in cli_repo.publicity() if p["title"].startswith("宣传")]
    assert kinds == [code for _, code in PUBLICITY_KINDS]

    imported = fresh_db(tmp_path / "import.json")
    folder = tmp_path / "表格"
    folder.mkdir()
    with (folder / "指标.csv").open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(
            [["规划", "领域", "指标名称", "方向", "目标值"]]
            + [["儿童", "安全", f"方向{n}", word, "90"] for n, (word, _) in enumerate(DIRECTIONS)]
        )
    with (folder / "成员单位.csv").open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows([["名称", "类别"]] + [[f"测试单位{n}", w] for n, (w, _) in enumerate(UNIT_KINDS)])
    supervisor(imported, "import", str(folder), "--yes")
    import_repo = Repository.open(imported, today=TODAY, readonly=True)
    for n, (_, code) in enumerate(DIRECTIONS):
        assert indicator_direction(import_repo, f"方向{n}") == code
    for n, (_, code) in enumerate(UNIT_KINDS):
        assert unit_kind(import_repo, f"测试单位{n}") == code


async def type_into(pilot, field: str, text: str) -> None:  # type: ignore[no-untyped-def]
    widget = pilot.app.screen.query_one(f"#input-{field}", Input)
    widget.focus()
    widget.value = ""
    widget.insert_text_at_cursor(text)
    await pilot.pause()


async def save(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("ctrl+s")
    await ready(pilot)


async def go(pilot, key: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(key)
    await ready(pilot)


async def test_the_tui_forms_take_the_same_words(tmp_path: Path) -> None:
    app = create_app(fresh_db(tmp_path / "tui.json"), today=TODAY)
    async with app.run_test(size=(140, 40)) as pilot:
        await ready(pilot)
        await go(pilot, "4")
        await pilot.press("n")
        await type_into(pilot, "direction", "越快越好")
        hint = str(app.screen.query_one("#hint-direction").render())
        assert "方向「越快越好」无效，应为：≥、≤、保持、逐步提高、逐步下降、定性" in hint
        await go(pilot, "escape")
        for n, (word, code) in enumerate(DIRECTIONS):
            await pilot.press("n")
            await type_into(pilot, "domain", "安全")
            await type_into(pilot, "name", f"方向{n}")
            await type_into(pilot, "direction", word)
            await type_into(pilot, "target", "90")
            await save(pilot)
            assert indicator_direction(app.repo, f"方向{n}") == code, word
        app.screen.query_one("#ind-tabs", TabbedContent).active = "tab-evidence"
        await ready(pilot)
        for n, (word, code) in enumerate(PUBLICITY_KINDS):
            await pilot.press("p")
            await type_into(pilot, "kind", word)
            await type_into(pilot, "title", f"宣传{n}")
            await type_into(pilot, "date", "2026-11-20")
            await type_into(pilot, "sample_size", "200")
            await type_into(pilot, "awareness", "80")
            await save(pilot)
            assert next(p["kind"] for p in app.repo.publicity() if p["title"] == f"宣传{n}") == code, word
        await go(pilot, "3")
        for n, (word, code) in enumerate(UNIT_KINDS):
            await pilot.press("n")
            await type_into(pilot, "name", f"测试单位{n}")
            await type_into(pilot, "kind", word)
            await save(pilot)
            assert unit_kind(app.repo, f"测试单位{n}") == code, word
        await go(pilot, "7")
        assert app.screen.query_one("#input-rate_basis", Input).value == "全部指标"  # shown in Chinese
        for word, code in BASES:
            await type_into(pilot, "rate_basis", word)
            await save(pilot)
            assert app.repo.settings()["rate_basis"] == code, word

"""Issue 16 (f-monitor) point 1: one standing per indicator and year. `board --by indicator`, `verdicts`, the
overview's off-target list, the Indicators screen and the evaluation report's problem list give the same verdict
on the same database, with and without the `checked_only` setting (provisional 2025 data never decide a board
that `verdicts` reads as 2024)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import docx
import pytest
from textual.widgets import DataTable, Static

from supervisor import main
from tui.app import create_app

from .conftest import TODAY, ready
from .test_monitoring_flows import cells, show_tab


def cli(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> Any:
    assert main(["--db", str(db), "--json", "--today", TODAY.isoformat(), *args]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("checked_only", ["是", "否"])
async def test_board_overview_and_indicators_agree_with_verdicts(
    demo_db: Path, capsys: pytest.CaptureFixture[str], checked_only: str
) -> None:
    cli(capsys, demo_db, "settings", "checked_only", checked_only)
    verdicts = cli(capsys, demo_db, "verdicts")
    board = cli(capsys, demo_db, "board", "--by", "indicator")
    by_name = {r["name"]: r for r in verdicts["indicators"]}
    assert {b["indicator"]: b["judgement"] for b in board} == {n: r["verdict"] for n, r in by_name.items()}
    assert {b["year"] for b in board} == {verdicts["year"]}
    if checked_only == "是":  # the old board judged provisional, unreviewed 2025 data: 提前达标
        assert verdicts["year"] == 2024
        assert by_name["婴儿死亡率"]["verdict"] == "预期可达标"
    else:  # the old overview showed 村委会女性比例 滞后 on 2024 data while the board year is 2025
        assert verdicts["year"] == 2025
        assert by_name["村委会成员中女性比例"]["verdict"] == "无数据"
    off_target = {n for n, r in by_name.items() if r["verdict"] in ("未达标", "滞后")}
    report = cli(capsys, demo_db, "evaluation", "--out", str(demo_db.parent / "out"))["files"][0]
    problems = {
        m.group(1)
        for p in docx.Document(report).paragraphs
        if (m := re.match(r"\d+\. (\S+?)（.*）：(滞后|未达标)。", p.text))
    }
    assert problems == off_target  # the evaluation report's year is the boards' year here
    app = create_app(demo_db, today=TODAY)
    async with app.run_test(size=(140, 40)) as pilot:
        await ready(pilot)
        assert app.boards is not None
        assert {o["indicator"] for o in app.boards.overview["off_target"]} == off_target
        panel = str(app.screen.query_one("#off-target", Static).render())
        assert ("村委会成员中女性比例" in panel) == ("村委会成员中女性比例" in off_target)
        await show_tab(pilot, "tab-verdicts")
        table = app.screen.query_one("#indicator-table", DataTable)
        for row in verdicts["indicators"]:
            assert row["verdict"] in cells(table, str(row["indicator_id"]))[3]

"""Issues 10 and 16 on the Indicators screen, driven by keys: a new reading starts empty and is saved under the
year of its form; the default data year is the latest complete one (and the CLI agrees); a returned value does not
count; every open request cycle is shown; plan periods are set from the screen; the office keeps evidence; the
summary names its years; the year grid prints every unit of measure."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Static, TabbedContent

from store.commands.repository import Repository
from store.views import monitoring
from supervisor import main
from tui.app import create_app
from tui.forms.monitoring_forms import PlanForm, ReadingForm

from .conftest import TODAY, ready
from .test_flows import type_into


def cells(table: DataTable, key: str) -> list[str]:  # type: ignore[type-arg]
    return [str(c) for c in table.get_row(key)]


@pytest.fixture
def early(demo_db: Path) -> Path:
    """The sample with the 2026 cycle open and early 2026 readings (学前教育毛入园率 returned)."""
    repo = Repository.open(demo_db, today=TODAY)
    repo.open_request(2026, "2027-04-30")
    preschool = repo.resolve_indicator("学前教育毛入园率")["id"]
    repo.record_reading(preschool, 2026, 95, confirm=True, reason="新建两所乡镇幼儿园")
    repo.review_reading(preschool, 2026, accept=False, note="与教育事业统计不一致")
    repo.record_reading(repo.resolve_indicator("孕产妇死亡率")["id"], 2026, 12.1)
    repo.close()
    return demo_db


async def show_tab(pilot, pane: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("4")
    await ready(pilot)
    while pilot.app.screen.query_one("#ind-tabs", TabbedContent).active != pane:
        await pilot.press("t")
        await pilot.pause()
    await ready(pilot)


async def test_10_1_a_new_reading_starts_empty_and_keeps_its_year(demo_db: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    app = create_app(demo_db, today=TODAY)
    toasts: list[str] = []
    async with app.run_test(size=(140, 40)) as pilot:
        monkeypatch.setattr(app, "notify", lambda message, **kwargs: toasts.append(str(message)))
        await show_tab(pilot, "tab-grid")
        ind = app.repo.resolve_indicator("学前教育毛入园率")
        grid = app.screen.query_one("#ind-grid", DataTable)
        grid.move_cursor(row=[str(k.value) for k in grid.rows].index(str(ind["id"])), column=1)  # the 2021 cell
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ReadingForm)
        assert form.query_one("#input-year", Input).value != "2021"  # not the old cell's data (a starts on a new year)
        assert form.query_one("#input-value", Input).value == ""
        await type_into(pilot, "year", "2026")
        assert form.query_one("#input-note", Input).value == ""  # a new reading: nothing copied from 2021
        assert form.query_one("#input-submitted_on", Input).value == "今天"
        assert form.query_one("#input-value", Input).value == ""
        await type_into(pilot, "value", "90.5")
        await pilot.press("ctrl+s")
        await ready(pilot)
        reading = monitoring.reading_for(app.repo.indicator(ind["id"]), 2026)
        assert reading is not None and reading["value"] == 90.5
        assert reading["submitted_on"] == TODAY.isoformat() and reading["note"] == ""
        assert "已录入：学前教育毛入园率 2026年" in toasts
        assert monitoring.reading_for(app.repo.indicator(ind["id"]), 2021)["value"] == 85.8  # 2021 untouched


async def test_16_1_default_year_and_the_cli_agree(early: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The same database through both front ends: the verdict table shows what `verdicts --json` prints."""
    assert main(["--db", str(early), "--json", "--today", TODAY.isoformat(), "verdicts"]) == 0
    cli = json.loads(capsys.readouterr().out)
    assert cli["year"] == 2025
    app = create_app(early, today=TODAY)
    async with app.run_test(size=(140, 40)) as pilot:
        await show_tab(pilot, "tab-verdicts")
        assert app.screen.query_one("#ind-year").value == "@2025"
        table = app.screen.query_one("#indicator-table", DataTable)
        for row in cli["indicators"]:
            shown = cells(table, str(row["indicator_id"]))
            assert row["value"] in shown[2] and row["verdict"] in shown[3]
        await show_tab(pilot, "tab-summary")
        head = str(app.screen.query_one("#summary-head", Static).render())
        assert "2025年（暂定）数据与2024年比较" in head and "报送尚未结束" in head  # 10.13: which years, and how final
        summary = app.screen.query_one("#summary-table", DataTable)
        assert [str(c.label) for c in summary.columns.values()][1:3] == ["2025年达标率", "2024年达标率"]
        overall = next(s for s in cli["summaries"] if s["group"] == "全部")
        assert str(summary.get_row_at(0)[1]) == overall["this_year"]


async def test_16_2_a_returned_value_is_shown_but_not_counted(early: Path) -> None:
    app = create_app(early, today=TODAY)
    async with app.run_test(size=(140, 40)) as pilot:
        await show_tab(pilot, "tab-verdicts")
        select = app.screen.query_one("#ind-year")
        select.value = "2026"
        await ready(pilot)
        ind = app.repo.resolve_indicator("学前教育毛入园率")
        shown = cells(app.screen.query_one("#indicator-table", DataTable), str(ind["id"]))
        assert shown[2] == "95.0%（退回）" and "无数据" in shown[3]  # not 提前达标
        await show_tab(pilot, "tab-grid")
        grid = app.screen.query_one("#ind-grid", DataTable)
        assert "2026年·暂定" in [str(c.label) for c in grid.columns.values()]  # 10.13: an early year is marked
        maternal = app.repo.resolve_indicator("孕产妇死亡率")
        assert any("12.1/10万" in c for c in cells(grid, str(maternal["id"])))  # 16.13: /10万 in the grid


async def test_16_4_every_open_cycle_is_shown_overdue_first(early: Path) -> None:
    app = create_app(early, today=TODAY)
    async with app.run_test(size=(140, 40)) as pilot:
        await show_tab(pilot, "tab-requests")
        head = str(app.screen.query_one("#req-head", Static).render())
        assert head.index("2025年度两个规划监测数据报送") < head.index("2026年度监测数据报送")
        assert "催报清单：县民政局、县人社局" in head and "尚未到催报时间" in head
        table = app.screen.query_one("#req-table", DataTable)
        first = [str(c) for c in table.get_row_at(0)]
        assert first[:2] == ["2025年", "县民政局"] and "逾期" in first[4]
        await pilot.press("r")
        await ready(pilot)
        chased = [r["unit_id"] for r in app.repo.request(2025)["reminders"] if r["date"] == TODAY.isoformat()]
        assert sorted(chased) == sorted(app.repo.resolve_unit(n)["id"] for n in ("民政局", "人社局"))
        assert app.repo.request(2026)["reminders"] == []  # the cycle not yet due is not chased


async def test_16_5_the_plan_period_is_set_from_the_screen(demo_db: Path) -> None:
    app = create_app(demo_db, today=TODAY)
    async with app.run_test(size=(140, 40)) as pilot:
        await show_tab(pilot, "tab-verdicts")
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, PlanForm)
        assert app.screen.query_one("#input-midterm_year", Input).value == "2025"
        await type_into(pilot, "end_year", "2025")
        await type_into(pilot, "midterm_year", "2023")
        await pilot.press("ctrl+s")
        await ready(pilot)
        key = app.repo.indicators()[0]["plan"]
        plan = app.repo.plan(key)
        assert plan is not None and (plan["end_year"], plan["midterm_year"]) == (2025, 2023)
        assert all(i["target_year"] == 2025 for i in app.repo.indicators() if i["plan"] == key)


async def test_16_10_the_office_keeps_evidence_from_the_form(demo_db: Path) -> None:
    app = create_app(demo_db, today=TODAY)
    async with app.run_test(size=(140, 40)) as pilot:
        await show_tab(pilot, "tab-evidence")
        await pilot.press("n")
        await pilot.pause()
        await type_into(pilot, "category", "会议")
        await type_into(pilot, "title", "迎检工作方案")
        await type_into(pilot, "owner", "办公室")
        assert "办公室自己负责" in str(app.screen.query_one("#hint-owner", Static).render())
        await pilot.press("ctrl+s")
        await ready(pilot)
        made = next(e for e in app.repo.evidence() if e["title"] == "迎检工作方案")
        assert made["owner_unit_id"] is None

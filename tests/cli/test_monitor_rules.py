"""Issue 16 (f-monitor): the rules behind the monitoring boards, through the command line on the sample county —
the target that applies in the year judged, the early-entry note and a replaced value, settings read with one
default each, an extension granted after the deadline had passed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from .test_midterm_cli import data, run  # on 2026-11-30: the 2025 cycle past due and not closed


def test_3_the_target_shown_is_the_one_the_verdict_used(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """2024 is before the mid-term year 2025: 宫颈癌筛查率 is judged against ≥65%（2025年）, and every list says so."""
    run(capsys, db, "settings", "checked_only", "是")
    rows = {r["name"]: r for r in data(capsys, db, "indicator", "list")}
    row = rows["适龄妇女宫颈癌筛查率"]
    assert "≥65%（2025年）" in row["reason"]
    assert row["applies"] == "≥65%（2025年）" and row["target"] == "≥70%（2030年）"
    board = {b["indicator"]: b for b in data(capsys, db, "board", "--by", "indicator")}
    assert board["适龄妇女宫颈癌筛查率"]["target"] == "≥65%（2025年）"
    _, text, _ = run(capsys, db, "indicator", "list")
    line = next(line for line in text.splitlines() if "宫颈癌" in line)
    assert "≥65%" in line and "≥70%" not in line


def test_2_a_value_is_replaced_only_when_asked_and_said_so(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The old code replaced 88.9 silently and called 2025 (the boards' default year) an early entry."""
    code, _, err = run(capsys, db, "reading", "学前教育毛入园率", "2025", "--value", "89")
    assert code != 0 and "由88.9%改为89.0%" in err and "--replace" in err
    assert data(capsys, db, "indicator", "show", "学前教育毛入园率")  # still readable, nothing written:
    code, out, err = run(capsys, db, "history")
    assert "89" not in out.splitlines()[-1]
    code, out, err = run(capsys, db, "reading", "学前教育毛入园率", "2025", "--value", "89", "--replace")
    assert code == 0, err
    assert "已将2025年的数值由88.9%改为89.0%" in out
    assert "提前录入" not in out and data(capsys, db, "verdicts")["year"] == 2025
    result = data(capsys, db, "reading", "学前教育毛入园率", "2025", "--value", "89.3", "--replace")
    assert result["message"] == "已将2025年的数值由89.0%改为89.3%" and result["early"] is False
    result = data(capsys, db, "reading", "学前教育毛入园率", "2026", "--value", "89.5")
    assert result["message"] == "已录入" and result["early"] is True
    _, out, _ = run(capsys, db, "reading", "学前教育毛入园率", "2026", "--value", "89.5")  # the same value again
    assert "已录入" in out and "不作为看板的默认年度" in out


def test_2_the_year_to_enter_next(db: Path) -> None:
    from store.commands.repository import Repository
    from store.views import monitoring

    repo = Repository.open(db, today=date(2026, 11, 28))
    snap = monitoring.snapshot(repo)
    assert snap.entry_year() == 2025 == snap.board_year()  # the 2025 cycle is past due but not closed
    repo.close_request(2025)
    assert monitoring.snapshot(repo).entry_year() == 2025
    repo.open_request(2026, "2027-04-30")
    snap = monitoring.snapshot(repo)
    assert snap.entry_year() == 2026 and snap.early(2026) and not snap.early(2025)
    repo.close()


def test_5_settings_are_read_with_the_check_they_were_saved_with(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """chase_near_days 0 stays 0 in the evaluation figures (the old `or 5` made it 5); report_days 0 is refused
    rather than saved and then silently read as 5; the request cadence has one default and one range."""
    from store.commands.repository import Repository
    from store.commands.settings import chase_near_days, report_days
    from store.views import evaluation, monitoring

    code, _, err = run(capsys, db, "settings", "report_days", "0")
    assert code != 0 and "反馈期限工作日数应在1到60之间" in err
    assert report_days({"report_days": 0}) == 5  # an old database holding 0: the default, as the check says
    assert chase_near_days({"chase_near_days": 0}) == 0 and chase_near_days({}) == 5
    code, _, err = run(capsys, db, "request", "open", "2026", "--due", "2026-12-02", "--remind-every", "0")
    assert code != 0 and "逾期后每隔几个工作日催报应在1到30之间" in err
    assert run(capsys, db, "request", "open", "2026", "--due", "2026-12-02")[0] == 0
    assert run(capsys, db, "settings", "chase_near_days", "0")[0] == 0
    repo = Repository.open(db, today=date(2026, 11, 28))
    request = next(r for r in repo.requests() if r["year"] == 2026)
    assert (request["remind_before"], request["remind_every"]) == (3, 2)
    snap = monitoring.snapshot(repo)
    figures = evaluation.reporting_figures(request, repo.indicators(), repo.units_by_id(), snap, repo.calendar())
    assert figures.states and not any(s.on_chase_list for s in figures.states)  # due in 2 working days, near = 0
    repo.close()


def test_4_an_extension_approved_after_the_deadline_keeps_a_mark(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The light follows the new deadline (green), but lists, boards and bulletins say 延期前已逾期; an extension
    approved in time (the sample's 2026-11 统计局) carries no mark."""
    from docx_templates.bulletin import meeting_text
    from store.commands.repository import Repository
    from store.views.documents import bulletin_figures

    added = data(capsys, db, "add", "--title", "补报监测数据", "--lead", "统计局", "--due", "2026-11-20")
    number = added["number"]
    assert data(capsys, db, "list", "--unit", "统计局", "--light", "red")[0]["number"] == number
    code, _, err = run(
        capsys, db, "extend", number, "--unit", "统计局", "--to", "2026-12-20", "--reason", "补充调查", "--approved"
    )
    assert code == 0, err
    rows = {r["number"]: r for r in data(capsys, db, "list", "--unit", "统计局")}
    assert rows[number]["light"] == "green" and rows[number]["extended_late"]
    assert rows[number]["due_text"].endswith("·延期前已逾期")
    assert not rows["2026-11"]["extended_late"] and "延期前" not in rows["2026-11"]["due_text"]
    share = data(capsys, db, "show", number)["assignments"][0]
    assert share["extended_late"] and "延期前已逾期" in share["due_text"]
    board = {b["unit"]: b for b in data(capsys, db, "board", "--by", "unit")}
    assert board["县统计局"]["extended_late_items"] == [number] and board["县统计局"]["overdue"] == 0
    _, text, _ = run(capsys, db, "board", "--by", "unit")
    assert f"{number}（延期前已逾期）" in text
    repo = Repository.open(db, today=date(2026, 11, 28))
    tallies = bulletin_figures(repo.items(), repo.policy(), repo.units_by_id()).meetings
    repo.close()
    assert sum(t.extended_late for t in tallies) == 1
    tally = next(t for t in tallies if t.extended_late)
    assert "有1项延期前已逾期" in meeting_text(None, tally)

"""Pilot tests of 导入讲话稿: jieba warmed off the UI thread, every review edit by its key, accept and undo."""

from __future__ import annotations

import re
import threading
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, SelectionList, Static, TextArea

from store.commands.repository import Repository
from store.exchange import speech
from store.exchange.speech import Draft, review
from supervisor import main
from tests.store.data.corpus import F11, F13, add_county_units
from tui.app import create_app
from tui.forms.confirm import ConfirmScreen
from tui.screens.speech_import import SpeechImportScreen
from tui.screens.speech_import.detail import DUE_STYLE, SPAN_STYLE, source_text
from tui.screens.speech_import.forms import NarrowScreen

from .conftest import TODAY, ready
from .test_flows import type_into

COUNTY_DAY = date(2026, 3, 20)


@pytest.fixture
def county_db(tmp_path: Path) -> Path:
    """The county of the speech corpus (tests/store/data/corpus.py)."""
    path = tmp_path / "county.json"
    repo = Repository.open(path, today=COUNTY_DAY)
    add_county_units(repo)
    repo.close()
    return path


async def open_review(pilot, text: str, day: str) -> SpeechImportScreen:  # type: ignore[no-untyped-def]
    """Meetings → i, paste the text, set the meeting day, Ctrl+R, and wait for the analysis."""
    await ready(pilot)
    await pilot.press("5", "i")
    screen = pilot.app.screen
    assert isinstance(screen, SpeechImportScreen)
    screen.query_one("#speech-text", TextArea).text = text
    screen.query_one("#input-meeting_date", Input).value = day
    await pilot.press("ctrl+r")
    await ready(pilot)
    assert screen.analysis is not None
    return screen


def drafts(screen: SpeechImportScreen) -> list[Draft]:
    assert screen.analysis is not None
    return screen.analysis.drafts


async def to_draft(pilot, screen: SpeechImportScreen, words: str) -> Draft:  # type: ignore[no-untyped-def]
    """Put the cursor on the draft whose source holds these words."""
    row = next(i for i, d in enumerate(drafts(screen)) if words in d.source)
    table = screen.query_one("#drafts", DataTable)
    table.focus()
    table.move_cursor(row=row)
    await pilot.pause()
    return drafts(screen)[row]


def status(screen: SpeechImportScreen) -> str:
    return str(screen.query_one("#speech-status", Static).content)


async def test_jieba_is_warmed_in_a_worker_with_a_progress_line(county_db: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    release = threading.Event()
    threads: list[threading.Thread] = []

    def slow_warm_up() -> None:
        threads.append(threading.current_thread())
        release.wait(timeout=30)

    monkeypatch.setattr(speech, "warm_up", slow_warm_up)
    app = create_app(county_db, today=COUNTY_DAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("5", "i")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SpeechImportScreen)
        assert status(screen).startswith("正在加载中文分词词典")
        await pilot.press(*"abc")  # the UI answers while the dictionary loads
        assert screen.query_one("#speech-text", TextArea).text == "abc"
        release.set()
        await ready(pilot)
        assert threads and threads[0] is not threading.main_thread()
        assert status(screen).startswith("分词词典已就绪")


async def test_review_screen_edits_add_unit_alias_drop_accept_undo(county_db: Path) -> None:
    app = create_app(county_db, today=COUNTY_DAY)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_review(pilot, F13.text, F13.meeting)
        assert screen.query_one("#input-meeting_title", Input).value == "全县食品安全工作会议"
        assert [review.state(d) for d in drafts(screen)] == ["一般要求", "可导入", "可导入", "需处理", "一般要求"]
        assert status(screen).startswith("共5条草稿：可导入2条，需处理1条，一般要求2条（不导入）")
        # The draft shows its sentence, the phrase that made it highlighted.
        market = await to_draft(pilot, screen, "快检室")
        detail = str(screen.query_one("#draft-detail", Static).content)
        assert market.source in detail and "「县城投公司」（配合，不影响导入）不在单位名录中" in detail
        spans = [(market.source[s.start : s.end], str(s.style)) for s in source_text(market).spans]
        assert spans == [("县市场监管局要", SPAN_STYLE), ("6月底前", DUE_STYLE)]

        # u: lead and partners, completed from the directory.
        await pilot.press("u")
        await type_into(pilot, "lead", "zjj")
        await type_into(pilot, "partners", "城管")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert (market.lead, market.partners, market.unknown) == ("县住建局", ["县城管局"], ["县城投公司"])

        # l: 县城投公司 is another name of the transport bureau.
        await pilot.press("l")
        await type_into(pilot, "unit", "交通运输局")
        await pilot.press("ctrl+s")
        await ready(pilot)
        assert market.partners == ["县城管局", "县交通运输局"] and not market.unknown
        assert "县城投公司" in app.repo.resolve_unit("交通运输局")["aliases"]

        # a: 新增单位「县疾控中心」, then the draft it leads is ready.
        disease = await to_draft(pilot, screen, "疾控中心")
        assert review.state(disease) == "需处理"
        await pilot.press("a")
        assert screen.app.screen.query_one("#input-name", Input).value == "县疾控中心"
        await pilot.press("ctrl+s")
        await ready(pilot)
        assert disease.lead == "县疾控中心" and disease.ready
        assert disease.due_kind == "recurring" and "每季度" in screen.query_one("#drafts", DataTable).get_row_at(3)[3]

        # d: the deadline, marked as edited.
        canteen = await to_draft(pilot, screen, "校园食堂")
        await pilot.press("d")
        await type_into(pilot, "due", "2026-09-10")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert (canteen.due, canteen.due_kind) == ("2026-09-10", "edited")

        # x: a general draft is checked in; a ready one is dropped.
        general = await to_draft(pilot, screen, "形成工作合力")
        await pilot.press("x")
        assert general.keep and review.state(general) == "可导入"
        await pilot.press("x")
        assert review.state(general) == "一般要求"
        await to_draft(pilot, screen, "校园食堂")
        await pilot.press("x")
        assert review.state(canteen) == "不导入"

        # Ctrl+S: the meeting and the two ready drafts in one undo step.
        units_before = len(app.repo.units())
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await ready(pilot)
        items = app.repo.items()
        assert len(items) == 2 and not isinstance(app.screen, SpeechImportScreen)
        meeting = next(m for m in app.repo.meetings() if m["title"] == "全县食品安全工作会议")
        assert all(i["meeting_id"] == meeting["id"] for i in items)
        names = {u["id"]: u["name"] for u in app.repo.units()}
        shares = {i["title"]: [(names[a["unit_id"]], a["role"], a["due"]) for a in i["assignments"]] for i in items}
        assert shares["完成农贸市场快检室改造"] == [
            ("县住建局", "lead", "2026-06-30"),
            ("县城管局", "partner", "2026-06-30"),
            ("县交通运输局", "partner", "2026-06-30"),
        ]
        assert shares["加强食源性疾病监测"] == [("县疾控中心", "lead", "2026-03-31")]
        await pilot.press("ctrl+z")
        await ready(pilot)
        assert app.repo.items() == [] and not app.repo.meetings()
        assert len(app.repo.units()) == units_before  # the unit added in review is its own step


async def test_narrow_split_and_merge(county_db: Path) -> None:
    app = create_app(county_db, today=COUNTY_DAY)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_review(pilot, F11.text, F11.meeting)
        count = len(drafts(screen))
        depts = await to_draft(pilot, screen, "测评点位自查")
        assert depts.collective_lead and review.state(depts) == "需处理"
        # n: choose the units 县直相关部门 means here; the first ticked leads.
        await pilot.press("n")
        assert isinstance(app.screen, NarrowScreen)
        members = app.screen.query_one("#members", SelectionList)
        assert members.selected == []  # a vague collective starts with none ticked
        members.select(app.repo.resolve_unit("文旅局")["id"])
        members.select(app.repo.resolve_unit("住建局")["id"])
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert (depts.lead, depts.partners, depts.ready) == ("县文旅局", ["县住建局"], True)
        # s: one draft per unit, each leading its own.
        await pilot.press("s")
        await pilot.pause()
        assert len(drafts(screen)) == count + 1
        row = screen.query_one("#drafts", DataTable).cursor_row
        first, second = drafts(screen)[row], drafts(screen)[row + 1]
        assert (first.lead, first.partners, second.lead, second.partners) == ("县文旅局", [], "县住建局", [])
        assert first.ready and second.ready and first.requirement == second.requirement
        split_text = (first.requirement, first.source)
        # m: merge it with the next one again.
        await pilot.press("m")
        await pilot.pause()
        assert len(drafts(screen)) == count
        merged = drafts(screen)[row]
        assert (merged.lead, merged.partners) == ("县文旅局", ["县住建局"])
        assert (merged.requirement, merged.source) == split_text  # merging the copies undoes the split
        assert [d.index for d in drafts(screen)] == list(range(1, count + 1))
        # n on a named lead says what to do instead.
        await pilot.press("n")
        await pilot.pause()
        assert not isinstance(app.screen, NarrowScreen)


async def test_a_word_table_read_from_the_file_field_shows_what_the_command_prints(
    county_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same file through the CLI and the TUI: the same drafts, states and deadlines in words."""
    from tests.store.data.tables import TITLE, write_docx

    path = tmp_path / "附件.docx"
    write_docx(path)
    assert (
        main(["--db", str(county_db), "--today", "2026-03-01", "import-speech", str(path), "--date", "2026-03-15"]) == 0
    )
    printed = capsys.readouterr().out
    cli = re.findall(r"^\s*(\d+)\. \[(.+?)\] 牵头：", printed, re.M)
    cli_due = re.findall(r"^    期限：(.+)$", printed, re.M)
    app = create_app(county_db, today=date(2026, 3, 1))
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("5", "i")
        screen = app.screen
        assert isinstance(screen, SpeechImportScreen)
        screen.query_one("#input-meeting_date", Input).value = "2026-03-15"
        await type_into(pilot, "file", str(path))
        await pilot.press("enter")
        await ready(pilot)
        assert "个表格" in status(screen)
        await pilot.press("ctrl+r")
        await ready(pilot)
        assert screen.query_one("#input-meeting_title", Input).value == TITLE
        tui = [(str(d.index), review.state(d)) for d in drafts(screen)]
        assert tui == cli and len(tui) == 5
        table = screen.query_one("#drafts", DataTable)
        shown = []
        for row in range(table.row_count):
            table.move_cursor(row=row)
            await pilot.pause()
            detail = str(screen.query_one("#draft-detail", Static).content)
            shown.append(re.search(r"^期限：(.+)$", detail, re.M).group(1))  # type: ignore[union-attr]
        assert shown == cli_due


async def test_the_progress_meeting_speech_edit_drop_accept_undo(demo_db: Path) -> None:
    app = create_app(demo_db, today=TODAY)
    async with app.run_test(size=(140, 40)) as pilot:
        from tests.store.data.speeches import PROGRESS_MEETING

        screen = await open_review(pilot, PROGRESS_MEETING, "2026-11-20")
        assert len(drafts(screen)) == 11 and sum(d.ready for d in drafts(screen)) == 9
        # e: the county has no audit bureau, so the finance bureau leads.
        audit = await to_draft(pilot, screen, "专项审计")
        await pilot.press("e")
        await type_into(pilot, "lead", "财政局")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert audit.ready and audit.lead == "县财政局"
        await to_draft(pilot, screen, "加强督查")
        await pilot.press("x")
        before = len(app.repo.items())
        await pilot.press("ctrl+s", "y")
        await ready(pilot)
        assert len(app.repo.items()) == before + 10
        meeting = next(m for m in app.repo.meetings() if m["title"] == "全县妇女儿童工作推进会")
        item = next(i for i in app.repo.items() if "专项审计" in i["title"])
        assert app.repo.unit(item["assignments"][0]["unit_id"])["name"] == "县财政局"
        assert item["meeting_id"] == meeting["id"]
        await pilot.press("ctrl+z")
        await ready(pilot)
        assert len(app.repo.items()) == before

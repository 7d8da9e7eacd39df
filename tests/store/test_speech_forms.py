"""Who is told to do what, whatever the modal word and however lead and partners are written.

Sentences are our own, in the forms found in county speeches, 会议纪要 and 任务分工方案 (see data/README.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from store.commands.repository import Repository
from store.exchange.speech import Analysis, Draft, accept_drafts, analyse, review
from store.exchange.speech.meeting import meeting_name

from .data.corpus import add_county_units

MEETING = date(2026, 11, 28)


@pytest.fixture
def county(repo: Repository) -> Iterator[Repository]:
    add_county_units(repo)
    repo.add_unit("县退役军人事务局", short="退役军人局", kind="department")
    yield repo


@pytest.fixture
def few(repo: Repository) -> Iterator[Repository]:
    """A directory just started: most units of the text are not in it yet."""
    for name in ("县教育局", "县公安局", "县司法局"):
        repo.add_unit(name)
    yield repo


def run(repo: Repository, text: str) -> Analysis:
    return analyse(text, units=repo.units(), indicators=[], meeting_date=MEETING, calendar=repo.calendar())


def only(repo: Repository, text: str) -> Draft:
    drafts = [d for d in run(repo, text).drafts if not d.general]
    assert len(drafts) == 1, [(d.title, d.lead) for d in drafts]
    return drafts[0]


# ------------------------------------------------------------------ 1. a task without 要


@pytest.mark.parametrize(
    ("text", "lead", "title"),
    [
        ("请县妇联在12月10日前报送婚姻家庭纠纷排查情况。", "县妇联", "报送婚姻家庭纠纷排查情况"),
        ("县司法局在12月15日前上报社区矫正对象走访记录。", "县司法局", "上报社区矫正对象走访记录"),
        ("县民政局于2027年1月20日前完成低保对象年度复核。", "县民政局", "完成低保对象年度复核"),
        ("县医保局抓好城乡居民医保集中参保工作。", "县医保局", "抓好城乡居民医保集中参保工作"),
        ("各乡镇（街道）在12月底前完成辖区留守儿童信息更新。", "", "完成辖区留守儿童信息更新"),
        ("县财政局应在12月5日前拨付妇女儿童发展专项资金。", "县财政局", "拨付妇女儿童发展专项资金"),
        ("县卫健委须于明年3月底前完成两癌筛查数据录入。", "县卫健委", "完成两癌筛查数据录入"),
    ],
)
def test_a_named_unit_with_a_task_is_a_draft_whatever_its_modal_word(
    county: Repository, text: str, lead: str, title: str
) -> None:
    draft = only(county, text)
    assert draft.title == title
    assert draft.lead == lead or (not lead and draft.collective == "all_townships")


def test_an_unknown_unit_with_a_deadline_is_listed_not_lost(few: Repository) -> None:
    drafts = run(few, "请县妇联在12月10日前报送排查情况。县妇联会同县司法局在每月5日前报送矛盾纠纷化解台账。").drafts
    assert [d.subject for d in drafts] == ["县妇联", "县妇联"]
    assert [d.unknown for d in drafts] == [["县妇联"], ["县妇联"]]
    assert drafts[1].partners == ["县司法局"]


def test_a_numbered_task_line_is_not_taken_for_a_heading(county: Repository) -> None:
    """A walk-through lost "一、请县教育局于…前完成…" and "五、各乡镇每月5日前报送…": short numbered lines were read as
    section headings. A line with a deadline (or a 请) is a task; "二、压实工作责任" stays a heading."""
    text = (
        "一、请县教育局于12月20日前完成校舍安全隐患排查。\n二、压实工作责任\n"
        "三、各乡镇每月5日前报送留守儿童走访情况。\n"
    )
    drafts = [d for d in run(county, text).drafts if not d.general]
    assert [d.title for d in drafts] == ["完成校舍安全隐患排查", "报送留守儿童走访情况"]
    assert drafts[0].lead == "县教育局" and drafts[1].collective == "all_townships"


@pytest.mark.parametrize(
    "heading", ["二、年底前重点任务", "四、第四季度重点工作", "一、请示报告制度", "三、下一步工作安排"]
)
def test_a_heading_with_a_date_word_stays_a_heading(county: Repository, heading: str) -> None:
    """Review: a date word alone ("年底前重点任务") or 请示 does not make a heading a task; the task under it keeps
    the heading as its section."""
    text = f"一、压实工作责任\n{heading}\n县教育局要在12月20日前完成校舍安全隐患排查。\n"
    drafts = [d for d in run(county, text).drafts if not d.general]
    assert len(drafts) == 1 and drafts[0].section == heading.split("、", 1)[1]


def test_a_report_of_work_done_is_not_an_order(county: Repository) -> None:
    text = "县司法局组织排查矛盾纠纷460起。县教育局开展了校园安全检查。县公安局局长通报治安形势。"
    assert [d for d in run(county, text).drafts if not d.general] == []


# ------------------------------------------------------------------ 2. lead and partners


@pytest.mark.parametrize(
    ("text", "lead", "partners", "title"),
    [
        (
            "由县教育局牵头、县公安局配合，于2027年3月15日前完成校园安全隐患排查整治。",
            "县教育局",
            ["县公安局"],
            "完成校园安全隐患排查整治",
        ),
        (
            "由县民政局负责，县财政局、县妇联参与，做好困难妇女救助帮扶。",
            "县民政局",
            ["县财政局", "县妇联"],
            "做好困难妇女救助帮扶",
        ),
        (
            "县教育局要牵头，会同县公安局，在12月20日前完成学校周边交通秩序排查。",
            "县教育局",
            ["县公安局"],
            "完成学校周边交通秩序排查",
        ),
        (
            "县退役军人局要配合县妇联，在12月中旬前走访慰问困难军属家庭。",
            "县妇联",
            ["县退役军人事务局"],
            "走访慰问困难军属家庭",
        ),
        (
            "县人社局牵头，县妇联、县总工会配合，举办两期女性创业培训班。",
            "县人社局",
            ["县妇联", "县总工会"],
            "举办两期女性创业培训班",
        ),
        (
            "县教育局牵头、县卫健委配合开展学生近视防控专项行动。",
            "县教育局",
            ["县卫健委"],
            "开展学生近视防控专项行动",
        ),
        ("县教育局联合县卫健委开展学生心理健康筛查。", "县教育局", ["县卫健委"], "开展学生心理健康筛查"),
        (
            "县教育局、县公安局等部门按职责分工负责校园周边环境整治。",
            "县教育局",
            ["县公安局"],
            "校园周边环境整治",
        ),
    ],
)
def test_lead_and_partners_in_every_form(
    county: Repository, text: str, lead: str, partners: list[str], title: str
) -> None:
    draft = only(county, text)
    assert (draft.lead, draft.partners, draft.title) == (lead, partners, title)
    assert not draft.requirement.startswith(("牵头", "会同", "配合", "、"))


# ------------------------------------------------------------------ 3. titles without deadlines


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("县民政局要在明年1月底前完成困境儿童信息核查。", "2027-01-31"),
        ("县妇联要于本月底前，完成困境儿童信息核查。", "2026-11-30"),
        ("县民政局每月5日前完成困境儿童信息核查。", "2026-12-05"),
        ("县民政局要在2027年第一季度完成困境儿童信息核查。", "2027-03-31"),
        ("县民政局务必于12月中旬前完成困境儿童信息核查。", "2026-12-20"),
        ("县民政局要在元旦前完成困境儿童信息核查。", "2026-12-31"),
        ("县民政局要在15个工作日内完成困境儿童信息核查。", "2026-12-18"),
    ],
)
def test_a_title_never_starts_with_its_deadline(county: Repository, text: str, due: str) -> None:
    draft = only(county, text)
    assert draft.title == "完成困境儿童信息核查"
    assert draft.due == due


# ------------------------------------------------------------------ 4. the meeting's name


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("在全县妇女儿童工作推进会上的讲话", "全县妇女儿童工作推进会"),
        ("县委副书记 王某某在全县妇女儿童工作推进会上的讲话", "全县妇女儿童工作推进会"),
        ("在全县妇女儿童工作推进会上的讲话（2026年11月28日）", "全县妇女儿童工作推进会"),
        ("在全县妇女儿童工作推进会上的讲话　县委副书记　王某某", "全县妇女儿童工作推进会"),
        ("在全县安全生产工作会议上的讲话提纲", "全县安全生产工作会议"),
        ("李某同志在全县经济工作会议上的总结讲话", "全县经济工作会议"),
        ("全县防汛工作调度会会议纪要", "全县防汛工作调度会"),
        ("县政府第12次常务会议纪要", "县政府第12次常务会议"),
        ("县长办公会议纪要（第3期）", "县长办公会议"),
        ("关于研究城西片区排水问题的会议纪要", "研究城西片区排水问题会议"),
        ("关于召开全县秋冬季森林防火工作会议的通知", "全县秋冬季森林防火工作会议"),
        ("关于印发《示范县2027年妇女儿童工作要点》的通知", "示范县2027年妇女儿童工作要点"),
        ("示范县妇女儿童工作任务分工方案", "示范县妇女儿童工作任务分工方案"),
    ],
)
def test_the_meeting_is_named_from_the_title_line(title: str, name: str) -> None:
    assert meeting_name(title) == name


def test_import_speech_names_the_meeting_not_the_speech(county: Repository) -> None:
    text = "在全县妇女儿童工作推进会上的讲话\n县委副书记　王某某\n（2026年11月28日）\n"
    text += "县妇联要在12月10日前报送排查情况。"
    analysis = run(county, text)
    assert review.meeting_title(analysis) == "全县妇女儿童工作推进会"
    accept_drafts(county, analysis, meeting_title=review.meeting_title(analysis), meeting_date=MEETING.isoformat())
    assert [m["title"] for m in county.meetings()] == ["全县妇女儿童工作推进会"]


def test_a_dated_event_is_not_a_time_limit(county: Repository) -> None:
    text = "县教育局于3月10日召开全县校长会议。县司法局11月20日组织开展法律宣传活动。"
    assert [d for d in run(county, text).drafts if not d.general] == []


def test_before_the_spring_festival_has_a_date_before_the_calendar_publishes_it(county: Repository) -> None:
    """A walk-through: "在春节前开展…" in a November 2026 speech got the year-end default because chinese-calendar
    does not know 2027 yet; 正月初一 is a fact, so the deadline is estimated and said so; the title loses the phrase."""
    drafts = [d for d in run(county, "县民政局要在春节前开展一次困难家庭走访慰问。").drafts if not d.general]
    assert len(drafts) == 1 and drafts[0].title == "开展一次困难家庭走访慰问"
    assert str(drafts[0].due) == "2027-02-03"  # 初一 2027-02-06, holiday taken to begin on 02-04

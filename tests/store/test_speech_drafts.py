"""What a reviewer is handed: honest drafts (exhortations not proposed, unknown partners not blocking),
the phrase that made each draft, collective subjects that can be narrowed, and how they are saved."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from store.commands.repository import Repository
from store.errors import SupervisorError
from store.exchange.speech import Analysis, accept_drafts, analyse, narrow, split_by_unit

from .data.corpus import TOWNSHIPS, add_county_units

MEETING = date(2026, 3, 15)


@pytest.fixture
def county(repo: Repository) -> Iterator[Repository]:
    add_county_units(repo)
    yield repo


def run(repo: Repository, text: str) -> Analysis:
    return analyse(text, units=repo.units(), indicators=[], meeting_date=MEETING)


def test_an_exhortation_is_shown_but_not_proposed(county: Repository) -> None:
    analysis = run(county, "各乡镇、各部门要高度重视，切实加强组织领导，形成工作合力。要进一步明确任务、压紧责任。")
    first, carried = analysis.drafts
    assert first.collective == "all_units" and carried.carried
    assert all(d.general and not d.keep and not d.ready for d in analysis.drafts)
    first.keep = True  # the reviewer may still take it
    assert first.ready
    assert run(county, "要进一步明确任务、压紧责任。").drafts == []  # no subject at all: no draft


def test_an_unknown_partner_does_not_block_a_known_lead(county: Repository) -> None:
    [draft] = run(county, "县市场监管局要会同县城投公司完成农贸市场快检室改造，6月底前投入使用。").drafts
    assert draft.lead == "县市场监管局" and draft.ready
    assert draft.unknown == ["县城投公司"] and draft.problems == []
    assert "县城投公司" in draft.notices[0]


def test_an_unknown_lead_blocks_and_says_which_name(county: Repository) -> None:
    [draft] = run(county, "县疾控中心要加强食源性疾病监测，每季度报送一次监测报告。").drafts
    assert not draft.ready and draft.unknown == ["县疾控中心"]
    assert any("县疾控中心" in p for p in draft.problems)
    assert (draft.due_kind, draft.recurrence, draft.due) == ("recurring", "quarterly", "2026-03-31")


def test_each_draft_keeps_its_sentence_and_the_phrase_that_made_it(county: Repository) -> None:
    text = "县农业农村局要在3月底前完成种子储备摸底，县水利局要在4月中旬前完成灌区渠系清淤。"
    first, second = run(county, text).drafts
    assert first.source == second.source == text
    assert first.source[slice(*first.span)] == "县农业农村局要"
    assert second.source[slice(*second.span)] == "县水利局要"
    assert (first.due, second.due) == ("2026-03-31", "2026-04-20")  # each subject its own deadline


def test_a_bracket_belongs_to_the_task_before_it(county: Repository) -> None:
    text = "1.开展涉气企业排查整治。全面摸排涉气工业企业，2026年6月底前完成整治。（县生态环境分局牵头，县发改局配合）"
    [draft] = run(county, text).drafts
    assert draft.origin == "bracket" and draft.title == "开展涉气企业排查整治"
    assert (draft.lead, draft.partners, draft.due) == ("县生态环境分局", ["县发改局"], "2026-06-30")
    assert draft.source[slice(*draft.span)] == "县生态环境分局牵头，县发改局配合"


def test_attendee_lists_and_narrative_give_no_draft(county: Repository) -> None:
    text = (
        "副县长张华带领县水利局、县应急管理局负责人督导检查。县自然资源局等单位负责同志参加会议。"
        "会上，县城管局通报了整治进展，东河镇作了表态发言。请县农业农村局局长传达文件精神。"
    )
    assert run(county, text).drafts == []


def test_a_collective_subject_expands_and_can_be_narrowed(county: Repository) -> None:
    [draft] = run(county, "各乡镇要在5月底前完成转移预案修订。").drafts
    assert draft.collective == "all_townships" and draft.lead == "各乡镇" and draft.ready
    assert [m.unit for m in draft.members] == TOWNSHIPS
    east, west = (next(m.unit_id for m in draft.members if m.unit == n) for n in ("东河镇", "西山乡"))
    narrow(draft, [west, east])
    assert draft.narrowed and draft.collective == "all_townships"  # the marker stays
    assert (draft.lead, draft.partners) == ("西山乡", ["东河镇"])


def test_a_vague_collective_must_be_narrowed_before_import(county: Repository) -> None:
    [draft] = run(county, "县直相关部门要在6月底前完成测评点位自查。").drafts
    assert draft.collective == "departments" and not draft.ready
    assert "泛指" in draft.problems[0]
    narrow(draft, [draft.members[3].unit_id, draft.members[0].unit_id])  # type: ignore[list-item]
    assert draft.ready and draft.lead == draft.members[0].unit


def test_accepting_collective_narrowed_and_split_drafts(county: Repository) -> None:
    text = (
        "各乡镇要于每月5日前将隐患排查情况报县应急管理局。"
        "5.落实秸秆禁烧网格化管理。（责任单位：各乡镇、县农业农村局；完成时限：2026年9月底前）"
        "县住建局、县城管局要分别抓好建筑工地和户外广告牌的安全检查，10月15日前形成检查报告。"
    )
    analysis = run(county, text)
    _, straw, checks = analysis.drafts
    assert (straw.lead, straw.partners) == ("各乡镇", ["县农业农村局"])
    analysis.drafts = split_by_unit(analysis.drafts, checks.index)
    assert [d.lead for d in analysis.drafts] == ["各乡镇", "各乡镇", "县住建局", "县城管局"]
    result = accept_drafts(county, analysis, meeting_title="安全生产会", meeting_date="2026-03-15")
    items = [county.item(n) for n in result["items"]]
    assert items[0]["collective"] == "all_townships" and len(items[0]["assignments"]) == len(TOWNSHIPS)
    assert items[0]["assignments"][0]["due"] == "2026-04-05"
    roles = {county.unit(a["unit_id"])["name"]: a["role"] for a in items[1]["assignments"]}
    assert roles["县农业农村局"] == "partner" and roles["东河镇"] == "lead"
    assert [len(i["assignments"]) for i in items[2:]] == [1, 1]
    with pytest.raises(SupervisorError):
        split_by_unit(analysis.drafts, analysis.drafts[-1].index)


def test_results_do_not_depend_on_what_was_analysed_before(county: Repository, demo_units: list) -> None:
    text = "审计部门要对专项资金开展审计。县疾控中心要加强监测。"
    before = run(county, text).as_json()
    analyse(text, units=demo_units, indicators=[], meeting_date=MEETING)  # another directory in between
    assert run(county, text).as_json() == before


@pytest.fixture
def demo_units(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list]:
    from store.demo.loader import load_demo

    other = Repository.open(tmp_path_factory.mktemp("demo") / "db.json", today=MEETING)
    load_demo(other)
    yield other.units()
    other.close()

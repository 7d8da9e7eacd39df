"""Review of drafts (store/exchange/speech/review.py): the rules the CLI and the TUI review screen share."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from store.commands.repository import Repository
from store.exchange.speech import Analysis, analyse, review
from store.records.units import guess_unit_kind

from .data.corpus import F11, F13, F14, Case, add_county_units


@pytest.fixture
def county(tmp_path) -> Iterator[Repository]:  # type: ignore[no-untyped-def]
    repo = Repository.open(tmp_path / "db.json", today=date(2026, 3, 1))
    add_county_units(repo)
    yield repo
    repo.close()


def analysed(repo: Repository, case: Case) -> Analysis:
    return analyse(case.text, units=repo.units(), indicators=[], meeting_date=date.fromisoformat(case.meeting))


def test_states_summary_and_deadlines_in_words(county: Repository) -> None:
    drafts = analysed(county, F13).drafts
    assert [review.state(d) for d in drafts] == ["一般要求", "可导入", "可导入", "需处理", "一般要求"]
    assert review.summary(drafts) == "共5条草稿：可导入2条，需处理1条，一般要求2条（不导入）"
    assert review.due_text(drafts[3]) == "每季度一次，首次2026年3月31日（“每季度”）"
    assert review.due_tag(drafts[3]) == "每季度" and review.due_tag(drafts[1]) == ""
    assert review.due_text(drafts[0]) == "2026年12月31日（讲话未提期限，暂定为年底）"
    assert review.unknown_names(drafts) == {"县城投公司": [2], "县学校后勤服务中心": [3], "县疾控中心": [4]}
    assert review.leads_unknown(drafts[3], "县疾控中心") and not review.leads_unknown(drafts[1], "县城投公司")
    drafts[1].keep = False
    assert review.state(drafts[1]) == "不导入"
    notices = analysed(county, F14).drafts
    assert review.due_text(notices[2]) == "2026年12月31日（“即日起”，没有截止期限，暂定为年底）"


def test_meeting_title_is_the_texts_title_else_the_day(county: Repository) -> None:
    assert review.meeting_title(analysed(county, F13)) == "全县食品安全工作会议"
    untitled = analyse(
        "同志们：\n县教育局要在6月底前完成排查。", units=county.units(), indicators=[], meeting_date=date(2026, 3, 15)
    )
    assert review.meeting_title(untitled) == "2026年3月15日会议"


def test_set_units_keeps_unknown_partners_and_expands_a_collective_lead(county: Repository) -> None:
    draft = analysed(county, F13).drafts[1]  # 县市场监管局 with the unknown partner 县城投公司
    review.set_units(draft, "县住建局", ["城管局"], county.units())
    assert (draft.lead, draft.partners, draft.unknown, draft.ready) == ("县住建局", ["县城管局"], ["县城投公司"], True)
    review.set_units(draft, "各乡镇", ["县住建局"], county.units())
    assert draft.collective == "all_townships" and draft.lead == "各乡镇" and len(draft.members) == 5
    assert draft.partners == ["县住建局"] and draft.ready


def test_set_due_is_marked_edited_and_remembers_what_the_text_said(county: Repository) -> None:
    draft = analysed(county, F13).drafts[3]
    review.set_due(draft, date(2026, 4, 10))
    assert (draft.due, draft.due_kind, draft.recurrence, draft.due_phrase) == ("2026-04-10", "edited", "", "")
    assert review.due_text(draft) == "2026年4月10日（已人工修改（原文“每季度”））"
    assert review.due_tag(draft) == "已改"


def test_names_are_resolved_again_after_a_new_unit_an_alias_and_their_undo(county: Repository) -> None:
    drafts = analysed(county, F13).drafts
    county.add_unit("县疾控中心")
    assert review.resolve_again(drafts, county.units()) == ["县疾控中心"]
    assert drafts[3].lead == "县疾控中心" and drafts[3].ready
    builder = county.resolve_unit("住建局")
    county.edit_unit(builder["id"], aliases=[*builder["aliases"], "县城投公司"])
    assert review.resolve_again(drafts, county.units()) == ["县城投公司"]
    assert drafts[1].partners == ["县住建局"] and not drafts[1].unknown
    county.undo()  # the alias goes, and so does the match
    assert review.resolve_again(drafts, county.units()) == []
    assert drafts[1].partners == [] and drafts[1].unknown == ["县城投公司"]
    county.undo()
    review.resolve_again(drafts, county.units())
    assert drafts[3].lead == "" and not drafts[3].ready


def test_a_name_typed_by_the_reviewer_keeps_its_unit(county: Repository) -> None:
    draft = analysed(county, F11).drafts[1]  # 县直相关部门: a collective to choose units for
    review.set_units(draft, "xjyj", ["自然资源"], county.units())
    assert (draft.lead, draft.partners) == ("县教育局", ["县自然资源局"])
    review.resolve_again([draft], county.units())
    assert (draft.lead, draft.partners) == ("县教育局", ["县自然资源局"])


def test_names_for_the_directory() -> None:
    assert review.directory_name("相关县城投公司等") == "县城投公司"
    assert [guess_unit_kind(n) for n in ("红星镇", "县科协", "县侨联", "县城投公司")] == [
        "township",
        "department",
        "organisation",
        "department",
    ]

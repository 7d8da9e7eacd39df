"""Speech import: drafts against hand-labelled expectations, with precision and recall printed."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from store.commands.repository import Repository
from store.errors import SupervisorError
from store.exchange.speech import Analysis, accept_drafts, analyse, known_digests, merge

from .data.speeches import ARRANGEMENT, HELD_OUT, PROGRESS_MEETING, TUNED

MEETING_DAY = date(2026, 3, 15)


def run(repo: Repository, text: str) -> Analysis:
    return analyse(
        text,
        units=repo.units(),
        indicators=repo.indicators(),
        meeting_date=MEETING_DAY,
        known_digests=known_digests(repo),
    )


def predicted_tokens(draft: Any, repo: Repository) -> set[str]:
    if draft.collective:
        return {f"*{draft.collective}"}
    tokens = set()
    for m in draft.units:
        tokens.add(repo.unit(m.unit_id)["short"] or repo.unit(m.unit_id)["name"] if m.unit_id else f"?{m.text}")
    return tokens


def score(repo: Repository, cases: list[tuple[str, list[dict[str, Any]]]]) -> dict[str, float]:
    """Precision and recall of drafted items (by source phrase) and of the units found in matched drafts."""
    drafts_predicted = drafts_expected = drafts_matched = 0
    units_predicted = units_expected = units_matched = 0
    for text, expected in cases:
        proposed = [d for d in run(repo, text).drafts if not d.general]  # 一般要求 are shown, not proposed
        drafts_predicted += len(proposed)
        drafts_expected += len(expected)
        unmatched = list(expected)
        for draft in proposed:
            hit = next((e for e in unmatched if e["key"] in draft.source), None)
            predicted = predicted_tokens(draft, repo)
            units_predicted += len(predicted)
            if hit is None:
                continue
            unmatched.remove(hit)
            drafts_matched += 1
            units_matched += len(predicted & set(hit["units"]))
        units_expected += sum(len(e["units"]) for e in expected)
    return {
        "draft_precision": drafts_matched / drafts_predicted,
        "draft_recall": drafts_matched / drafts_expected,
        "unit_precision": units_matched / units_predicted,
        "unit_recall": units_matched / units_expected,
    }


@pytest.mark.parametrize(("name", "cases"), [("tuned", TUNED), ("held-out", HELD_OUT)])
def test_precision_and_recall_on_the_test_speeches(
    demo: Repository, capsys: pytest.CaptureFixture[str], name: str, cases: list[Any]
) -> None:
    figures = score(demo, cases)
    with capsys.disabled():
        print(f"\n[speech import, {name}] " + "  ".join(f"{k}={v:.3f}" for k, v in figures.items()))
    assert figures["draft_precision"] >= 0.95 and figures["draft_recall"] >= 0.95
    assert figures["unit_precision"] >= 0.95 and figures["unit_recall"] >= 0.95


@pytest.mark.parametrize(("text", "expected"), TUNED, ids=["deployment", "progress", "arrangement"])
def test_each_expected_draft(demo: Repository, text: str, expected: list[dict[str, Any]]) -> None:
    analysis = run(demo, text)
    for e in expected:
        draft = next((d for d in analysis.drafts if e["key"] in d.source), None)
        assert draft is not None, f"no draft for {e['key']}"
        assert predicted_tokens(draft, demo) == set(e["units"]), e["key"]
        first = e["units"][0]
        if not first.startswith(("*", "?")):
            assert draft.lead == demo.resolve_unit(first)["name"], "the first-named unit leads"
        if "due" in e:
            assert draft.due[5:] == e["due"], e["key"]
            assert draft.due_phrase, "the phrase the date came from is kept"
        for word in e.get("indicators", []):
            assert any(word in found for found in draft.indicator_words), (e["key"], draft.indicator_words)


def test_unknown_units_are_flagged_not_dropped(demo: Repository) -> None:
    draft = next(d for d in run(demo, PROGRESS_MEETING).drafts if "专项审计" in d.source)
    assert draft.unknown == ["审计部门"] and not draft.ready
    assert any("审计部门" in p for p in draft.problems)


def test_statements_that_are_not_assignments_make_no_draft(demo: Repository) -> None:
    analysis = run(demo, PROGRESS_MEETING)
    assert not any("务实的作风" in d.source for d in analysis.drafts)
    assert not any("一要抓好" in d.source and not d.units for d in analysis.drafts)
    general = [d for d in run(demo, TUNED[0][0]).drafts if d.general]
    assert [d.requirement for d in general] == ["提前做好准备"] and not general[0].keep


def test_deadlines_and_milestones_come_with_their_phrase(demo: Repository) -> None:
    analysis = run(demo, TUNED[0][0])
    names = {(m.name, m.date, m.phrase) for m in analysis.milestones}
    assert ("中期评估", "2026-07-20", "7月中旬") in names
    assert ("全面检查", "2026-04-14", "近期") in names
    undated = next(d for d in analysis.drafts if "确保各学段入学率" in d.source)
    assert undated.due == "2026-04-14" and "讲话未提期限" in undated.due_note


def test_aliases_the_office_adds_are_used(demo: Repository) -> None:
    text = "审计部门要对儿童福利资金开展专项审计。"
    assert run(demo, text).drafts[0].unknown == ["审计部门"]
    demo.add_unit("县审计局", short="审计局", aliases=["审计部门"])
    draft = run(demo, text).drafts[0]
    assert draft.lead == "县审计局" and draft.ready


def test_accepting_saves_one_undo_step_and_a_second_import_warns(demo: Repository) -> None:
    analysis = run(demo, ARRANGEMENT)
    before = len(demo.items())
    result = accept_drafts(
        demo, analysis, meeting_title="迎检工作安排会", meeting_date="2026-03-15", source_text=ARRANGEMENT
    )
    assert len(result["items"]) == 5 and result["skipped"] == []
    item = demo.item(result["items"][0])
    assert [demo.unit(a["unit_id"])["short"] for a in item["assignments"]] == ["统计局", "卫健委", "教育局"]
    assert item["assignments"][0]["due"] == "2026-07-10"
    assert len(demo.items()) == before + 5
    assert "这篇讲话已经导入过" in run(demo, ARRANGEMENT).warnings[0]
    demo.undo()
    assert len(demo.items()) == before
    assert not any(m["title"] == "迎检工作安排会" for m in demo.meetings())


def test_drafts_with_problems_are_left_out_and_named(demo: Repository) -> None:
    analysis = run(demo, PROGRESS_MEETING)
    result = accept_drafts(demo, analysis, meeting_title="推进会", meeting_date="2026-03-15")
    skipped = {d.index for d in analysis.drafts if not d.ready}
    assert set(result["skipped"]) == skipped and len(skipped) == 2


def test_merge_and_drop(demo: Repository) -> None:
    analysis = run(demo, ARRANGEMENT)
    first, second = analysis.drafts[0].index, analysis.drafts[1].index
    merged = merge(analysis.drafts, first, second)
    assert len(merged) == 4 and "逐项自查" in merged[0].requirement
    assert merged[0].due == "2026-07-10"  # the earlier deadline wins
    merged[0].keep = False
    assert not merged[0].ready


def test_nothing_to_accept_is_an_error(demo: Repository) -> None:
    analysis = run(demo, "同志们：我们要以更加务实的作风做好工作。")
    assert analysis.drafts == []
    with pytest.raises(SupervisorError, match="没有可以导入的草稿"):
        accept_drafts(demo, analysis, meeting_title="t", meeting_date="2026-03-15")


def test_a_month_already_past_at_the_meeting_means_next_year(demo: Repository) -> None:
    analysis = analyse(
        "教育局要在6月底前完成排查。卫健委要在12月中旬前完成筛查。",
        units=demo.units(),
        indicators=[],
        meeting_date=date(2026, 11, 20),
    )
    assert [d.due for d in analysis.drafts] == ["2027-06-30", "2026-12-20"]
    assert analysis.drafts[0].due_note == "按下一年计"


def test_group_subjects_become_the_organisations(demo: Repository) -> None:
    draft = run(demo, "各群团组织要发挥桥梁纽带作用，广泛开展宣传。").drafts[0]
    shorts = {demo.unit(m.unit_id)["short"] or demo.unit(m.unit_id)["name"] for m in draft.units}
    assert shorts == {"总工会", "团县委", "妇联", "残联"} and draft.ready and not draft.collective

"""The monitoring system's records and views: readings with entry checks, reviews, overrides, plans,
data requests chased in working days, evidence, publicity, and the v1 → v2 migration."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from store.commands.monitoring import NeedsConfirmation
from store.commands.repository import Repository
from store.errors import NotFoundError, RuleError, ValidationError
from store.storage.schema import SCHEMA_VERSION
from store.views import monitoring, requests

TODAY = date(2026, 11, 28)


@pytest.fixture
def ind(repo: Repository) -> int:
    repo.add_unit("县教育局", short="教育局")
    repo.add_unit("县卫健委", short="卫健委")
    return repo.add_indicator(
        "学前教育毛入园率",
        plan="儿童",
        domain="教育",
        measure="%",
        direction=">=",
        target=90,
        baseline=85.2,
        baseline_year=2020,
        lead=["教育局"],
    )["id"]


def test_a_plan_is_created_for_a_new_indicators_plan(repo: Repository, ind: int) -> None:
    plan = repo.plan("儿童")
    assert plan is not None and (plan["start_year"], plan["end_year"], plan["midterm_year"]) == (2021, 2030, 2025)
    repo.set_plan("儿童", start_year=2021, end_year=2025)
    assert repo.plan("儿童")["midterm_year"] == 2023  # type: ignore[index]
    with pytest.raises(ValidationError, match="晚于起始年份"):
        repo.set_plan("儿童", start_year=2025, end_year=2021)


def test_the_plan_period_decides_the_verdict(repo: Repository, ind: int) -> None:
    repo.record_reading(ind, 2022, 86.5)
    verdict = monitoring.verdict_for(repo.indicator(ind), repo.plans(), 2022, TODAY)
    assert verdict.verdict == "预期可达标"
    repo.set_plan("儿童", start_year=2021, end_year=2025)  # the county's own, shorter plan
    assert monitoring.verdict_for(repo.indicator(ind), repo.plans(), 2022, TODAY).verdict == "滞后"


def test_a_rate_is_recomputed_from_numerator_and_denominator(repo: Repository, ind: int) -> None:
    reading = monitoring.reading_for(repo.record_reading(ind, 2023, numerator=1745, denominator=2000), 2023)
    assert reading["value"] == 87.25 and reading["numerator"] == 1745
    with pytest.raises(ValidationError, match=re.escape("按分子÷分母计算应为87.25%")):
        repo.record_reading(ind, 2023, 90, numerator=1745, denominator=2000)
    with pytest.raises(ValidationError, match="分母必须大于0"):
        repo.record_reading(ind, 2023, numerator=1, denominator=0)
    with pytest.raises(ValidationError, match="同时填写"):
        repo.record_reading(ind, 2023, numerator=1)


def test_ranges_are_enforced(repo: Repository, ind: int) -> None:
    with pytest.raises(ValidationError, match=re.escape("0到100之间")):
        repo.record_reading(ind, 2023, 104)
    with pytest.raises(ValidationError, match=re.escape("0到100之间")):
        repo.record_reading(ind, 2023, -1)


def test_a_jump_needs_confirmation_and_a_reason(repo: Repository, ind: int, db_path: Path) -> None:
    repo.record_reading(ind, 2023, 86.0)
    before = db_path.read_bytes()
    with pytest.raises(NeedsConfirmation, match=re.escape("下降25.8个百分点，超过5个百分点")):
        repo.record_reading(ind, 2024, 60.2)
    with pytest.raises(ValidationError, match="写明这次变化的原因"):
        repo.record_reading(ind, 2024, 60.2, confirm=True, note="统计口径调整")  # a note is not the reason
    assert db_path.read_bytes() == before
    repo.record_reading(ind, 2024, 60.2, confirm=True, reason="统计口径调整")
    assert monitoring.reading_for(repo.indicator(ind), 2024)["note"] == "变化原因：统计口径调整"
    repo.update_settings(jump_points="", jump_threshold=50)  # every unit by its relative change
    repo.record_reading(ind, 2025, 86.0)  # +43% is within a 50% threshold


def test_no_data_needs_a_typed_reason_and_counts_the_years(repo: Repository, ind: int) -> None:
    with pytest.raises(ValidationError, match="无数据原因"):
        repo.record_reading(ind, 2023, None)
    with pytest.raises(ValidationError, match="应为：未开展"):
        repo.record_reading(ind, 2023, None, no_data_reason="忘了")
    repo.record_reading(ind, 2021, 86.0)
    repo.record_reading(ind, 2022, None, no_data_reason="未收集")
    repo.record_reading(ind, 2023, None, no_data_reason="上级未反馈")
    indicator = repo.indicator(ind)
    assert monitoring.years_without_data(indicator, 2024) == 3  # 2022, 2023 and the unreported 2024
    v = monitoring.verdict_for(indicator, repo.plans(), 2023, TODAY)
    assert v.verdict == "无数据" and "上级未反馈" in v.reason


def test_review_and_send_back(repo: Repository, ind: int) -> None:
    repo.record_reading(ind, 2023, 86.0, submitted_by="王建华")
    with pytest.raises(ValidationError, match="写明"):
        repo.review_reading(ind, 2023, accept=False)
    r = monitoring.reading_for(repo.review_reading(ind, 2023, accept=False, note="与年报不一致"), 2023)
    assert r["status"] == "退回" and "与年报不一致" in r["note"]
    r = monitoring.reading_for(repo.review_reading(ind, 2023, accept=True, checked_by="统计局"), 2023)
    assert (r["status"], r["checked_by"]) == ("已审核", "统计局")
    with pytest.raises(NotFoundError):
        repo.review_reading(ind, 2019, accept=True)


def test_an_override_is_kept_with_its_reason_in_the_history(repo: Repository, ind: int) -> None:
    repo.record_reading(ind, 2023, 86.0)
    with pytest.raises(ValidationError, match="评判理由不能为空"):
        repo.override_verdict(ind, 2023, "达标")
    repo.override_verdict(ind, 2023, "达标", "经工委会议认定")
    v = monitoring.verdict_for(repo.indicator(ind), repo.plans(), 2023, TODAY)
    assert v.verdict == "达标" and v.overridden and "经工委会议认定" in v.reason
    entry = repo.history()[-1]
    assert entry["label"] == "人工评判学前教育毛入园率2023年：达标"
    assert entry["changes"][0]["after"]["readings"][0]["override"]["reason"] == "经工委会议认定"
    repo.override_verdict(ind, 2023, None)
    assert not monitoring.verdict_for(repo.indicator(ind), repo.plans(), 2023, TODAY).overridden


def test_data_request_reminders_count_working_days_across_a_holiday(repo: Repository, ind: int) -> None:
    """Due Wednesday 30 September 2026: Mid-Autumn is 25–27 September, National Day 1–7 October, and the
    Sunday 20 September and Saturday 10 October are worked (调休)."""
    repo.set_today(date(2026, 9, 20))
    repo.open_request(2025, "2026-09-30", remind_before=3, remind_every=2)
    unit = repo.resolve_unit("教育局")["id"]

    def state(day: date) -> requests.UnitRequestState:
        req = repo.request(2025)
        return requests.request_states(req, repo.indicators(), repo.units_by_id(), day, repo.calendar())[0]

    before = state(date(2026, 9, 20))
    assert before.next_reminder == "2026-09-24" and not before.due_for_reminder  # 29, 28, (25–27 off), 24
    assert before.phrase == "还有7个工作日截止"  # 21–24 and 28–30 September
    after = state(date(2026, 10, 8))
    assert after.phrase == "逾期1个工作日" and after.next_reminder == "2026-10-08" and after.due_for_reminder
    repo.set_today(date(2026, 10, 8))
    repo.remind_request(2025, [unit], method="电话")
    later = state(date(2026, 10, 8))
    assert later.reminders == 1 and later.next_reminder == "2026-10-10"  # the adjusted working Saturday
    repo.record_reading(ind, 2025, 88.0)
    done = state(date(2026, 10, 9))
    assert done.status == "已报" and done.next_reminder == "" and requests.chase_list([done]) == []


def test_a_request_is_opened_once_and_covers_the_owning_units(repo: Repository, ind: int) -> None:
    req = repo.open_request(2025, "2026-04-30")
    assert [repo.unit(u)["name"] for u in req["unit_ids"]] == ["县教育局"]
    with pytest.raises(RuleError, match="已经有了"):
        repo.open_request(2025, "2026-05-30")
    with pytest.raises(ValidationError, match="不在这次报送范围内"):
        repo.remind_request(2025, [repo.resolve_unit("卫健委")["id"]])


def test_evidence_and_publicity_validate(repo: Repository, ind: int) -> None:
    with pytest.raises(ValidationError, match="类别「杂项」无效，应为：组织领导"):
        repo.add_evidence("杂项", "x")
    e = repo.add_evidence("监测统计", "监测数据库说明 & <附表>", owner="教育局", due="2026-12-10")
    assert e["owner_unit_id"] == repo.resolve_unit("教育局")["id"] and e["status"] == "未开始"
    e = repo.update_evidence(e["id"], status="已完成", file_ref="共享盘/迎检")
    assert monitoring.evidence_progress(repo.evidence(), TODAY)["监测统计"]["已完成"] == 1
    with pytest.raises(ValidationError, match="样本量"):
        repo.add_publicity("survey", "知晓率调查", "2026-11-01", awareness=80)
    with pytest.raises(ValidationError, match="0到100"):
        repo.add_publicity("survey", "知晓率调查", "2026-11-01", sample_size=300, awareness=180)
    p = repo.add_publicity("survey", "知晓率调查", "2026-11-01", sample_size=300, awareness="86.5")
    assert p["awareness"] == 86.5


def test_summaries_state_the_denominator_and_compare_years(demo: Repository) -> None:
    rows = monitoring.summaries(
        demo.indicators(), demo.plans(), demo.units_by_id(), 2025, demo.today, by="plan", basis="with_data"
    )
    everything = rows[0]
    assert everything.group == "全部"
    assert everything.this_year.text() == "69.2%（9/13，分母为有数据的指标）"
    assert everything.last_year.denominator > 0


def test_the_sample_shows_every_verdict_and_late_units(demo: Repository) -> None:
    board = monitoring.verdict_board(demo.indicators(), demo.plans(), demo.units_by_id(), 2025, demo.today)
    assert {r.verdict for r in board} == {"提前达标", "达标", "预期可达标", "滞后", "未达标", "无数据"}
    assert {r.light for r in board} == {"green", "yellow", "red", "grey"}
    states = requests.request_states(
        demo.request(2025), demo.indicators(), demo.units_by_id(), demo.today, demo.calendar()
    )
    assert [s.unit for s in requests.chase_list(states)] == ["县民政局", "县人社局"]


def test_a_version_1_file_is_migrated_without_losing_a_verdict(db_path: Path) -> None:
    v1 = {
        "meta": {"1": {"schema_version": 1, "history_seq": 0, "next_id": {}, "item_seq": {}, "dispatch_seq": {}}},
        "settings": {"1": {"office_name": "某县妇儿工委办"}},
        "units": {},
        "meetings": {},
        "items": {},
        "dispatches": {},
        "milestones": {},
        "indicators": {
            "1": {
                "plan": "儿童",
                "domain": "环境",
                "name": "出生人口性别比",
                "measure": "",
                "direction": "qualitative",
                "target": None,
                "target_text": "趋于正常",
                "target_year": 2030,
                "baseline": 112,
                "baseline_year": 2020,
                "readings": [
                    {"year": 2024, "value": 109.3, "note": "", "judgement": "未达标"},
                    {"year": 2025, "value": None, "note": "待核实", "judgement": "无数据"},
                ],
                "lead_unit_ids": [],
                "partner_unit_ids": [],
                "key": True,
            }
        },
    }
    db_path.parent.mkdir(parents=True, exist_ok=True)
    db_path.write_text(json.dumps(v1, ensure_ascii=False), encoding="utf-8")
    repo = Repository.open(db_path, today=TODAY)
    ind = repo.indicators()[0]
    r2024, r2025 = ind["readings"]
    assert r2024["override"]["verdict"] == "未达标" and r2024["status"] == "已报"
    assert r2025["no_data_reason"] == "待核实" and r2025["status"] == "未报" and r2025["override"] is None
    assert monitoring.verdict_for(ind, repo.plans(), 2024, TODAY).verdict == "未达标"
    assert repo.plan("儿童")["end_year"] == 2030  # type: ignore[index]
    assert repo.settings()["jump_threshold"] == 20
    assert json.loads(db_path.read_text(encoding="utf-8"))["meta"]["1"]["schema_version"] == 1  # not yet saved
    repo.add_unit("县卫健委")  # the first command saves the upgraded file
    repo.close()
    saved = json.loads(db_path.read_text(encoding="utf-8"))
    assert saved["meta"]["1"]["schema_version"] == SCHEMA_VERSION >= 3
    assert saved["plans"]["1"]["domains"] == ["环境"] and saved["indicators"]["1"]["decimals"] == 1


def test_a_weekend_after_the_due_date_and_units_without_indicators(repo: Repository, ind: int) -> None:
    repo.set_today(date(2026, 11, 20))
    repo.open_request(2025, "2026-11-27", units=["教育局", "卫健委"])  # 卫健委 leads no indicator
    states = requests.request_states(
        repo.request(2025), repo.indicators(), repo.units_by_id(), date(2026, 11, 29), repo.calendar()
    )  # Sunday after a Friday due date
    by_unit = {s.unit: s for s in states}
    assert by_unit["县教育局"].phrase == "已过截止日2天"
    assert by_unit["县卫健委"].status == "无需报送"
    assert [s.unit for s in requests.chase_list(states)] == ["县教育局"]


def test_a_request_in_an_uncovered_year_says_so(repo: Repository, ind: int) -> None:
    repo.set_today(date(2027, 4, 20))
    req = repo.open_request(2026, "2027-04-30")
    states = requests.request_states(req, repo.indicators(), repo.units_by_id(), repo.today, repo.calendar())
    assert "2027年法定节假日尚未录入" in requests.request_warning(req, states, repo.calendar())

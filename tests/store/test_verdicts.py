"""达标评判 on the worked cases of the issue, against the national plan (to 2030) and a county plan (to 2025)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from store.rules.verdicts import achievement_rate, judge, period_share

NATIONAL = {"start_year": 2021, "end_year": 2030, "midterm_year": 2025}
COUNTY = {"start_year": 2021, "end_year": 2025, "midterm_year": 2023}


def ind(direction: str, target: float | None, baseline: float | None, **extra: Any) -> dict[str, Any]:
    return {
        "direction": direction,
        "target": target,
        "baseline": baseline,
        "baseline_year": 2020,
        "measure": "%",
        **extra,
    }


PRESCHOOL = ind(">=", 90, 85.2)
INFANT = ind("<=", 5.0, 5.4, measure="‰")
VILLAGE = ind(">=", 30, 24.2)


@pytest.mark.parametrize(
    ("indicator", "value", "national", "county"),
    [
        (PRESCHOOL, 88.0, "预期可达标", "预期可达标"),  # expected 86.16 (20%) / 87.12 (40%)
        (INFANT, 4.9, "提前达标", "提前达标"),
        (VILLAGE, 24.0, "滞后", "滞后"),
        (PRESCHOOL, 86.5, "预期可达标", "滞后"),  # above 86.16 but below 87.12: the shorter plan is stricter
        (VILLAGE, 25.5, "预期可达标", "滞后"),  # expected 25.36 / 26.52
    ],
)
def test_worked_cases(indicator: dict[str, Any], value: float, national: str, county: str) -> None:
    obs = {"value": value}
    assert judge(indicator, obs, data_year=2022, plan=NATIONAL).verdict == national
    assert judge(indicator, obs, data_year=2022, plan=COUNTY).verdict == county


def test_the_reason_shows_the_expected_value_and_elapsed_share() -> None:
    v = judge(PRESCHOOL, {"value": 88.0}, data_year=2022, plan=NATIONAL)
    assert v.elapsed == pytest.approx(0.2) and v.expected == pytest.approx(86.16)
    assert "按序时进度20%应达86.2%" in v.reason and "目标≥90%（2030年）" in v.reason  # the indicator's decimals
    v = judge(PRESCHOOL, {"value": 88.0}, data_year=2022, plan=COUNTY)
    assert v.elapsed == pytest.approx(0.4) and v.expected == pytest.approx(87.12)


def test_no_data_gives_its_reason() -> None:
    v = judge(PRESCHOOL, {"value": None, "no_data_reason": "上级未反馈"}, data_year=2022, plan=NATIONAL)
    assert v.verdict == "无数据" and "上级未反馈" in v.reason
    assert "未报数据" in judge(PRESCHOOL, None, data_year=2022, plan=NATIONAL).reason


def test_target_year_reached_is_met_or_not() -> None:
    assert judge(PRESCHOOL, {"value": 90.2}, data_year=2025, plan=COUNTY).verdict == "达标"
    assert judge(PRESCHOOL, {"value": 89.9}, data_year=2025, plan=COUNTY).verdict == "未达标"


def test_a_baseline_past_the_target_means_keep_it() -> None:
    already = ind(">=", 96, 96.5)
    assert judge(already, {"value": 96.8}, data_year=2022, plan=NATIONAL).verdict == "达标"
    v = judge(already, {"value": 95.0}, data_year=2022, plan=NATIONAL)
    assert v.verdict == "滞后" and "需保持" in v.reason


def test_a_midterm_target_is_the_yardstick_up_to_the_midterm_year() -> None:
    staged = ind(">=", 90, 80, midterm_target=85)
    v = judge(staged, {"value": 84}, data_year=2024, plan=NATIONAL)
    assert v.target == 85 and v.target_year == 2025 and v.verdict == "预期可达标"  # expected 84 at 80%
    assert judge(staged, {"value": 84}, data_year=2025, plan=NATIONAL).verdict == "未达标"
    assert judge(staged, {"value": 88}, data_year=2026, plan=NATIONAL).target == 90


def test_trend_and_keep_directions() -> None:
    toilets = ind("rising", None, 68.0)
    assert judge(toilets, {"value": 74}, data_year=2024, previous={"value": 70}).verdict == "达标"
    assert judge(toilets, {"value": 70}, data_year=2024, previous={"value": 70}).verdict == "滞后"
    assert judge(toilets, {"value": 66}, data_year=2024, previous={"value": 70}).verdict == "未达标"
    assert judge(toilets, {"value": 70}, data_year=2021).verdict == "达标"  # against the baseline
    drowning = ind("falling", None, 2.1, measure="/10万")
    assert judge(drowning, {"value": 1.8}, data_year=2024, previous={"value": 2.0}).verdict == "达标"
    keep = ind("keep", 95, 95)
    assert judge(keep, {"value": 95.5}, data_year=2024, plan=NATIONAL).verdict == "达标"
    assert judge(keep, {"value": 94}, data_year=2024, plan=NATIONAL).verdict == "未达标"


def test_qualitative_needs_the_user_and_an_override_wins_with_its_reason() -> None:
    ratio = ind("qualitative", None, 112, measure="")
    pending = judge(ratio, {"value": 109}, data_year=2024)
    assert pending.verdict == "待评判" and "109.0" in pending.reason  # the value is data, the verdict a person's
    obs = {"value": 109, "override": {"verdict": "达标", "reason": "趋于正常范围，经工委会议认定"}}
    v = judge(ratio, obs, data_year=2024)
    assert v.verdict == "达标" and v.overridden and "经工委会议认定" in v.reason


def test_cumulative_indicators_use_the_share_of_the_reporting_year() -> None:
    training = ind(">=", 1200, None, mode="cumulative", measure="人次")
    # 30 June: half the calendar year gone, 600 expected.
    assert judge(training, {"value": 650}, data_year=2026, as_of=date(2026, 6, 30)).verdict == "预期可达标"
    assert judge(training, {"value": 500}, data_year=2026, as_of=date(2026, 6, 30)).verdict == "滞后"
    assert judge(training, {"value": 1150}, data_year=2026, as_of=date(2027, 1, 5)).verdict == "未达标"
    health = {"period_start_month": 10}
    assert period_share(health, 2026, date(2026, 4, 1)) == pytest.approx(182 / 365)
    assert period_share(health, 2026, date(2026, 10, 1)) == 1.0


def test_achievement_rate_states_its_denominator() -> None:
    rows = [
        (PRESCHOOL, judge(PRESCHOOL, {"value": 91}, data_year=2022, plan=NATIONAL)),  # 提前达标
        (INFANT, judge(INFANT, {"value": 5.3}, data_year=2022, plan=NATIONAL)),  # 预期可达标
        (VILLAGE, judge(VILLAGE, None, data_year=2022, plan=NATIONAL)),  # 无数据
        (ind("qualitative", None, None), judge(ind("qualitative", None, None), {"value": 1}, data_year=2022)),
    ]
    assert achievement_rate(rows, "all").text() == "25.0%（1/4，分母为全部指标）"
    assert achievement_rate(rows, "numeric").text() == "33.3%（1/3，分母为有量化目标的指标）"
    # a qualitative value waiting for a judgement is data: it counts in the with-data denominator
    assert achievement_rate(rows, "with_data").text() == "33.3%（1/3，分母为有数据的指标）"

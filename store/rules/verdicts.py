"""达标评判: one indicator, one data year → 提前达标 / 达标 / 预期可达标 / 滞后 / 未达标 / 待评判 / 无数据, and why.

序时进度 for level indicators: elapsed = (data year − base year) ÷ (target year − base year), clamped to [0, 1];
expected = base + (target − base) × elapsed; the direction decides which side is good. A baseline already past
the target means "keep it". Cumulative indicators are judged against the annual target times the elapsed share
of the reporting year. The target year is the plan's end year (a county plan may end in 2025, the national one
in 2030) unless the indicator sets an earlier one, and a mid-term target, when set, is the yardstick up to the
mid-term year.

Which readings count: only 已报 and 已审核 ones (`Counting`; the office may require 已审核); a returned (退回) or
unreported value is shown but never judged. A value with a target that needs a person's judgement (定性, or a trend
without a year to compare with) is data — 待评判, not 无数据.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from store.records.measures import number_text, value_text
from store.records.model import Indicator, Plan, Reading
from store.rules.figures import percent_text

VERDICTS = ("提前达标", "达标", "预期可达标", "滞后", "未达标", "无数据")  # the verdicts a person may set
PENDING = "待评判"  # a value whose target needs a person's judgement (定性): data, but no verdict yet
CATEGORIES = ("提前达标", "达标", "预期可达标", "滞后", "未达标", PENDING, "无数据")  # every verdict, in print order
VERDICT_LIGHTS = {
    "提前达标": "green",
    "达标": "green",
    "预期可达标": "green",
    "滞后": "yellow",
    "未达标": "red",
    PENDING: "grey",
    "无数据": "grey",
}
ACHIEVED = frozenset({"提前达标", "达标"})
NO_DATA_REASONS = ("未开展", "未收集", "口径不符", "上级未反馈", "待核实")
DIRECTION_LABELS = {
    ">=": "≥（越高越好）",
    "<=": "≤（越低越好）",
    "keep": "保持",
    "rising": "逐步提高",
    "falling": "逐步下降",
    "qualitative": "定性",
}
DENOMINATORS = {"all": "全部指标", "numeric": "有量化目标的指标", "with_data": "有数据的指标"}
COUNTED_STATUSES = ("已报", "已审核")


@dataclass(frozen=True)
class Counting:
    """Which readings count for verdicts and rates: 已报 and 已审核, or (the `checked_only` setting) 已审核 only."""

    checked_only: bool = False

    @property
    def statuses(self) -> tuple[str, ...]:
        return ("已审核",) if self.checked_only else COUNTED_STATUSES

    def counts(self, reading: Reading | None) -> bool:
        """A reading whose value (or no-data reason) counts."""
        return reading is not None and reading.get("status", "已报") in self.statuses

    def value(self, reading: Reading | None) -> float | None:
        """The reading's value when it counts, else None."""
        return reading["value"] if reading is not None and self.counts(reading) else None

    def label(self) -> str:
        return "只计已审核数据" if self.checked_only else "计入已报和已审核数据"


ALL_REPORTED = Counting()


@dataclass(frozen=True)
class Verdict:
    """The verdict, why, and the figures it rests on (expected value and elapsed share when used); `computed` is
    the rule's own verdict, which differs from `verdict` when a person overrode it."""

    verdict: str
    reason: str
    expected: float | None = None
    target: float | None = None
    target_year: int | None = None
    elapsed: float | None = None
    overridden: bool = False
    computed: str = ""

    @property
    def light(self) -> str:
        return VERDICT_LIGHTS[self.verdict]

    @property
    def rule_verdict(self) -> str:
        """What the rule computed (never a person's verdict): for the 计算评判 columns."""
        return self.computed or self.verdict


def _good(value: float, target: float, direction: str) -> bool:
    return value <= target if direction in ("<=", "falling") else value >= target


def keeps_up(value: float, expected: float, direction: str) -> bool:
    """Whether a value is on the good side of an expected one (≤ for falling indicators, ≥ otherwise)."""
    return _good(value, expected, direction)


def target_year_of(ind: Indicator, plan: Plan | None, fallback: int) -> int:
    """The year of the final target: the plan's end year, or the indicator's own when it is earlier (`fallback`
    when neither is known)."""
    own = int(ind.get("target_year") or 0)
    if plan is None:
        return own or fallback
    end = int(plan["end_year"])
    return min(own, end) if own else end


def target_for(ind: Indicator, data_year: int, plan: Plan | None) -> tuple[float | None, int]:
    """The yardstick for a data year: the mid-term target up to the mid-term year, else the final target."""
    final_year = target_year_of(ind, plan, data_year)
    mid_year = int(plan["midterm_year"]) if plan and plan.get("midterm_year") else None
    mid_target = ind.get("midterm_target")
    if mid_target is not None and mid_year and data_year <= mid_year < final_year:
        return float(mid_target), mid_year
    target = ind.get("target")
    return (float(target) if target is not None else None), final_year


def period_share(ind: Indicator, data_year: int, as_of: date) -> float:
    """Share of the reporting year elapsed on `as_of` (health data run October–September: start month 10)."""
    start_month = int(ind.get("period_start_month") or 1)
    start = date(data_year - 1, start_month, 1) if start_month > 1 else date(data_year, 1, 1)
    end = date(start.year + 1, start.month, 1)
    if as_of >= end:
        return 1.0
    if as_of <= start:
        return 0.0
    return (as_of - start).days / (end - start).days


def judge(
    ind: Indicator,
    obs: Reading | None,
    *,
    data_year: int,
    plan: Plan | None = None,
    as_of: date | None = None,
    previous: Reading | None = None,
    counting: Counting = ALL_REPORTED,
) -> Verdict:
    """The verdict for one indicator and data year; a user's override (with its reason) wins."""
    override = obs.get("override") if obs else None
    computed = _compute(ind, obs, data_year=data_year, plan=plan, as_of=as_of, previous=previous, counting=counting)
    if override and override.get("verdict") in VERDICTS:
        reason = f"人工评判：{override.get('reason', '')}（计算结果为{computed.verdict}：{computed.reason}）"
        return Verdict(
            override["verdict"],
            reason,
            computed.expected,
            computed.target,
            computed.target_year,
            computed.elapsed,
            overridden=True,
            computed=computed.verdict,
        )
    return computed


def not_counted_reason(ind: Indicator, obs: Reading, data_year: int, counting: Counting) -> str:
    """Why a reading is left out of the verdict: 退回, 未报, or not yet 已审核 when only reviewed data count."""
    shown = f"（报送值{value_text(ind, obs['value'])}不计入评判）" if obs.get("value") is not None else ""
    status = obs.get("status", "已报")
    if status == "退回":
        return f"{data_year}年数据已退回，待重新报送{shown}"
    if status == "已报" and counting.checked_only:
        return f"{data_year}年数据尚未审核，按设置只计已审核数据{shown}"
    return f"{data_year}年数据{status}{shown}"


def _compute(
    ind: Indicator,
    obs: Reading | None,
    *,
    data_year: int,
    plan: Plan | None,
    as_of: date | None,
    previous: Reading | None,
    counting: Counting,
) -> Verdict:
    if obs is not None and obs.get("value") is not None and not counting.counts(obs):
        return Verdict("无数据", not_counted_reason(ind, obs, data_year, counting))
    raw = obs.get("value") if obs else None
    if raw is None:
        reason = (obs.get("no_data_reason") if obs else None) or "未报数据"
        return Verdict("无数据", f"{data_year}年无数据：{reason}")
    value = float(raw)
    direction = ind.get("direction", ">=")
    if direction == "qualitative":
        goal = ind.get("target_text") or "定性目标"
        return Verdict(PENDING, f"定性指标（{goal}），{data_year}年监测值{value_text(ind, value)}，需人工评判")
    if direction in ("rising", "falling"):
        return _trend(ind, value, previous, rising=direction == "rising")
    target, target_year = target_for(ind, data_year, plan)
    if direction == "keep":
        return _kept(ind, value, target)
    if target is None:
        return Verdict(PENDING, f"没有量化目标值，{data_year}年监测值{value_text(ind, value)}，需人工评判")
    case = _Case(ind, value, target, target_year, direction, data_year)
    if ind.get("mode") == "cumulative":
        return _cumulative(case, period_share(ind, data_year, as_of or date(data_year, 12, 31)))
    if data_year >= target_year:
        return _final(case)
    return _on_the_way(case, ind, plan)


@dataclass(frozen=True)
class _Case:
    """One value against a numeric target (≥ or ≤): what the judging steps below share."""

    ind: Indicator
    value: float
    target: float
    target_year: int
    direction: str
    data_year: int

    def shown(self, value: float) -> str:
        return value_text(self.ind, value)

    @property
    def goal(self) -> str:
        sign = "≤" if self.direction == "<=" else "≥"
        return f"目标{sign}{self.target:g}{self.ind.get('measure', '')}（{self.target_year}年）"

    @property
    def actual(self) -> str:
        return self.shown(self.value)

    def meets(self, than: float) -> bool:
        return _good(self.value, than, self.direction)

    def verdict(
        self, verdict: str, reason: str, expected: float | None = None, elapsed: float | None = None
    ) -> Verdict:
        return Verdict(verdict, reason, expected, self.target, self.target_year, elapsed)


def _trend(ind: Indicator, value: float, previous: Reading | None, *, rising: bool) -> Verdict:
    """逐步提高 / 逐步下降: better than last year (or the baseline when last year has no value)."""
    before = previous.get("value") if previous else None
    label = f"{previous['year']}年" if previous and before is not None and previous.get("year") else "上年"
    if before is None:
        before, label = ind.get("baseline"), f"基线（{ind.get('baseline_year')}年）"
    if before is None:
        return Verdict(PENDING, f"监测值{value_text(ind, value)}，没有往年数据或基线比较趋势，需人工评判")
    better = value > before if rising else value < before
    word = "提高" if rising else "下降"
    change = f"{value_text(ind, before)}→{value_text(ind, value)}"
    if better:
        return Verdict("达标", f"比{label}{word}：{change}")
    if number_text(value, 4) == number_text(before, 4):
        return Verdict("滞后", f"与{label}持平（{value_text(ind, value)}），要求逐步{word}")
    return Verdict("未达标", f"比{label}反向变化：{change}，要求逐步{word}")


def _kept(ind: Indicator, value: float, target: float | None) -> Verdict:
    """保持: at or above the target (or the baseline when there is none)."""
    floor = target if target is not None else ind.get("baseline")
    if floor is None:
        return Verdict(PENDING, f"没有目标值或基线，监测值{value_text(ind, value)}，需人工评判")
    kept = value_text(ind, float(floor))
    if value >= float(floor):
        return Verdict("达标", f"保持在{kept}以上（实际{value_text(ind, value)}）", target=floor)
    return Verdict("未达标", f"低于应保持的{kept}（实际{value_text(ind, value)}）", target=floor)


def _cumulative(case: _Case, share: float) -> Verdict:
    """累计值: against the annual target times the elapsed share of the reporting year."""
    expected = case.target * share
    progress = f"累计{case.actual}，按时间进度{share:.0%}应达{case.shown(expected)}"
    if case.meets(expected):
        if share >= 1:
            return case.verdict("达标", f"全年累计{case.actual}，{case.goal}", expected, share)
        return case.verdict("预期可达标", progress, expected, share)
    return case.verdict("未达标" if share >= 1 else "滞后", progress, expected, share)


def _final(case: _Case) -> Verdict:
    """The target year (or later): met or not."""
    if case.meets(case.target):
        return case.verdict("达标", f"{case.data_year}年实际{case.actual}，{case.goal}", elapsed=1.0)
    return case.verdict("未达标", f"{case.data_year}年实际{case.actual}，未达到{case.goal}", elapsed=1.0)


def on_schedule(
    baseline: float, target: float, base_year: int, target_year: int, data_year: int
) -> tuple[float, float]:
    """序时进度: (the value expected in `data_year`, the elapsed share of the period from base to target year)."""
    span = target_year - base_year
    elapsed = min(1.0, max(0.0, (data_year - base_year) / span)) if span > 0 else 1.0
    return baseline + (target - baseline) * elapsed, elapsed


def base_year_of(ind: Indicator, plan: Plan | None, data_year: int) -> int:
    return int(ind.get("baseline_year") or (int(plan["start_year"]) - 1 if plan else data_year))


def expected_value(ind: Indicator, data_year: int, plan: Plan | None) -> float | None:
    """The value the indicator should have reached in `data_year` on the straight path from its baseline to its
    target (the target itself once the baseline meets it); None without a numeric target or a baseline."""
    target, target_year = target_for(ind, data_year, plan)
    baseline = ind.get("baseline")
    if target is None or baseline is None or ind["direction"] not in (">=", "<="):
        return None
    if _good(float(baseline), target, ind["direction"]):
        return target
    return on_schedule(float(baseline), target, base_year_of(ind, plan, data_year), target_year, data_year)[0]


def _on_the_way(case: _Case, ind: Indicator, plan: Plan | None) -> Verdict:
    """Before the target year: 序时进度 from the baseline, unless the baseline already meets the target."""
    baseline = ind.get("baseline")
    base_year = base_year_of(ind, plan, case.data_year)
    if baseline is not None and _good(float(baseline), case.target, case.direction):
        if case.meets(case.target):
            return case.verdict("达标", f"基线已达到目标，需保持：实际{case.actual}，{case.goal}", case.target)
        return case.verdict("滞后", f"基线已达到目标，需保持，但实际{case.actual}已不及{case.goal}", case.target)
    if case.meets(case.target):
        return case.verdict("提前达标", f"{case.data_year}年已达到{case.goal}（实际{case.actual}）")
    if baseline is None:
        return case.verdict("滞后", f"尚未达到{case.goal}（实际{case.actual}），缺少基线无法计算序时进度")
    expected, elapsed = on_schedule(float(baseline), case.target, base_year, case.target_year, case.data_year)
    detail = f"实际{case.actual}，按序时进度{elapsed:.0%}应达{case.shown(expected)}，{case.goal}"
    if case.meets(expected):
        return case.verdict("预期可达标", f"快于序时进度：{detail}", expected, elapsed)
    return case.verdict("滞后", f"慢于序时进度：{detail}", expected, elapsed)


@dataclass(frozen=True)
class Rate:
    """达标率 with its denominator stated: achieved ÷ denominator."""

    achieved: int
    denominator: int
    basis: str

    @property
    def value(self) -> float | None:
        return self.achieved / self.denominator if self.denominator else None

    def text(self) -> str:
        if not self.denominator:
            return f"—（{DENOMINATORS[self.basis]}为0）"
        return f"{percent_text(self.value)}（{self.achieved}/{self.denominator}，分母为{DENOMINATORS[self.basis]}）"


def in_denominator(ind: Indicator, verdict: Verdict, basis: str) -> bool:
    """Whether an indicator counts under a 达标率 basis: all of them, those with a numeric target, or those with
    data (a value waiting for a person's judgement is data)."""
    if basis not in DENOMINATORS:
        raise ValueError(basis)
    if basis == "numeric":
        direction = ind.get("direction")
        return direction == "keep" or (direction in (">=", "<=") and ind.get("target") is not None)
    if basis == "with_data":
        return verdict.verdict != "无数据"
    return True


def achievement_rate(rows: Iterable[tuple[Indicator, Verdict]], basis: str = "all") -> Rate:
    """达标率 over (indicator, verdict) pairs; `basis` chooses the denominator and is printed with the rate."""
    counted = [verdict for ind, verdict in rows if in_denominator(ind, verdict, basis)]
    return Rate(sum(v.verdict in ACHIEVED for v in counted), len(counted), basis)

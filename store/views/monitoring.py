"""Views of the monitoring system: which data year a board or a document speaks of, verdicts per indicator and
year, 达标率 summaries with their denominator, consecutive years without data and the evidence checklist's
progress. Read-only; the commands are in store.commands (indicators, readings, requests, evidence), the request
cycles in store.views.requests.

Which data year (the one home of that rule, called by the command line, the Indicators screen and every
document):
- a year is *complete* when its data are due: its request cycle is closed or past its deadline (a year without a
  cycle: once the year is over); a year whose cycle is still open is *provisional*, and said so;
- boards default to the latest complete year with a counted value (`data_year`);
- the evaluation documents default to the evaluation year: the `evaluation_year` setting, else the plans'
  mid-term year (once its data are due), else the boards' year (`evaluation_year`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from store.calendar.dates import format_cn
from store.records.measures import decimals_of, difference_text, number_text
from store.records.measures import value_text as measured
from store.records.model import DataRequest, Evidence, Indicator, Plan, Reading, Settings, Unit
from store.rules.verdicts import (
    ALL_REPORTED,
    CATEGORIES,
    DENOMINATORS,
    VERDICT_LIGHTS,
    Counting,
    Rate,
    Verdict,
    achievement_rate,
    in_denominator,
    judge,
    target_for,
    target_year_of,
)


def reading_for(ind: Indicator, data_year: int) -> Reading | None:
    return next((r for r in ind["readings"] if r["year"] == data_year), None)


def latest_reading(ind: Indicator, counting: Counting = ALL_REPORTED) -> Reading | None:
    """The most recent year that counts: a value, a no-data reason or a verdict set by hand."""
    known = [
        r
        for r in ind["readings"]
        if r.get("override") or (counting.counts(r) and (r["value"] is not None or r.get("no_data_reason")))
    ]
    return max(known, key=lambda r: r["year"]) if known else None


def previous_reading(ind: Indicator, data_year: int, counting: Counting = ALL_REPORTED) -> Reading | None:
    """The latest earlier year with a counted value (for trends and the big-change check)."""
    earlier = [r for r in ind["readings"] if r["year"] < data_year and counting.value(r) is not None]
    return max(earlier, key=lambda r: r["year"]) if earlier else None


def plan_of(ind: Indicator, plans: Iterable[Plan]) -> Plan | None:
    return next((p for p in plans if p["key"] == ind["plan"]), None)


def counting_of(settings: Mapping[str, Any]) -> Counting:
    """Which readings count, from the `checked_only` setting."""
    return Counting(checked_only=bool(settings.get("checked_only")))


# ------------------------------------------------------------------ which data year


@dataclass(frozen=True)
class YearStatus:
    """Where a data year's reporting stands: complete (due) or not, provisional or final, and the sentence."""

    year: int
    complete: bool
    provisional: bool
    note: str

    def label(self) -> str:
        """2025年 or 2026年（暂定）."""
        return f"{self.year}年" + ("（暂定）" if self.provisional else "")


def year_status(year: int, requests: Iterable[DataRequest], today: date) -> YearStatus:
    """A year is complete once its request cycle is closed or past its deadline (without a cycle, once the year is
    over); while its cycle is open its figures are provisional."""
    request = next((r for r in requests if int(r["year"]) == int(year)), None)
    if request is None:
        if today.year > year:
            return YearStatus(year, True, False, "")
        return YearStatus(year, False, True, f"{year}年尚未结束，{year}年数据为提前录入的暂定数")
    due = format_cn(request["due"])
    if request.get("closed"):
        return YearStatus(year, True, False, "")
    if today.isoformat() > request["due"]:
        return YearStatus(year, True, True, f"{year}年数据报送已于{due}截止，报送尚未结束，数据为暂定数")
    return YearStatus(year, False, True, f"{year}年数据报送截止{due}，尚未到期，数据为暂定数")


def complete_through(requests: Sequence[DataRequest], today: date) -> int:
    """The latest complete data year."""
    year = today.year
    while not year_status(year, requests, today).complete:
        year -= 1
    return year


def data_year(
    indicators: Iterable[Indicator],
    requests: Sequence[DataRequest],
    today: date,
    asked: int | None = None,
    counting: Counting = ALL_REPORTED,
) -> int:
    """The data year boards speak of: the one asked for, else the latest complete year with a counted value
    (a year whose data are not yet due never becomes the default however many early readings it has)."""
    if asked:
        return int(asked)
    last = complete_through(requests, today)
    years = [
        r["year"] for i in indicators for r in i["readings"] if r["year"] <= last and counting.value(r) is not None
    ]
    return max(years) if years else last


def entry_year(ind: Indicator, default_year: int, pointed: int | None = None) -> int:
    """The year a new entry (录入) starts on, so that it never opens on old data to overwrite: the year pointed at
    when it has no reading yet, else the year after the indicator's latest reading, else `default_year` (the
    front ends pass Snapshot.entry_year, the year being collected)."""
    years = {r["year"] for r in ind["readings"]}
    if pointed is not None and pointed not in years:
        return pointed
    return max(years) + 1 if years else default_year


def evaluation_year(setting: int, plans: Iterable[Plan], board_year: int, asked: int | None = None) -> int:
    """The data year of the evaluation documents: the one asked for, else the `evaluation_year` setting, else the
    plans' latest mid-term year whose data are due (not later than the boards' year), else the boards' year."""
    if asked:
        return int(asked)
    if setting:
        return int(setting)
    mids = [int(p["midterm_year"]) for p in plans if p.get("midterm_year") and int(p["midterm_year"]) <= board_year]
    return max(mids) if mids else board_year


class Source(Protocol):
    """What the monitoring views read (the Repository is one)."""

    @property
    def today(self) -> date: ...

    def indicators(self) -> list[Indicator]: ...

    def plans(self) -> list[Plan]: ...

    def requests(self) -> list[DataRequest]: ...

    def settings(self) -> Settings: ...

    def units_by_id(self) -> dict[int, Unit]: ...


@dataclass
class Snapshot:
    """The records the monitoring views read, taken once, with the answers every front end asks of them."""

    indicators: list[Indicator]
    plans: list[Plan]
    requests: list[DataRequest]
    settings: Settings
    units: dict[int, Unit]
    today: date

    @property
    def counting(self) -> Counting:
        return counting_of(self.settings)

    def board_year(self, asked: int | None = None) -> int:
        return data_year(self.indicators, self.requests, self.today, asked, self.counting)

    def evaluation_year(self, asked: int | None = None) -> int:
        setting = int(self.settings.get("evaluation_year") or 0)
        return evaluation_year(setting, self.plans, self.board_year(), asked)

    def early(self, year: int) -> bool:
        """Whether data of `year` are entered early: the year is later than the latest one whose data are due, so
        it cannot be the boards' default year (the same rule as `board_year`)."""
        return year > complete_through(self.requests, self.today)

    def entry_year(self) -> int:
        """The data year to enter next: the latest year whose request cycle is still open (being collected), else
        the latest year whose data are due."""
        open_years = [int(r["year"]) for r in self.requests if not r.get("closed")]
        return max(open_years) if open_years else complete_through(self.requests, self.today)

    def status(self, year: int) -> YearStatus:
        return year_status(year, self.requests, self.today)

    def verdict(self, ind: Indicator, year: int) -> Verdict:
        return verdict_for(ind, self.plans, year, self.today, self.counting)

    def board(self, year: int) -> list[VerdictRow]:
        """Every indicator's standing in a data year: verdict (data year, counting rule), the target that applies,
        the value. The one answer of `verdicts`, `indicator list`, `board --by indicator`, the overview, the
        Indicators screen and the documents."""
        due = complete_through(self.requests, self.today)
        return verdict_board(
            self.indicators, self.plans, self.units, year, self.today, counting=self.counting, due_until=due
        )

    def summaries(self, year: int, *, by: str = "plan", basis: str = "all") -> list[Summary]:
        return summaries(
            self.indicators, self.plans, self.units, year, self.today, by=by, basis=basis, counting=self.counting
        )

    def without_data(self, ind: Indicator, year: int) -> int:
        return years_without_data(ind, min(year, complete_through(self.requests, self.today)), self.counting)

    def status_sentence(self, year: int) -> str:
        return status_sentence(self.indicators, year, self.counting, self.status(year))


def snapshot(source: Source) -> Snapshot:
    return Snapshot(
        source.indicators(), source.plans(), source.requests(), source.settings(), source.units_by_id(), source.today
    )


# ------------------------------------------------------------------ verdicts


def verdict_for(
    ind: Indicator, plans: Iterable[Plan], data_year: int | None, as_of: date, counting: Counting = ALL_REPORTED
) -> Verdict:
    """The verdict for a data year (the latest counted year when None)."""
    if data_year is None:
        latest = latest_reading(ind, counting)
        data_year = latest["year"] if latest else as_of.year - 1
    return judge(
        ind,
        reading_for(ind, data_year),
        data_year=data_year,
        plan=plan_of(ind, plans),
        as_of=as_of,
        previous=previous_reading(ind, data_year, counting),
        counting=counting,
    )


def years_without_data(ind: Indicator, up_to: int, counting: Counting = ALL_REPORTED) -> int:
    """Consecutive years up to `up_to` with no counted value (the streak a data request must break); callers pass
    the latest year whose data are due, so a year not yet due is never counted as missing."""
    count = 0
    first = int(ind.get("baseline_year") or up_to) + 1
    for year in range(up_to, first - 1, -1):
        if counting.value(reading_for(ind, year)) is not None:
            break
        count += 1
    return count


def missing_reasons(ind: Indicator, years: Iterable[int], statuses: Mapping[int, YearStatus]) -> str:
    """Why each year of a streak has no data, years with the same reason together: 2021—2025年上级未反馈；
    2026年尚未到报送期限. A stated reason is kept; a year without a record reads 数据尚未报送 (or 尚未到报送期限)."""
    parts: list[tuple[str, list[int]]] = []
    for year in sorted(years):
        reading = reading_for(ind, year)
        if reading is not None and reading.get("no_data_reason"):
            reason = reading["no_data_reason"]
        elif reading is not None and reading["value"] is not None:
            reason = "数据已退回待重新报送" if reading["status"] == "退回" else f"数据{reading['status']}，未计入"
        else:
            status = statuses.get(year)
            reason = "尚未到报送期限" if status is not None and not status.complete else "数据尚未报送"
        if parts and parts[-1][0] == reason and parts[-1][1][-1] == year - 1:
            parts[-1][1].append(year)
        else:
            parts.append((reason, [year]))
    return "；".join((f"{ys[0]}年" if len(ys) == 1 else f"{ys[0]}—{ys[-1]}年") + reason for reason, ys in parts)


def fmt(value: float | None) -> str:
    """A target or threshold as typed (no fixed decimals): 70, 12, 5.4."""
    return "" if value is None else f"{round(value, 2):g}"


def value_text(ind: Indicator, reading: Reading | None) -> str:
    """A reading as shown: its value with the indicator's decimals and unit, or why there is none."""
    if reading is None:
        return "未报"
    if reading["value"] is None:
        return f"无数据（{reading.get('no_data_reason') or '未报'}）"
    return measured(ind, reading["value"])


def target_text(ind: Indicator, plan: Plan | None = None, year: int | None = None) -> str:
    """The target as typed, with its year: ≥70%（2030年）; 定性 targets in words. With a data year, the target that
    applies in that year (the mid-term one up to the mid-term year: store.rules.verdicts.target_for, the verdict's
    own yardstick), else the final one."""
    direction = ind["direction"]
    if year is not None and direction in (">=", "<=") and ind["target"] is not None:
        target, target_year = target_for(ind, year, plan)
        sign = "≥" if direction == ">=" else "≤"
        return f"{sign}{fmt(target)}{ind['measure']}（{target_year}年）"
    if direction in ("qualitative", "rising", "falling") or (ind["target"] is None and direction != "keep"):
        return ind.get("target_text") or {"rising": "逐步提高", "falling": "逐步下降"}.get(direction, "定性")
    if direction == "keep":
        floor = ind["target"] if ind["target"] is not None else ind.get("baseline")
        return f"保持≥{fmt(floor)}{ind['measure']}"
    sign = "≥" if direction == ">=" else "≤"
    year = target_year_of(ind, plan, 0)
    return f"{sign}{fmt(ind['target'])}{ind['measure']}" + (f"（{year}年）" if year else "")


def midterm_text(ind: Indicator, plan: Plan | None) -> str:
    """The mid-term target with its year (中期≥65%（2025年）), or '' when the indicator has none."""
    if ind.get("midterm_target") is None or ind["direction"] not in (">=", "<="):
        return ""
    sign = "≥" if ind["direction"] == ">=" else "≤"
    year = f"（{plan['midterm_year']}年）" if plan else ""
    return f"{sign}{fmt(ind['midterm_target'])}{ind['measure']}{year}"


def baseline_change(ind: Indicator, value: float | None) -> str:
    """The change from the baseline (its year is on the card): 提高2.4个百分点, 下降5.1/10万 or 持平; '' without a
    value or a baseline."""
    base = ind.get("baseline")
    if value is None or base is None:
        return ""
    change = value - float(base)
    if float(number_text(abs(change), decimals_of(ind))) == 0:
        return "持平"
    return f"{'提高' if change > 0 else '下降'}{difference_text(ind, change)}"


@dataclass
class VerdictRow:
    """One indicator on the verdict board for a data year."""

    indicator_id: int
    plan: str
    domain: str
    code: str
    name: str
    target: str
    applies: str
    midterm: str
    baseline: str
    value: str
    expected: str
    change: str
    verdict: str
    computed: str
    reason: str
    light: str
    overridden: bool
    status: str
    counted: bool
    lead: list[str]
    partners: list[str]
    lead_unit_ids: list[int]
    key: bool
    years_without_data: int
    trend: list[float | None] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def verdict_board(
    indicators: Iterable[Indicator],
    plans: list[Plan],
    units: Mapping[int, Unit],
    data_year: int,
    as_of: date,
    *,
    counting: Counting = ALL_REPORTED,
    due_until: int | None = None,
) -> list[VerdictRow]:
    """Every indicator's verdict for the data year with the figures it rests on; `due_until` is the latest year
    whose data are due (years after it never count as missing)."""
    rows = []
    last_due = data_year if due_until is None else min(data_year, due_until)
    for ind in indicators:
        reading = reading_for(ind, data_year)
        verdict = verdict_for(ind, plans, data_year, as_of, counting)
        plan = plan_of(ind, plans)
        years = sorted({r["year"] for r in ind["readings"]})
        counted = counting.value(reading)
        reason = verdict.reason
        if reading is None and due_until is not None and data_year > due_until and not verdict.overridden:
            reason = f"{data_year}年数据尚未到报送期限"  # not yet due: never called missing
        rows.append(
            VerdictRow(
                indicator_id=ind["id"],
                plan=ind["plan"],
                domain=ind["domain"],
                code=ind["code"],
                name=ind["name"],
                target=target_text(ind, plan),
                applies=target_text(ind, plan, data_year),
                midterm=midterm_text(ind, plan),
                baseline=""
                if ind["baseline"] is None
                else f"{measured(ind, ind['baseline'])}（{ind['baseline_year']}）",
                value=value_text(ind, reading),
                expected=measured(ind, verdict.expected) if verdict.expected is not None else "",
                change=baseline_change(ind, counted),
                verdict=verdict.verdict,
                computed=verdict.rule_verdict,
                reason=reason,
                light=VERDICT_LIGHTS[verdict.verdict],
                overridden=verdict.overridden,
                status=reading["status"] if reading else "未报",
                counted=counting.counts(reading),
                lead=[units[u]["name"] for u in ind["lead_unit_ids"] if u in units],
                partners=[units[u]["name"] for u in ind["partner_unit_ids"] if u in units],
                lead_unit_ids=list(ind["lead_unit_ids"]),
                key=bool(ind["key"]),
                years_without_data=years_without_data(ind, last_due, counting),
                trend=[counting.value(reading_for(ind, y)) for y in years],
            )
        )
    return rows


def status_sentence(
    indicators: Iterable[Indicator], year: int, counting: Counting = ALL_REPORTED, status: YearStatus | None = None
) -> str:
    """The status of the year's figures as every document prints it: 2025年数据已报送16项，其中已审核9项；
    退回1项、未报送2项，不计入评判."""
    readings = [reading_for(i, year) for i in indicators]
    reported = [r for r in readings if r is not None and r["status"] in ("已报", "已审核")]
    checked = sum(r["status"] == "已审核" for r in reported)
    reasons = sum(1 for r in reported if r["value"] is None)
    returned = sum(1 for r in readings if r is not None and r["status"] == "退回")
    missing = sum(1 for r in readings if r is None or r["status"] == "未报")
    text = f"{year}年数据已报送{len(reported)}项，其中已审核{checked}项"
    text += f"，{reasons}项报送的是无数据原因" if reasons else ""
    left = [f"退回{returned}项" if returned else "", f"未报送{missing}项" if missing else ""]
    if counting.checked_only and len(reported) > checked:
        left.insert(0, f"未审核{len(reported) - checked}项")
    shown = "、".join(p for p in left if p)
    text += f"；{shown}，不计入评判" if shown else ""
    if counting.checked_only:
        text += "（按设置只计已审核数据）"
    return text + (f"。{status.note}" if status is not None and status.note else "")


@dataclass
class Summary:
    """达标率 of a group this year and last year, each with its denominator; `counts` are the verdicts of the
    indicators in this year's denominator (so they add up to it)."""

    group: str
    this_year: Rate
    last_year: Rate
    counts: dict[str, int]

    def as_json(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "this_year": self.this_year.text(),
            "last_year": self.last_year.text(),
            "this_year_rate": self.this_year.value,
            "last_year_rate": self.last_year.value,
            "counts": self.counts,
        }

    def spread(self) -> str:
        """提前达标7、达标2… (the verdicts present, in print order)."""
        return "、".join(f"{k}{self.counts[k]}" for k in CATEGORIES if self.counts.get(k))


def summaries(
    indicators: list[Indicator],
    plans: list[Plan],
    units: Mapping[int, Unit],
    data_year: int,
    as_of: date,
    *,
    by: str = "plan",
    basis: str = "all",
    counting: Counting = ALL_REPORTED,
) -> list[Summary]:
    """达标率 by plan, 领域 or lead unit (and '全部'), the data year against the year before, stating the
    denominator; the verdict counts cover the same indicators as the denominator."""
    if basis not in DENOMINATORS:
        raise ValueError(basis)

    def groups_of(ind: Indicator) -> list[str]:
        if by == "plan":
            return [ind["plan"]]
        if by == "domain":
            return [f"{ind['plan']}·{ind['domain']}"]
        return [units[u]["name"] for u in ind["lead_unit_ids"] if u in units] or ["（未定牵头单位）"]

    now = {ind["id"]: verdict_for(ind, plans, data_year, as_of, counting) for ind in indicators}
    before = {ind["id"]: verdict_for(ind, plans, data_year - 1, as_of, counting) for ind in indicators}
    grouped: dict[str, list[Indicator]] = {"全部": list(indicators)}
    for ind in indicators:
        for g in groups_of(ind):
            grouped.setdefault(g, []).append(ind)
    out = []
    for group, members in grouped.items():
        counts: dict[str, int] = {}
        for ind in members:
            v = now[ind["id"]]
            if in_denominator(ind, v, basis):
                counts[v.verdict] = counts.get(v.verdict, 0) + 1
        out.append(
            Summary(
                group,
                achievement_rate(((i, now[i["id"]]) for i in members), basis),
                achievement_rate(((i, before[i["id"]]) for i in members), basis),
                counts,
            )
        )
    return out


def evidence_progress(evidence: Iterable[Evidence], today: date) -> dict[str, dict[str, int]]:
    """Per category: done, in progress, not started, overdue."""
    out: dict[str, dict[str, int]] = {}
    for e in evidence:
        c = out.setdefault(e["category"], {"已完成": 0, "收集中": 0, "未开始": 0, "逾期": 0, "合计": 0})
        c[e["status"]] += 1
        c["合计"] += 1
        if e["status"] != "已完成" and e["due"] and e["due"] < today.isoformat():
            c["逾期"] += 1
    return out

"""Views of the monitoring system: verdicts per indicator and year, 达标率 summaries with their denominator,
consecutive years without data, the state of a data-request cycle per unit and the 催报 list (in working days),
and the evidence checklist's progress. Read-only; the commands are in store.commands (indicators, readings,
requests, evidence).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from store.calendar.dates import format_cn
from store.calendar.workdays import WorkCalendar
from store.records.model import DataRequest, Evidence, Indicator, Plan, Reading, Unit
from store.rules.verdicts import DENOMINATORS, VERDICT_LIGHTS, Rate, Verdict, achievement_rate, judge


def reading_for(ind: Indicator, data_year: int) -> Reading | None:
    return next((r for r in ind["readings"] if r["year"] == data_year), None)


def latest_reading(ind: Indicator) -> Reading | None:
    """The most recent year that has a value, a no-data reason or a verdict set by hand."""
    known = [r for r in ind["readings"] if r["value"] is not None or r.get("override") or r.get("no_data_reason")]
    return max(known, key=lambda r: r["year"]) if known else None


def previous_reading(ind: Indicator, data_year: int) -> Reading | None:
    earlier = [r for r in ind["readings"] if r["year"] < data_year and r["value"] is not None]
    return max(earlier, key=lambda r: r["year"]) if earlier else None


def plan_of(ind: Indicator, plans: Iterable[Plan]) -> Plan | None:
    return next((p for p in plans if p["key"] == ind["plan"]), None)


def data_year(indicators: Iterable[Indicator], today: date, asked: int | None = None) -> int:
    """The data year boards and documents speak of: the one asked for, else the latest year with a value.

    The one home of this rule: the command line, the Indicators screen and every document call it.
    """
    if asked:
        return int(asked)
    years = [r["year"] for i in indicators for r in i["readings"] if r["value"] is not None]
    return max(years) if years else today.year - 1


def verdict_for(ind: Indicator, plans: Iterable[Plan], data_year: int | None, as_of: date) -> Verdict:
    """The verdict for a data year (the latest known year when None)."""
    if data_year is None:
        latest = latest_reading(ind)
        data_year = latest["year"] if latest else as_of.year - 1
    return judge(
        ind,
        reading_for(ind, data_year),
        data_year=data_year,
        plan=plan_of(ind, plans),
        as_of=as_of,
        previous=previous_reading(ind, data_year),
    )


def years_without_data(ind: Indicator, up_to: int) -> int:
    """Consecutive years up to `up_to` with no value (the streak a data request must break)."""
    values = {r["year"]: r["value"] for r in ind["readings"]}
    count = 0
    first = int(ind.get("baseline_year") or up_to) + 1
    for data_year in range(up_to, first - 1, -1):
        if values.get(data_year) is not None:
            break
        count += 1
    return count


def fmt(value: float | None) -> str:
    return "" if value is None else f"{round(value, 2):g}"


def value_text(ind: Indicator, reading: Reading | None) -> str:
    if reading is None:
        return "未报"
    if reading["value"] is None:
        return f"无数据（{reading.get('no_data_reason') or '未报'}）"
    return f"{fmt(reading['value'])}{ind['measure']}"


def target_text(ind: Indicator, plan: Plan | None = None) -> str:
    direction = ind["direction"]
    if direction in ("qualitative", "rising", "falling") or (ind["target"] is None and direction != "keep"):
        return ind.get("target_text") or {"rising": "逐步提高", "falling": "逐步下降"}.get(direction, "定性")
    if direction == "keep":
        floor = ind["target"] if ind["target"] is not None else ind.get("baseline")
        return f"保持≥{fmt(floor)}{ind['measure']}"
    sign = "≥" if direction == ">=" else "≤"
    year = plan["end_year"] if plan else ind.get("target_year")
    return f"{sign}{fmt(ind['target'])}{ind['measure']}" + (f"（{year}年）" if year else "")


@dataclass
class VerdictRow:
    """One indicator on the verdict board for a data year."""

    indicator_id: int
    plan: str
    domain: str
    code: str
    name: str
    target: str
    baseline: str
    value: str
    verdict: str
    reason: str
    light: str
    overridden: bool
    status: str
    lead: list[str]
    lead_unit_ids: list[int]
    key: bool
    years_without_data: int
    trend: list[float | None] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def verdict_board(
    indicators: Iterable[Indicator], plans: list[Plan], units: Mapping[int, Unit], data_year: int, as_of: date
) -> list[VerdictRow]:
    rows = []
    for ind in indicators:
        reading = reading_for(ind, data_year)
        verdict = verdict_for(ind, plans, data_year, as_of)
        plan = plan_of(ind, plans)
        years = sorted({r["year"] for r in ind["readings"]})
        rows.append(
            VerdictRow(
                indicator_id=ind["id"],
                plan=ind["plan"],
                domain=ind["domain"],
                code=ind["code"],
                name=ind["name"],
                target=target_text(ind, plan),
                baseline=""
                if ind["baseline"] is None
                else f"{fmt(ind['baseline'])}{ind['measure']}（{ind['baseline_year']}）",
                value=value_text(ind, reading),
                verdict=verdict.verdict,
                reason=verdict.reason,
                light=VERDICT_LIGHTS[verdict.verdict],
                overridden=verdict.overridden,
                status=reading["status"] if reading else "未报",
                lead=[units[u]["name"] for u in ind["lead_unit_ids"] if u in units],
                lead_unit_ids=list(ind["lead_unit_ids"]),
                key=bool(ind["key"]),
                years_without_data=years_without_data(ind, data_year),
                trend=[next((r["value"] for r in ind["readings"] if r["year"] == y), None) for y in years],
            )
        )
    return rows


@dataclass
class Summary:
    """达标率 of a group this year and last year, each with its denominator."""

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


def summaries(
    indicators: list[Indicator],
    plans: list[Plan],
    units: Mapping[int, Unit],
    data_year: int,
    as_of: date,
    *,
    by: str = "plan",
    basis: str = "all",
) -> list[Summary]:
    """达标率 by plan, 领域 or lead unit (and '全部'), this year against last year, stating the denominator."""
    if basis not in DENOMINATORS:
        raise ValueError(basis)

    def groups_of(ind: Indicator) -> list[str]:
        if by == "plan":
            return [ind["plan"]]
        if by == "domain":
            return [f"{ind['plan']}·{ind['domain']}"]
        return [units[u]["name"] for u in ind["lead_unit_ids"] if u in units] or ["（未定牵头单位）"]

    now = {ind["id"]: verdict_for(ind, plans, data_year, as_of) for ind in indicators}
    before = {ind["id"]: verdict_for(ind, plans, data_year - 1, as_of) for ind in indicators}
    grouped: dict[str, list[Indicator]] = {"全部": list(indicators)}
    for ind in indicators:
        for g in groups_of(ind):
            grouped.setdefault(g, []).append(ind)
    out = []
    for group, members in grouped.items():
        counts: dict[str, int] = {}
        for ind in members:
            v = now[ind["id"]].verdict
            counts[v] = counts.get(v, 0) + 1
        out.append(
            Summary(
                group,
                achievement_rate(((i, now[i["id"]]) for i in members), basis),
                achievement_rate(((i, before[i["id"]]) for i in members), basis),
                counts,
            )
        )
    return out


# ------------------------------------------------------------------ data requests


@dataclass
class UnitRequestState:
    """One unit's part of a data-request cycle."""

    unit_id: int
    unit: str
    indicators: list[str]
    submitted: int
    total: int
    returned: int
    status: str
    submitted_on: str
    workdays: int
    phrase: str
    reminders: int
    last_reminder: str
    next_reminder: str
    due_for_reminder: bool

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def request_states(
    request: DataRequest,
    indicators: Iterable[Indicator],
    units: Mapping[int, Unit],
    today: date,
    calendar: WorkCalendar,
) -> list[UnitRequestState]:
    """Per unit: how many of its indicators' data for the year are in, and when to chase next (working days).

    Before the due date the reminder falls `remind_before` working days ahead of it; after the due date a late
    unit is chased every `remind_every` working days, counted from its last reminder.
    """
    due = date.fromisoformat(request["due"])
    data_year = int(request["year"])
    owned: dict[int, list[Indicator]] = {}
    for ind in indicators:
        for unit_id in ind["lead_unit_ids"]:
            owned.setdefault(unit_id, []).append(ind)
    states = []
    for unit_id in request["unit_ids"]:
        mine = owned.get(unit_id, [])
        readings = [reading_for(i, data_year) for i in mine]
        submitted = [r for r in readings if r is not None and r["status"] in ("已报", "已审核")]
        returned = [r for r in readings if r is not None and r["status"] == "退回"]
        status = _unit_status(len(mine), submitted, bool(returned))
        reminders = [r for r in request["reminders"] if r["unit_id"] == unit_id]
        last = max((r["date"] for r in reminders), default="")
        complete = status in ("已报", "已审核", "无需报送")
        workdays = calendar.workdays_between(today, due)
        next_day = "" if complete or request.get("closed") else _next_reminder(request, last, today, calendar)
        unit = units.get(unit_id)
        states.append(
            UnitRequestState(
                unit_id=unit_id,
                unit=unit["name"] if unit else f"单位{unit_id}",
                indicators=[i["name"] for i in mine],
                submitted=len(submitted),
                total=len(mine),
                returned=len(returned),
                status=status,
                submitted_on=max((r["submitted_on"] for r in submitted if r["submitted_on"]), default=""),
                workdays=workdays,
                phrase=("已报齐" if mine else "无需报送") if complete else _due_phrase(due, today, workdays),
                reminders=len(reminders),
                last_reminder=last,
                next_reminder=next_day,
                due_for_reminder=bool(next_day) and next_day <= today.isoformat(),
            )
        )
    return states


def _unit_status(owned: int, submitted: list[Reading], returned: bool) -> str:
    """Where a unit's data stand: 无需报送, 已审核, 已报, 退回, 部分报送 or 未报."""
    if not owned:
        return "无需报送"  # leads no indicator (any more): nothing to chase
    if len(submitted) == owned:
        return "已审核" if all(r["status"] == "已审核" for r in submitted) else "已报"
    if returned:
        return "退回"
    return "部分报送" if submitted else "未报"


def _due_phrase(due: date, today: date, workdays: int) -> str:
    """How the deadline reads for a unit still owing data."""
    if due >= today:
        return "今天截止" if due == today else f"还有{workdays}个工作日截止"
    if workdays == 0:  # past the date, but no working day has gone by yet (a weekend)
        return f"已过截止日{(today - due).days}天"
    return f"逾期{-workdays}个工作日"


def _next_reminder(request: DataRequest, last: str, today: date, calendar: WorkCalendar) -> str:
    """The day to chase a unit still owing data next (ISO), given its last reminder ('' when none)."""
    due = date.fromisoformat(request["due"])
    first_after_due = calendar.add_workdays(due, 1)
    if today <= due:
        before = _workdays_before(due, int(request["remind_before"]), calendar)
        return (first_after_due if last and last >= before.isoformat() else before).isoformat()
    if last and last > request["due"]:
        return calendar.add_workdays(date.fromisoformat(last), max(1, int(request["remind_every"]))).isoformat()
    return first_after_due.isoformat()


def _workdays_before(day: date, count: int, calendar: WorkCalendar) -> date:
    current = day
    remaining = count
    while remaining > 0:
        current = date.fromordinal(current.toordinal() - 1)
        if calendar.is_workday(current):
            remaining -= 1
    return current


def chase_list(states: Iterable[UnitRequestState]) -> list[UnitRequestState]:
    """催报清单: units whose data are not all in, the latest first, those due for a reminder today on top."""
    late = [s for s in states if s.status not in ("已报", "已审核", "无需报送")]
    return sorted(late, key=lambda s: (not s.due_for_reminder, s.workdays, s.unit_id))


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


def due_text(value: str) -> str:
    return format_cn(value) if value else ""


def request_warning(request: DataRequest, states: Iterable[UnitRequestState], calendar: WorkCalendar) -> str:
    """The calendar warning for the dates a request's figures rest on (due date and next reminders)."""
    days = [date.fromisoformat(request["due"])] + [
        date.fromisoformat(s.next_reminder) for s in states if s.next_reminder
    ]
    return calendar.warning(*days)

"""Views of the monitoring system: verdicts per indicator and year, 达标率 summaries with their denominator,
consecutive years without data, the state of a data-request cycle per unit and the 催报 list (in working days),
and the evidence checklist's progress. Read-only; the commands are in monitoring_commands.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from store.calendar.dates import format_cn
from store.calendar.workdays import WorkCalendar
from store.records.model import Indicator, Plan, Reading, Unit
from store.rules.verdicts import DENOMINATORS, VERDICT_LIGHTS, Rate, Verdict, achievement_rate, judge


def reading_for(ind: Mapping[str, Any], data_year: int) -> Reading | None:
    return next((r for r in ind["readings"] if r["year"] == data_year), None)


def latest_reading(ind: Mapping[str, Any]) -> Reading | None:
    """The most recent year that has a value, a no-data reason or a verdict set by hand."""
    known = [r for r in ind["readings"] if r["value"] is not None or r.get("override") or r.get("no_data_reason")]
    return max(known, key=lambda r: r["year"]) if known else None


def previous_reading(ind: Mapping[str, Any], data_year: int) -> Reading | None:
    earlier = [r for r in ind["readings"] if r["year"] < data_year and r["value"] is not None]
    return max(earlier, key=lambda r: r["year"]) if earlier else None


def plan_of(ind: Mapping[str, Any], plans: Iterable[Plan]) -> Plan | None:
    return next((p for p in plans if p["key"] == ind["plan"]), None)


def data_year(indicators: Iterable[Mapping[str, Any]], today: date, asked: int | None = None) -> int:
    """The data year boards and documents speak of: the one asked for, else the latest year with a value.

    The one home of this rule: the command line, the Indicators screen and every document call it.
    """
    if asked:
        return int(asked)
    years = [r["year"] for i in indicators for r in i["readings"] if r["value"] is not None]
    return max(years) if years else today.year - 1


def verdict_for(ind: Mapping[str, Any], plans: Iterable[Plan], data_year: int | None, as_of: date) -> Verdict:
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


def years_without_data(ind: Mapping[str, Any], up_to: int) -> int:
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


def value_text(ind: Mapping[str, Any], reading: Mapping[str, Any] | None) -> str:
    if reading is None:
        return "未报"
    if reading["value"] is None:
        return f"无数据（{reading.get('no_data_reason') or '未报'}）"
    return f"{fmt(reading['value'])}{ind['measure']}"


def target_text(ind: Mapping[str, Any], plan: Mapping[str, Any] | None = None) -> str:
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
                indicator_id=ind["id"],  # type: ignore[typeddict-item]
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

    now = {ind["id"]: verdict_for(ind, plans, data_year, as_of) for ind in indicators}  # type: ignore[typeddict-item]
    before = {ind["id"]: verdict_for(ind, plans, data_year - 1, as_of) for ind in indicators}  # type: ignore[typeddict-item]
    grouped: dict[str, list[Indicator]] = {"全部": list(indicators)}
    for ind in indicators:
        for g in groups_of(ind):
            grouped.setdefault(g, []).append(ind)
    out = []
    for group, members in grouped.items():
        counts: dict[str, int] = {}
        for ind in members:
            v = now[ind["id"]].verdict  # type: ignore[typeddict-item]
            counts[v] = counts.get(v, 0) + 1
        out.append(
            Summary(
                group,
                achievement_rate(((i, now[i["id"]]) for i in members), basis),  # type: ignore[typeddict-item]
                achievement_rate(((i, before[i["id"]]) for i in members), basis),  # type: ignore[typeddict-item]
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
    request: Mapping[str, Any],
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
        if not mine:
            status = "无需报送"  # leads no indicator (any more): nothing to chase
        elif len(submitted) == len(mine):
            status = "已审核" if all(r["status"] == "已审核" for r in submitted) else "已报"
        elif returned:
            status = "退回"
        elif submitted:
            status = "部分报送"
        else:
            status = "未报"
        reminders = [r for r in request["reminders"] if r["unit_id"] == unit_id]
        last = max((r["date"] for r in reminders), default="")
        complete = status in ("已报", "已审核", "无需报送")
        workdays = calendar.workdays_between(today, due)
        if complete:
            phrase = "已报齐" if mine else "无需报送"
        elif due >= today:
            phrase = "今天截止" if due == today else f"还有{workdays}个工作日截止"
        elif workdays == 0:  # past the date, but no working day has gone by yet (a weekend)
            phrase = f"已过截止日{(today - due).days}天"
        else:
            phrase = f"逾期{-workdays}个工作日"
        next_day = ""
        if not complete and not request.get("closed"):
            first_after_due = calendar.add_workdays(due, 1)
            if today <= due:
                before = _workdays_before(due, int(request["remind_before"]), calendar)
                next_day = (first_after_due if last and last >= before.isoformat() else before).isoformat()
            elif last and last > request["due"]:
                next_day = calendar.add_workdays(
                    date.fromisoformat(last), max(1, int(request["remind_every"]))
                ).isoformat()
            else:
                next_day = first_after_due.isoformat()
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
                phrase=phrase,
                reminders=len(reminders),
                last_reminder=last,
                next_reminder=next_day,
                due_for_reminder=bool(next_day) and next_day <= today.isoformat(),
            )
        )
    return states


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


def evidence_progress(evidence: Iterable[Mapping[str, Any]], today: date) -> dict[str, dict[str, int]]:
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


def request_warning(request: Mapping[str, Any], states: Iterable[UnitRequestState], calendar: WorkCalendar) -> str:
    """The calendar warning for the dates a request's figures rest on (due date and next reminders)."""
    days = [date.fromisoformat(request["due"])] + [
        date.fromisoformat(s.next_reminder) for s in states if s.next_reminder
    ]
    return calendar.warning(*days)

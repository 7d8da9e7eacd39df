"""Data-request cycles as the office tracks them: each unit's state in a cycle, the 催报 list, and the order the
cycles are shown in — all in working days.

The rules a user sees here, one home each:
- a unit is on the 催报 list when it still owes data, the cycle's deadline is near (within the `chase_near_days`
  setting, in working days) or past, and it has not been chased today;
- every open cycle with overdue units comes first, then the other open cycles by deadline, then the closed ones.
Read-only; the commands are in store.commands.requests.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from store.calendar.dates import format_cn
from store.calendar.workdays import WorkCalendar
from store.records.model import DataRequest, Indicator, Reading, Unit

DEFAULT_NEAR_DAYS = 5
SUBMITTED = ("已报", "已审核")
COMPLETE = ("已报", "已审核", "无需报送")


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
    chased_today: bool = False
    on_chase_list: bool = False

    @property
    def complete(self) -> bool:
        return self.status in COMPLETE

    @property
    def overdue(self) -> bool:
        return not self.complete and self.phrase.startswith(("逾期", "已过截止日"))

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _readings_for(ind: Indicator, data_year: int) -> Reading | None:
    return next((r for r in ind["readings"] if r["year"] == data_year), None)


def request_states(
    request: DataRequest,
    indicators: Iterable[Indicator],
    units: Mapping[int, Unit],
    today: date,
    calendar: WorkCalendar,
    near_days: int = DEFAULT_NEAR_DAYS,
) -> list[UnitRequestState]:
    """Per unit: how many of its indicators' data for the year are in, and when to chase next (working days).

    Before the due date the reminder falls `remind_before` working days ahead of it; after the due date a late
    unit is chased every `remind_every` working days, counted from its last reminder. A unit owing data is on the
    催报 list from `near_days` working days before the deadline, unless it was chased today.
    """
    due = date.fromisoformat(request["due"])
    data_year = int(request["year"])
    owned: dict[int, list[Indicator]] = {}
    for ind in indicators:
        for unit_id in ind["lead_unit_ids"]:
            owned.setdefault(unit_id, []).append(ind)
    workdays = calendar.workdays_between(today, due)
    near = today >= due or workdays <= near_days
    states = []
    for unit_id in request["unit_ids"]:
        mine = owned.get(unit_id, [])
        readings = [_readings_for(i, data_year) for i in mine]
        submitted = [r for r in readings if r is not None and r["status"] in SUBMITTED]
        returned = [r for r in readings if r is not None and r["status"] == "退回"]
        status = _unit_status(len(mine), submitted, bool(returned))
        reminders = [r for r in request["reminders"] if r["unit_id"] == unit_id]
        last = max((r["date"] for r in reminders), default="")
        complete = status in COMPLETE
        next_day = "" if complete or request.get("closed") else _next_reminder(request, last, today, calendar)
        unit = units.get(unit_id)
        chased_today = last == today.isoformat()
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
                chased_today=chased_today,
                on_chase_list=not complete and not request.get("closed") and near and not chased_today,
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
    """催报清单: units owing data whose deadline is near or past and who were not chased today, the most late
    first, those due for a reminder today on top."""
    listed = [s for s in states if s.on_chase_list]
    return sorted(listed, key=lambda s: (not s.due_for_reminder, s.workdays, s.unit_id))


def owing(states: Iterable[UnitRequestState]) -> list[UnitRequestState]:
    """Every unit whose data are not all in (whether or not it is time to chase it)."""
    return [s for s in states if not s.complete]


@dataclass
class Cycle:
    """One data-request cycle with its units' states."""

    request: DataRequest
    states: list[UnitRequestState]

    @property
    def year(self) -> int:
        return int(self.request["year"])

    @property
    def closed(self) -> bool:
        return bool(self.request.get("closed"))

    @property
    def overdue(self) -> list[UnitRequestState]:
        return [s for s in self.states if s.overdue]

    @property
    def chase(self) -> list[UnitRequestState]:
        return chase_list(self.states)

    @property
    def done(self) -> int:
        return sum(s.complete for s in self.states)

    def head(self) -> str:
        """2025年度两个规划监测数据报送：截止2026年11月18日，6个单位已报齐4个，逾期2个."""
        late = f"，逾期{len(self.overdue)}个" if self.overdue else ""
        word = "（已结束）" if self.closed else ""
        return (
            f"{self.request['title']}{word}：截止{format_cn(self.request['due'])}，"
            f"{len(self.states)}个单位已报齐{self.done}个{late}"
        )


def cycles(
    requests: Sequence[DataRequest],
    indicators: Sequence[Indicator],
    units: Mapping[int, Unit],
    today: date,
    calendar: WorkCalendar,
    near_days: int = DEFAULT_NEAR_DAYS,
) -> list[Cycle]:
    """Every cycle in the order the office works them: open cycles with overdue units first (earliest deadline
    first), then the other open ones by deadline, then the closed ones, newest first."""
    made = [Cycle(r, request_states(r, indicators, units, today, calendar, near_days)) for r in requests]

    def rank(cycle: Cycle) -> tuple[int, str]:
        if cycle.closed:
            return (2, f"{9999 - cycle.year:04d}")
        return (0 if cycle.overdue else 1, cycle.request["due"])

    return sorted(made, key=rank)


def shown_cycles(all_cycles: Sequence[Cycle], year: int | None = None) -> list[Cycle]:
    """The cycles a status view shows: the asked year's, else every open one (else the latest closed one)."""
    if year is not None:
        return [c for c in all_cycles if c.year == year]
    open_ones = [c for c in all_cycles if not c.closed]
    return open_ones or list(all_cycles[:1])


def cycle_to_chase(all_cycles: Sequence[Cycle]) -> Cycle | None:
    """The cycle a 催报 speaks of by default: the first (in the order above) with units to chase, else the first
    open one, else None."""
    with_units = [c for c in all_cycles if not c.closed and c.chase]
    open_ones = [c for c in all_cycles if not c.closed]
    pool = with_units or open_ones
    return pool[0] if pool else None


def not_yet_near(cycle: Cycle, today: date, near_days: int) -> str:
    """Why a cycle has nobody to chase though units owe data (empty when someone is on the list)."""
    owed = owing(cycle.states)
    if cycle.closed:
        return f"{cycle.year}年数据报送已结束"
    if cycle.chase or not owed:
        return ""
    if all(s.chased_today for s in owed):
        return f"{cycle.year}年数据未报齐的单位今天都已催报过"
    workdays = cycle.states[0].workdays if cycle.states else 0
    return (
        f"{cycle.year}年数据报送截止{format_cn(cycle.request['due'])}，还有{workdays}个工作日，"
        f"尚未到催报时间（截止前{near_days}个工作日内才催报，可在设置中修改）"
    )


def due_text(value: str) -> str:
    return format_cn(value) if value else ""


def request_warning(request: DataRequest, states: Iterable[UnitRequestState], calendar: WorkCalendar) -> str:
    """The calendar warning for the dates a request's figures rest on (due date and next reminders)."""
    days = [date.fromisoformat(request["due"])] + [
        date.fromisoformat(s.next_reminder) for s in states if s.next_reminder
    ]
    return calendar.warning(*days)

"""Rules: lights, roll-ups, per-unit figures and urgency (indicator verdicts are in verdicts.py).

Every function takes `today` and the working calendar as parameters, so the same data always gives the
same board for the same day.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

from store.calendar.workdays import WorkCalendar
from store.records.model import (
    DONE_STATUSES,
    INACTIVE_STATUSES,
    OPEN_STATUSES,
    Assignment,
    Item,
)

LIGHT_ORDER = {"red": 0, "yellow": 1, "green": 2, "blue": 3, "grey": 4}


class Policy(NamedTuple):
    """The thresholds a light depends on: yellow when due within `yellow_days` working days."""

    today: date
    calendar: WorkCalendar
    yellow_days: int = 3


def effective_due(a: Assignment) -> str:
    """The deadline in force: the latest approved extension, else the original deadline."""
    due = a["due"]
    for ext in a["extensions"]:
        if ext["decision"] == "approved":
            due = ext["new_due"]
    return due


LATE_BEFORE_EXTENSION = "延期前已逾期"


def overdue_before_extension(a: Assignment) -> bool:
    """延期前已逾期: an extension was approved only after the deadline then in force had passed. The light follows
    the new deadline (effective_due), but the share keeps this mark in lists, boards and bulletins (like 逾期办结),
    so a share that was overdue never reads as if it had always been on time. A pending or rejected request
    changes nothing."""
    due = a["due"]
    for ext in a["extensions"]:
        if ext["decision"] != "approved":
            continue
        if (ext["decided_on"] or ext["requested_on"]) > due:
            return True
        due = ext["new_due"]
    return False


def late_marks(a: Assignment) -> str:
    """The mark a share carries whatever its light: ·延期前已逾期, or ''."""
    return f"·{LATE_BEFORE_EXTENSION}" if overdue_before_extension(a) else ""


def working_days_left(a: Assignment, policy: Policy) -> int:
    """Working days from today (exclusive) to the deadline (inclusive); negative when past."""
    return policy.calendar.workdays_between(policy.today, date.fromisoformat(effective_due(a)))


def assignment_light(a: Assignment, policy: Policy) -> str:
    """Red past due and not done; yellow due within N working days; green; blue done; grey suspended."""
    status = a["status"]
    if status in DONE_STATUSES:
        return "blue"
    if status in INACTIVE_STATUSES:
        return "grey"
    due = date.fromisoformat(effective_due(a))
    today = policy.today
    if due < today:
        return "red"
    gap = (due - today).days
    if gap <= policy.yellow_days:
        return "yellow"
    # Cheap exit: far deadlines cannot be within N working days (a holiday week is at most 9 days off).
    if gap > policy.yellow_days * 2 + 12:
        return "green"
    return "yellow" if policy.calendar.workdays_between(today, due) <= policy.yellow_days else "green"


def is_done_late(a: Assignment) -> bool:
    """Done after the deadline in force; the stored flag keeps it after a reopen."""
    if a.get("done_late"):
        return True
    return a["status"] in DONE_STATUSES and bool(a["done_on"]) and a["done_on"] > effective_due(a)


def days_late(a: Assignment, today: date) -> int:
    """Calendar days past the deadline: until done, or until today while still open."""
    due = date.fromisoformat(effective_due(a))
    if a["status"] in DONE_STATUSES and a["done_on"]:
        end = date.fromisoformat(a["done_on"])
    elif a["status"] in OPEN_STATUSES:
        end = today
    else:
        return 0
    return max(0, (end - due).days)


def worst_light(lights: Iterable[str]) -> str:
    """Roll-up: the worst light wins; grey only when every share is suspended or cancelled."""
    best = "grey"
    for light in lights:
        if LIGHT_ORDER[light] < LIGHT_ORDER[best]:
            best = light
    return best


def item_light(item: Item, policy: Policy) -> str:
    return worst_light(assignment_light(a, policy) for a in item["assignments"])


def item_status(item: Item) -> str:
    """The item's state as a roll-up of its assignments, as one of the assignment status codes."""
    active = [a["status"] for a in item["assignments"] if a["status"] != "cancelled"]
    if not active:
        return "cancelled"
    if any(s in OPEN_STATUSES for s in active):
        if "returned" in active:
            return "returned"
        if all(s == "assigned" for s in active):
            return "assigned"
        if all(s in ("assigned", "acknowledged") for s in active):
            return "acknowledged"
        return "in_progress"
    if "suspended" in active:
        return "suspended"
    return "closed" if all(s == "closed" for s in active) else "done"


class UnitFigures:
    """One unit's row on the board (按期办结率 = done on time ÷ (done + open past due)), counted up by
    unit_figures. A plain class: the dataclasses module costs every command ~8 ms to import (issue 14)."""

    __slots__ = (
        "assigned", "done", "done_late", "done_on_time", "extended_late_items", "late_count", "late_days_total",
        "lead", "open", "overdue", "overdue_items", "reminders", "unit_id", "yellow",
    )  # fmt: skip

    def __init__(self, unit_id: int) -> None:
        self.unit_id = unit_id
        self.assigned = self.lead = self.done = self.done_on_time = self.done_late = 0
        self.open = self.overdue = self.yellow = self.reminders = 0
        self.late_days_total = self.late_count = 0
        self.overdue_items: list[str] = []
        self.extended_late_items: list[str] = []  # 延期前已逾期 (store.rules.lights)

    def __repr__(self) -> str:
        return f"UnitFigures({', '.join(f'{name}={getattr(self, name)!r}' for name in self.__slots__)})"

    @property
    def due_count(self) -> int:
        """Assignments that should be finished by today: done ones plus open ones past due."""
        return self.done + self.overdue

    @property
    def on_time_rate(self) -> float | None:
        """按期办结率 as a fraction, or None when nothing was due yet."""
        return self.done_on_time / self.due_count if self.due_count else None

    @property
    def average_days_late(self) -> float:
        return self.late_days_total / self.late_count if self.late_count else 0.0


def unit_figures(items: Iterable[Item], policy: Policy) -> dict[int, UnitFigures]:
    """Per-unit figures over all active assignments (suspended and cancelled shares are left out)."""
    figures: dict[int, UnitFigures] = {}
    for item in items:
        for a in item["assignments"]:
            if a["status"] in INACTIVE_STATUSES:
                continue
            f = figures.get(a["unit_id"])
            if f is None:
                f = figures[a["unit_id"]] = UnitFigures(a["unit_id"])
            f.assigned += 1
            f.lead += a["role"] == "lead"
            f.reminders += len(a["reminders"])
            if overdue_before_extension(a):
                f.extended_late_items.append(item["number"])
            late = days_late(a, policy.today)
            if a["status"] in DONE_STATUSES:
                f.done += 1
                if is_done_late(a):
                    f.done_late += 1
                else:
                    f.done_on_time += 1
            else:
                f.open += 1
                light = assignment_light(a, policy)
                if light == "red":
                    f.overdue += 1
                    f.overdue_items.append(item["number"])
                elif light == "yellow":
                    f.yellow += 1
            if late:
                f.late_days_total += late
                f.late_count += 1
    return figures


def rank_key(f: UnitFigures) -> tuple[bool, float, int, int]:
    """What places a unit: highest 按期办结率, then fewest overdue, then most done; nothing due yet goes last."""
    return (f.on_time_rate is None, -(f.on_time_rate or 0.0), f.overdue, -f.done)


def rank_units(figures: Iterable[UnitFigures]) -> list[UnitFigures]:
    """Best first (rank_key); units that tie stay in a fixed order (by id), and share a place (places())."""
    return sorted(figures, key=lambda f: (rank_key(f), f.unit_id))


def places(ranked: list[UnitFigures]) -> list[int]:
    """名次 of ranked units, equal figures sharing one (1, 1, 1, 4): a 督查通报 that placed three units with the same
    figures 1st, 2nd and 3rd ranked them by a number no reader can see. Units with nothing due yet are not
    ranked (the bulletin shows —), so they never tie: they keep their places at the end as before."""
    out: list[int] = []
    for position, f in enumerate(ranked, start=1):
        tied = out and f.on_time_rate is not None and rank_key(ranked[position - 2]) == rank_key(f)
        out.append(out[-1] if tied else position)
    return out


class Urgency(NamedTuple):
    """The daily chase score and the parts it is made of, so the list can say why."""

    score: int
    days_overdue: int
    key: bool
    reminders: int
    days_left: int | None

    def parts(self) -> list[str]:
        """What the score is made of, one phrase per part ("逾期3天 +6"); nothing for a finished share."""
        out: list[str] = []
        if self.days_overdue:
            out.append(f"逾期{self.days_overdue}天 +{min(self.days_overdue, 60) * 2}")
        elif self.days_left is not None:
            out.append(f"还有{self.days_left}个工作日 +{max(0, 10 - 2 * self.days_left)}")
        if self.key:
            out.append("重点事项 +15")
        if self.reminders:
            out.append(f"已催办{self.reminders}次 +{min(self.reminders, 5) * 5}")
        return out

    def explain(self) -> str:
        """The score with its parts, as the CLI's `show` and the TUI's detail print it; empty when it is 0."""
        if not self.score:
            return ""
        return f"紧迫度 {self.score}＝" + "，".join(self.parts())


NO_URGENCY = Urgency(0, 0, False, 0, None)


def urgency(item: Item, a: Assignment, policy: Policy) -> Urgency:
    """Score an open assignment: days overdue (capped at 60), key flag, reminders already sent.

    Only open shares are chased: a finished, suspended or cancelled share scores nothing (no parts).
    """
    if a["status"] not in OPEN_STATUSES:
        return NO_URGENCY
    light = assignment_light(a, policy)
    overdue = days_late(a, policy.today) if light == "red" else 0
    left = working_days_left(a, policy) if light == "yellow" else None
    score = min(overdue, 60) * 2 if overdue else (max(0, 10 - 2 * left) if left is not None else 0)
    score += 15 if item["key"] else 0
    score += min(len(a["reminders"]), 5) * 5
    return Urgency(score, overdue, bool(item["key"]), len(a["reminders"]), left)

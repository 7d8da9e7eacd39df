"""Lights, roll-ups, per-unit figures and urgency."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from store.calendar.workdays import WorkCalendar
from store.commands.repository import Repository, new_assignment
from store.rules.lights import (
    Policy,
    assignment_light,
    item_light,
    item_status,
    rank_units,
    unit_figures,
    urgency,
)

TODAY = date(2026, 11, 27)  # a Friday
POLICY = Policy(TODAY, WorkCalendar(), 3)


def share(due: str, status: str = "in_progress", role: str = "lead", unit: int = 1, **extra: Any) -> dict[str, Any]:
    a = new_assignment(unit, role, due, "2026-10-01", "测试")
    a["status"] = status
    a.update(extra)
    return a


def item(*shares: dict[str, Any], key: bool = False, number: str = "2026-01") -> dict[str, Any]:
    return {"number": number, "key": key, "assignments": list(shares), "title": "t", "collective": ""}


@pytest.mark.parametrize(
    ("due", "status", "light"),
    [
        ("2026-11-26", "in_progress", "red"),  # yesterday, not done
        ("2026-11-27", "assigned", "yellow"),  # due today
        ("2026-12-02", "acknowledged", "yellow"),  # Wed: Mon, Tue, Wed = 3 working days
        ("2026-12-03", "in_progress", "green"),  # 4 working days away
        ("2026-11-01", "done", "blue"),
        ("2026-11-01", "closed", "blue"),
        ("2026-11-01", "suspended", "grey"),
        ("2026-11-01", "cancelled", "grey"),
        ("2026-11-01", "returned", "red"),
    ],
)
def test_assignment_light(due: str, status: str, light: str) -> None:
    assert assignment_light(share(due, status), POLICY) == light


def test_yellow_threshold_counts_working_days_not_calendar_days() -> None:
    # Friday before National Day 2026: 1–7 Oct are holidays, so 8 Oct is the 1st working day after 30 Sep.
    policy = Policy(date(2026, 9, 30), WorkCalendar(), 3)
    assert assignment_light(share("2026-10-10"), policy) == "yellow"  # 8, 9, 10(调休 Sat) = 3 working days
    assert assignment_light(share("2026-10-12"), policy) == "green"


def test_yellow_threshold_is_a_setting() -> None:
    wide = Policy(TODAY, WorkCalendar(), 5)
    assert assignment_light(share("2026-12-03"), wide) == "yellow"


def test_approved_extension_moves_the_deadline_pending_does_not() -> None:
    ext = {"requested_on": "2026-11-20", "new_due": "2026-12-20", "reason": "r", "decided_on": "", "recorded_by": "x"}
    pending = share("2026-11-20", extensions=[{**ext, "decision": "pending"}])
    approved = share("2026-11-20", extensions=[{**ext, "decision": "approved"}])
    assert assignment_light(pending, POLICY) == "red"
    assert assignment_light(approved, POLICY) == "green"


def test_item_light_is_the_worst_of_its_shares() -> None:
    assert item_light(item(share("2026-12-20"), share("2026-11-01", "done"), share("2026-11-20")), POLICY) == "red"
    assert item_light(item(share("2026-12-20"), share("2026-11-01", "done")), POLICY) == "green"
    assert item_light(item(share("2026-11-01", "done"), share("2026-11-01", "cancelled")), POLICY) == "blue"
    assert item_light(item(share("2026-11-01", "cancelled")), POLICY) == "grey"


def test_item_status_rolls_up() -> None:
    assert item_status(item(share("2026-12-01", "assigned"), share("2026-12-01", "assigned"))) == "assigned"
    assert item_status(item(share("2026-12-01", "done"), share("2026-12-01", "assigned"))) == "in_progress"
    assert item_status(item(share("2026-12-01", "done"), share("2026-12-01", "closed"))) == "done"
    assert item_status(item(share("2026-12-01", "closed"))) == "closed"
    assert item_status(item(share("2026-12-01", "done"), share("2026-12-01", "returned"))) == "returned"


def test_unit_figures_and_on_time_rate() -> None:
    items = [
        item(share("2026-11-10", "done", unit=1, done_on="2026-11-09"), number="2026-01"),
        item(share("2026-11-10", "done", unit=1, done_on="2026-11-15", done_late=True), number="2026-02"),
        item(share("2026-11-20", "in_progress", unit=1), number="2026-03"),  # overdue 7 days
        item(share("2026-12-30", "in_progress", unit=1), number="2026-04"),  # not due yet
        item(share("2026-11-20", "cancelled", unit=1), number="2026-05"),  # left out
        item(share("2026-11-10", "done", unit=2, done_on="2026-11-01"), number="2026-06"),
    ]
    figures = unit_figures(items, POLICY)
    f = figures[1]
    assert (f.assigned, f.done, f.done_on_time, f.done_late, f.open, f.overdue) == (4, 2, 1, 1, 2, 1)
    assert f.on_time_rate == pytest.approx(1 / 3)  # 1 on time ÷ (2 done + 1 overdue)
    assert f.overdue_items == ["2026-03"]
    assert f.average_days_late == pytest.approx((5 + 7) / 2)
    assert [g.unit_id for g in rank_units(figures.values())] == [2, 1]


def test_urgency_score_shows_its_parts() -> None:
    a = share("2026-11-17", reminders=[{"date": "2026-11-20"}, {"date": "2026-11-24"}])
    u = urgency(item(a, key=True), a, POLICY)
    assert (u.days_overdue, u.key, u.reminders) == (10, True, 2)
    assert u.score == 10 * 2 + 15 + 2 * 5
    assert u.parts() == ["逾期10天 +20", "重点事项 +15", "已催办2次 +10"]


def test_demo_shows_every_light(demo: Repository) -> None:
    lights = {item_light(i, demo.policy()) for i in demo.items()}
    assert {"red", "yellow", "green", "blue"} <= lights


def test_units_with_the_same_figures_share_a_place() -> None:
    """Walk-through: three units with 3 tasks, 2 done on time and 1 overdue were placed 1st, 2nd and 3rd in a 督查通报
    (by their internal id); they share 1st now, and the next unit is 4th."""
    from store.rules.lights import UnitFigures, places, rank_units

    def unit(uid: int, on_time: int, overdue: int) -> UnitFigures:
        f = UnitFigures(uid)
        f.done = f.done_on_time = on_time
        f.overdue = overdue
        return f

    nothing_due = [UnitFigures(9), UnitFigures(2)]  # not ranked: they keep their places at the end, never tie
    ranked = rank_units([unit(5, 2, 1), *nothing_due, unit(3, 2, 1), unit(4, 1, 1), unit(7, 2, 1), unit(8, 1, 1)])
    assert [f.unit_id for f in ranked] == [3, 5, 7, 4, 8, 2, 9]
    assert places(ranked) == [1, 1, 1, 4, 4, 6, 7]
    assert places([]) == []

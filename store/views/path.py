"""An indicator's readings against its expected path (序时进度), year by year, for the Indicators screen's plot."""

from __future__ import annotations

from dataclasses import dataclass

from store.records.model import Indicator, Plan
from store.rules.verdicts import base_year_of, expected_value, keeps_up


@dataclass(frozen=True)
class PathPoint:
    """One year: the reading (None when there is none), the 序时 value (None without a numeric target) and
    whether the reading keeps up with it (None when either is missing)."""

    year: int
    actual: float | None
    expected: float | None

    def keeps_up(self, direction: str) -> bool | None:
        if self.actual is None or self.expected is None:
            return None
        return keeps_up(self.actual, self.expected, direction)


def reading_path(ind: Indicator, plan: Plan | None, through: int, *, years: int = 10) -> list[PathPoint]:
    """From the year after the baseline (at most `years` back) to `through` or the last reading, whichever is later."""
    values = {r["year"]: r["value"] for r in ind["readings"]}
    last = max([through, *values])
    first = max(base_year_of(ind, plan, through) + 1, last - years + 1)
    return [PathPoint(y, values.get(y), expected_value(ind, y, plan)) for y in range(first, last + 1)]

"""Working days on the official holiday and 调休 calendar.

`chinese-calendar` covers 2004–2026 only and raises for any other year. Deadlines already fall in 2027,
so the office may enter a year's announced holidays and 调休 working days (a setting); for a year with
neither, weekends are the only days off and `warning()` says so wherever such a date is shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from functools import cache


@cache
def _package_years() -> tuple[int, int]:
    from chinese_calendar import constants

    years = [d.year for d in constants.holidays] + [d.year for d in constants.workdays]
    return min(years), max(years)


def _package_is_workday(day: date) -> bool:
    """chinese_calendar.is_workday without its per-call checks: a year's table is 365 of these calls."""
    from chinese_calendar import constants

    return day in constants.workdays or (day.weekday() < 5 and day not in constants.holidays)


def package_covers(year: int) -> bool:
    """True when the installed chinese-calendar knows that year's holidays."""
    low, high = _package_years()
    return low <= year <= high


def holiday_source(year: int, entered: Iterable[str]) -> str:
    """Where a year's holidays come from, as the settings page and `supervisor holidays` say it."""
    if str(year) in entered:
        return "办公室已录入"
    if package_covers(year):
        return "已内置国务院公布的放假安排"
    return "未录入，暂按周一至周五计算"


def holiday_years(today_year: int, entered: Iterable[str]) -> list[int]:
    """The years whose holiday source is listed: this year, next year and every year the office entered."""
    return sorted({today_year, today_year + 1, *(int(y) for y in entered)})


class WorkCalendar:
    """Answers "is this a working day" and counts working days, with per-year office entries."""

    def __init__(self, custom: Mapping[str, Mapping[str, Iterable[str]]] | None = None) -> None:
        self._holidays: set[date] = set()
        self._workdays: set[date] = set()
        self._custom_years: set[int] = set()
        for year, entry in (custom or {}).items():
            self._custom_years.add(int(year))
            self._holidays.update(date.fromisoformat(d) for d in entry.get("holidays", []))
            self._workdays.update(date.fromisoformat(d) for d in entry.get("workdays", []))
        self._memo: dict[date, bool] = {}
        self._first = 0
        self._totals: list[int] = []

    def knows(self, year: int) -> bool:
        """True when the year's holidays come from the package or from the office's entry."""
        return year in self._custom_years or package_covers(year)

    def warning(self, *days: date, short: bool = False) -> str:
        """A Chinese warning when any of these dates falls in a year whose holidays are unknown (`short`: the
        one-line form a narrow panel shows)."""
        years = sorted({d.year for d in days if not self.knows(d.year)})
        if not years:
            return ""
        shown = "、".join(f"{y}年" for y in years)
        if short:
            return f"{shown}节假日未录入，暂按周一至周五计算"
        return f"{shown}法定节假日尚未录入，工作日暂按周一至周五计算（可在设置中录入国务院公布的放假安排）"

    def is_workday(self, day: date) -> bool:
        cached = self._memo.get(day)
        if cached is not None:
            return cached
        if day in self._workdays:
            result = True
        elif day in self._holidays:
            result = False
        elif package_covers(day.year):  # office entries correct the package; they do not replace it
            result = _package_is_workday(day)
        else:
            result = day.weekday() < 5
        self._memo[day] = result
        return result

    def add_workdays(self, start: date, count: int) -> date:
        """The `count`-th working day after `start` (count 0: start itself or the next working day)."""
        day = start
        if count <= 0:
            while not self.is_workday(day):
                day += timedelta(days=1)
            return day
        remaining = count
        while remaining:
            day += timedelta(days=1)
            if self.is_workday(day):
                remaining -= 1
        return day

    def workdays_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; negative when end is before start.

        Answered from running totals per day, so a board of 10,000 deadlines costs lookups, not loops.
        """
        self._cover(start)
        self._cover(end)
        return self._totals[end.toordinal() - self._first] - self._totals[start.toordinal() - self._first]

    def _cover(self, day: date) -> None:
        """Extend the running-total table (whole years at a time) so that it includes `day`."""
        ordinal = day.toordinal()
        last = self._first + len(self._totals) - 1
        if self._totals and self._first <= ordinal <= last:
            return
        low = min(ordinal, self._first) if self._totals else ordinal
        high = max(ordinal, last) if self._totals else ordinal
        self._build(
            date(date.fromordinal(low).year, 1, 1).toordinal(),
            date(date.fromordinal(high).year, 12, 31).toordinal(),
        )

    def _build(self, low: int, high: int) -> None:
        totals: list[int] = []
        running = 0
        for ordinal in range(low, high + 1):
            running += self.is_workday(date.fromordinal(ordinal))
            totals.append(running)
        self._first = low
        self._totals = totals

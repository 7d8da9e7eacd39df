"""Deadline phrases as they are written in speeches, minutes and task tables, read relative to a meeting day.

`dates.parse_date` reads what a user types into a date field; a speech says more than that: 年内, 上半年,
第三季度, 三年以内, 限期10日, 每月5日前 (a recurring report), 即日起, 长期坚持 (no deadline at all). This module
finds such phrases in running text (with their span, so a reviewer can see where a date came from) and turns
each into a `Deadline`. The plain forms (7月中旬, 6月30日, N个工作日, N天, 年底) still go through `parse_date`.
"""

from __future__ import annotations

import calendar as month_calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from store.calendar.dates import _cn_number, parse_date, period_end
from store.calendar.workdays import WorkCalendar
from store.errors import ValidationError

DATE = "date"
RECURRING = "recurring"
ONGOING = "ongoing"
SOON = "soon"
START = "start"  # "7月1日起": when work begins, not a deadline
REFERENCE = "reference"  # a date gone by, said without 前/内: an event, not a deadline
_DURATION = "duration"  # "为期三个月": counted from the start before it
# "6月底前完成", "于第三季度", "年内建成" say a deadline; a bare "上半年" may only name a period ("上半年签约项目").
_MARK_AFTER = re.compile(
    r"^(?:前|之前|以前|内|以内|底|末|当天|完成|实现|建成|达到|全部|基本|开工|竣工|投入|落实|到位|出台|印发|形成|报送|"
    r"上报|提交|报|启动|截止|办结|整改|销号|完工|通车|投用|见效|交付|验收|发放|拨付|下达|前完)"
)
_MARK_BEFORE = re.compile(r"(?:于|在|至|到|截至|截止|争取|确保|力争)$")
RECURRENCE_LABELS = {
    "daily": "每日",
    "weekly": "每周",
    "monthly": "每月",
    "quarterly": "每季度",
    "half-yearly": "每半年",
    "yearly": "每年",
}
SOON_DAYS = 30
AT_ONCE_DAYS = 7
_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_N = r"(\d{1,4}|[零〇一二两三四五六七八九十]{1,3})"
_YEAR = r"(?:(\d{4})年)?"
_BEFORE = r"(?:前|之前|以前)?"


@dataclass(frozen=True)
class Deadline:
    """A deadline phrase found in a text: where it is, what kind it is, and the (first) day it stands for."""

    phrase: str
    start: int
    end: int
    kind: str
    day: date | None
    recurrence: str = ""
    note: str = ""
    marked: bool = True


Handler = Callable[[re.Match[str], date, WorkCalendar], tuple[str, date | None, str, str] | None]


def _num(text: str | None) -> int | None:
    return _cn_number(text) if text else None


def _month_end(year: int, month: int) -> date:
    return date(year, month, month_calendar.monthrange(year, month)[1])


def _add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, month_calendar.monthrange(year, month)[1]))


def _roll(day: date, base: date, explicit_year: bool) -> tuple[date, str]:
    """'6月底前' said at a November meeting means next June."""
    if explicit_year or day >= base:
        return day, ""
    try:
        return day.replace(year=day.year + 1), "按下一年计"
    except ValueError:
        return day.replace(year=day.year + 1, day=28), "按下一年计"


def _core(text: str, base: date, cal: WorkCalendar) -> date | None:
    try:
        return parse_date(text, today=base, base=base, calendar_=cal, field="due").value
    except ValidationError:
        return None


# ---------------------------------------------------------------------------------------------- handlers


def _every_month_day(m: re.Match[str], base: date, cal: WorkCalendar) -> tuple[str, date | None, str, str] | None:
    day = _num(m[1])
    if day is None or not 1 <= day <= 31:
        return None
    this = date(base.year, base.month, min(day, month_calendar.monthrange(base.year, base.month)[1]))
    first = this if this > base else _add_months(this.replace(day=1), 1)
    first = first.replace(day=min(day, month_calendar.monthrange(first.year, first.month)[1]))
    return RECURRING, first, "monthly", ""


def _every_month_end(m: re.Match[str], base: date, cal: WorkCalendar) -> tuple[str, date | None, str, str] | None:
    return RECURRING, _month_end(base.year, base.month), "monthly", ""


def _every_quarter(m: re.Match[str], base: date, cal: WorkCalendar) -> tuple[str, date | None, str, str] | None:
    last_month = (base.month - 1) // 3 * 3 + 3
    first = _month_end(base.year, last_month)
    if m[1] and (day := _num(m[1])):  # 每季度最后一个月N日前
        first = date(base.year, last_month, min(day, first.day))
        if first <= base:
            first = _add_months(first, 3)
    elif m[2] and (day := _num(m[2])):  # 每季度第一个月N日前 (the report on the quarter just ended)
        first = _add_months(date(base.year, last_month - 2, 1), 3).replace(day=day)
    elif m[3] and (count := _num(m[3])):  # 每季度结束后N日内
        first = first + timedelta(days=count)
    return RECURRING, first, "quarterly", ""


def _every_half_year(m: re.Match[str], base: date, cal: WorkCalendar) -> tuple[str, date | None, str, str] | None:
    return RECURRING, date(base.year, 6, 30) if base.month <= 6 else date(base.year, 12, 31), "half-yearly", ""


def _every_year(m: re.Match[str], base: date, cal: WorkCalendar) -> tuple[str, date | None, str, str] | None:
    if m[1]:
        quarter = _num(m[1]) or 4
        day = _month_end(base.year, min(quarter, 4) * 3)
    elif m[2] and (month := _num(m[2])) and 1 <= month <= 12:
        day = _month_end(base.year, month)
        if m[3] and (dom := _num(m[3])):
            day = day.replace(day=min(dom, day.day))
    else:
        day = date(base.year, 12, 31)
    if day <= base:
        day = day.replace(year=day.year + 1)
    return RECURRING, day, "yearly", ""


def _every_week(m: re.Match[str], base: date, cal: WorkCalendar) -> tuple[str, date | None, str, str] | None:
    return RECURRING, base + timedelta(days=14 if "两" in m[0] or "双" in m[0] else 7), "weekly", ""


def _every_day(m: re.Match[str], base: date, cal: WorkCalendar) -> tuple[str, date | None, str, str] | None:
    return RECURRING, base + timedelta(days=1), "daily", ""


def _ongoing(m: re.Match[str], base: date, cal: WorkCalendar) -> tuple[str, date | None, str, str] | None:
    return ONGOING, None, "", "长期任务，没有截止期限"


def _from_now(m: re.Match[str], base: date, cal: WorkCalendar) -> tuple[str, date | None, str, str] | None:
    if m[1]:
        day = _core(m[1], base, cal)
        if day is not None:
            return DATE, _roll(day, base, "年" in m[1][:5])[0], "", ""
    return ONGOING, None, "", "即日起执行，没有截止期限"


def _soon(m: re.Match[str], base: date, cal: WorkCalendar) -> tuple[str, date | None, str, str] | None:
    days = AT_ONCE_DAYS if m[0].startswith(("立即", "立行")) else SOON_DAYS
    return SOON, base + timedelta(days=days), "", f"“{m[0]}”按会后{days}天估计"


def _within(m: re.Match[str], base: date, cal: WorkCalendar) -> tuple[str, date | None, str, str] | None:
    count, unit = _num(m[1]), m[2]
    if count is None or count <= 0:
        return None
    if unit == "工作日":
        day = _core(f"{count}个工作日", base, cal)
    elif unit in ("日", "天"):
        day = base + timedelta(days=count) if count <= 3660 else None
    elif unit == "周":
        day = base + timedelta(days=7 * count)
    elif unit in ("个月", "月"):
        day = _add_months(base, count) if count <= 120 else None
    else:  # 年
        day = _add_months(base, 12 * count) if count <= 10 else None
    return (DATE, day, "", "") if day else None


def _half_year(m: re.Match[str], base: date, cal: WorkCalendar) -> tuple[str, date | None, str, str] | None:
    year = int(m[1]) if m[1] else base.year
    day, note = _roll(date(year, 6, 30) if m[2] == "上" else date(year, 12, 31), base, bool(m[1]))
    return DATE, day, "", note


def _quarter(m: re.Match[str], base: date, cal: WorkCalendar) -> tuple[str, date | None, str, str] | None:
    quarter = _num(m[2])
    if not quarter or not 1 <= quarter <= 4:
        return None
    year = int(m[1]) if m[1] else base.year
    day, note = _roll(_month_end(year, quarter * 3), base, bool(m[1]))
    return DATE, day, "", note


def _year_end(m: re.Match[str], base: date, cal: WorkCalendar) -> tuple[str, date | None, str, str] | None:
    year = int(m[1]) if m[1] else base.year + (1 if m[0].startswith("明") else 0)
    return DATE, date(year, 12, 31), "", ""


def _month_part(m: re.Match[str], base: date, cal: WorkCalendar) -> tuple[str, date | None, str, str] | None:
    month = _num(m[2])
    if month is None or not 1 <= month <= 12:
        return None
    year = int(m[1]) if m[1] else base.year
    part = "底" if m[3] == "份" else m[3]
    day = _core(f"{year}年{month}月{part}", base, cal)
    if day is None:
        return None
    rolled, note = _roll(day, base, bool(m[1]))
    return DATE, rolled, "", note


def _full_date(m: re.Match[str], base: date, cal: WorkCalendar) -> tuple[str, date | None, str, str] | None:
    month, dom = _num(m[2]), _num(m[3])
    if month is None or dom is None:
        return None
    year = int(m[1]) if m[1] else base.year
    day = _core(f"{year}年{month}月{dom}日", base, cal)
    if day is None:
        return None
    if m.string.startswith(("起", "开始"), m.end()):
        return START, day, "", ""
    rolled, note = _roll(day, base, bool(m[1]))
    return DATE, rolled, "", note


def _duration(m: re.Match[str], base: date, cal: WorkCalendar) -> tuple[str, date | None, str, str] | None:
    end = _after(base, _num(m[1]), m[2])
    return (_DURATION, end, "", "") if end else None


def _after(start: date, count: int | None, unit: str) -> date | None:
    """The last day of a period of `count` units starting on `start` ("7月1日起，为期三个月" → 9月30日)."""
    if not count:
        return None
    if unit in ("日", "天"):
        return start + timedelta(days=count - 1)
    if unit == "周":
        return start + timedelta(days=7 * count - 1)
    months = count * (12 if unit == "年" else 1)
    return _add_months(start, months) - timedelta(days=1)


_FIXED_HOLIDAYS = {"元旦": (12, 31), "五一": (4, 30), "劳动节": (4, 30), "国庆": (9, 30), "国庆节": (9, 30)}
_LUNAR_HOLIDAYS = {
    "春节": "Spring Festival",
    "清明": "Tomb-sweeping Day",
    "清明节": "Tomb-sweeping Day",
    "端午": "Dragon Boat Festival",
    "端午节": "Dragon Boat Festival",
    "中秋": "Mid-autumn Festival",
    "中秋节": "Mid-autumn Festival",
}


_HOLIDAY_NAMES = sorted([*_FIXED_HOLIDAYS, *_LUNAR_HOLIDAYS], key=len, reverse=True)


def _holiday(m: re.Match[str], base: date, cal: WorkCalendar) -> tuple[str, date | None, str, str] | None:
    """ "国庆节前" → 9月30日; "春节前" → the day before the Spring Festival holiday (when the calendar knows it)."""
    name = m[1]
    if name in _FIXED_HOLIDAYS:
        month, dom = _FIXED_HOLIDAYS[name]
        day = date(base.year, month, dom)
        return DATE, day if day >= base else day.replace(year=base.year + 1), "", ""
    for year in (base.year, base.year + 1):
        first, note = _lunar_holiday_start(year, _LUNAR_HOLIDAYS[name]), ""
        if first is None and name == "春节" and year in LUNAR_NEW_YEAR:
            first = LUNAR_NEW_YEAR[year] - timedelta(days=2)  # not yet published: 2026's began two days before 初一
            note = "放假安排尚未公布，按农历估算，以正式放假安排为准"
        if first is not None and first > base:
            return DATE, first - timedelta(days=1), "", note
    return None


LUNAR_NEW_YEAR = {
    2027: date(2027, 2, 6),
    2028: date(2028, 1, 26),
    2029: date(2029, 2, 13),
    2030: date(2030, 2, 3),
    2031: date(2031, 1, 23),
    2032: date(2032, 2, 11),
    2033: date(2033, 1, 31),
    2034: date(2034, 2, 19),
    2035: date(2035, 2, 8),
}
"""正月初一 of the years chinese-calendar does not cover yet: "春节前" in a November speech still has a date, an
estimate said as such (the holiday taken to begin two days before 初一, as in 2026; the deadline the day before)."""


def _lunar_holiday_start(year: int, name: str) -> date | None:
    import chinese_calendar

    day = date(year, 1, 1)
    while day.year == year:
        try:
            on_holiday, holiday = chinese_calendar.get_holiday_detail(day)
        except NotImplementedError:
            return None
        if on_holiday and holiday == name:
            return day
        day += timedelta(days=1)
    return None


def _iso(m: re.Match[str], base: date, cal: WorkCalendar) -> tuple[str, date | None, str, str] | None:
    day = _core(f"{m[1]}-{m[2]}-{m[3]}", base, cal)
    return (DATE, day, "", "") if day else None


def _this_month(m: re.Match[str], base: date, cal: WorkCalendar) -> tuple[str, date | None, str, str] | None:
    return DATE, _month_end(base.year, base.month), "", ""


def _next_month(m: re.Match[str], base: date, cal: WorkCalendar) -> tuple[str, date | None, str, str] | None:
    first = _add_months(base.replace(day=1), 1)
    dom = _num(m[1])
    if dom is None:
        return DATE, _month_end(first.year, first.month), "", ""
    return DATE, first.replace(day=min(dom, month_calendar.monthrange(first.year, first.month)[1])), "", ""


def _weekday(m: re.Match[str], base: date, cal: WorkCalendar) -> tuple[str, date | None, str, str] | None:
    """本周五, 下周三: read by the date field's own rule (store.calendar.dates), so a speech and a form agree."""
    day = _core(f"{m[1]}周{m[2]}", base, cal)
    return (DATE, day, "", "") if day is not None else None


def _this_week(m: re.Match[str], base: date, cal: WorkCalendar) -> tuple[str, date | None, str, str] | None:
    return DATE, base + timedelta(days=6 - base.weekday()), "", ""


_ONGOING_STRICT = r"长期坚持|长期执行|长期抓好|长期推进|常抓不懈|常态化(?:推进|开展|实施)"
_ONGOING_LOOSE = _ONGOING_STRICT + r"|持续推进|持续开展|持续实施|长期|常态化|持续|长效"
_SPEC: list[tuple[str, Handler]] = [
    (r"每(?:个)?月(?:的)?" + _N + r"[日号]" + _BEFORE, _every_month_day),
    (r"次月" + _N + r"[日号]" + _BEFORE, _every_month_day),
    (r"每(?:个)?月(?:底|末)" + _BEFORE, _every_month_end),
    (
        r"每(?:个)?季度(?:末|底|结束前|最后一个月"
        + _N
        + r"[日号]"
        + _BEFORE
        + r"|第一个月"
        + _N
        + r"[日号]"
        + _BEFORE
        + r"|结束后"
        + _N
        + r"(?:个工作日|日|天)内)?",
        _every_quarter,
    ),
    (r"每半年(?:度)?", _every_half_year),
    (r"每年(?:度)?(?:第([一二三四1-4])季度|" + _N + r"月(?:底|末|" + _N + r"[日号])|底|末)?" + _BEFORE, _every_year),
    (r"每(?:周|星期|两周)[一二三四五六日天]?|双周", _every_week),
    (r"每(?:日|天)", _every_day),
    (r"每(?:个)?月", _every_month_end),
    (r"(?:自)?即日起(?:至((?:\d{4}年)?\d{1,2}月(?:\d{1,2}[日号]|底|末)))?", _from_now),
    (r"立即|立行立改|马上|尽快|近期", _soon),
    (r"限期" + _N + r"(?:个)?(工作日|日|天|周|个月|月)(?:内|以内)?", _within),
    (r"(?<![月\d])" + _N + r"(?:个)?(工作日|日|天|周|个月|年)(?:内|以内)", _within),
    (_YEAR + r"(上|下)半年(?:底|末|前|内)?", _half_year),
    (_YEAR + r"(?:第)?([一二三四1-4])季度(?:末|底|前|内)?", _quarter),
    (r"(?:(\d{4})|今|本|明)?年(?:度)?(?:内|底|末)" + _BEFORE, _year_end),
    (_YEAR + _N + r"月(?:份)?(上旬|中旬|下旬|初|中|底|末|份)" + r"(?:前|之前|以前|内)?", _month_part),
    (_YEAR + _N + r"月" + _N + r"[日号](?:前|之前|以前)?", _full_date),
    (r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})" + _BEFORE, _iso),
    (r"(?<![\d每个])(?:本月|当月|月)(?:底|末|内)" + _BEFORE, _this_month),
    (r"下(?:个)?月(?:" + _N + r"[日号])?(?:底|末)?" + _BEFORE, _next_month),
    (r"(本|这|下)(?:个)?(?:周|星期|礼拜)([一二三四五六日天])" + _BEFORE, _weekday),
    (r"本周(?:内|末)?", _this_week),
    (r"为期" + _N + r"(?:个)?(月|天|日|周|年)", _duration),
    (r"(" + "|".join(_HOLIDAY_NAMES) + r")(?:节日|假期|长假)?(?:前|之前|以前)", _holiday),
]
_PATTERNS = [(re.compile(p), h) for p, h in _SPEC]
_STRICT_ONGOING = re.compile(_ONGOING_STRICT)
_LOOSE_ONGOING = re.compile(_ONGOING_LOOSE)
_LOOSE_YEAR = re.compile(r"(\d{4})年(?:度)?(?:前|内)?$")


def find_deadlines(
    text: str,
    *,
    base: date,
    calendar_: WorkCalendar | None = None,
    loose: bool = False,
    period_on_workday: bool = False,
) -> list[Deadline]:
    """Every deadline phrase in `text`, left to right, without overlaps (the longer phrase wins).

    `loose` is for a table's 完成时限 cell, where "持续推进" or "2026年" alone is a deadline; in running text
    those are ordinary words. `period_on_workday` is the office's setting, applied as `add --due` applies it.
    """
    cal = calendar_ or WorkCalendar()
    plain = text.translate(_FULL_WIDTH)
    found: list[tuple[int, int, re.Match[str], Handler]] = []
    ongoing = _LOOSE_ONGOING if loose else _STRICT_ONGOING
    for pattern, handler in [*_PATTERNS, (ongoing, _ongoing)]:
        for m in pattern.finditer(plain):
            if m.end() > m.start():
                found.append((m.start(), -(m.end() - m.start()), m, handler))
    out: list[Deadline] = []
    taken_until = -1
    for start, _, m, handler in sorted(found, key=lambda f: (f[0], f[1])):
        if start < taken_until:
            continue
        result = handler(m, base, cal)
        if result is None:
            continue
        kind, day, recurrence, note = result
        if kind == DATE and day is not None and _is_period(handler, m):
            day, moved = period_end(day, cal, period_on_workday)
            note = "；".join(n for n in (note, moved) if n)
        marked = loose or kind != DATE or _marked(plain, m.start(), m.end())
        if kind == DATE and not marked and note:
            kind = REFERENCE  # "上半年签约项目" said in July names a period gone by, not a deadline
        if kind == _DURATION:
            began = next((d.day for d in reversed(out) if d.kind == START and d.day), None)
            kind, day = DATE, (_after(began, _num(m[1]), m[2]) if began else day)
        out.append(Deadline(text[m.start() : m.end()], m.start(), m.end(), kind, day, recurrence, note, marked))
        taken_until = m.end()
    year = _LOOSE_YEAR.search(plain.strip()) if loose and not out else None
    if year is not None:
        out.append(Deadline(year[0], year.start(), year.end(), DATE, date(int(year[1]), 12, 31)))
    return out


def _is_period(handler: Handler, m: re.Match[str]) -> bool:
    """A phrase that ends a period (旬, 月底, 季度, 半年, 年底), not a day of the month."""
    if handler in (_month_part, _this_month, _year_end, _half_year, _quarter):
        return True
    return handler is _next_month and not re.search(r"[日号]", m[0])


def _marked(text: str, start: int, end: int) -> bool:
    phrase = text[start:end]
    return (
        phrase.endswith(("前", "内", "底", "末", "以内"))
        or bool(_MARK_AFTER.match(text[end : end + 2]))
        or bool(_MARK_BEFORE.search(text[max(0, start - 2) : start]))
    )


def best_deadline(deadlines: list[Deadline]) -> Deadline | None:
    """The deadline a task is held to: the first date said as a deadline, else a recurrence, else 长期,
    else a date said without 前/内 ("7月中旬召开"), else 尽快."""
    candidates = [d for d in deadlines if d.kind not in (START, REFERENCE)]
    if not candidates:
        return None

    def rank(d: Deadline) -> tuple[int, int]:
        if d.kind == DATE:
            return (0 if d.marked else 3), d.start
        return {RECURRING: 1, ONGOING: 2, SOON: 4}[d.kind], d.start

    return min(candidates, key=rank)


def parse_deadline(
    text: str, *, base: date, calendar_: WorkCalendar | None = None, period_on_workday: bool = False
) -> Deadline | None:
    """The deadline of a 完成时限 / 时间节点 cell ("2026年6月底前", "长期坚持", "每月5日前"), or None."""
    found = find_deadlines(text, base=base, calendar_=calendar_, loose=True, period_on_workday=period_on_workday)
    return best_deadline(found)

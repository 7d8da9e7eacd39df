"""Chinese date input, printing and relative phrases.

Deadlines are dates, stored as ISO `YYYY-MM-DD` strings and compared as `date` objects. "Today" is always
a parameter: front ends take it from store.config (a fixed day) or `clock_today()` (Asia/Shanghai).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta, timezone
from typing import NamedTuple

from store.calendar.workdays import WorkCalendar
from store.errors import ValidationError
from store.records.text import echo

ZONE = timezone(timedelta(hours=8), "Asia/Shanghai")  # no summer time since 1991: no tz database needed
MIN_YEAR = 2000
MAX_YEAR = 2099

ACCEPTED_FORMS = (
    "2023-07-15、2023/7/15、2023.7.15、2023年7月15日、7月15日、7月中旬（上旬、下旬）、月底、年底、5个工作日、10天、"
    "下周五、本周三"
)

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def clock_today() -> date:
    """Today by the clock in Asia/Shanghai (a deadline is a date there, wherever the computer thinks it is)."""
    return datetime.now(ZONE).date()


def now() -> datetime:
    """The current moment in Asia/Shanghai: the one clock of the history, backup names and 'recorded at',
    whatever zone the machine is set to."""
    return datetime.now(ZONE)


def now_stamp() -> str:
    """The current moment as an ISO timestamp in Asia/Shanghai, for 'recorded at'."""
    return now().replace(microsecond=0).isoformat()


def parse_iso(text: str, field: str = "date") -> date:
    """Parse a stored ISO date, with a Chinese message when it is not one."""
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        raise ValidationError(field, f"日期「{echo(text)}」不是 YYYY-MM-DD 格式") from None


def _cn_number(text: str) -> int | None:
    """Numbers 0–99 written in digits or simple Chinese numerals (五, 十, 十五, 二十, 三十五)."""
    if text.isdigit():
        return int(text)
    if not text or any(ch not in _CN_DIGITS and ch != "十" for ch in text):
        return None
    if "十" not in text:
        return _CN_DIGITS[text] if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return None
    value = (_CN_DIGITS[tens] if tens else 1) * 10
    return value + (_CN_DIGITS[ones] if ones else 0)


class ParsedDate(NamedTuple):
    """The date a phrase stands for, how it reads when printed, and any calendar warning."""

    value: date
    source: str
    warning: str = ""

    @property
    def iso(self) -> str:
        return self.value.isoformat()


def month_days(year: int, month: int) -> int:
    """Days in the month (the calendar module costs a few milliseconds to import for this one answer)."""
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return (following - timedelta(days=1)).day


def _make(field: str, source: str, year: int, month: int, day: int) -> date:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(field, f"年份{year}超出范围（{MIN_YEAR}—{MAX_YEAR}）")
    if not 1 <= month <= 12:
        raise ValidationError(field, f"日期「{echo(source)}」不存在：没有{month}月")
    last = month_days(year, month)
    if not 1 <= day <= last:
        raise ValidationError(field, f"日期「{echo(source)}」不存在：{year}年{month}月只有{last}天")
    return date(year, month, day)


_ISO = r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"
_FULL = r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})[日号]?"
_XUN = r"(?:(\d{4})年)?(\d{1,2})月(上旬|中旬|下旬|初|中|底|末)"
_MONTH_END = r"(?:本月|当月|月)(?:底|末)"
_YEAR_END = r"(?:(\d{4})年|今年|年)(?:底|末)"
_WORKDAYS = r"([0-9零〇一二两三四五六七八九十]+)个?工作日(?:内|后|以内)?"
_DAYS = r"([0-9零〇一二两三四五六七八九十]+)天(?:内|后|以内)?"
_SUFFIX = r"(?:之前|以前|前)$"
_WEEKDAY = r"(本|这|下)?(?:周|星期|礼拜)([一二三四五六日天1-7])"
"""本周五 (this Monday-to-Sunday week's), 下周五 (the next week's), 周五 alone (the next one, today included)."""


def period_end(value: date, cal: WorkCalendar, period_on_workday: bool) -> tuple[date, str]:
    """The end of a period (上旬, 中旬, 下旬, 月底, 季度末, 年底) on a day off moves to the next working day when the
    office's setting says so. `add --due` and the speech import both ask this, so one phrase gives one date."""
    if not period_on_workday or cal.is_workday(value):
        return value, ""
    moved = cal.add_workdays(value, 0)
    return moved, f"{format_cn(value)}{off_day_word(value, cal)}，按设置顺延到下一个工作日{format_cn(moved)}"


def parse_date(
    text: str,
    *,
    today: date,
    base: date | None = None,
    calendar_: WorkCalendar | None = None,
    field: str = "due",
    period_on_workday: bool = False,
) -> ParsedDate:
    """Read a date the way people in the office write it.

    Relative forms (N个工作日, N天) count from `base`, which is today unless a meeting date is given. With
    `period_on_workday` (a setting), the end of a period (上旬, 中旬, 下旬, 月底, 年底) that is a day off
    moves to the next working day, as a time limit ending on a holiday does.
    """
    if not isinstance(text, str) or not text.strip():
        raise ValidationError(field, f"请填写日期。可用的写法：{ACCEPTED_FORMS}")
    source = text.strip()
    s = unicodedata.normalize("NFKC", source).replace(" ", "").replace("　", "")
    s = re.sub(_SUFFIX, "", s) or s
    cal = calendar_ or WorkCalendar()
    start = base or today
    value: date | None = None
    period = False
    weekday = False

    if s in ("今天", "今日", "当天"):
        value = today
    elif s == "明天":
        value = today + timedelta(days=1)
    elif s == "后天":
        value = today + timedelta(days=2)
    elif m := re.fullmatch(_ISO, s):
        value = _make(field, source, int(m[1]), int(m[2]), int(m[3]))
    elif m := re.fullmatch(_XUN, s):
        period = True
        year = int(m[1]) if m[1] else today.year
        month = int(m[2])
        _make(field, source, year, month, 1)
        part = m[3]
        if part in ("上旬", "初"):
            day = 10
        elif part in ("中旬", "中"):
            day = 20
        else:
            day = month_days(year, month)
        value = date(year, month, day)
    elif m := re.fullmatch(_FULL, s):
        year = int(m[1]) if m[1] else today.year
        value = _make(field, source, year, int(m[2]), int(m[3]))
    elif re.fullmatch(_MONTH_END, s):
        period = True
        value = date(today.year, today.month, month_days(today.year, today.month))
    elif m := re.fullmatch(_YEAR_END, s):
        period = True
        year = int(m[1]) if m[1] else today.year
        value = _make(field, source, year, 12, 31)
    elif m := re.fullmatch(_WEEKDAY, s):
        weekday = True
        wanted = min(int(m[2]) - 1 if m[2].isdigit() else "一二三四五六日天".index(m[2]), 6)  # 周天 is 周日
        monday = today - timedelta(days=today.weekday())
        if m[1] == "下":
            value = monday + timedelta(days=7 + wanted)
        elif m[1]:
            value = monday + timedelta(days=wanted)
        else:
            value = today + timedelta(days=(wanted - today.weekday()) % 7)
    elif (m := re.fullmatch(_WORKDAYS, s)) and (n := _cn_number(m[1])) is not None:
        if not 1 <= n <= 366:
            raise ValidationError(field, "工作日数应在1到366之间")
        value = cal.add_workdays(start, n)
        return ParsedDate(value, source, cal.warning(start, value))
    elif (m := re.fullmatch(_DAYS, s)) and (n := _cn_number(m[1])) is not None:
        if not 1 <= n <= 3660:
            raise ValidationError(field, "天数应在1到3660之间")
        value = start + timedelta(days=n)
    if value is None:
        raise ValidationError(field, f"无法识别的日期「{echo(source)}」。可用的写法：{ACCEPTED_FORMS}")
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValidationError(field, f"年份{value.year}超出范围（{MIN_YEAR}—{MAX_YEAR}）")
    notes = [cal.warning(value)]
    if period:
        value, moved_note = period_end(value, cal, period_on_workday)
        notes.append(moved_note)
    if weekday and value < today:  # 本周一 typed on a Sunday
        notes.append(f"「{echo(source)}」是{format_cn(value)}，已经过去")
    elif "年" not in s and "-" not in s and "/" not in s and "." not in s and (today - value).days > 60:
        # "1月15日" typed in late November: this year's (as DESIGN.md says), but probably meant next year's.
        notes.append(f"「{echo(source)}」按今年计为{format_cn(value)}，已经过去；如指明年，请写上年份")
    return ParsedDate(value, source, "；".join(n for n in notes if n))


WEEKDAYS = "一二三四五六日"


def off_day_word(day: date, cal: WorkCalendar) -> str:
    """'是星期日' / '是法定节假日' for a day off; '' for a working day."""
    if cal.is_workday(day):
        return ""
    return f"是星期{WEEKDAYS[day.weekday()]}" if day.weekday() >= 5 else "是法定节假日"


def off_day_note(day: date, cal: WorkCalendar) -> str:
    """What a deadline preview says of a day off, with the next working day offered; '' for a working day."""
    word = off_day_word(day, cal)
    if not word:
        return ""
    after = cal.add_workdays(day, 0)
    return f"{format_cn(day)}{word}，不是工作日；下一个工作日是{format_cn(after)}（星期{WEEKDAYS[after.weekday()]}）"


def format_cn(value: date | str | None) -> str:
    """Printed form: Arabic numerals, full year, no leading zeros (GB/T 9704): 2023年7月5日."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return f"{value.year}年{value.month}月{value.day}日"


def days_phrase(due: date, today: date, cal: WorkCalendar) -> str:
    """How a deadline reads relative to today: 今天到期 / 明天到期 / 还有3个工作日 / 逾期5天."""
    delta = (due - today).days
    if delta == 0:
        return "今天到期"
    if delta < 0:
        return f"逾期{-delta}天"
    if delta == 1:
        return "明天到期"
    work = cal.workdays_between(today, due) if delta <= 400 else None
    if work is None:
        return f"还有{delta}天"
    if work == 0:
        return f"还有{delta}天"
    return f"还有{work}个工作日"


def elapsed_phrase(stamp: str, now: datetime | None = None) -> str:
    """'3分钟前' for a recorded-at timestamp, via arrow's Chinese locale (imported only when used)."""
    import arrow

    moment = arrow.get(stamp)
    other = arrow.get(now) if now else arrow.now(ZONE)
    return moment.humanize(other, locale="zh")


def expand_days(values: list[str] | tuple[str, ...], year: int, field: str = "calendar") -> list[str]:
    """Dates and ranges as typed for a holiday schedule ("2027-02-06..2027-02-12, 2027-01-01") as ISO dates."""
    out: list[str] = []
    for value in values:
        for part in value.replace("，", ",").replace("、", ",").replace(" ", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if ".." in part or "至" in part:
                start_text, end_text = part.replace("至", "..").split("..", 1)
                start = parse_iso(start_text.strip(), field=field)
                end = parse_iso(end_text.strip(), field=field)
                if end < start:
                    raise ValidationError(field, f"日期范围{part}的结束早于开始")
                day = start
                while day <= end:
                    out.append(day.isoformat())
                    day += timedelta(days=1)
            else:
                out.append(parse_iso(part, field=field).isoformat())
    for d in out:
        if not d.startswith(f"{year}-"):
            raise ValidationError(field, f"{d}不在{year}年内")
    return out

"""Dates as the office writes them, printed dates, and working days on the holiday calendar."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from store.calendar.dates import ACCEPTED_FORMS, days_phrase, format_cn, parse_date
from store.calendar.workdays import WorkCalendar
from store.errors import ValidationError

TODAY = date(2026, 11, 28)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-07-15", date(2023, 7, 15)),
        ("2023/7/15", date(2023, 7, 15)),
        ("2023.7.15", date(2023, 7, 15)),
        ("2023年7月15日", date(2023, 7, 15)),
        ("2023年7月15号", date(2023, 7, 15)),
        ("7月15日", date(2026, 7, 15)),
        ("7月上旬", date(2026, 7, 10)),
        ("7月中旬", date(2026, 7, 20)),
        ("7月下旬", date(2026, 7, 31)),
        ("2月下旬", date(2026, 2, 28)),
        ("2027年1月底前", date(2027, 1, 31)),
        ("月底", date(2026, 11, 30)),
        ("年底", date(2026, 12, 31)),
        ("年底前", date(2026, 12, 31)),
        ("10天", date(2026, 12, 8)),
        ("十天内", date(2026, 12, 8)),
        ("２０２３－０７－１５", date(2023, 7, 15)),
        (" 2023 年 7 月 5 日 ", date(2023, 7, 5)),
        ("今天", TODAY),
    ],
)
def test_every_documented_form_is_understood(text: str, expected: date) -> None:
    assert parse_date(text, today=TODAY).value == expected


def test_working_days_count_from_today_skipping_the_weekend() -> None:
    # Saturday 2026-11-28: five working days are Mon 30 Nov … Fri 4 Dec.
    assert parse_date("5个工作日", today=TODAY).value == date(2026, 12, 4)
    assert parse_date("五个工作日内", today=TODAY).value == date(2026, 12, 4)


def test_working_days_skip_national_day_and_count_the_adjusted_saturday() -> None:
    # 2026: 1–7 Oct off; Saturday 10 Oct is a 调休 working day.
    start = date(2026, 9, 30)
    assert parse_date("1个工作日", today=start).value == date(2026, 10, 8)
    assert parse_date("2个工作日", today=start).value == date(2026, 10, 9)
    assert parse_date("3个工作日", today=start).value == date(2026, 10, 10)


def test_relative_forms_count_from_a_given_base() -> None:
    meeting = date(2026, 11, 2)  # a Monday
    assert parse_date("3个工作日", today=TODAY, base=meeting).value == date(2026, 11, 5)
    assert parse_date("10天", today=TODAY, base=meeting).value == date(2026, 11, 12)


@pytest.mark.parametrize("text", ["2023-02-30", "2023年2月29日", "2月30日", "2023-13-01", "13月上旬", "7月32"])
def test_impossible_dates_are_refused_with_the_reason(text: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_date(text, today=TODAY)
    assert "不存在" in err.value.message
    assert err.value.field == "due"


@pytest.mark.parametrize("text", ["下周", "asap", "2023-07", "明年", "", "   ", "10日"])
def test_unknown_forms_list_the_accepted_ones(text: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_date(text, today=TODAY)
    assert ACCEPTED_FORMS in err.value.message or "请填写日期" in err.value.message


def test_years_out_of_range_are_refused() -> None:
    with pytest.raises(ValidationError, match="超出范围"):
        parse_date("1899-01-01", today=TODAY)


def test_printed_dates_have_no_leading_zeros() -> None:
    assert format_cn(date(2023, 7, 5)) == "2023年7月5日"
    assert format_cn("2026-01-09") == "2026年1月9日"
    assert format_cn(None) == ""


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_printed_form_parses_back_to_the_same_date(day: date) -> None:
    assert parse_date(format_cn(day), today=TODAY).value == day


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)), st.sampled_from(["-", "/", "."]))
def test_numeric_forms_round_trip(day: date, sep: str) -> None:
    text = f"{day.year}{sep}{day.month}{sep}{day.day}"
    assert parse_date(text, today=TODAY).value == day
    assert parse_date(day.isoformat(), today=TODAY).iso == day.isoformat()


@given(st.integers(min_value=1, max_value=60), st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 10, 1)))
def test_n_working_days_later_is_exactly_n_working_days_away(n: int, start: date) -> None:
    cal = WorkCalendar()
    end = parse_date(f"{n}个工作日", today=start, calendar_=cal).value
    assert cal.is_workday(end)
    assert cal.workdays_between(start, end) == n


def test_uncovered_year_falls_back_to_weekdays_with_a_warning() -> None:
    cal = WorkCalendar()
    parsed = parse_date("2027年1月4日", today=TODAY, calendar_=cal)
    assert "2027年法定节假日尚未录入" in parsed.warning
    assert cal.is_workday(date(2027, 1, 1))  # New Year's Day: unknown, treated as a Friday
    assert not cal.is_workday(date(2027, 1, 2))
    assert parse_date("2026年12月31日", today=TODAY, calendar_=cal).warning == ""


def test_office_entered_holidays_for_an_uncovered_year_are_used() -> None:
    cal = WorkCalendar({"2027": {"holidays": ["2027-01-01"], "workdays": ["2027-01-09"]}})
    assert not cal.is_workday(date(2027, 1, 1))
    assert cal.is_workday(date(2027, 1, 9))  # a Saturday made a working day
    assert cal.warning(date(2027, 6, 1)) == ""
    # Thursday 31 Dec 2026 + 1 working day skips the entered New Year holiday.
    assert cal.add_workdays(date(2026, 12, 31), 1) == date(2027, 1, 4)


def test_relative_phrases_in_chinese() -> None:
    cal = WorkCalendar()
    assert days_phrase(TODAY, TODAY, cal) == "今天到期"
    assert days_phrase(TODAY + timedelta(days=1), TODAY, cal) == "明天到期"
    assert days_phrase(TODAY - timedelta(days=5), TODAY, cal) == "逾期5天"
    assert days_phrase(date(2026, 12, 3), TODAY, cal) == "还有4个工作日"


def test_office_entries_correct_a_covered_year_instead_of_replacing_it() -> None:
    cal = WorkCalendar({"2026": {"holidays": ["2026-12-25"], "workdays": []}})
    assert not cal.is_workday(date(2026, 12, 25))
    assert not cal.is_workday(date(2026, 10, 1))  # National Day still comes from chinese-calendar
    assert cal.is_workday(date(2026, 10, 10))


def test_a_month_without_a_year_long_past_warns() -> None:
    parsed = parse_date("1月15日", today=TODAY)
    assert parsed.value == date(2026, 1, 15)  # this year, as documented
    assert "已经过去" in parsed.warning and "写上年份" in parsed.warning
    assert parse_date("11月1日", today=TODAY).warning == ""
    assert parse_date("2026年1月15日", today=TODAY).warning == ""


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("下周五", date(2026, 12, 4)),  # a walk-through typed it in the form and was refused
        ("下周五前", date(2026, 12, 4)),
        ("下星期一", date(2026, 11, 30)),
        ("下礼拜三", date(2026, 12, 2)),
        ("本周三", date(2026, 11, 25)),  # this Monday-to-Sunday week's, even when gone by
        ("这周日", date(2026, 11, 29)),
        ("周五", date(2026, 12, 4)),  # alone: the next one
        ("星期六", date(2026, 11, 28)),  # today is one
        ("周天", date(2026, 11, 29)),
    ],
)
def test_a_day_of_the_week_is_read_as_the_office_means_it(text: str, meant: date) -> None:
    assert TODAY.weekday() == 5  # a Saturday
    assert parse_date(text, today=TODAY).value == meant


def test_a_day_of_this_week_gone_by_says_so() -> None:
    """Review: 本周一 typed on a Sunday gave a date six days ago, and the new item was red at once, without a word."""
    sunday = date(2026, 11, 29)
    parsed = parse_date("本周一", today=sunday)
    assert parsed.value == date(2026, 11, 23) and "已经过去" in parsed.warning
    assert "已经过去" not in parse_date("下周一", today=sunday).warning

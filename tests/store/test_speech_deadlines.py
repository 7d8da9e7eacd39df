"""Deadline phrases of speeches and task tables (store.calendar.phrases), read relative to the meeting day."""

from __future__ import annotations

from datetime import date

import pytest

from store.calendar.phrases import best_deadline, find_deadlines, parse_deadline

MEETING = date(2026, 3, 15)


@pytest.mark.parametrize(
    ("text", "phrase", "kind", "day", "recurrence"),
    [
        ("年内完成", "年内", "date", "2026-12-31", ""),
        ("年底前全部建成", "年底前", "date", "2026-12-31", ""),
        ("确保上半年完成主体工程", "上半年", "date", "2026-06-30", ""),
        ("于第三季度完成", "第三季度", "date", "2026-09-30", ""),
        ("第一季度末完成鉴定", "第一季度末", "date", "2026-03-31", ""),
        ("三年以内全部淘汰", "三年以内", "date", "2029-03-15", ""),
        ("两个月内完成", "两个月内", "date", "2026-05-15", ""),
        ("限期10日内整改到位", "限期10日内", "date", "2026-03-25", ""),
        ("限期15日整改完毕", "限期15日", "date", "2026-03-30", ""),
        ("10个工作日内报送", "10个工作日内", "date", "2026-03-27", ""),
        ("本月内完成检查", "本月内", "date", "2026-03-31", ""),
        ("2026年6月底前完成", "2026年6月底前", "date", "2026-06-30", ""),
        ("六月底前完成", "六月底前", "date", "2026-06-30", ""),
        ("1月10日前完成", "1月10日前", "date", "2027-01-10", ""),  # gone by this year: next year's
        ("务必在国庆节前完成", "国庆节前", "date", "2026-09-30", ""),
        ("7月1日起开展整治，为期三个月", "为期三个月", "date", "2026-09-30", ""),
        ("即日起至6月30日开展专项整治", "即日起至6月30日", "date", "2026-06-30", ""),
        ("于每月5日前报送", "每月5日前", "recurring", "2026-04-05", "monthly"),
        ("于次月5日前报送月报", "次月5日前", "recurring", "2026-04-05", "monthly"),
        ("每月通报一次", "每月", "recurring", "2026-03-31", "monthly"),
        ("每季度末报送", "每季度末", "recurring", "2026-03-31", "quarterly"),
        ("每半年组织一次演练", "每半年", "recurring", "2026-06-30", "half-yearly"),
        ("每周会商一次", "每周", "recurring", "2026-03-22", "weekly"),
        ("每年第三季度完成", "每年第三季度", "recurring", "2026-09-30", "yearly"),
        ("即日起开展排查", "即日起", "ongoing", None, ""),
        ("长期坚持", "长期坚持", "ongoing", None, ""),
        ("尽快完善", "尽快", "soon", "2026-04-14", ""),
        ("立即整改", "立即", "soon", "2026-03-22", ""),
    ],
)
def test_phrases(text: str, phrase: str, kind: str, day: str | None, recurrence: str) -> None:
    found = best_deadline(find_deadlines(text, base=MEETING))
    assert found is not None and found.phrase == phrase and found.kind == kind
    assert (found.day.isoformat() if found.day else None) == day and found.recurrence == recurrence
    assert text[found.start : found.end] == phrase  # the span, for highlighting


def test_a_date_said_as_a_deadline_wins_over_a_period_named_in_passing() -> None:
    text = "对上半年签约项目开展履约评估，9月底前形成评估报告"
    assert best_deadline(find_deadlines(text, base=date(2026, 7, 6))).phrase == "9月底前"  # type: ignore[union-attr]


def test_cells_of_a_task_table_read_more_loosely() -> None:
    assert parse_deadline("持续推进", base=MEETING).kind == "ongoing"  # type: ignore[union-attr]
    assert parse_deadline("2026—2028年", base=MEETING).day == date(2028, 12, 31)  # type: ignore[union-attr]
    assert parse_deadline("新学期开学前", base=MEETING) is None
    assert find_deadlines("要持续推进农村改厕", base=MEETING) == []  # in running text it is an ordinary verb


def test_a_day_of_the_week_in_a_speech_is_read_as_the_form_reads_it() -> None:
    """Review: 「本周五前完成」 was drafted as due on Sunday (本周 alone) with the title 「五前完成…」."""
    from store.calendar.dates import parse_date

    monday = date(2026, 11, 30)
    for text, phrase in (("本周五前完成自查", "本周五前"), ("下周三前报送情况", "下周三前")):
        (found,) = find_deadlines(text, base=monday)
        assert found.phrase == phrase and found.day == parse_date(phrase, today=monday).value
    assert find_deadlines("每周五报送进度", base=monday)[0].recurrence == "weekly"

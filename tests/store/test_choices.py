"""Every enumerated field has one parser: each word it shows comes back as its code, and a wrong word is refused
in one Chinese line that names the field and lists the words."""

from __future__ import annotations

import pytest

from store.errors import ValidationError
from store.records import choices
from store.records.choices import ALL, BASIS, DIRECTION, LIGHT, PUBLICITY_KIND, STATUS_FILTER, UNIT_KIND, Choice


@pytest.mark.parametrize("choice", ALL, ids=lambda c: f"{c.field}:{c.title}")
def test_every_word_round_trips_to_its_code(choice: Choice) -> None:
    assert choice.words() == tuple(choice.label(code) for code in choice.codes)
    for code in choice.codes:
        assert choice.parse(choice.label(code)) == code  # label → parse → the same code
        assert choice.parse(code) == code  # the English code stays an alias
        assert choice.parse(f"\u3000{choice.label(code)} ") == code  # full-width space, trailing blank
        for alias in choice.aliases.get(code, ()):
            assert choice.parse(alias) == code


@pytest.mark.parametrize("choice", ALL, ids=lambda c: f"{c.field}:{c.title}")
def test_a_wrong_word_is_refused_in_one_line_naming_the_field(choice: Choice) -> None:
    with pytest.raises(ValidationError) as refused:
        choice.parse("没有这个词")
    message = refused.value.message
    assert refused.value.field == choice.field
    assert message == f"{choice.title}「没有这个词」无效，应为：{'、'.join(choice.words())}"
    assert "\n" not in message
    with pytest.raises(ValidationError, match=f"^请填写{choice.title}，应为："):
        choice.parse("  ")
    assert choice.parse("", optional=True) == ""


def test_the_words_accepted_anywhere_before_are_all_accepted() -> None:
    """The union of the old word lists: the CLI's DIRECTION_WORDS, the TUI form's, the importers'."""
    old_directions = {
        **{"≥": ">=", "≤": "<=", "保持": "keep", "逐步提高": "rising", "逐步下降": "falling", "定性": "qualitative"},
        **{">=": ">=", "不低于": ">=", "<=": "<=", "不高于": "<=", "qualitative": "qualitative"},
        **{"≧": ">=", "≦": "<=", "keep": "keep", "提高": "rising", "rising": "rising", "下降": "falling"},
        "falling": "falling",
    }
    assert {word: DIRECTION.parse(word) for word in old_directions} == old_directions
    assert DIRECTION.parse("＞＝") == ">="  # NFKC: a full-width >= typed with a Chinese input method
    assert {w: UNIT_KIND.parse(w) for w in ("部门", "乡镇", "群团组织", "群团", "township")} == {
        "部门": "department",
        "乡镇": "township",
        "群团组织": "organisation",
        "群团": "organisation",
        "township": "township",
    }
    assert [PUBLICITY_KIND.parse(w) for w in ("活动", "调查", "宣传活动", "知晓率调查", "SURVEY")] == [
        "activity",
        "survey",
        "activity",
        "survey",
        "survey",
    ]
    assert [BASIS.parse(w) for w in ("全部指标", "有数据", "with_data", "Numeric")] == [
        "all",
        "with_data",
        "with_data",
        "numeric",
    ]
    assert [STATUS_FILTER.parse(w) for w in ("逾期", "逾期办结", "已办结", "in_progress")] == [
        "overdue",
        "done_late",
        "done",
        "in_progress",
    ]
    assert [LIGHT.parse(w) for w in ("红", "黄灯", "Green")] == ["red", "yellow", "green"]


def test_a_word_naming_two_codes_is_caught_when_the_field_is_defined() -> None:
    with pytest.raises(ValueError, match="names both"):
        Choice("x", "测试", {"a": "甲", "b": "乙"}, {"b": ("甲",)})


def test_every_choice_in_the_module_is_listed_in_all() -> None:
    defined = {name for name, value in vars(choices).items() if isinstance(value, Choice)}
    assert {id(vars(choices)[name]) for name in defined} == {id(c) for c in ALL}

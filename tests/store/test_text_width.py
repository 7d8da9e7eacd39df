"""Terminal width of text: the quick measure gives exactly unicodedata's answer (CJK two columns, the rest one)."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from store.records.text import _COMMON_WIDE, display_width, fit


def by_character(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def test_every_code_point_of_the_quick_ranges_is_wide() -> None:
    """The ranges counted without asking unicodedata hold only Wide/Fullwidth code points (this Python's table)."""
    for first, last in re.findall(r"(.)-(.)", _COMMON_WIDE):
        narrow = [hex(c) for c in range(ord(first), ord(last) + 1) if by_character(chr(c)) != 2]
        assert not narrow, (hex(ord(first)), narrow[:5])


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_the_same_width_as_asking_for_each_character(text: str) -> None:
    assert display_width(text) == by_character(text)


def test_chinese_emoji_and_mixed_cells() -> None:
    for text in ("县卫健委", "２０２６年", "abc", "，。、「」", "😀进展", "한국어", "ｶﾀｶﾅ", "\u3000", ""):
        assert display_width(text) == by_character(text), text
    assert display_width("县卫健委abc") == 11
    assert fit("县卫生健康委员会", 9) == "县卫生健…"
    assert display_width(fit("县卫生健康委员会", 9)) == 9

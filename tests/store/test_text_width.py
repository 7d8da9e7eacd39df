"""Terminal width of text: CJK and full-width characters take two columns, everything else one; a cell measured
again (a table measures each cell several times) gets the same answer."""

from __future__ import annotations

from store.records.text import display_width, fit


def test_widths_of_chinese_full_width_emoji_and_mixed_cells() -> None:
    cases = {"县卫健委": 8, "２０２６年": 10, "abc": 3, "，。、「」": 10, "😀进展": 6, "한국어": 6, "ｶﾀｶﾅ": 4}
    cases |= {"\u3000": 2, "": 0}
    for text, width in cases.items():
        assert display_width(text) == width, text
        assert display_width(text) == width, text  # remembered: the same again
    assert display_width("县卫健委abc") == 11


def test_fit_cuts_and_pads_to_exact_columns() -> None:
    assert fit("县卫生健康委员会", 9) == "县卫生健…"
    assert display_width(fit("县卫生健康委员会", 9)) == 9
    assert fit("卫健委", 8) == "卫健委  "
    assert fit("2026-07", 7) == "2026-07"

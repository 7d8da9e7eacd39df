"""Cleaning of text where it enters the store.

Text pasted from Word, WPS or Excel carries control characters (Shift+Enter is U+000B, a page break
U+000C) that make Word files unreadable, so every string is cleaned once, on the way in.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from store.errors import ValidationError

_TO_NEWLINE = re.compile(r"[\x0b\x0c\u2028\u2029]|\r\n?")
_DROP = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffe\uffff]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]+")
_ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")
"""Terminal escape sequences (colour, cursor, a window title ended by BEL or ST), pasted from a terminal: removed
whole, so that "\x1b[31m红色\x1b[0m" becomes 红色 and not [31m红色[0m once the ESC alone is dropped. Text after an
unended title sequence is kept (only its ESC goes)."""
BIDI_CONTROLS = re.compile(r"[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Characters that reorder the text shown after them (U+202E makes "gpj.exe" read "exe.jpg")."""
ECHO_MAX = 40

TITLE_MAX = 300
TEXT_MAX = 5000
NAME_MAX = 60


def clean_text(value: str, *, multiline: bool = True) -> str:
    """Normalise line breaks, drop characters that XML and Word refuse, strip the ends."""
    text = _TO_NEWLINE.sub("\n", _ESCAPES.sub("", value))
    text = _DROP.sub("", text)
    text = _SURROGATE.sub("", text)
    text = BIDI_CONTROLS.sub("", text)
    text = text.replace("\t", " ")
    if not multiline:
        text = " ".join(part.strip() for part in text.split("\n") if part.strip())
    return text.strip()


def require_text(
    field: str, label: str, value: object, *, max_len: int, multiline: bool = False, allow_empty: bool = False
) -> str:
    """Clean a text field and refuse it when empty or too long, naming the field in Chinese."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(field, f"{label}必须是文字")
    text = clean_text(value, multiline=multiline)
    if not text and not allow_empty:
        raise ValidationError(field, f"{label}不能为空")
    if len(text) > max_len:
        raise ValidationError(field, f"{label}太长：{len(text)}个字，最多{max_len}个字")
    return text


@lru_cache(maxsize=8192)
def display_width(text: str) -> int:
    """Terminal columns taken by text: East Asian Wide and Fullwidth characters (CJK) take two.

    Remembered per text: laying out a table measures each cell several times (`list` at 10,000 items measured
    9,000 cells, 900 of them different, and spent 20 ms here)."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def fit(text: str, width: int) -> str:
    """Cut or pad text to exactly `width` terminal columns, marking a cut with '…'."""
    used = display_width(text)
    if used <= width:
        return text + " " * (width - used)
    out: list[str] = []
    used = 0
    for ch in text:
        w = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…" + " " * (width - used - 1)


_BREAKS = "，。、；：！？）」』 ,;:)"


def clip(text: str, width: int) -> str:
    """Text cut to at most `width` columns for one screen line, marked with '…': after the last punctuation
    mark when that keeps at least half the room (a whole phrase), else at the last whole character."""
    if display_width(text) <= width:
        return text
    cut = fit(text, width).rstrip()[:-1]  # the characters that fit before the '…'
    stop = max((cut.rfind(mark) for mark in _BREAKS), default=-1)
    if stop >= 0 and display_width(cut[: stop + 1]) * 2 >= width:
        cut = cut[:stop]
    return cut.rstrip("，、；： ") + "…"


def echo(value: object, limit: int = ECHO_MAX) -> str:
    """User input shown inside a message: control characters (ESC, newlines) and bidi controls removed, and
    at most `limit` characters, cut with '…'. Every message that repeats what the user typed goes through here,
    so a unit name cannot move the cursor or recolour the terminal, and a 10,000-character value is not echoed.
    """
    text = _CONTROLS.sub(" ", _ESCAPES.sub("", str(value)))
    text = BIDI_CONTROLS.sub("", _SURROGATE.sub("", text)).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


NO_GLYPH = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe0e\ufe0f\u200d\u20e3\U000e0020-\U000e007f]")
"""Emoji, pictographs and their joiners: no 公文 font (仿宋_GB2312, 方正小标宋, 黑体, 楷体) draws them, and Word prints
☒ in their place. Rare CJK characters (extension B and on) are kept: their fallback fonts may have them."""


def sentence(text: str) -> str:
    """Text as typed, ended as a sentence in a 公文 (a progress note typed without 。 ran into the next line)."""
    text = text.rstrip()
    return text if not text or text[-1] in "。！？；…!?.;：:）)」”" else text + "。"


def document_text(text: str) -> str:
    """Text as a Word document prints it: emoji and other pictographs dropped (see NO_GLYPH)."""
    return NO_GLYPH.sub("", text)


def dropped_in_documents(texts: list[str]) -> str:
    """The characters `document_text` drops from these texts, each once, in order of appearance ('' for none)."""
    return "".join(dict.fromkeys(ch for text in texts for ch in NO_GLYPH.findall(text)))


def dropped_note(dropped: str) -> str:
    """The one line that says so (documents show it once per batch or file)."""
    return f"文件字体中没有这些字符（表情符号等），Word 会印成方框，已从文件中去掉：{dropped}"

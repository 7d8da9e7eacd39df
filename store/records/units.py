"""Unit names: pinyin initials computed once when a unit is saved, and name resolution.

A unit may be named by its full name (县教育局), short name (教育局), pinyin initials (jyj / xjyj) or an
alias the office added (教育部门). pypinyin costs ~150 ms to import, so it only runs when a unit is saved.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from typing import Any

from store.errors import AmbiguousError, NotFoundError, UnknownUnitError
from store.records.model import Unit
from store.records.text import echo

_LATIN = re.compile(r"[^a-z0-9]")

ALL_UNITS_WORDS = ("各成员单位", "全体成员单位", "所有成员单位", "成员单位", "全部成员单位", "各单位")
ALL_TOWNSHIPS_WORDS = ("各乡镇", "全体乡镇", "所有乡镇", "各乡镇人民政府")


def initials_of(text: str) -> str:
    """First letters of the pinyin of each character: 县教育局 → xjyj."""
    from pypinyin import Style, lazy_pinyin

    letters = lazy_pinyin(unicodedata.normalize("NFKC", text), style=Style.FIRST_LETTER, errors="default")
    return _LATIN.sub("", "".join(letters).lower())


@lru_cache(maxsize=8192)
def normalise(text: str) -> str:
    """Names compared as typed in any width and case (cached: an import resolves every row's units)."""
    return unicodedata.normalize("NFKC", text).strip().lower()


def own_names(unit: Mapping[str, Any]) -> list[str]:
    """The names that pick this unit and no other: its full name and its short name (one namespace for both)."""
    return list(dict.fromkeys(n for n in (unit.get("name"), unit.get("short")) if n))


def unit_matches_text(unit: Unit, needle: str) -> bool:
    """Does a filter text (lower case) name this unit: in its name, short name or an alias, or the start of its
    pinyin initials? The item filter and the batch scope both ask this."""
    if not needle:
        return False
    names = [unit["name"], unit["short"], *unit["aliases"]]
    return any(needle in n.lower() for n in names if n) or any(i.startswith(needle) for i in unit["initials"])


_LIST_SEPARATORS = r"[、,，;；\s]+"  # compiled on first use (re caches it): not every command splits


def split_names(text: str) -> list[str]:
    """Names in one list: split on 、 , ， ; ； new lines and spaces, never inside a name.

    和/及/与 are not separators: they are part of names (县人力资源和社会保障局, 县文化和旅游局). The TUI's unit
    fields, the welcome screen and the importers all split with this one function."""
    return [part for part in re.split(_LIST_SEPARATORS, text) if part]


def collective_of(name: str) -> str:
    """'all_units' or 'all_townships' when the name is a collective subject, else ''."""
    key = normalise(name)
    if key in ALL_UNITS_WORDS:
        return "all_units"
    if key in ALL_TOWNSHIPS_WORDS:
        return "all_townships"
    return ""


def resolve_unit(name: str, units: Iterable[Unit]) -> Unit:
    """Find one unit by full name, short name, alias, pinyin initials or a unique part of the name."""
    key = normalise(name)
    pool = list(units)
    if not key:
        raise NotFoundError("请填写单位名称")
    matchers: tuple[Callable[[Unit], bool], ...] = (
        lambda u: key in (normalise(u["name"]), normalise(u["short"])),
        lambda u: key in (normalise(a) for a in u["aliases"]),
        lambda u: key in u["initials"],
        lambda u: key in normalise(u["name"]) or (bool(u["short"]) and key in normalise(u["short"])),
    )
    for matcher in matchers:
        found = [u for u in pool if matcher(u)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            names = [u["name"] for u in found]
            shown = "、".join(names[:8]) + ("等" if len(names) > 8 else "")
            raise AmbiguousError(f"「{echo(name)}」对应多个单位：{shown}。请写得更具体些", names)
    if key[:1] in PLACE_PREFIXES and len(key) > 3:
        try:  # "县人力资源和社会保障局", "县退役军人局": the place's prefix before an alias or a short name
            return resolve_unit(key[1:], pool)
        except UnknownUnitError:
            pass
    close = suggest_units(name, pool)
    if close:
        raise UnknownUnitError(f"没有找到单位「{echo(name)}」。{did_you_mean(close)}", close)
    raise UnknownUnitError(f"没有找到单位「{echo(name)}」。可用 `supervisor unit list` 查看单位名录", [])


PLACE_PREFIXES = ("县", "市", "区")
"""The one-character place names written before a unit's alias or short name (县 + 人社局)."""


def did_you_mean(names: list[str]) -> str:
    """The one wording of a suggestion, for the CLI, the forms and the list filter: 是不是：县卫健委？"""
    return f"是不是：{'、'.join(names)}？" if names else ""


SUGGEST_AT = 0.6
"""How alike (0–1) a typed name and a unit's name must be to suggest it: 卫建委 / 卫健委 is 0.67."""


@lru_cache(maxsize=4096)
def _syllables(text: str) -> tuple[str, ...]:
    """The pinyin of each character, so a homophone typo (建 for 健, 仁 for 人) still matches."""
    from pypinyin import lazy_pinyin

    return tuple(lazy_pinyin(text, errors="default"))


_AFFIXES = re.compile(r"^(县委|县)|(委员会|办公室|部门|局|委|部|办|院|会|所|站|队)$")
_CLOSE_TO_BEST = 0.15
"""Only names about as close as the best one: 公按局 means 县公安局, not also 县总工会 (工会 ~ 按)."""
_LATIN_AT = 0.8
"""Pinyin initials are short and alike (xfy, xyz): typed Latin letters must be closer to be suggested."""


def _stem(name: str) -> str:
    """The telling part of a name: 县卫健委 → 卫健. Words all units share (县…局) made 审计局 look like 统计局."""
    return _AFFIXES.sub("", _AFFIXES.sub("", name)) or name


def _likeness(typed: str, name: str) -> float:
    from difflib import SequenceMatcher  # only when a name was not found: not on every command's path

    if not typed.isascii():
        typed, name = _stem(typed), _stem(name)
    by_chars = SequenceMatcher(None, typed, name, autojunk=False).ratio()
    if typed.isascii():
        return by_chars
    by_sound = SequenceMatcher(None, _syllables(typed), _syllables(name), autojunk=False).ratio()
    return max(by_chars, by_sound * 0.95)


def suggest_units(name: str, units: Iterable[Unit], limit: int = 3) -> list[str]:
    """Full names of the units a mistyped name probably means (卫建委 → 县卫健委), best first, for the
    「是不是：…？」 of every front end. Compares the text with each full name, short name and alias, character
    by character and by pinyin (Chinese typos are mostly homophones); pinyin initials count when typed in Latin."""
    key = normalise(name)
    if not key:
        return []
    scored: list[tuple[float, int, str]] = []
    for unit in units:
        names = [normalise(n) for n in (unit["name"], unit["short"], *unit["aliases"]) if n]
        if key.isascii():
            names += list(unit["initials"])
        score = max((_likeness(key, n) for n in names), default=0.0)
        if score >= (_LATIN_AT if key.isascii() else SUGGEST_AT):
            scored.append((-score, unit["order"], unit["name"]))
    scored.sort()
    return [name for score, _, name in scored[:limit] if score <= scored[0][0] + _CLOSE_TO_BEST]


_TOWNSHIP_ENDINGS = ("镇", "乡", "街道", "办事处")
_ORGANISATION_ENDINGS = ("联", "工会", "团县委", "团市委", "团区委", "协会", "学会", "商会")


def guess_unit_kind(name: str) -> str:
    """The kind a new unit's name suggests (乡镇 for …镇/乡/街道, 群团组织 for …联/工会/团县委, else 部门).

    The blank-start form and the speech review's "新增单位" both ask this, so one name gets one kind.
    """
    name = name.strip()
    if name.endswith(_TOWNSHIP_ENDINGS):
        return "township"
    if name.endswith(_ORGANISATION_ENDINGS):
        return "organisation"
    return "department"

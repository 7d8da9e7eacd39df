"""Unit names: pinyin initials computed once when a unit is saved, and name resolution.

A unit may be named by its full name (县教育局), short name (教育局), pinyin initials (jyj / xjyj) or an
alias the office added (教育部门). pypinyin costs ~150 ms to import, so it only runs when a unit is saved.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache

from store.errors import AmbiguousError, NotFoundError
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


def unit_matches_text(unit: Unit, needle: str) -> bool:
    """Does a filter text (lower case) name this unit: in its name, short name or an alias, or the start of its
    pinyin initials? The item filter and the batch scope both ask this."""
    if not needle:
        return False
    names = [unit["name"], unit["short"], *unit["aliases"]]
    return any(needle in n.lower() for n in names if n) or any(i.startswith(needle) for i in unit["initials"])


_LIST_SEPARATORS = re.compile(r"[、,，;；\s]+")


def split_names(text: str) -> list[str]:
    """Names in one list: split on 、 , ， ; ； new lines and spaces, never inside a name.

    和/及/与 are not separators: they are part of names (县人力资源和社会保障局, 县文化和旅游局). The TUI's unit
    fields, the welcome screen and the importers all split with this one function."""
    return [part for part in _LIST_SEPARATORS.split(text) if part]


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
    raise NotFoundError(f"没有找到单位「{echo(name)}」。可用 `supervisor unit list` 查看单位名录")

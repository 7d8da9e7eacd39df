"""Unit names as written in a text, resolved against the directory the office keeps.

A subject is a list of names ("县民政局、县教育局", "教育、公安和水利部门", "各乡镇"). Each name is a known unit,
a collective word, or an unknown name that looks like an organisation (flagged, never dropped or invented);
anything else ("措施", "我们", "主要负责同志") means the words were not a subject at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from store.errors import AmbiguousError, NotFoundError
from store.exchange.speech.model import UnitMatch
from store.exchange.speech.segment import Segmenter
from store.exchange.speech.words import (
    COLLECTIVE_KIND,
    COLLECTIVE_VARIANTS,
    GENERIC_NAMES,
    JOINING_SEPARATORS,
    LEADING_FILLER,
    NAME_SEPARATORS,
    ORG_SUFFIXES,
    PERSON_TITLES,
    SUBJECT_CUT,
    TRAILING_FILLER,
    TRAILING_GROUP,
)
from store.records.model import Unit
from store.records.units import normalise, resolve_unit

UNIT = "unit"
COLLECTIVE = "collective"
UNKNOWN = "unknown"
_COLLECTIVE_PREFIX = re.compile(r"^(?:全县|全市|全区|本县|县|市|区|.{1,8}(?:委员会|委|领导小组|办公室|办))$")
_SPEECH_VERBS = re.compile(r"^.*?(?:要求|强调|指出|提出|表示|认为|明确|希望)[，,：:]?")
_UNKNOWN_MAX = 14
_BARE_GROUPS = ("部门", "单位", "有关部门", "相关部门", "有关单位", "相关单位")
_ANY_OF_THEM = re.compile(r"^各[\u4e00-\u9fff]{1,6}?(单位|部门)$")
_NOT_IN_NAMES = re.compile(r"[\d０-９，,。；;：:《》“”]|每月|每季|月底|年底|之前|以前")


def clean_name(name: str) -> str:
    """A name without "有关/相关" before it and "等" after it: what the directory would hold."""
    name = re.sub(r"^(?:县|市|区)?(?:有关|相关)", "", name)
    return re.sub(r"等$", "", name).strip()


def match_unit(name: str, units: list[Unit]) -> UnitMatch:
    """Resolve a loose name: as written, then with the list's shared '部门' suffix moved on or off."""
    written = clean_name(name)
    attempts = [written]  # "县退役军人局" (prefix + short name) is resolve_unit's own rule
    stripped = TRAILING_GROUP.sub("", written)
    if stripped and stripped != written:
        attempts.append(stripped)
    if not written.endswith(("局", "委", "办", "部", "院", "会", "联", "部门", "镇", "乡")):
        attempts.append(written + "部门")
    ambiguous: AmbiguousError | None = None
    for attempt in attempts:
        if len(attempt) < 2:
            continue
        try:
            unit = resolve_unit(attempt, units)
        except AmbiguousError as exc:
            ambiguous = ambiguous or exc
            continue
        except NotFoundError:
            continue
        return UnitMatch(name, unit["id"], unit["name"])
    if ambiguous is not None:
        return UnitMatch(name, problem="对应多个单位，请选择", candidates=ambiguous.candidates[:8])
    return UnitMatch(name, problem="单位名录中没有，可在单位中添加别名或新增单位")


@dataclass
class NameHit:
    """One name of a subject: a unit (known or not) or a collective word with its kind."""

    text: str
    kind: str
    match: UnitMatch = field(default_factory=lambda: UnitMatch(""))
    collective: str = ""

    @property
    def known(self) -> bool:
        return self.kind == COLLECTIVE or self.match.unit_id is not None


def normalise_variants(text: str) -> str:
    for pattern, replacement in COLLECTIVE_VARIANTS:
        text = pattern.sub(replacement, text)
    return text


def strip_subject(text: str) -> str:
    """The subject without ordinals before it and people or adverbs after it ("县水利局班子成员" → 县水利局)."""
    text = normalise_variants(text.strip(" 　，,、：:"))
    text = _SPEECH_VERBS.sub("", text) if _SPEECH_VERBS.match(text) else text
    previous = None
    while previous != text:
        previous = text
        text = LEADING_FILLER.sub("", text).strip(" 　，,、")
        text = TRAILING_FILLER.sub("", text).strip(" 　，,、")
    return SUBJECT_CUT.sub("", text).strip(" 　，,、")


class Directory:
    """The unit directory as one analysis sees it: words for the segmenter, cached name resolution."""

    def __init__(self, units: list[Unit], segmenter: Segmenter | None = None) -> None:
        self.units = [u for u in units if u.get("active", True)]
        self.segmenter = segmenter
        self._cache: dict[str, NameHit | None] = {}
        self._known: set[str] | None = None

    def words(self) -> list[str]:
        out: list[str] = []
        for u in self.units:
            out += [u["name"], u["short"], *u["aliases"]]
            if u["short"] and not u["short"].startswith("县"):
                out.append("县" + u["short"])
        return [w for w in dict.fromkeys(out) if w]

    def members(self, kind: str, via: str) -> list[UnitMatch]:
        """The units a collective word stands for."""
        if kind == "all_townships":
            pool = [u for u in self.units if u["kind"] == "township"]
        elif kind == "departments":
            pool = [u for u in self.units if u["kind"] == "department"]
        elif kind == "organisations":
            pool = [u for u in self.units if u["kind"] == "organisation"]
        else:
            pool = list(self.units)
        return [UnitMatch(u["name"], u["id"], u["name"], via=via) for u in pool]

    def hit(self, name: str) -> NameHit | None:
        """What one written name is, or None when it is not a unit name at all."""
        name = normalise_variants(name.strip(" 　，,、"))
        if name not in self._cache:
            self._cache[name] = self._classify(name)
        found = self._cache[name]
        return replace(found, match=replace(found.match)) if found else None

    def _classify(self, name: str) -> NameHit | None:
        if len(name) < 2 or name in GENERIC_NAMES or "的" in name:
            return None
        for word in sorted(COLLECTIVE_KIND, key=len, reverse=True):
            if name == word or (name.endswith(word) and _COLLECTIVE_PREFIX.match(name[: -len(word)])):
                return NameHit(name, COLLECTIVE, collective=COLLECTIVE_KIND[word])
        if m := _ANY_OF_THEM.match(name):  # "各项目责任单位", "各执法部门": a collective to narrow in review
            return NameHit(name, COLLECTIVE, collective="departments" if m.group(1) == "部门" else "all_units")
        if name.endswith(PERSON_TITLES):
            return None
        match = self._resolve(name)
        if match.unit_id is None and not match.candidates:
            match = self._compound(name) or match
        if match.unit_id is not None or match.candidates:
            return NameHit(name, UNIT, match)
        if (
            len(name) <= _UNKNOWN_MAX
            and name.endswith(ORG_SUFFIXES)
            and TRAILING_GROUP.sub("", name)
            and not _NOT_IN_NAMES.search(name)
            and not self._holds_known_name(name)
        ):
            return NameHit(name, UNKNOWN, match)
        return None

    def _holds_known_name(self, name: str) -> bool:
        """ "县政府办约谈县商务局" (known units inside) or "弄清楚……所" (a verb inside) is not one unknown unit."""
        if self.segmenter is None:
            return False
        known = self._known_words()
        tokens = self.segmenter.cut(name)
        if any(t.word in known and t.word != name for t in tokens):
            return True
        # a verb with words after it ("弄清楚未来发展所"), unlike "审计部门" or "县妇儿工委办"
        return any(t.flag == "v" and len(t.word) > 1 and len(tokens) - i > 2 for i, t in enumerate(tokens))

    def _known_words(self) -> set[str]:
        if self._known is None:
            self._known = set(self.words()) | set(COLLECTIVE_KIND)
        return self._known

    def _resolve(self, name: str) -> UnitMatch:
        match = match_unit(name, self.units)
        if match.unit_id is not None and not self._loose_ok(name, match):
            return UnitMatch(name, problem="单位名录中没有，可在单位中添加别名或新增单位")
        return match

    def _compound(self, name: str) -> UnitMatch | None:
        """ "公安交警部门": a field's name before a unit's name means that unit (交警)."""
        for cut in range(2, len(name) - 1):
            head, tail = name[:cut], name[cut:]
            if self._resolve(head).unit_id is not None:
                found = self._resolve(tail)
                if found.unit_id is not None:
                    return replace(found, text=name)
        return None

    def _loose_ok(self, name: str, match: UnitMatch) -> bool:
        """A name found only inside a unit's name must begin it: 教育 → 教育局, never 建设 → 住房和城乡建设局."""
        unit = next(u for u in self.units if u["id"] == match.unit_id)
        key = normalise(TRAILING_GROUP.sub("", clean_name(name)) or name)
        names = [normalise(n) for n in (unit["name"], unit["short"], *unit["aliases"]) if n]
        if key in names or normalise(name) in names or key in unit["initials"]:
            return True
        bare = [n[1:] if n.startswith("县") else n for n in names]
        return any(n.startswith(key) or n.startswith(key.removeprefix("县")) for n in names + bare)

    def subject(self, text: str) -> list[NameHit] | None:
        """The names of a subject, or None when the words are not a list of units."""
        cleaned = strip_subject(text)
        if not cleaned or self.segmenter is None:
            return None
        parts: list[tuple[str, str]] = []
        current = ""
        for token in self.segmenter.cut(cleaned):
            if token.word in NAME_SEPARATORS:
                parts.append((current, token.word))
                current = ""
            else:
                current += token.word
        parts.append((current, ""))
        return self._names(parts)

    def _names(self, parts: list[tuple[str, str]]) -> list[NameHit] | None:
        hits: list[NameHit] = []
        carry = ""
        for index, (part, separator) in enumerate(parts):
            name = carry + part
            carry = ""
            if not name.strip():
                continue
            found = self.hit(name)
            if found is None and hits and hits[-1].kind == COLLECTIVE and name in _BARE_GROUPS:
                found = self.hit("各" + name)  # "各乡镇（街道）、部门": 部门 shares the 各
            if found is None and separator in JOINING_SEPARATORS and index + 1 < len(parts):
                carry = name + separator  # "县文化和旅游局": 和 inside an unknown name
                continue
            if found is None:
                return None
            hits.append(found)
        return hits or None

    def cell(self, text: str) -> list[NameHit]:
        """Names in a table cell or a bracket ("县财政局、县税务局\n各乡镇"); words that are not units are dropped."""
        out: list[NameHit] = []
        for piece in re.split(r"[、，,；;/\n]|及|以及", normalise_variants(text)):
            piece = re.sub(r"[（(].*?[）)]", "", piece)
            piece = strip_subject(piece)
            if not piece:
                continue
            found = self.hit(piece)
            if found is None and self.segmenter is not None:
                found_list = self.subject(piece)
                out += found_list or []
                continue
            if found is not None:
                out.append(found)
        return out

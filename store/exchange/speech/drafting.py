"""From found responsibilities (a sentence's claims, a bracket, a table row) to drafts.

One place decides what a draft's units are (a collective subject expands to its members and keeps its word),
how its deadline reads (store.calendar.phrases), what it is called, and whether it is only an exhortation
(一般要求: kept for the reviewer, not imported by default).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from store.calendar import phrases
from store.calendar.workdays import WorkCalendar
from store.exchange.speech.brackets import Responsibility
from store.exchange.speech.indicators import link_indicators
from store.exchange.speech.model import DUE_DEFAULT, DUE_SOON, FROM_SPEECH, Draft, UnitMatch, unique_matches
from store.exchange.speech.names import COLLECTIVE, Directory, NameHit
from store.exchange.speech.segment import COLLECTIVE_TAG, UNIT_TAG, Segmenter
from store.exchange.speech.words import GENERAL_WORDS, LEADING_FILLER, ORG_SUFFIXES
from store.records.model import Indicator
from store.records.text import TITLE_MAX

GENERIC_OPENINGS = (
    "密切配合",
    "通力合作",
    "高度重视",
    "加强协作",
    "共同努力",
    "积极配合",
    "各司其职",
    "抢抓时间",
    "倒排工期",
    "挂图作战",
    "高位推进",
)
# "根据……要求，" opens a sentence but is not what to do.
_GROUNDS = re.compile(
    r"^(?:根据|按照|依照|按|围绕|结合|为了|为)[^，,]{0,24}?"
    r"(?:要求|部署|精神|规定|安排|需要|实际|原则|标准|职责分工|分工|目标)$"
)
ENUMERATOR = re.compile(
    r"^\s*(?:（[一二三四五六七八九十\d]+）|\([一二三四五六七八九十\d]+\)|[一二三四五六七八九十]+、|\d+[.、．]|"
    r"[①②③④⑤⑥⑦⑧⑨⑩])\s*"
)
_TITLE_OPENERS = re.compile(r"^(?:继续|切实|进一步|认真|全力|积极|要|于|在)+")
_AT = re.compile(r"^[于在限]?")
_ROLE_CLAUSE = re.compile(r"^[、，,]|(?:牵头|配合|协助|参与|协办)$")
_WITH = ("会同", "联合", "协同", "配合", "协助")
EXHORTATION = re.compile(
    r"(?:扛起|压实|压紧|担起|履行)[^，,；;、]{0,6}?(?:责任|职责)|提高[^，,；;、]{0,4}?(?:认识|站位)|"
    r"(?:增强|强化|树牢|牢固树立)[^，,；;、]{0,6}?(?:意识|观念|担当|理念)|绷紧[^，,；;、]{0,8}?弦|"
    r"(?:守住|守牢|筑牢)[^，,；;、]{0,6}?(?:底线|防线)|保持清醒头脑"
)
_KINDS = {phrases.DATE: "date", phrases.RECURRING: "recurring", phrases.ONGOING: "ongoing", phrases.SOON: "soon"}


@dataclass
class DueReading:
    due: str = ""
    phrase: str = ""
    note: str = ""
    kind: str = ""
    recurrence: str = ""


def _generic(word: str) -> bool:
    """True for a word made only of exhortation words ("切实加强" = 切实 + 加强, "各项任务")."""
    if word in GENERAL_WORDS:
        return True
    reachable = [True] + [False] * len(word)
    for end in range(1, len(word) + 1):
        reachable[end] = any(reachable[start] and word[start:end] in GENERAL_WORDS for start in range(end))
    return reachable[-1]


_ANY_YEAR = date(2024, 1, 1)
"""Only the phrase matters when stripping; a year the holiday calendar covers, so "春节前" is a phrase too."""


def strip_leading_date(text: str) -> str:
    """ "于7月10日前完成……", "明年1月底前完成……", "每月5日前报送……" → "完成……" / "报送……".

    A title says what to do; when (or how often) it is due is the item's 办理期限, read from the same words.
    Every phrase the deadline reader knows is taken off the front, with 在/于/限 and 明年/今年/会后 before it.
    """
    rest = text
    while True:
        before = rest
        rest = rest[_AT.match(rest).end() :].lstrip("，, ")  # type: ignore[union-attr]
        filler = LEADING_FILLER.match(rest)
        rest = rest[filler.end() :] if filler else rest
        found = phrases.find_deadlines(rest, base=_ANY_YEAR)
        if found and found[0].start == 0:
            rest = rest[found[0].end :].lstrip("，, ")
        if rest == before:
            return rest  # "" when the words were only a deadline


def title_of(predicate: str) -> str:
    """The first clause that says what to do, without "继续/切实" and without "密切配合"-style openings."""
    clauses = re.split(r"[，,；;。]", ENUMERATOR.sub("", predicate))
    for index, clause in enumerate(clauses):
        clause = _TITLE_OPENERS.sub("", clause).strip()
        clause = strip_leading_date(clause).lstrip("将把").strip()
        with_units = clause.startswith(_WITH) and clause.endswith(ORG_SUFFIXES)  # "会同县公安局", not "联合开展……"
        if (with_units or _ROLE_CLAUSE.search(clause)) and index + 1 < len(clauses):
            continue  # "、县公安局配合", "会同县公安局": who helps, not what to do
        if _GROUNDS.match(clause) and index + 1 < len(clauses):
            continue
        if len(clause) >= 4 and clause not in GENERIC_OPENINGS:
            return clause[:30]
    return predicate[:30]


class Drafter:
    """Builds drafts for one analysis: its directory, indicators, meeting day and calendar."""

    def __init__(
        self,
        directory: Directory,
        segmenter: Segmenter,
        indicators: list[Indicator],
        meeting_date: date,
        calendar: WorkCalendar,
        period_on_workday: bool = False,
    ) -> None:
        self.directory = directory
        self.segmenter = segmenter
        self.indicators = indicators
        self.meeting_date = meeting_date
        self.calendar = calendar
        self.period_on_workday = period_on_workday

    def deadlines(self, text: str, *, loose: bool = False) -> list[phrases.Deadline]:
        """Deadline phrases read with the office's calendar and settings, as `add --due` reads them."""
        return phrases.find_deadlines(
            text,
            base=self.meeting_date,
            calendar_=self.calendar,
            loose=loose,
            period_on_workday=self.period_on_workday,
        )

    def due(self, text: str, *, loose: bool = False) -> DueReading:
        found = self.deadlines(text, loose=loose)
        best = phrases.best_deadline(found)
        if best is None:
            return DueReading()
        return DueReading(
            best.day.isoformat() if best.day else "",
            best.phrase,
            best.note,
            _KINDS[best.kind],
            best.recurrence,
        )

    def matches(self, hits: list[NameHit], partners: list[NameHit]) -> tuple[str, str, list[UnitMatch]]:
        """(collective kind, collective word, units): a collective first name expands to its members."""
        collective = word = ""
        out: list[UnitMatch] = []
        group = [h for h in hits if h.kind == COLLECTIVE and h.collective != "organisations"]
        rest = hits
        if hits and hits[0] in group:
            kinds = {h.collective for h in group}
            collective = group[0].collective if len(kinds) == 1 else "all_units"
            word = "、".join(h.text for h in group)
            out += self.directory.members(collective, word)
            rest = [h for h in hits if h not in group]
        for hit in rest + partners:
            if hit.kind == COLLECTIVE:
                out += [replace(m, via="") for m in self.directory.members(hit.collective, hit.text)]
            else:
                out.append(hit.match)
        return collective, word, unique_matches(out)

    def general(self, requirement: str) -> bool:
        """True when the requirement is only an exhortation ("要进一步明确任务、压紧责任")."""
        for token in self.segmenter.cut(EXHORTATION.sub("", requirement)):
            word = token.word
            if not word.strip() or token.flag in ("x", "m", UNIT_TAG, COLLECTIVE_TAG) or _generic(word):
                continue
            if len(word) == 1 and not token.flag.startswith("n"):
                continue
            return False
        return True

    def draft(
        self,
        *,
        paragraph: int,
        source: str,
        requirement: str,
        subject: str,
        hits: list[NameHit],
        partners: list[NameHit],
        span: tuple[int, int],
        origin: str,
        section: str,
        due: DueReading,
        title: str = "",
        context: str = "",
    ) -> Draft:
        collective, word, units = self.matches(hits, partners)
        requirement = requirement.strip("，,；;。 　")
        ids, words = link_indicators(context or source, self.indicators)
        draft = Draft(
            index=0,
            paragraph=paragraph + 1,
            source=source,
            requirement=requirement[:5000],
            title=(title or title_of(requirement))[:TITLE_MAX],
            section=section,
            subject=subject,
            collective=collective,
            units=units,
            due=due.due,
            due_phrase=due.phrase,
            due_note=due.note,
            indicator_ids=ids,
            indicator_words=words,
            span=list(span),
            origin=origin,
            collective_word=word,
            due_kind=due.kind,
            recurrence=due.recurrence,
        )
        if origin == FROM_SPEECH and self.general(requirement):
            draft.general, draft.keep = True, False
        return draft

    def responsibility_hits(self, found: Responsibility) -> tuple[list[NameHit], list[NameHit]]:
        leads = [h for text in found.leads for h in self.directory.cell(text)]
        partners = [h for text in found.partners for h in self.directory.cell(text)]
        if not leads:
            leads, partners = partners[:1], partners[1:]
        return leads, partners

    def add_responsibility(self, draft: Draft, found: Responsibility) -> None:
        """A bracket after a sentence that already named its unit: partners and a deadline join that draft."""
        leads, partners = self.responsibility_hits(found)
        if not draft.lead and leads:
            collective, word, units = self.matches(leads, partners)
            known = {m.unit_id for m in units}
            draft.units = units + [m for m in draft.units if m.unit_id is None or m.unit_id not in known]
            draft.collective, draft.collective_word = collective, word
        else:
            _, _, extra = self.matches([], leads + partners)
            known = {m.unit_id for m in draft.units if m.unit_id is not None}
            draft.units += [m for m in extra if m.unit_id is None or m.unit_id not in known]
        if found.due and draft.due_kind in ("", DUE_DEFAULT, DUE_SOON):
            reading = self.due(found.due, loose=True)
            if reading.kind:
                draft.due, draft.due_phrase, draft.due_note = reading.due, reading.phrase, reading.note
                draft.due_kind, draft.recurrence = reading.kind, reading.recurrence

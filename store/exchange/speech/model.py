"""What an analysis hands to its reviewer: drafted items, milestones mentioned, warnings.

A draft keeps the sentence it came from and the span of the phrase that made it (for highlighting), its
units as the directory resolved them (first named leads), and how its deadline was read. The JSON form keeps
the field names the CLI printed before (index, source, subject, title, lead, partners, unknown, due,
due_phrase, ready) and only adds fields.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from store.exchange.speech.words import COLLECTIVE_LABELS
from store.records.text import echo

# How a draft's deadline was read.
DUE_DATE = "date"  # an explicit date or period in the text
DUE_RECURRING = "recurring"  # 每月5日前: due is the first occurrence
DUE_ONGOING = "ongoing"  # 长期坚持: no deadline; due is the date it is first checked
DUE_SOON = "soon"  # 近期, 尽快: estimated
DUE_DEFAULT = "default"  # nothing said: the next milestone or the year end
DUE_EDITED = "edited"  # set by hand in review

# Where a draft came from.
FROM_SPEECH = "speech"  # a sentence: "X要……"
FROM_BRACKET = "bracket"  # a task followed by "（X牵头，Y配合，……）"
FROM_LABELS = "labels"  # a task followed by "牵头单位：X" lines
FROM_TABLE = "table"  # a row of a 任务分工 table


@dataclass
class UnitMatch:
    """A name as written and what the unit directory made of it; `via` is the collective it came from."""

    text: str
    unit_id: int | None = None
    unit: str = ""
    problem: str = ""
    candidates: list[str] = field(default_factory=list)
    via: str = ""


def unique_matches(matches: list[UnitMatch]) -> list[UnitMatch]:
    """Each known unit once (first mention wins); unknown names all kept."""
    seen: set[int] = set()
    out: list[UnitMatch] = []
    for m in matches:
        if m.unit_id is None or m.unit_id not in seen:
            out.append(m)
            if m.unit_id is not None:
                seen.add(m.unit_id)
    return out


@dataclass
class Draft:
    """One drafted item: the requirement, its units (first named leads), a proposed deadline, links."""

    index: int
    paragraph: int
    source: str
    requirement: str
    title: str
    section: str = ""
    subject: str = ""
    carried: bool = False
    collective: str = ""
    units: list[UnitMatch] = field(default_factory=list)
    due: str = ""
    due_phrase: str = ""
    due_note: str = ""
    indicator_ids: list[int] = field(default_factory=list)
    indicator_words: list[str] = field(default_factory=list)
    keep: bool = True
    span: list[int] = field(default_factory=list)
    origin: str = FROM_SPEECH
    general: bool = False
    collective_word: str = ""
    narrowed: bool = False
    due_kind: str = ""
    recurrence: str = ""

    @property
    def unknown(self) -> list[str]:
        return [m.text for m in self.units if m.unit_id is None]

    @property
    def members(self) -> list[UnitMatch]:
        """The units a collective subject stands for (all of them until narrowed in review)."""
        return [m for m in self.units if self.collective and m.via == self.collective_word and m.unit_id]

    @property
    def collective_lead(self) -> bool:
        """True while the lead is a collective word (各成员单位, 各乡镇) rather than named units."""
        return bool(self.collective) and not self.narrowed

    @property
    def lead(self) -> str:
        if self.collective_lead:
            return COLLECTIVE_LABELS.get(self.collective, self.collective_word)
        first = self.units[:1]
        return first[0].unit if first and first[0].unit_id is not None else ""

    @property
    def partners(self) -> list[str]:
        if self.collective_lead:
            found = [m.unit for m in self.units if m.unit_id is not None and m.via != self.collective_word]
        else:
            found = [m.unit for m in self.units[1:] if m.unit_id is not None]
        return list(dict.fromkeys(u for u in found if u != self.lead))

    @property
    def problems(self) -> list[str]:
        """What keeps the draft from being imported; an unknown partner does not (see `notices`)."""
        out: list[str] = []
        if self.collective_lead and self.collective not in ("all_units", "all_townships"):
            out.append(f"「{echo(self.collective_word)}」是泛指，请选定具体单位")
        elif not self.collective_lead:
            first = self.units[0] if self.units else None
            if first is not None and first.unit_id is None:
                out.append(f"单位「{echo(first.text)}」：{first.problem}")
            if not self.lead:
                out.append("没有识别出承办单位")
        if not self.due:
            out.append("没有期限")
        return out

    @property
    def notices(self) -> list[str]:
        """Names that do not block the draft but need a look: unknown partners (新增单位 or 设为别名)."""
        blocking = self.units[0].text if self.units and not self.collective_lead else None
        return [f"单位「{echo(m.text)}」：{m.problem}" for m in self.units if m.unit_id is None and m.text != blocking]

    @property
    def ready(self) -> bool:
        return self.keep and not self.problems

    def as_json(self) -> dict[str, Any]:
        out = asdict(self)
        out.update(
            lead=self.lead,
            partners=self.partners,
            unknown=self.unknown,
            problems=self.problems,
            notices=self.notices,
            ready=self.ready,
        )
        return out


@dataclass
class MilestoneHint:
    name: str
    date: str
    phrase: str
    source: str


@dataclass
class Analysis:
    """All drafts of a speech, the milestones it mentions, and warnings (such as an earlier import)."""

    meeting_title: str
    meeting_date: str
    digest: str
    drafts: list[Draft]
    milestones: list[MilestoneHint]
    warnings: list[str]
    suggested_title: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "meeting_title": self.meeting_title,
            "meeting_date": self.meeting_date,
            "digest": self.digest,
            "drafts": [d.as_json() for d in self.drafts],
            "milestones": [asdict(m) for m in self.milestones],
            "warnings": self.warnings,
            "suggested_title": self.suggested_title,
        }

"""What review does with drafts (merge, split, narrow a collective) and how accepted drafts are saved.

Saving is one transaction (one undo step): the meeting, every ready draft as an item, the milestones the
text mentioned. A collective lead (各成员单位, 各乡镇) is saved as the repository's collective item unless the
reviewer narrowed it to named units; then the first of them leads.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from copy import deepcopy
from typing import TYPE_CHECKING, Any

from store.errors import SupervisorError
from store.exchange.speech.model import Analysis, Draft
from store.records.text import clean_text

if TYPE_CHECKING:
    from store.commands.repository import Repository


def digest_of(text: str) -> str:
    """A fingerprint of the speech that ignores spacing, so the same speech pasted twice is recognised."""
    norm = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


def merge(drafts: list[Draft], first: int, second: int) -> list[Draft]:
    """Join draft `second` into `first` (requirements joined, units united); returns the new list, renumbered.

    Copies made by `split_by_unit` share their text, so merging them back gives the draft they came from."""
    a = next(d for d in drafts if d.index == first)
    b = next(d for d in drafts if d.index == second)
    if b.requirement not in a.requirement:
        a.requirement = f"{a.requirement}；{b.requirement}"
    if b.source not in a.source:
        a.source = f"{a.source}{b.source}"
    known = {m.text for m in a.units}
    a.units.extend(m for m in b.units if m.text not in known)
    a.indicator_ids = list(dict.fromkeys(a.indicator_ids + b.indicator_ids))
    a.indicator_words = list(dict.fromkeys(a.indicator_words + b.indicator_words))
    if b.due and (not a.due or b.due < a.due):
        a.due, a.due_phrase, a.due_note = b.due, b.due_phrase, b.due_note
        a.due_kind, a.recurrence = b.due_kind, b.recurrence
    return _renumbered([d for d in drafts if d.index != second])


def _renumbered(drafts: list[Draft]) -> list[Draft]:
    for number, draft in enumerate(drafts, start=1):
        draft.index = number
    return drafts


def narrow(draft: Draft, unit_ids: list[int]) -> Draft:
    """Keep only these members of a collective subject, in this order (the first leads); partners stay."""
    if not draft.collective:
        raise SupervisorError("这条草稿的承办单位不是泛指，无需缩小范围")
    members = {m.unit_id: m for m in draft.members}
    chosen = [members[i] for i in unit_ids if i in members]
    if not chosen:
        raise SupervisorError("请至少保留一个单位")
    others = [m for m in draft.units if m.via != draft.collective_word]
    draft.units = chosen + others
    draft.narrowed = len(chosen) < len(members) or draft.collective not in ("all_units", "all_townships")
    return draft


def split_by_unit(drafts: list[Draft], index: int) -> list[Draft]:
    """Replace draft `index` by one draft per known unit, each unit leading its own copy."""
    position = next(i for i, d in enumerate(drafts) if d.index == index)
    original = drafts[position]
    units = [m for m in original.units if m.unit_id is not None]
    if len(units) < 2:
        raise SupervisorError("这条草稿只有一个单位，无需拆分")
    copies: list[Draft] = []
    for unit in units:
        copy = deepcopy(original)
        copy.units = [deepcopy(unit)]
        copy.collective = copy.collective_word = ""
        copy.narrowed = False
        copies.append(copy)
    return _renumbered(drafts[:position] + copies + drafts[position + 1 :])


def accept_drafts(
    repo: Repository,
    analysis: Analysis,
    *,
    meeting_title: str,
    meeting_date: str,
    meeting_kind: str = "部署会",
    source_text: str = "",
) -> dict[str, Any]:
    """Save the meeting and every ready draft as items, in one transaction (one undo step)."""
    chosen = [d for d in analysis.drafts if d.ready]
    if not chosen:
        raise SupervisorError("没有可以导入的草稿（每条都需要识别出单位和期限）")
    label = f"导入讲话：{meeting_title[:20]}（{len(chosen)}项）"
    numbers: list[str] = []
    with repo.transaction(label, "import-speech"):
        meeting = repo.add_meeting(meeting_title, meeting_date, kind=meeting_kind, source_text=source_text)
        for d in chosen:
            item = repo.add_item(
                d.title or d.requirement[:30],
                d.lead,
                d.due,
                partners=d.partners,
                meeting=meeting["id"],
                indicators=d.indicator_ids,
                requirement=d.requirement,
                assigned_on=meeting["date"],
                note=f"据讲话：{d.source[:200]}",
            )
            numbers.append(item["number"])
        for hint in analysis.milestones:
            if not any(m["name"] == hint.name and m["date"] == hint.date for m in repo.milestones()):
                repo.add_milestone(hint.name, hint.date)
    skipped = [d.index for d in analysis.drafts if not d.ready]
    return {"meeting_id": meeting["id"], "items": numbers, "skipped": skipped, "label": label}


def known_digests(repo: Repository) -> dict[str, str]:
    """Fingerprints of speeches already stored with meetings, to warn before a second import."""
    out: dict[str, str] = {}
    for m in repo.meetings():
        if m["source_text"]:
            out[digest_of(clean_text(m["source_text"]))] = m["title"]
    return out

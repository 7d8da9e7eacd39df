"""Reviewing drafts: what a reviewer may change in a draft, and how a draft reads to a person.

The command line and the TUI review screen both call these, so a draft's state (可导入 / 需处理 / 一般要求 /
不导入), its deadline in words and the unknown names to add read the same in both. A name added to the
directory (新增单位, 设为别名) is taken up by `resolve_again`; nothing here writes to the repository.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from store.calendar.dates import format_cn
from store.calendar.phrases import RECURRENCE_LABELS
from store.exchange.speech.meeting import meeting_name
from store.exchange.speech.model import (
    DUE_DEFAULT,
    DUE_EDITED,
    DUE_ONGOING,
    DUE_RECURRING,
    DUE_SOON,
    Analysis,
    Draft,
    UnitMatch,
    unique_matches,
)
from store.exchange.speech.names import UNIT, Directory, clean_name, match_unit
from store.records.model import Unit
from store.records.units import collective_of

READY = "可导入"
TO_DO = "需处理"
GENERAL = "一般要求"
DROPPED = "不导入"
_DUE_TAGS = {DUE_ONGOING: "长期", DUE_SOON: "估计", DUE_DEFAULT: "暂定", DUE_EDITED: "已改"}


def state(draft: Draft) -> str:
    """可导入, 需处理 (kept but something is missing), 一般要求 (an exhortation, left out) or 不导入 (dropped)."""
    if not draft.keep:
        return GENERAL if draft.general else DROPPED
    return READY if draft.ready else TO_DO


def count_states(drafts: list[Draft]) -> dict[str, int]:
    counts = dict.fromkeys((READY, TO_DO, GENERAL, DROPPED), 0)
    for d in drafts:
        counts[state(d)] += 1
    return counts


def summary(drafts: list[Draft]) -> str:
    """ "共7条草稿：可导入3条，需处理2条，一般要求2条（不导入）" — the one line both front ends print."""
    counts = count_states(drafts)
    parts = [f"可导入{counts[READY]}条"]
    if counts[TO_DO]:
        parts.append(f"需处理{counts[TO_DO]}条")
    if counts[GENERAL]:
        parts.append(f"一般要求{counts[GENERAL]}条（不导入）")
    if counts[DROPPED]:
        parts.append(f"不导入{counts[DROPPED]}条")
    return f"共{len(drafts)}条草稿：" + "，".join(parts)


def due_tag(draft: Draft) -> str:
    """A word after the date in a narrow column: 每月 (recurring), 长期, 估计, 暂定, 已改; '' for a plain date."""
    if draft.due_kind == DUE_RECURRING:
        return RECURRENCE_LABELS.get(draft.recurrence, "定期")
    return _DUE_TAGS.get(draft.due_kind, "")


def due_text(draft: Draft) -> str:
    """The deadline in words with where it came from: 每月一次，首次2026年4月5日（“每月5日前”）."""
    if not draft.due:
        return "（无）"
    phrase = f"“{draft.due_phrase}”" if draft.due_phrase else ""
    said = "，".join(x for x in (phrase if phrase not in draft.due_note else "", draft.due_note) if x)
    said = f"（{said}）" if said else ""
    day = format_cn(draft.due)
    if draft.due_kind == DUE_RECURRING:
        every = RECURRENCE_LABELS.get(draft.recurrence, "定期")
        return f"{every}一次，首次{day}{said}"
    return f"{day}{said}"


def meeting_title(analysis: Analysis) -> str:
    """The meeting's name when the user gave none: from the text's own title, else the meeting day."""
    return meeting_name(analysis.suggested_title) or f"{format_cn(analysis.meeting_date)}会议"


def set_units(draft: Draft, lead: str, partners: list[str], units: list[Unit]) -> Draft:
    """Units typed by the reviewer (the lead may be 各成员单位 / 各乡镇); unknown partners already noted stay noted."""
    directory = Directory(units)
    kind = collective_of(lead)
    found: list[UnitMatch] = directory.members(kind, lead) if kind else [match_unit(lead, units)]
    for name in partners:
        if collective_of(name):
            found += [replace(m, via="") for m in directory.members(collective_of(name), name)]
        else:
            found.append(match_unit(name, units))
    old_lead = draft.units[0].text if draft.units and not draft.collective_lead else ""
    found += [m for m in draft.units if m.unit_id is None and m.text != old_lead and m.text != lead]
    draft.units = unique_matches(found)
    draft.collective, draft.collective_word, draft.narrowed = kind, lead if kind else "", False
    return draft


def set_due(draft: Draft, day: date | str) -> Draft:
    """A deadline set by hand; what the text said is kept in the note."""
    was = f"（原文“{draft.due_phrase}”）" if draft.due_phrase else ""
    draft.due = day if isinstance(day, str) else day.isoformat()
    draft.due_phrase, draft.due_note = "", f"已人工修改{was}"
    draft.due_kind, draft.recurrence = DUE_EDITED, ""
    return draft


def unknown_names(drafts: list[Draft]) -> dict[str, list[int]]:
    """Names the directory does not know, in order of appearance, with the drafts that mention them."""
    out: dict[str, list[int]] = {}
    for d in drafts:
        for name in d.unknown:
            out.setdefault(name, []).append(d.index)
    return out


def leads_unknown(draft: Draft, name: str) -> bool:
    """True when this unknown name is the draft's lead (the draft waits for it), not a partner."""
    return not draft.collective_lead and bool(draft.units) and draft.units[0].text == name


def directory_name(written: str) -> str:
    """The name to add to the directory for a name as written ("相关县城投公司等" → 县城投公司)."""
    return clean_name(written.strip()) or written.strip()


def resolve_again(drafts: list[Draft], units: list[Unit]) -> list[str]:
    """After 新增单位, 设为别名 or an undo of them: every name is resolved again against the directory as it
    now is (as strictly as the analysis did). Returns the names that were unknown and are now known."""
    directory = Directory(units)
    ids = {u["id"] for u in directory.units}
    resolved: list[str] = []
    for d in drafts:
        found: list[UnitMatch] = []
        for m in d.units:
            if m.via and m.unit_id is not None:  # a member of a collective: kept while the unit exists
                found += [m] if m.unit_id in ids else []
                continue
            now = _match_again(directory, m)
            found.append(replace(now, text=m.text, via=m.via))
            if m.unit_id is None and now.unit_id is not None:
                resolved.append(m.text)
        d.units = unique_matches(found)
    return list(dict.fromkeys(resolved))


def _match_again(directory: Directory, m: UnitMatch) -> UnitMatch:
    """As the analysis reads the name; a name the reviewer typed (resolved loosely, like the form's check)
    keeps its unit while the directory still gives it."""
    hit = directory.hit(m.text)
    if hit is not None and hit.kind == UNIT:
        return hit.match
    loose = match_unit(m.text, directory.units)
    if loose.unit_id is None or loose.unit_id == m.unit_id:
        return loose
    return hit.match if hit is not None else match_unit(m.text, [])

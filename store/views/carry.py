"""回头看清单: an earlier meeting's items with what became of them — 按期办结, 逾期办结, 结转, 取消, 暂缓, or still
未办结 — for the papers of the next meeting; and how many of a meeting's items were carried on."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from store.calendar.dates import days_phrase, format_cn
from store.records.model import DONE_STATUSES, OPEN_STATUSES, STATUS_LABELS, STATUS_STATES, Item, Meeting, Unit
from store.rules.lights import Policy, effective_due, is_done_late, item_status
from store.views.board import item_row

OUTCOMES = ("按期办结", "逾期办结", "结转", "未办结", "暂缓", "取消")


def items_of_meeting(items: Iterable[Item], meeting_id: int) -> list[Item]:
    """Every item the meeting assigned or took over: followed under it now, or carried on from it."""
    found = [
        i
        for i in items
        if i["meeting_id"] == meeting_id or any(c["from_meeting_id"] == meeting_id for c in i.get("carries", []))
    ]
    return sorted(found, key=lambda i: (i["year"], i["seq"]))


def carried_out(items: Iterable[Item], meeting_id: int) -> int:
    """Items carried on from this meeting to a later one (not counted under it any more)."""
    return sum(
        1
        for i in items
        if i["meeting_id"] != meeting_id and any(c["from_meeting_id"] == meeting_id for c in i.get("carries", []))
    )


def outcome(item: Item, meeting_id: int, meetings: Mapping[int, Meeting], policy: Policy) -> tuple[str, str]:
    """(outcome, note) of one item as seen from the meeting that assigned or took it over."""
    onward = [c for c in item.get("carries", []) if c["from_meeting_id"] == meeting_id]
    status = item_status(item)
    now = STATUS_STATES[status]  # as a sentence says it: 目前已签收
    if onward:
        target = meetings.get(onward[-1]["to_meeting_id"])
        where = f"结转至{target['title']}" if target else "结转至以后的会议"
        return "结转", f"{format_cn(onward[-1]['date'])}{where}，目前{now}"
    if status in DONE_STATUSES:
        late = any(is_done_late(a) for a in item["assignments"])
        done_on = max((a["done_on"] for a in item["assignments"] if a["done_on"]), default="")
        return ("逾期办结" if late else "按期办结"), f"{format_cn(done_on)}办结" if done_on else ""
    if status in ("cancelled", "suspended"):
        return STATUS_LABELS[status], ""
    open_dues = [effective_due(a) for a in item["assignments"] if a["status"] in OPEN_STATUSES]
    due = min(open_dues) if open_dues else ""
    phrase = days_phrase(date.fromisoformat(due), policy.today, policy.calendar) if due else ""
    return "未办结", f"目前{now}，{phrase}" if phrase else f"目前{now}"


def review_rows(
    items: Iterable[Item], meeting_id: int, meetings: Mapping[int, Meeting], policy: Policy, units: dict[int, Unit]
) -> list[dict[str, Any]]:
    """The 回头看清单's rows: number, title, lead, deadline, outcome and note."""
    rows = []
    for n, item in enumerate(items_of_meeting(items, meeting_id), start=1):
        row = item_row(item, policy, units)
        result, note = outcome(item, meeting_id, meetings, policy)
        dues = [effective_due(a) for a in item["assignments"]]
        rows.append(
            {
                "no": str(n),
                "number": item["number"],
                "title": item["title"],
                "lead": row.lead,
                "due": format_cn(max(dues)) if dues else "",
                "outcome": result,
                "note": note,
            }
        )
    return rows


def outcome_counts(rows: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    counts = Counter(r["outcome"] for r in rows)
    return {name: counts.get(name, 0) for name in OUTCOMES}

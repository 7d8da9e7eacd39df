"""回头看 carry-over: the open items of an earlier meeting are linked to a later one — same number, history,
lateness and shares — so the new meeting's boards and papers follow them, and each is counted once (under the
meeting it is followed at now). One transaction, so one undo step removes the whole carry."""

from __future__ import annotations

from dataclasses import dataclass

from store.calendar import dates
from store.commands.lifecycle import LifecycleCommands
from store.errors import RuleError
from store.records.model import OPEN_STATUSES, Carry, Item, Meeting
from store.records.values import json_copy


@dataclass
class CarryResult:
    """The items carried (or, in a dry run, that would be) from one meeting to the other."""

    source: Meeting
    target: Meeting
    numbers: list[str]
    dry_run: bool

    def as_json(self) -> dict[str, object]:
        return {
            "from": {"id": self.source["id"], "title": self.source["title"], "date": self.source["date"]},
            "to": {"id": self.target["id"], "title": self.target["title"], "date": self.target["date"]},
            "items": self.numbers,
            "dry_run": self.dry_run,
        }


def open_items_of(items: list[Item], meeting_id: int) -> list[Item]:
    """The items now followed under the meeting that still have an open share, by number."""
    found = [
        i
        for i in items
        if i["meeting_id"] == meeting_id and any(a["status"] in OPEN_STATUSES for a in i["assignments"])
    ]
    return sorted(found, key=lambda i: (i["year"], i["seq"]))


class CarryCommands(LifecycleCommands):
    """结转 (回头看)."""

    def carry_over(self, source_ref: str | int, target_ref: str | int, *, dry_run: bool = False) -> CarryResult:
        """Link every open item of `source_ref` to `target_ref`; the dry run only says which."""
        source = self.resolve_meeting(source_ref)
        target = self.resolve_meeting(target_ref)
        if source["id"] == target["id"]:
            raise RuleError("结转的前后两次会议不能是同一次会议")
        if target["date"] < source["date"]:
            raise RuleError(
                f"「{target['title']}」（{dates.format_cn(target['date'])}）早于「{source['title']}」，只能结转到以后的会议"
            )
        items = open_items_of(self.items(), source["id"])
        if not items:
            raise RuleError(f"「{source['title']}」没有未办结的事项，无需结转")
        result = CarryResult(source, target, [i["number"] for i in items], dry_run)
        if dry_run:
            return result
        day = min(target["date"], self.today.isoformat())  # the new meeting's day, or today before it is held
        operator = self.settings()["operator"]
        note = f"从「{source['title']}」结转至「{target['title']}」继续督办"
        with self.transaction(f"结转{len(items)}项：会议{source['id']}→会议{target['id']}", "meeting carry"):
            for item in items:
                doc = json_copy(item)
                carry: Carry = {
                    "from_meeting_id": source["id"],
                    "to_meeting_id": target["id"],
                    "date": day,
                    "recorded_by": operator,
                    "recorded_at": dates.now_stamp(),
                }
                doc["carries"] = [*doc.get("carries", []), carry]
                doc["meeting_id"] = target["id"]
                for share in doc["assignments"]:
                    if share["status"] in OPEN_STATUSES:
                        self._event(share, "结转", max(day, share["assigned_on"]), note)
                self._put("items", doc["id"], doc)
        return result

"""督办事项: numbering, recording an item with its shares (承办), and editing what is not a lifecycle step.

The lifecycle steps (签收, 进展, 催办, 延期, 办结, 退回, 销号, 取消) are in store.commands.lifecycle.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import date
from typing import Any, TypedDict, Unpack, cast

from store.calendar import dates
from store.commands.indicators import IndicatorCommands
from store.commands.meetings import MeetingCommands
from store.errors import NotFoundError, ValidationError
from store.records.model import COLLECTIVE_LABELS, OPEN_STATUSES, Assignment, Item, Role
from store.records.text import TEXT_MAX, TITLE_MAX, echo, require_text
from store.records.units import collective_of
from store.records.values import json_copy
from store.storage.lines import find_number, records_naming


class ItemChanges(TypedDict, total=False):
    """What `edit_item` may change; `due` moves every open share's deadline (other date changes are 延期)."""

    title: str
    requirement: str
    key: bool
    meeting: str | int | None
    indicators: Iterable[str | int]
    due: str


class ItemCommands(MeetingCommands, IndicatorCommands):
    """督办事项 and their shares."""

    def items(self) -> list[Item]:
        return cast(list[Item], self._all("items"))

    def _item_id(self, number: str) -> int | None:
        """The record id of an item number: from the index once it is built, else straight from the file's lines
        when they can tell (store.storage.lines.find_number), else from the index, built now."""
        if self._item_numbers is None:
            known, doc_id = find_number(self._raw("items"), number)
            if known:
                return doc_id
        return self._item_index().get(number)

    def items_naming_unit(self, unit_id: int) -> list[Item]:
        """The working-set items that may have a share for this unit (all that do, perhaps a few more: filter them
        with the view), decoding only those records: `list --unit` at 100,000 items reads ~700, not 7,000."""
        if "items" in self._tables:
            return self.items()
        found = records_naming(self._raw("items"), "unit_id", unit_id)
        return [cast(Item, {**doc, "id": int(key)}) for key, doc in found.items()]

    def saved_item(self, doc_id: int) -> Item:
        """The item a command just wrote, by its record id: after a write the file's lines no longer say where a
        number is, and building the number index would cost more than the write itself at 100,000 items."""
        return cast(Item, self._get("items", doc_id))

    def item(self, number: str) -> Item:
        key = normalise_number(number)
        doc_id = self._item_id(key)
        if doc_id is None:
            raise NotFoundError(f"没有编号为「{echo(number)}」的督办事项")
        return cast(Item, self._get("items", doc_id))

    def add_item(
        self,
        title: str,
        lead: str,
        due: str,
        *,
        partners: Iterable[str] = (),
        meeting: str | int | None = None,
        indicators: Iterable[str | int] = (),
        key: bool = False,
        requirement: str = "",
        assigned_on: str | None = None,
        note: str = "",
    ) -> Item:
        """Record a new item: one lead and any partners, or one share per unit for a collective subject."""
        title = require_text("title", "事项标题", title, max_len=TITLE_MAX)
        requirement = require_text(
            "requirement", "工作要求", requirement, max_len=TEXT_MAX, multiline=True, allow_empty=True
        )
        meeting_doc = self.resolve_meeting(meeting) if meeting not in (None, "") else None
        base = date.fromisoformat(meeting_doc["date"]) if meeting_doc else None
        due_iso = self.parse_date(due, field="due").iso
        # 交办 is the meeting day for a meeting's work (not the day it was typed in), never a future day.
        start = assigned_on or min(
            meeting_doc["date"] if meeting_doc else self.today.isoformat(), self.today.isoformat()
        )
        collective = collective_of(lead)
        units = self._shares_of(lead, collective, partners)
        indicator_ids = [self.indicator(int(i))["id"] for i in indicators]
        year = int((meeting_doc["date"] if meeting_doc else start)[:4])
        operator = self.settings()["operator"]
        with self.transaction(f"新增事项：{title[:30]}", "add"):
            number, seq = self._take_number(year)
            doc: Item = {
                "number": number,
                "year": year,
                "seq": seq,
                "title": title,
                "requirement": requirement,
                "meeting_id": meeting_doc["id"] if meeting_doc else None,
                "indicator_ids": indicator_ids,
                "key": bool(key),
                "collective": collective,
                "created_at": dates.now_stamp(),
                "assignments": [new_assignment(uid, role, due_iso, start, operator, note) for uid, role in units],
                "carries": [],
            }
            if base and due_iso < base.isoformat():
                raise ValidationError("due", f"期限{dates.format_cn(due_iso)}早于会议日期{dates.format_cn(base)}")
            doc_id = self._next_id("items")
            self._put("items", doc_id, doc)
        return self.saved_item(doc_id)

    def _shares_of(self, lead: str, collective: str, partners: Iterable[str]) -> list[tuple[int, Role]]:
        """The units an item goes to: the lead (or every unit of a collective subject), then the partners."""
        units: list[tuple[int, Role]] = []
        if collective:
            pool = self.units()
            if collective == "all_townships":
                pool = [u for u in pool if u["kind"] == "township"]
            if not pool:
                raise ValidationError("lead", f"单位名录中没有{COLLECTIVE_LABELS[collective]}，请先录入单位")
            units = [(u["id"], "lead") for u in pool]
        else:
            units.append((self.resolve_unit(lead)["id"], "lead"))
        for name in partners:
            if not str(name).strip():
                continue
            if collective_of(str(name)):
                raise ValidationError("partners", "配合单位不能是泛指（各成员单位、各乡镇），请作为牵头单位填写")
            unit = self.resolve_unit(str(name))
            if any(uid == unit["id"] for uid, _ in units):
                if any(uid == unit["id"] and role == "lead" for uid, role in units):
                    raise ValidationError("partners", f"「{unit['name']}」已是牵头单位，不能同时作为配合单位")
                continue
            units.append((unit["id"], "partner"))
        return units

    def _take_number(self, year: int) -> tuple[str, int]:
        """The next free item number of the year (2023-07) and its sequence; the counter moves on."""
        seqs = dict(self._meta()["item_seq"])
        seq = int(seqs.get(str(year), 0)) + 1
        while self._item_id(f"{year}-{seq:02d}") is not None:
            seq += 1
        seqs[str(year)] = seq
        self._set_meta(item_seq=seqs)
        return f"{year}-{seq:02d}", seq

    def edit_item(self, number: str, **values: Unpack[ItemChanges]) -> Item:
        """Change title, requirement, key flag, meeting or indicators; dates go through extensions."""
        item = self._editable(number)
        given: dict[str, Any] = dict(values)  # checked one by one below, unknown names refused
        for name, value in given.items():
            if name == "title":
                item["title"] = require_text("title", "事项标题", value, max_len=TITLE_MAX)
            elif name == "requirement":
                item["requirement"] = require_text(
                    "requirement", "工作要求", value, max_len=TEXT_MAX, multiline=True, allow_empty=True
                )
            elif name == "key":
                item["key"] = bool(value)
            elif name == "meeting":
                item["meeting_id"] = self.resolve_meeting(value)["id"] if value not in (None, "") else None
            elif name == "indicators":
                item["indicator_ids"] = [self.indicator(int(i))["id"] for i in value]
            elif name == "due":
                due_iso = self.parse_date(value, field="due").iso
                for a in item["assignments"]:
                    if a["status"] in OPEN_STATUSES:
                        a["due"] = due_iso
            else:
                raise ValidationError(name, f"不能修改字段：{name}")
        self._save("items", item["id"], item, f"修改事项 {number}", "edit")
        return self.saved_item(item["id"])

    def _editable(self, number: str) -> Item:
        return json_copy(self.item(number))


def new_assignment(unit_id: int, role: Role, due: str, assigned_on: str, operator: str, note: str = "") -> Assignment:
    """A fresh share: 交办 on `assigned_on`, due on `due`, with its first event recorded."""
    return {
        "unit_id": unit_id,
        "role": role,
        "status": "assigned",
        "assigned_on": assigned_on,
        "due": due,
        "acknowledged_on": "",
        "done_on": "",
        "closed_on": "",
        "done_late": False,
        "progress": [],
        "reminders": [],
        "extensions": [],
        "events": [
            {
                "date": assigned_on,
                "action": "交办",
                "note": note,
                "recorded_by": operator,
                "recorded_at": dates.now_stamp(),
            }
        ],
    }


def normalise_number(text: str) -> str:
    """'2023-7', '2023－07' and ' 2023-07 ' all name item 2023-07."""
    s = unicodedata.normalize("NFKC", str(text)).strip()
    year, sep, seq = s.partition("-")
    if sep and year.isdigit() and seq.isdigit():
        return f"{int(year)}-{int(seq):02d}"
    return s

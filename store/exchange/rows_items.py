"""Importing the 督办事项 sheet, with the 承办情况 rows of each item.

An item with the same 编号 is kept as it is when the row (and its share rows) match it, and refused otherwise:
the import never rewrites an item. A new item keeps the 编号 its row gives (items that keep their number go
first, so a new number can never take one a later row asks for), or gets the next free one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, cast

from store.calendar import dates
from store.commands.archive import number_year
from store.commands.repository import normalise_number
from store.errors import SupervisorError
from store.exchange.rows_cells import Row, cell_text
from store.exchange.rows_shares import ShareRows
from store.exchange.sheets import split_list
from store.records.model import COLLECTIVE_LABELS, ROLE_LABELS, Assignment, Item, Unit
from store.records.text import TEXT_MAX, TITLE_MAX, echo
from store.records.units import collective_of
from store.records.values import json_copy
from store.views import board as views

ITEM_FIELDS = {
    "title": "标题",
    "requirement": "工作要求",
    "lead": "牵头单位",
    "partners": "配合单位",
    "due": "期限",
    "meeting": "会议",
}


@dataclass
class ItemDraft:
    """A 督办事项 row read and resolved, before it becomes an item."""

    row: Row
    number: str
    title: str = ""
    collective: str = ""
    lead: Unit | None = None
    partners: list[Unit] = field(default_factory=list)
    due: str = ""
    meeting_id: int | None = None
    key: bool = False
    requirement: str = ""
    indicator_ids: list[int] = field(default_factory=list)

    @property
    def lead_name(self) -> str:
        """The lead as an item names it: 各成员单位 (or another collective) or the lead unit's name."""
        if self.collective:
            return COLLECTIVE_LABELS[self.collective]
        return self.lead["name"] if self.lead else ""


class ItemRows(ShareRows):
    """督办事项, each with its 承办情况 rows."""

    def _item_number(self, row: Row) -> str:
        """The 编号 cell as '2026-07', '' when empty; Excel's habit of turning 2026-07 into a date is undone."""
        if not row.has("编号") or row.blank("编号"):
            return ""
        value = row.raw("编号")
        if isinstance(value, datetime | date) and value.day == 1:
            text = f"{value.year}-{value.month:02d}"
        else:
            text = normalise_number(cell_text(value))
        match = re.fullmatch(r"(\d{4})-(\d+)", text)
        if not match or not dates.MIN_YEAR <= int(match[1]) <= dates.MAX_YEAR or int(match[2]) < 1:
            row.error("编号", f"编号「{echo(cell_text(value))}」应写成“年份-序号”，如 2026-07；新增事项可留空")
            return ""
        return text

    def _draft(self, row: Row) -> ItemDraft:
        draft = ItemDraft(row, self._item_number(row))
        draft.title = self.text(row, "标题", "事项标题", TITLE_MAX, required=True)
        lead_text = self.text(row, "牵头单位", "牵头单位", 200, required=True)
        if lead_text:
            draft.collective = collective_of(lead_text)
            if not draft.collective:
                names = split_list(lead_text)
                if len(names) > 1:
                    row.error("牵头单位", "牵头单位只能填一个，其余单位请填在“配合单位”中")
                else:
                    draft.lead = self.unit(row, "牵头单位", names[0])
        draft.partners = self.units(row, "配合单位") if row.has("配合单位") else []
        if draft.lead is not None and any(u["id"] == draft.lead["id"] for u in draft.partners):
            row.error("配合单位", f"「{draft.lead['name']}」已是牵头单位，不能同时作为配合单位")
        if draft.collective and draft.partners:
            row.error("配合单位", f"牵头单位为{COLLECTIVE_LABELS[draft.collective]}时不填配合单位")
        draft.due = self.date(row, "期限", required=True)
        draft.meeting_id = self.meeting_ref(row, "会议") if row.has("会议") else None
        draft.key = self.boolean(row, "重点") if row.has("重点") else False
        draft.requirement = (
            self.text(row, "工作要求", "工作要求", TEXT_MAX, multiline=True) if row.has("工作要求") else ""
        )
        if row.has("关联指标"):
            for name in split_list(self.text(row, "关联指标", "关联指标", 5000)):
                ind = self.indicator_by_name(row, "关联指标", name)
                if ind is not None and ind["id"] not in draft.indicator_ids:
                    draft.indicator_ids.append(ind["id"])
        return draft

    def _items(self, item_rows: list[Row], share_rows: list[Row]) -> None:
        groups: dict[str, list[Row]] = {}
        for row in share_rows:
            number = self._item_number(row)
            if number:
                groups.setdefault(number, []).append(row)
            elif not row.failed:
                row.error("编号", "请填写这条承办记录所属事项的编号")
        drafts: list[ItemDraft] = []
        seen: dict[str, int] = {}
        for row in item_rows:
            draft = self._draft(row)
            if draft.number:
                if draft.number in seen:
                    row.error("编号", f"编号{draft.number}与第{seen[draft.number]}行重复")
                    continue
                seen[draft.number] = row.number
            drafts.append(draft)
        # Items that keep their number go first, so a new number can never take one a later row asks for.
        drafts.sort(key=lambda d: (not d.number, d.row.number))
        # An archived item (年度台账) keeps its number: a row naming it is checked against it, never added twice.
        numbered = [d.number for d in drafts if d.number] + list(groups)
        years = {y for n in numbered if (y := number_year(n)) is not None}
        index = {i["number"]: i for i in [*self.repo.items(), *self.repo.archived_items(years)]}
        for draft in drafts:
            shares = groups.pop(draft.number, []) if draft.number else []
            existing = index.get(draft.number) if draft.number else None
            if existing is not None:
                self._same_item(draft, existing)
                self._same_shares(existing, shares)
                continue
            parsed = [(r, self._share(r)) for r in shares]
            if draft.row.failed:
                continue
            self._new_item(draft, parsed)
        for number, rows in groups.items():
            existing = index.get(number)
            if existing is None:
                for row in rows:
                    row.error("编号", f"没有编号为{number}的事项（库中和督办事项表中都没有）")
                continue
            self._same_shares(existing, rows)

    def _same_item(self, draft: ItemDraft, item: Item) -> None:
        """A row whose 编号 exists already: fine when it says what the database says, refused otherwise."""
        row = draft.row
        if row.failed:
            return
        shares = item["assignments"]
        lead = [a["unit_id"] for a in shares if a["role"] == "lead"]
        stored = {
            "标题": item["title"],
            "牵头单位": item["collective"] or tuple(lead),
            "配合单位": tuple(sorted(a["unit_id"] for a in shares if a["role"] == "partner")),
            "期限": views.item_row(item, self.repo.policy(), self.repo.units_by_id()).due,
            "会议": item["meeting_id"],
            "重点": bool(item["key"]),
            "工作要求": item["requirement"],
            "关联指标": tuple(sorted(item["indicator_ids"])),
        }
        given = {
            "标题": draft.title,
            "牵头单位": draft.collective or ((draft.lead["id"],) if draft.lead else ()),
            "配合单位": tuple(sorted(u["id"] for u in draft.partners)),
            "期限": draft.due,
            "会议": draft.meeting_id,
            "重点": draft.key,
            "工作要求": draft.requirement,
            "关联指标": tuple(sorted(draft.indicator_ids)),
        }
        differ = [k for k in stored if row.has(k) and stored[k] != given[k]]
        if differ:
            row.error(
                "编号",
                f"事项{item['number']}已存在，表中的{'、'.join(differ)}与库中不同。"
                "导入不修改已有事项：要新增请清空编号，要修改请在督办台中办理",
            )
            return
        self.outcome.counts["items"]["unchanged"] += 1

    def meeting_ref(self, row: Row, column: str) -> int | None:
        """An item's meeting: '3 会议名称' (the number in this file's 会议 sheet, else in the database) or a title."""
        text = self.text(row, column, "会议", TITLE_MAX + 20)
        if not text:
            return None
        match = re.fullmatch(r"(\d+)(?:\s+(.*))?", text, flags=re.S)
        if match:
            ref = int(match[1])
            if self.meeting_ids is not None:
                meeting_id = self.meeting_ids.get(ref)
                if meeting_id is None:
                    row.error(column, f"会议表中没有编号为{ref}的会议")
                    return None
            else:
                meeting_id = ref
            try:
                meeting = self.repo.meeting(meeting_id)
            except SupervisorError as exc:
                row.error(column, exc.message)
                return None
            title = (match[2] or "").strip()
            if title and title != meeting["title"]:
                row.error(column, f"会议编号{ref}是「{echo(meeting['title'])}」，与表中的名称「{echo(title)}」不一致")
                return None
            return meeting["id"]
        exact = [m for m in self.repo.meetings() if m["title"] == text]
        if len(exact) == 1:
            return exact[0]["id"]
        if exact:
            row.error(column, f"有{len(exact)}次会议都叫「{echo(text)}」，请写成“会议编号 会议名称”")
            return None
        try:
            return self.repo.resolve_meeting(text)["id"]
        except SupervisorError as exc:
            row.error(column, exc.message)
            return None

    def _new_item(self, draft: ItemDraft, shares: list[tuple[Row, dict[str, Any] | None]]) -> None:
        row = draft.row
        starts = [s["交办日期"] for _, s in shares if s and s["交办日期"]]
        start = min(starts) if starts else None
        seqs_before = dict(self.repo._meta()["item_seq"])
        item = self._call(
            row,
            ITEM_FIELDS,
            self.repo.add_item,
            draft.title,
            draft.lead_name,
            draft.due,
            partners=[u["name"] for u in draft.partners],
            meeting=draft.meeting_id,
            indicators=draft.indicator_ids,
            key=draft.key,
            requirement=draft.requirement,
            assigned_on=start,
            note=f"从{self.file_name}导入",
        )
        if item is None:
            return
        doc = cast(dict[str, Any], json_copy(item))
        if draft.number:
            year, seq = (int(part) for part in draft.number.split("-"))
            doc.update(number=draft.number, year=year, seq=seq)
            seqs_before[str(year)] = max(int(seqs_before.get(str(year), 0)), seq)
            self.repo._set_meta(item_seq=seqs_before)
        if shares:
            built = self._build_shares(draft, doc, shares)
            if built is None:
                return
            doc["assignments"] = built
        self.repo._put("items", doc["id"], doc)
        self.outcome.counts["items"]["new"] += 1
        self.outcome.counts["assignments"]["new"] += len(doc["assignments"])
        self._note(row, f"新增事项 {doc['number']} {_short(draft.title)}（牵头 {draft.lead_name}，期限 {draft.due}）")

    def _build_shares(
        self, draft: ItemDraft, doc: dict[str, Any], shares: list[tuple[Row, dict[str, Any] | None]]
    ) -> list[Assignment] | None:
        """The item's assignments exactly as 承办情况 lists them, each with its status, dates and counts."""
        expected: dict[int, str] = {}
        if not draft.collective and draft.lead is not None:
            expected[draft.lead["id"]] = "lead"
            expected.update({u["id"]: "partner" for u in draft.partners})
        failed = False
        seen: dict[int, int] = {}
        built: list[Assignment] = []
        for row, share in shares:
            if share is None:
                failed = True
                continue
            unit = share["unit"]
            if unit["id"] in seen:
                row.error("单位", f"{unit['name']}与第{seen[unit['id']]}行重复")
                failed = True
                continue
            seen[unit["id"]] = row.number
            if draft.collective and share["role"] != "lead":
                row.error("角色", f"牵头单位为{COLLECTIVE_LABELS[draft.collective]}的事项，各承办单位的角色应为牵头")
                failed = True
                continue
            if not draft.collective and unit["id"] not in expected:
                row.error("单位", f"{unit['name']}不是督办事项表第{draft.row.number}行中的牵头或配合单位")
                failed = True
                continue
            if not draft.collective and expected[unit["id"]] != share["role"]:
                role = ROLE_LABELS[expected[unit["id"]]]
                row.error("角色", f"与督办事项表不一致：{unit['name']}在督办事项表中是{role}单位")
                failed = True
                continue
            built.append(self._assignment(doc, share))
        missing = [uid for uid in expected if uid not in seen]
        if missing and not failed:
            units = self.repo.units_by_id()
            names = "、".join(units[uid]["name"] for uid in missing if uid in units)
            draft.row.error("编号", f"承办情况表中缺少{names}的承办记录")
            failed = True
        return None if failed else built


def _short(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"

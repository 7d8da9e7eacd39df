"""Importing the directory sheets: 成员单位 (new units added, known ones updated) and 会议 (kept or added).

A unit with the same full name is updated when the row differs (contact, phone, aliases…); a meeting with the
same title and date is kept as it is. The numbers of the 会议 sheet are remembered, so that the 督办事项 sheet
can name a meeting as "3 会议名称" by its number in the same file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from store.calendar import dates
from store.exchange.rows_cells import Row, RowReader
from store.exchange.sheets import split_list
from store.records.choices import UNIT_KIND
from store.records.model import Unit
from store.records.text import NAME_MAX, TITLE_MAX
from store.records.units import initials_of

UNIT_FIELDS = {
    "name": "名称",
    "short": "简称",
    "kind": "类别",
    "contact": "联系人",
    "phone": "联系电话",
    "aliases": "别名",
}
UNIT_LABELS = {**UNIT_FIELDS, "order": "排序", "active": "停用", "initials": "简拼"}
MEETING_FIELDS = {"title": "会议名称", "date": "日期", "kind": "类型"}


@dataclass
class UnitCells:
    """A 成员单位 row as read: the fields it gives (only its columns), and its 简拼, 排序 and 停用 when given."""

    given: dict[str, Any]
    initials: list[str] | None
    order: int | None
    inactive: bool | None


class UnitRows(RowReader):
    """成员单位 and 会议."""

    def _units(self, rows: list[Row]) -> None:
        seen: dict[str, int] = {}
        for row in rows:
            name = self.text(row, "名称", "单位名称", NAME_MAX, required=True)
            cells = self._unit_cells(row)
            if row.failed:
                continue
            if name in seen:
                row.error("名称", f"与第{seen[name]}行重复")
                continue
            seen[name] = row.number
            existing = next((u for u in self.repo.units(include_inactive=True) if u["name"] == name), None)
            if existing is None:
                self._new_unit(row, name, cells)
            else:
                self._update_unit(row, existing, cells)

    def _unit_cells(self, row: Row) -> UnitCells:
        given: dict[str, Any] = {}
        if row.has("简称"):
            given["short"] = self.text(row, "简称", "单位简称", NAME_MAX)
        if row.has("类别") and not row.blank("类别"):  # blank: 部门 for a new unit, unchanged for a known one
            given["kind"] = self.choice(row, "类别", UNIT_KIND)
        if row.has("联系人"):
            given["contact"] = self.text(row, "联系人", "联系人", 20)
        if row.has("联系电话"):
            given["phone"] = self.text(row, "联系电话", "联系电话", 40)
        if row.has("别名"):
            given["aliases"] = split_list(self.text(row, "别名", "别名", 2000))
        initials = split_list(self.text(row, "简拼", "简拼", 500).lower()) if row.has("简拼") else None
        order = self.integer(row, "排序", "排序", 0, 10_000_000) if row.has("排序") else None
        inactive = self.boolean(row, "停用") if row.has("停用") else None
        return UnitCells(given, initials, order, inactive)

    def _new_unit(self, row: Row, name: str, cells: UnitCells) -> None:
        given = cells.given
        unit = self._call(
            row,
            UNIT_FIELDS,
            self.repo.add_unit,
            name,
            short=given.get("short", ""),
            kind=given.get("kind", "department"),
            contact=given.get("contact", ""),
            phone=given.get("phone", ""),
            aliases=given.get("aliases", ()),
            initials=cells.initials or (),
            order=cells.order,
        )
        if unit is None:
            return
        if cells.inactive:
            self.repo.edit_unit(unit["id"], active=False, initials=unit["initials"])
        self.outcome.counts["units"]["new"] += 1
        self._note(row, f"新增单位 {name}")

    def _update_unit(self, row: Row, existing: Unit, cells: UnitCells) -> None:
        """A known unit takes what the row changes; its 简拼 stay unless the row lists others."""
        tally = self.outcome.counts["units"]
        name, initials = existing["name"], cells.initials
        changed = {k: v for k, v in cells.given.items() if existing[k] != v}  # type: ignore[literal-required]
        if cells.order is not None and cells.order != existing["order"]:
            changed["order"] = cells.order
        if cells.inactive is not None and cells.inactive == existing["active"]:
            changed["active"] = not cells.inactive
        wanted_initials = list(existing["initials"])
        if initials is not None:
            short = cells.given.get("short", existing["short"])
            auto = {initials_of(name)} | ({initials_of(short)} if short else set())
            if set(initials) | auto != set(existing["initials"]):
                wanted_initials = initials
                changed["initials"] = initials
        if not changed:
            tally["unchanged"] += 1
            return
        changed["initials"] = wanted_initials
        if self._call(row, UNIT_FIELDS, self.repo.edit_unit, existing["id"], **changed) is not None:
            tally["updated"] += 1
            shown = "、".join(dict.fromkeys(UNIT_LABELS[k] for k in changed if k != "initials" or initials is not None))
            self._note(row, f"更新单位 {name}（{shown}）")

    def _meetings(self, rows: list[Row]) -> None:
        self.meeting_ids = {}
        seen: dict[tuple[str, str], int] = {}
        seen_ids: dict[int, int] = {}
        tally = self.outcome.counts["meetings"]
        for row in rows:
            file_id = self.integer(row, "编号", "会议编号", 1, 10**9) if row.has("编号") else None
            title = self.text(row, "会议名称", "会议名称", TITLE_MAX, required=True)
            day = self.date(row, "日期", required=True)
            kind = self.text(row, "类型", "会议类型", 20) if row.has("类型") else "部署会"
            if row.failed:
                continue
            if (title, day) in seen:
                row.error("会议名称", f"与第{seen[(title, day)]}行重复")
                continue
            if file_id is not None and file_id in seen_ids:
                row.error("编号", f"会议编号{file_id}与第{seen_ids[file_id]}行重复")
                continue
            seen[(title, day)] = row.number
            existing = next((m for m in self.repo.meetings() if m["title"] == title and m["date"] == day), None)
            if existing is None:
                meeting = self._call(row, MEETING_FIELDS, self.repo.add_meeting, title, day, kind=kind)
                if meeting is None:
                    continue
                tally["new"] += 1
                self._note(row, f"新增会议 {title}（{dates.format_cn(day)}）")
            else:
                meeting = existing
                tally["unchanged"] += 1
            if file_id is not None:
                seen_ids[file_id] = row.number
                self.meeting_ids[file_id] = meeting["id"]

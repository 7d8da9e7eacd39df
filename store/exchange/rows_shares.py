"""Importing the 承办情况 sheet: one row per unit's share of an item, with its status, dates and counts.

A share row is read and checked on its own first (dates in order, status and dates consistent). For an item
already in the database the rows must say what the database says; for a new item they become its assignments
exactly as listed, with the events, extension, progress note and reminders their cells imply.
"""

from __future__ import annotations

from typing import Any

from store.calendar import dates
from store.commands.repository import new_assignment
from store.exchange.rows_cells import Row, RowReader
from store.exchange.sheets import share_facts
from store.records.choices import ROLE, STATUS
from store.records.model import DONE_STATUSES, STATUS_LABELS, Assignment, Item
from store.records.text import NAME_MAX, TEXT_MAX


class _Log:
    """Writes what an imported share's cells imply into its logs, as recorded today by the operator."""

    def __init__(self, a: Assignment, operator: str, recorded: str) -> None:
        self.a = a
        self.operator = operator
        self.recorded = recorded  # the day the import records things that have no date of their own
        self.stamp = dates.now_stamp()

    def event(self, day: str, action: str, text: str = "") -> None:
        self.a["events"].append(
            {"date": day, "action": action, "note": text, "recorded_by": self.operator, "recorded_at": self.stamp}
        )

    def extension(self, current: str) -> None:
        """The deadline in force, as an extension approved on the day of the import."""
        self.a["extensions"].append(
            {
                "requested_on": self.recorded,
                "new_due": current,
                "reason": "导入时的现期限",
                "decision": "approved",
                "decided_on": self.recorded,
                "recorded_by": self.operator,
            }
        )
        self.event(self.recorded, "延期", f"导入时的现期限为{dates.format_cn(current)}")

    def progress(self, day: str, text: str) -> None:
        self.a["progress"].append(
            {
                "date": day or self.recorded,
                "text": text,
                "next_step": "",
                "problems": "",
                "recorded_by": self.operator,
                "source": "导入",
                "recorded_at": self.stamp,
            }
        )

    def reminders(self, count: int) -> None:
        for _ in range(count):
            self.a["reminders"].append(
                {
                    "date": self.recorded,
                    "method": "导入",
                    "doc_number": "",
                    "note": "导入前已催办",
                    "recorded_by": self.operator,
                }
            )


class ShareRows(RowReader):
    """承办情况."""

    def _share(self, row: Row) -> dict[str, Any] | None:
        """A 承办情况 row read and checked on its own (dates in order, status and dates consistent)."""
        name = self.text(row, "单位", "单位", NAME_MAX, required=True)
        unit = self.unit(row, "单位", name) if name else None
        share: dict[str, Any] = {
            "unit": unit,
            "role": self.choice(row, "角色", ROLE),
            "status": self.choice(row, "状态", STATUS),
        }
        for column in ("交办日期", "期限", "现期限", "签收日期", "办结日期", "销号日期", "进展日期"):
            share[column] = self.date(row, column) if row.has(column) else ""
        share["逾期办结"] = self.boolean(row, "逾期办结") if row.has("逾期办结") else False
        share["催办次数"] = (self.integer(row, "催办次数", "催办次数", 0, 1000) or 0) if row.has("催办次数") else 0
        share["最新进展"] = (
            self.text(row, "最新进展", "最新进展", TEXT_MAX, multiline=True) if row.has("最新进展") else ""
        )
        if row.failed:
            return None
        self._check_share(row, share)
        return None if row.failed else share

    def _check_share(self, row: Row, share: dict[str, Any]) -> None:
        """Dates in order and never ahead of today; the status and its dates agree."""
        today = self.repo.today.isoformat()
        start = share["交办日期"]
        for column in ("签收日期", "办结日期", "销号日期", "进展日期"):
            day = share[column]
            if day and day > today:
                row.error(column, f"日期{dates.format_cn(day)}晚于今天，不能预先登记")
            elif day and start and day < start:
                row.error(column, f"日期{dates.format_cn(day)}早于交办日期{dates.format_cn(start)}")
        if share["期限"] and share["现期限"] and share["现期限"] < share["期限"]:
            row.error("现期限", "现期限不能早于期限（延期只能推后）")
        status = share["status"]
        label = STATUS_LABELS[status]
        if status in DONE_STATUSES and not share["办结日期"]:
            row.error("办结日期", f"状态为「{label}」，请填写办结日期")
        if status not in DONE_STATUSES and share["办结日期"]:
            row.error("办结日期", f"状态为「{label}」，不应有办结日期")
        if status == "closed" and not share["销号日期"]:
            row.error("销号日期", "状态为「销号」，请填写销号日期")
        if status != "closed" and share["销号日期"]:
            row.error("销号日期", f"状态为「{label}」，不应有销号日期")
        if share["销号日期"] and share["办结日期"] and share["销号日期"] < share["办结日期"]:
            row.error("销号日期", "销号日期不能早于办结日期")
        if share["进展日期"] and not share["最新进展"]:
            row.error("最新进展", "填写了进展日期，但没有进展内容")

    def _same_shares(self, item: Item, rows: list[Row]) -> None:
        """承办情况 rows of an item already in the database must say what the database says."""
        units = self.repo.units_by_id()
        tally = self.outcome.counts["assignments"]
        for row in rows:
            share = self._share(row)
            if share is None:
                continue
            unit = share["unit"]
            a = next((a for a in item["assignments"] if a["unit_id"] == unit["id"]), None)
            if a is None:
                row.error(
                    "单位", f"事项{item['number']}已存在，且没有交办给{unit['name']}。导入不修改已有事项的承办单位"
                )
                continue
            stored = share_facts(a)
            given = {**share, "角色": share["role"], "状态": share["status"]}
            differ = [k for k in stored if row.has(k) and stored[k] != given[k]]
            if differ:
                name = units[unit["id"]]["name"] if unit["id"] in units else unit["name"]
                row.error(
                    "编号",
                    f"事项{item['number']}已存在，表中{name}的{'、'.join(differ)}与库中不同。"
                    "导入不修改已有事项的承办情况，请在督办台中登记",
                )
            else:
                tally["unchanged"] += 1

    def _assignment(self, doc: dict[str, Any], share: dict[str, Any]) -> Assignment:
        """A new item's share as its row lists it; empty dates default to the item's first share, else today."""
        today = self.repo.today.isoformat()
        first = doc["assignments"][0] if doc["assignments"] else None
        start = share["交办日期"] or (first["assigned_on"] if first else today)
        due = share["期限"] or (first["due"] if first else today)
        current = share["现期限"] or due
        status = share["status"]
        note = f"从{self.file_name}导入"
        a = new_assignment(share["unit"]["id"], share["role"], due, start, self.operator, note)
        log = _Log(a, self.operator, max(today, start))
        a["status"] = status
        a["acknowledged_on"] = share["签收日期"]
        a["done_on"] = share["办结日期"]
        a["closed_on"] = share["销号日期"]
        if share["签收日期"]:
            log.event(share["签收日期"], "签收")
        if current != due:
            log.extension(current)
        if share["最新进展"]:
            log.progress(share["进展日期"], share["最新进展"])
        log.reminders(share["催办次数"])
        late = bool(share["逾期办结"]) or (status in DONE_STATUSES and share["办结日期"] > current)
        a["done_late"] = late
        if share["办结日期"]:
            log.event(share["办结日期"], "逾期办结" if late else "办结")
        if share["销号日期"]:
            log.event(share["销号日期"], "销号")
        if status in ("returned", "suspended", "cancelled"):
            log.event(log.recorded, STATUS_LABELS[status], "导入时的状态")
        a["events"].sort(key=lambda e: e["date"])
        return a

"""回执 as the register, the unit's page, `receipt list`, the overview, the messages and the bulletin show them.

JSON-native rows computed from the records, today and the calendar (store.rules.receipts holds the rules).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from store.calendar.dates import format_cn
from store.calendar.workdays import WorkCalendar
from store.records.model import Receipt, Unit
from store.rules.receipts import RECEIPT_LABELS, receipt_status, workdays_overdue


def receipt_row(receipt: Receipt, units: Mapping[int, Unit], today: date, cal: WorkCalendar) -> dict[str, Any]:
    """One receipt with its unit's name, its status (未回 / 已回 / 逾期未回) and how late it is."""
    status = receipt_status(receipt, today)
    unit = units.get(receipt["unit_id"])
    late = workdays_overdue(receipt, today, cal)
    if status == "received":
        state = f"已回（{format_cn(receipt['received_on'])}）"
    elif status == "overdue":
        state = f"逾期未回（超过{late}个工作日）" if late else "逾期未回"
    else:
        state = f"未回（{format_cn(receipt['report_by'])}前）"
    return {
        **receipt,
        "unit": unit["name"] if unit else f"单位{receipt['unit_id']}",
        "status": status,
        "status_label": RECEIPT_LABELS[status],
        "state": state,
        "workdays_overdue": late,
    }


def receipt_rows(
    receipts: Iterable[Receipt],
    units: Mapping[int, Unit],
    today: date,
    cal: WorkCalendar,
    *,
    overdue_only: bool = False,
    unit_id: int | None = None,
) -> list[dict[str, Any]]:
    """Receipts, newest notice first; only the overdue ones, or one unit's, when asked."""
    rows = []
    for r in receipts:
        if unit_id is not None and r["unit_id"] != unit_id:
            continue
        if overdue_only and receipt_status(r, today) != "overdue":
            continue
        rows.append(receipt_row(r, units, today, cal))
    rows.sort(key=lambda r: (r["issued_on"], r["dispatch_id"]), reverse=True)
    return rows


@dataclass
class LateReceipt:
    """A unit that has not sent back the 回执 of one or more notices by their report-by dates."""

    unit_id: int
    unit: str
    numbers: list[str]


def late_receipts(receipts: Iterable[Receipt], units: Mapping[int, Unit], today: date) -> list[LateReceipt]:
    """未按时报送回执的单位: units with a receipt still out past its report-by date, in the unit list's order."""
    late: dict[int, list[str]] = {}
    for r in receipts:
        if receipt_status(r, today) == "overdue":
            late.setdefault(r["unit_id"], []).append(r["doc_number"])
    order = {uid: (u["order"], uid) for uid, u in units.items()}
    return [
        LateReceipt(uid, units[uid]["name"] if uid in units else f"单位{uid}", numbers)
        for uid, numbers in sorted(late.items(), key=lambda kv: order.get(kv[0], (10**6, kv[0])))
    ]

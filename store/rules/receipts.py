"""Rules of the 回执: the report-by date a notice states, and whether a receipt is 未回, 已回 or 逾期未回.

Pure functions of the records, today and the working calendar, so the notice, the register, the bulletin, the
messages and `receipt list` all say the same thing about the same receipt on the same day.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from store.calendar.workdays import WorkCalendar
from store.records.model import Receipt

RECEIPT_LABELS = {"pending": "未回", "received": "已回", "overdue": "逾期未回"}


@dataclass(frozen=True)
class Deadline:
    """反馈期限: N working days after the day a document is dated, and a calendar warning when guessed."""

    days: int
    report_by: date
    warning: str


def report_deadline(report_days: int, cal: WorkCalendar, day: date) -> Deadline:
    """The date a notice dated `day` asks its answer by: `report_days` working days later (the setting as
    store.commands.settings.report_days reads it)."""
    days = int(report_days)
    report_by = cal.add_workdays(day, days)
    return Deadline(days, report_by, cal.warning(day, report_by))


def receipt_status(receipt: Receipt, today: date) -> str:
    """received once it came back; overdue when still out after the report-by date; else pending."""
    if receipt["received_on"]:
        return "received"
    return "overdue" if today.isoformat() > receipt["report_by"] else "pending"


def workdays_overdue(receipt: Receipt, today: date, cal: WorkCalendar) -> int:
    """Working days past the report-by date while the receipt is still out (0 otherwise)."""
    if receipt_status(receipt, today) != "overdue":
        return 0
    return max(0, -cal.workdays_between(today, date.fromisoformat(receipt["report_by"])))


_BRACKETS = str.maketrans(
    {
        "[": "〔",
        "]": "〕",
        "［": "〔",
        "］": "〕",
        "(": "〔",
        ")": "〕",
        "（": "〔",
        "）": "〕",
        "【": "〔",
        "】": "〕",
        "﹝": "〔",
        "﹞": "〕",
        "〖": "〔",
        "〗": "〕",
    }
)
_NUMBER = re.compile(r"〔\s*(\d{4})\s*〕\s*第?\s*0*(\d+)\s*号")


def number_key(text: str) -> tuple[int, int] | None:
    """(year, sequence) of a document number written anywhere in `text`: 〔2026〕3号, [2026]3号, （2026）第03号…
    — how people retype the hexagonal brackets; None when there is none."""
    found = _NUMBER.search(unicodedata.normalize("NFKC", text).translate(_BRACKETS))
    return (int(found.group(1)), int(found.group(2))) if found else None


def prefix_of(text: str) -> str:
    """The 机关代字 in front of the bracketed year ('' when there is none), without spaces."""
    normal = unicodedata.normalize("NFKC", text).translate(_BRACKETS)
    head = normal.split("〔", 1)[0]
    return re.sub(r"\s+", "", head)

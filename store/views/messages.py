"""Short 催办 messages for a work group (微信/钉钉) or an SMS: the office, the unit, item numbers with short titles
and deadlines in words, the report-by date, receipts still out, and the contact.

The text is tried from the fullest form to the most compact and the first that fits is kept (300 characters for
a group message, 70 for an SMS); titles shrink first, item numbers are never cut — when even the most compact form
is longer, it is returned whole and `fits` is False.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from store.records.model import Assignment, Item
from store.rules.lights import LIGHT_ORDER, Policy, assignment_light, effective_due

GROUP_LIMIT = 300
SMS_LIMIT = 70


@dataclass(frozen=True)
class Sender:
    """Who the message is from: the office's short name and its contact."""

    office: str
    person: str
    phone: str


@dataclass(frozen=True)
class Message:
    unit_id: int
    unit: str
    text: str
    numbers: list[str]
    receipts: list[str]
    limit: int

    @property
    def length(self) -> int:
        return len(self.text)

    @property
    def fits(self) -> bool:
        return self.length <= self.limit

    def as_json(self) -> dict[str, object]:
        return {
            "unit_id": self.unit_id,
            "unit": self.unit,
            "text": self.text,
            "length": self.length,
            "limit": self.limit,
            "fits": self.fits,
            "items": self.numbers,
            "receipts": self.receipts,
        }


def deadline_words(share: Assignment, policy: Policy, *, compact: bool = False) -> str:
    """已逾期5天 / 今天到期 / 明天到期 / 还有3个工作日到期 (compact: 逾期5天 / 余3个工作日)."""
    due = date.fromisoformat(effective_due(share))
    gap = (due - policy.today).days
    if gap < 0:
        return f"逾期{-gap}天" if compact else f"已逾期{-gap}天"
    if gap == 0:
        return "今天到期"
    if gap == 1:
        return "明天到期"
    work = policy.calendar.workdays_between(policy.today, due)
    return f"余{work}个工作日" if compact else f"还有{work}个工作日到期"


def month_day(day: date, today: date) -> str:
    return f"{day.month}月{day.day}日" if day.year == today.year else f"{day.year}年{day.month}月{day.day}日"


def short_number(doc_number: str) -> str:
    """示妇儿工委办〔2026〕6号 → 〔2026〕6号."""
    return doc_number[doc_number.find("〔") :] if "〔" in doc_number else doc_number


def _title(text: str, size: int | None) -> str:
    if size == 0:
        return ""
    if size is None or len(text) <= size:
        return text
    return text[: max(size - 1, 1)] + "…"


def _forms(long_unit: str, short_unit: str) -> Iterator[tuple[str, int | None, bool, bool]]:
    """(unit name, title length, compact words, with contact), fullest first."""
    for size in (None, 24, 16, 10, 6):
        yield long_unit, size, False, True
    yield short_unit, 0, False, True
    for size in (8, 5):
        yield short_unit, size, True, True
    yield short_unit, 0, True, True
    yield short_unit, 0, True, False


def chase_message(
    unit_id: int,
    unit_names: tuple[str, str],
    shares: list[tuple[Item, Assignment]],
    receipts: list[str],
    sender: Sender,
    policy: Policy,
    report_by: date,
    *,
    limit: int = GROUP_LIMIT,
) -> Message:
    """The shortest-needed message for one unit: its listed shares (most urgent first) and receipts still out."""
    ordered = sorted(
        shares,
        key=lambda pair: (LIGHT_ORDER[assignment_light(pair[1], policy)], effective_due(pair[1]), pair[0]["number"]),
    )
    numbers = [item["number"] for item, _ in ordered]
    text = ""
    for unit, size, compact, contact in _forms(*unit_names):
        text = _compose(unit, ordered, receipts, sender, policy, report_by, size, compact, contact)
        if len(text) <= limit:
            break
    return Message(unit_id, unit_names[0], text, numbers, receipts, limit)


def _compose(
    unit: str,
    shares: list[tuple[Item, Assignment]],
    receipts: list[str],
    sender: Sender,
    policy: Policy,
    report_by: date,
    size: int | None,
    compact: bool,
    contact: bool,
) -> str:
    parts = []
    for item, share in shares:
        title = _title(item["title"], size)
        shown = f"「{title}」" if title else ""
        parts.append(f"{item['number']}{shown}{deadline_words(share, policy, compact=compact)}")
    sep = "，" if compact else "；"
    by = month_day(report_by, policy.today)
    if compact:
        body = sep.join(parts) + (f"。回执{'、'.join(short_number(r) for r in receipts)}未报" if receipts else "")
        ask = f"。请{by}前报送。"
    else:
        body = ("你单位督办事项" + sep.join(parts)) if parts else ""
        if receipts:
            body += ("。" if body else "") + f"督办通知{'、'.join(receipts)}的回执逾期未报"
        ask = f"。请于{by}前报送办理情况。"
    who = ""
    if contact and (sender.person or sender.phone):
        who = f"{sender.person}{sender.phone}" if compact else f"联系人：{sender.person} {sender.phone}".rstrip()
    return f"【{sender.office}】{unit}：{body}{ask}{who}"

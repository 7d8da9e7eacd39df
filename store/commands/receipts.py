"""回执: one receipt owed per dispatched 督办通知 and unit, recorded when it comes back, optionally turned into
progress notes on the items the notice covered — one undo step either way.

A notice registers the receipt it expects (`expect_receipt`) in the transaction that takes its number, so an
undone notice takes its receipt with it. A notice issued before receipts were kept gets its record when its
receipt is first recorded (items from the 催办 that carried its number).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import cast

from store.calendar import dates
from store.commands.dispatch import DispatchCommands
from store.commands.lifecycle import LifecycleCommands
from store.commands.settings import report_days
from store.errors import NotFoundError, RuleError, ValidationError
from store.records.model import DONE_STATUSES, OPEN_STATUSES, Dispatch, Receipt
from store.records.text import TEXT_MAX, require_text
from store.rules.receipts import Deadline, number_key, prefix_of, report_deadline

NOTICE_KIND = "督办通知"


@dataclass
class ReceiptEntry:
    """What came back: the date, who filled it in, and its three texts."""

    received_on: str
    contact: str = ""
    phone: str = ""
    text: str = ""
    problems: str = ""
    next_step: str = ""
    source: str = ""
    per_item: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # number → (text, problems, next)


def progress_by_default(entry: ReceiptEntry) -> bool:
    """Whether a receipt recorded without saying so becomes progress notes: yes when it says anything. A unit's
    回执 is its report on the items, and the secretary records it so the ledger shows where they stand (one undo
    step takes both back); an empty one (only "received") has nothing to note. The date defaults to today."""
    return bool(entry.text.strip() or entry.problems.strip() or entry.next_step.strip() or entry.per_item)


@dataclass
class Recorded:
    """A receipt recorded, the items that got a progress note from it, and those that could not (why)."""

    receipt: Receipt
    progress: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


class ReceiptCommands(LifecycleCommands, DispatchCommands):
    """回执 per dispatched notice."""

    def report_deadline(self, day: date) -> Deadline:
        """反馈期限 of a document dated `day` (the `report_days` setting in working days)."""
        return report_deadline(report_days(self.settings()), self.calendar(), day)

    def receipts(self) -> list[Receipt]:
        return sorted(cast(list[Receipt], self._all("receipts")), key=lambda r: (r["issued_on"], r["dispatch_id"]))

    def repeat_notice_warning(self, unit_id: int, numbers: list[str], day: date) -> str:
        """One line when this unit already has a 督办通知 for any of these items that still stands: issued the
        same day, or unanswered with its 反馈期限 not yet past. Both front ends show it before taking a number."""
        wanted = set(numbers)
        earlier = [
            r
            for r in self.receipts()
            if r["unit_id"] == unit_id
            and r["issued_on"] <= day.isoformat()
            and wanted & set(r["items"])
            and (r["issued_on"] == day.isoformat() or (not r["received_on"] and r["report_by"] >= day.isoformat()))
        ]
        if not earlier:
            return ""
        unit = self.unit(unit_id)
        parts = []
        for r in earlier:
            when = "今天" if r["issued_on"] == self.today.isoformat() else dates.format_cn(r["issued_on"])
            common = [n for n in r["items"] if n in wanted]
            parts.append(
                f"{r['doc_number']}（{when}发，回执期限{dates.format_cn(r['report_by'])}，"
                f"其中{len(common)}项与这次相同）"
            )
        return f"{unit['name']}已收到这些事项的督办通知：{'、'.join(parts)}，再发会重复"

    def notice_dispatch(self, text: str) -> Dispatch:
        """The 督办通知 whose number is written in `text` (any bracket form, words around it allowed)."""
        key = number_key(text)
        if key is None:
            raise ValidationError("doc_number", f"「{text.strip()[:40]}」中没有文号（应如 示妇儿工委办〔2026〕3号）")
        found = [d for d in self.dispatches() if (d["year"], d["seq"]) == key]
        prefix = prefix_of(text)
        if prefix:
            found = [d for d in found if prefix_of(d["number"]) in prefix] or found
        shown = f"〔{key[0]}〕{key[1]}号"
        if not found:
            self._refuse_archived(key, shown)
            raise NotFoundError(f"发文登记簿中没有文号{shown}")
        dispatch = found[0]
        if dispatch.get("state") in ("void", "reserved"):
            raise RuleError(f"{dispatch['number']}已作废（生成被撤销或未完成），没有回执可登记")
        if dispatch["kind"] != NOTICE_KIND:
            raise RuleError(f"{dispatch['number']}是{dispatch['kind']}，不是督办通知，没有回执")
        return dispatch

    def _refuse_archived(self, key: tuple[int, int], shown: str) -> None:
        """A notice of an archived year: its receipt went to the 年度台账 with it and is settled there."""
        archives = self.database.archives
        if not archives.exists(key[0]):
            return
        if any((d.get("year"), d.get("seq")) == key for d in archives.records(key[0], "dispatches")):
            raise RuleError(
                f"文号{shown}已随{key[0]}年度台账归档，其回执不再催收、不能再登记"
                f"（查看：supervisor register --year {key[0]}）"
            )

    def receipt(self, doc_number: str) -> Receipt:
        """The receipt of the notice numbered `doc_number`; one not yet kept is made up from the register."""
        dispatch = self.notice_dispatch(doc_number)
        for r in self.receipts():
            if r["dispatch_id"] == dispatch["id"]:
                return r
        return self._receipt_from_register(dispatch)

    def _receipt_from_register(self, dispatch: Dispatch) -> Receipt:
        """A notice issued before receipts were kept: its unit, the items its 催办 named, the deadline rule."""
        if len(dispatch["unit_ids"]) != 1:
            raise RuleError(f"{dispatch['number']}不是发给一个单位的督办通知，无法登记回执")
        unit_id = dispatch["unit_ids"][0]
        numbers = [
            item["number"]
            for item in self.items()
            for a in item["assignments"]
            if a["unit_id"] == unit_id and any(r["doc_number"] == dispatch["number"] for r in a["reminders"])
        ]
        day = date.fromisoformat(dispatch["date"])
        return self._new_receipt(dispatch, unit_id, numbers, self.report_deadline(day).report_by)

    @staticmethod
    def _new_receipt(dispatch: Dispatch, unit_id: int, numbers: list[str], report_by: date) -> Receipt:
        return {
            "dispatch_id": dispatch.get("id", 0),
            "doc_number": dispatch["number"],
            "unit_id": unit_id,
            "items": list(numbers),
            "issued_on": dispatch["date"],
            "report_by": report_by.isoformat(),
            "received_on": "",
            "contact": "",
            "phone": "",
            "text": "",
            "problems": "",
            "next_step": "",
            "source": "",
            "recorded_by": "",
            "recorded_at": "",
        }

    def expect_receipt(self, dispatch: Dispatch, unit_id: int, numbers: list[str], report_by: date) -> Receipt:
        """Register the receipt a notice asks for (inside the transaction that numbered the notice)."""
        doc = self._new_receipt(dispatch, unit_id, numbers, report_by)
        with self.transaction(f"登记回执 {dispatch['number']}", "receipt"):
            receipt_id = self._next_id("receipts")
            self._put("receipts", receipt_id, doc)
        return cast(Receipt, self._get("receipts", receipt_id))

    def record_receipt(self, doc_number: str, entry: ReceiptEntry, *, progress: bool | None = None) -> Recorded:
        """Mark the notice's receipt 已回 with what it said; with `progress` (None: `progress_by_default`), each
        covered item gets the text as a progress note of the unit. One undo step."""
        if progress is None:
            progress = progress_by_default(entry)
        receipt = cast(Receipt, dict(self.receipt(doc_number)))
        if receipt["received_on"]:
            raise RuleError(f"{receipt['doc_number']}的回执已于{dates.format_cn(receipt['received_on'])}登记")
        day = self._receipt_day(entry.received_on, receipt["issued_on"])
        fields = {
            "contact": require_text("contact", "联系人", entry.contact, max_len=30, allow_empty=True),
            "phone": require_text("phone", "联系电话", entry.phone, max_len=40, allow_empty=True),
            "text": require_text("text", "办理情况", entry.text, max_len=TEXT_MAX, multiline=True, allow_empty=True),
            "problems": require_text(
                "problems", "存在问题", entry.problems, max_len=TEXT_MAX, multiline=True, allow_empty=True
            ),
            "next_step": require_text(
                "next_step", "下一步打算", entry.next_step, max_len=TEXT_MAX, multiline=True, allow_empty=True
            ),
            "source": require_text("source", "来源", entry.source, max_len=120, allow_empty=True) or "登记",
        }
        receipt.update(cast(Receipt, fields))
        receipt["received_on"] = day
        receipt["recorded_by"] = self.settings()["operator"]
        receipt["recorded_at"] = dates.now_stamp()
        done = Recorded(receipt)
        unit = self.unit(receipt["unit_id"])
        with self.transaction(f"登记回执 {receipt['doc_number']}（{unit['name']}）", "receipt"):
            receipt_id = receipt.get("id") or self._next_id("receipts")
            self._put("receipts", receipt_id, receipt)
            if progress:
                self._progress_from(done, entry.per_item)
        done.receipt = cast(Receipt, self._get("receipts", receipt_id))
        return done

    def receipt_progress(self, doc_number: str) -> Recorded:
        """Turn a receipt already recorded into progress notes on the items it covers (one undo step)."""
        receipt = self.receipt(doc_number)
        if not receipt["received_on"]:
            raise RuleError(f"{receipt['doc_number']}的回执尚未登记，请先登记回执")
        done = Recorded(receipt)
        with self.transaction(f"回执转为进展 {receipt['doc_number']}", "receipt"):
            self._progress_from(done)
        return done

    def _receipt_day(self, text: str, issued_on: str) -> str:
        day = self.parse_date(text, field="date").value if text else self.today
        if day > self.today:
            raise ValidationError("date", f"回执日期{dates.format_cn(day)}晚于今天，不能预先登记")
        if day.isoformat() < issued_on:
            raise ValidationError(
                "date", f"回执日期{dates.format_cn(day)}早于通知的成文日期{dates.format_cn(issued_on)}"
            )
        return day.isoformat()

    def _progress_from(self, done: Recorded, per_item: dict[str, tuple[str, str, str]] | None = None) -> None:
        """Each covered item the unit still has a share of gets the receipt's text as progress (an item row of
        an .xlsx 回执 gives that item its own text)."""
        receipt = done.receipt
        per_item = per_item or {}
        if not (receipt["text"] or receipt["problems"] or receipt["next_step"]):
            raise ValidationError("text", "回执没有填写办理情况、存在问题或下一步打算，无法登记为进展")
        unit = self.unit(receipt["unit_id"])
        for number in receipt["items"]:
            try:
                item = self.item(number)
            except NotFoundError:
                done.skipped.append(f"{number}：事项已不存在")
                continue
            share = next((a for a in item["assignments"] if a["unit_id"] == unit["id"]), None)
            if share is None or share["status"] not in OPEN_STATUSES | DONE_STATUSES:
                done.skipped.append(f"{number}：{unit['name']}的承办已暂缓、取消或不存在")
                continue
            text, problems, next_step = per_item.get(
                number, (receipt["text"], receipt["problems"], receipt["next_step"])
            )
            self.record_progress(
                number,
                unit["name"],
                text or "（回执未写办理情况，见存在问题和下一步打算）",
                on=max(receipt["received_on"], share["assigned_on"]),
                next_step=next_step,
                problems=problems,
                source=f"回执 {receipt['doc_number']}",
            )
            done.progress.append(number)

"""Reading a filled 回执 back: what a unit's file says, checked against the notice it answers.

docx_templates.receipt_files reads a .docx or .xlsx 回执 into a `ReceiptForm` (labels and texts, no Word or
Excel objects); `check_form` matches it to its notice by the 督办文号 and the unit written in it — whatever the
user typed around them — and refuses another unit's file, an unknown number, an empty form or a table whose
labels were changed, each with its reason. Nothing here writes: the caller records the draft as one step.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from store.calendar import dates
from store.commands.receipts import ReceiptEntry
from store.errors import SupervisorError, ValidationError
from store.records.model import Receipt, Unit
from store.records.units import normalise

if TYPE_CHECKING:
    from store.commands.repository import Repository

# The labels of the 回执 table, in order (the .docx the program issues; an .xlsx 回执 has the same ones).
UNIT_LABEL = "单位名称"
NUMBER_LABEL = "督办文号"
ITEMS_LABEL = "督办事项"
CONTACT_LABEL = "联系人"
PHONE_LABEL = "联系电话"
TEXT_LABEL = "办理情况"
PROBLEMS_LABEL = "存在问题"
NEXT_LABEL = "下一步打算"
DATE_LABEL = "填报日期"
REQUIRED_LABELS = (UNIT_LABEL, NUMBER_LABEL, ITEMS_LABEL, TEXT_LABEL, PROBLEMS_LABEL, NEXT_LABEL)
ITEM_NUMBER = re.compile(r"\d{4}\s*[-－—–]\s*\d{1,4}")


@dataclass
class FormItem:
    """One item row of an .xlsx 回执: the unit writes per item."""

    number: str
    text: str = ""
    problems: str = ""
    next_step: str = ""


@dataclass
class ReceiptForm:
    """A 回执 file as read: its labelled cells (label → text, in order) and, for an .xlsx, its item rows."""

    file: str
    kind: str
    labels: list[tuple[str, str]]
    items: list[FormItem] = field(default_factory=list)

    def value(self, label: str) -> str:
        return next((text for name, text in self.labels if name == label), "")


@dataclass
class ReceiptDraft:
    """A checked 回执 ready to record: its receipt, what came back, and notes for the preview."""

    file: str
    receipt: Receipt
    unit: Unit
    entry: ReceiptEntry
    notes: list[str] = field(default_factory=list)


def label_key(text: str) -> str:
    """A label cell as compared: no spaces or full-width forms, without （盖章） and a trailing colon."""
    value = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    value = re.sub(r"\((盖章|签字|签章)\)", "", value)
    return value.rstrip(":")


def item_numbers(text: str) -> list[str]:
    """Item numbers written in a cell (2026-07, 2026－7 …), normalised, in order."""
    out = []
    for found in ITEM_NUMBER.findall(unicodedata.normalize("NFKC", text)):
        year, seq = re.split(r"\s*[-－—–]\s*", found)
        out.append(f"{int(year)}-{int(seq):02d}")
    return list(dict.fromkeys(out))


def check_form(repo: Repository, form: ReceiptForm) -> ReceiptDraft:
    """The receipt this file answers and what it says; a ValidationError with the reason otherwise."""
    name = form.file
    _check_labels(form)
    try:
        receipt = repo.receipt(form.value(NUMBER_LABEL))
    except SupervisorError as exc:
        raise ValidationError("file", f"{name}：{exc}") from None
    unit = repo.unit(receipt["unit_id"])
    written = form.value(UNIT_LABEL)
    if not _names_unit(written, unit):
        other = _unit_named(repo, written)
        whose = f"是{other['name']}的回执" if other else f"写的单位是「{written.strip()[:20]}」"
        raise ValidationError("file", f"{name}：{whose}，但文号{receipt['doc_number']}是发给{unit['name']}的，不能导入")
    if receipt["received_on"]:
        raise ValidationError(
            "file", f"{name}：{receipt['doc_number']}的回执已于{dates.format_cn(receipt['received_on'])}登记"
        )
    listed = item_numbers(form.value(ITEMS_LABEL)) if form.kind == "docx" else [i.number for i in form.items]
    if sorted(listed) != sorted(receipt["items"]):
        shown = "、".join(listed) or "（空）"
        raise ValidationError(
            "file",
            f"{name}：回执中的督办事项（{shown}）与通知所列（{'、'.join(receipt['items'])}）不一致，表格可能被改动",
        )
    entry, notes = _entry(repo, form, receipt)
    return ReceiptDraft(name, receipt, unit, entry, notes)


def _check_labels(form: ReceiptForm) -> None:
    """Every label of the form is there once and in order; the table was not changed."""
    seen = [label for label, _ in form.labels]
    missing = [label for label in REQUIRED_LABELS if label not in seen]
    if missing:
        raise ValidationError(
            "file", f"{form.file}：回执表格缺少「{'」「'.join(missing)}」栏，表格可能被改动，不能导入"
        )
    doubled = [label for label in REQUIRED_LABELS if seen.count(label) > 1]
    if doubled:
        raise ValidationError("file", f"{form.file}：回执表格中「{doubled[0]}」栏出现了多次，表格可能被改动")
    order = [seen.index(label) for label in REQUIRED_LABELS]
    if order != sorted(order):
        raise ValidationError("file", f"{form.file}：回执表格各栏的顺序被改动，不能导入")


def _names_unit(text: str, unit: Unit) -> bool:
    key = re.sub(r"\s+", "", normalise(text))
    names = [normalise(n) for n in (unit["name"], unit["short"], *unit["aliases"]) if n]
    return any(n and n in key for n in names)


def _unit_named(repo: Repository, text: str) -> Unit | None:
    key = normalise(text)
    found = [u for u in repo.units(include_inactive=True) if _names_unit(key, u)]
    return max(found, key=lambda u: len(u["name"])) if found else None


def _entry(repo: Repository, form: ReceiptForm, receipt: Receipt) -> tuple[ReceiptEntry, list[str]]:
    notes: list[str] = []
    texts = {label: form.value(label).strip() for label in (TEXT_LABEL, PROBLEMS_LABEL, NEXT_LABEL)}
    per_item = {i.number: (i.text.strip(), i.problems.strip(), i.next_step.strip()) for i in form.items}
    per_item = {k: v for k, v in per_item.items() if any(v)}
    if not any(texts.values()) and not per_item:
        raise ValidationError("file", f"{form.file}：回执没有填写办理情况、存在问题或下一步打算（空表），不能导入")
    day_text = re.sub(r"\s+", "", form.value(DATE_LABEL))
    day = ""
    if re.search(r"\d", day_text):
        try:
            day = repo.parse_date(day_text, field="date").iso
        except ValidationError as exc:
            raise ValidationError("file", f"{form.file}：填报日期「{day_text}」无法识别（{exc}）") from None
    if not day:
        day = repo.today.isoformat()
        notes.append("回执未填写填报日期，按今天登记")
    entry = ReceiptEntry(
        received_on=day,
        contact=form.value(CONTACT_LABEL).strip(),
        phone=form.value(PHONE_LABEL).strip(),
        text=texts[TEXT_LABEL] or _joined(per_item, 0),
        problems=texts[PROBLEMS_LABEL] or _joined(per_item, 1),
        next_step=texts[NEXT_LABEL] or _joined(per_item, 2),
        source=f"回执文件 {form.file}",
        per_item=per_item,
    )
    return entry, notes


def _joined(per_item: dict[str, tuple[str, str, str]], index: int) -> str:
    return "；".join(f"{number}：{texts[index]}" for number, texts in per_item.items() if texts[index])

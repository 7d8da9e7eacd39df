"""Evidence for the inspectors (佐证材料) and publicity: activities with their reach, 知晓率 surveys.

Every command is one transaction like the others (one history entry, one undo step).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypedDict, Unpack, cast

from store.commands.units import UnitCommands
from store.errors import ValidationError
from store.records.choices import EVIDENCE_CATEGORY, EVIDENCE_STATUS, PUBLICITY_KIND
from store.records.model import EVIDENCE_CATEGORIES, OFFICE_OWNER, Evidence, Publicity
from store.records.text import TEXT_MAX, TITLE_MAX, require_text
from store.records.values import NumberInput, require_number


class EvidenceFields(TypedDict, total=False):
    """The optional fields of a piece of evidence; `owner` is a unit's name, `owner_unit_id` its number."""

    owner: str | None
    owner_unit_id: int | None
    due: str
    status: str
    file_ref: str
    note: str


class EvidenceChanges(EvidenceFields, total=False):
    """What `update_evidence` may change: the fields above, and also the category and title."""

    category: str
    title: str


class EvidenceCommands(UnitCommands):
    """佐证材料 and 宣传."""

    def evidence(self) -> list[Evidence]:
        order = {c: i for i, c in enumerate(EVIDENCE_CATEGORIES)}
        return sorted(
            cast(list[Evidence], self._all("evidence")), key=lambda e: (order.get(e["category"], 99), e["due"], e["id"])
        )

    def _evidence_doc(self, values: Mapping[str, Any]) -> Evidence:
        category = EVIDENCE_CATEGORY.parse(values.get("category"))
        status = EVIDENCE_STATUS.parse(values.get("status", "未开始"))
        owner = values.get("owner")
        owner_id = values.get("owner_unit_id")
        if owner is not None:
            owner_id = self.evidence_owner(owner)
        due = values.get("due") or ""
        return {
            "category": category,
            "title": require_text("title", "材料名称", values.get("title"), max_len=TITLE_MAX),
            "owner_unit_id": owner_id,
            "due": self.parse_date(due, field="due").iso if due else "",
            "status": status,
            "file_ref": require_text("file_ref", "文件位置", values.get("file_ref", ""), max_len=300, allow_empty=True),
            "note": require_text(
                "note", "备注", values.get("note", ""), max_len=TEXT_MAX, multiline=True, allow_empty=True
            ),
        }

    def is_office(self, name: str) -> bool:
        """The office itself (办公室, its short or full name) rather than a member unit."""
        text = name.strip()
        settings = self.settings()
        return text in (OFFICE_OWNER, settings["office_short"].strip(), settings["office_name"].strip()) and bool(text)

    def evidence_owner(self, name: str | None) -> int | None:
        """Who keeps a piece of evidence: a member unit's number, or None for the office (办公室, its name, or
        nothing typed)."""
        if name is None or not name.strip() or self.is_office(name):
            return None
        return self.resolve_unit(name)["id"]

    def add_evidence(self, category: str, title: str, **values: Unpack[EvidenceFields]) -> Evidence:
        doc = self._evidence_doc({**values, "category": category, "title": title})
        evidence_id = self._insert("evidence", doc, f"新增佐证材料 {doc['title']}", "evidence add")
        return cast(Evidence, self._get("evidence", evidence_id))

    def update_evidence(self, evidence_id: int, **values: Unpack[EvidenceChanges]) -> Evidence:
        current = self._record("evidence", evidence_id, "佐证材料")
        doc = self._evidence_doc({**current, **values})
        self._save("evidence", evidence_id, doc, f"修改佐证材料 {doc['title']}（{doc['status']}）", "evidence edit")
        return cast(Evidence, self._get("evidence", evidence_id))

    # ----------------------------------------------------------------- publicity

    def publicity(self) -> list[Publicity]:
        return sorted(cast(list[Publicity], self._all("publicity")), key=lambda p: (p["date"], p["id"]))

    def add_publicity(
        self,
        kind: str,
        title: str,
        on: str,
        *,
        unit: str | None = None,
        reach: NumberInput = None,
        sample_size: NumberInput = None,
        awareness: NumberInput = None,
        note: str = "",
    ) -> Publicity:
        """A publicity activity (with its reach) or a 知晓率 survey (sample size and result in %)."""
        kind = PUBLICITY_KIND.parse(kind)
        reach_n = require_number("reach", "覆盖人数", reach)
        sample = require_number("sample_size", "样本量", sample_size)
        rate = require_number("awareness", "知晓率", awareness)
        if kind == "survey":
            if sample is None or sample <= 0:
                raise ValidationError("sample_size", "知晓率调查要填写样本量")
            if rate is None or not 0 <= rate <= 100:
                raise ValidationError("awareness", "知晓率应在0到100之间（%）")
        for label, n in (("覆盖人数", reach_n), ("样本量", sample)):
            if n is not None and n < 0:
                raise ValidationError("reach", f"{label}不能为负数")
        doc: Publicity = {
            "kind": kind,
            "title": require_text("title", "名称", title, max_len=TITLE_MAX),
            "date": self.parse_date(on, field="date").iso,
            "unit_id": self.resolve_unit(unit)["id"] if unit else None,
            "reach": int(reach_n) if reach_n is not None else None,
            "sample_size": int(sample) if sample is not None else None,
            "awareness": rate,
            "note": require_text("note", "备注", note, max_len=TEXT_MAX, multiline=True, allow_empty=True),
        }
        word = "知晓率调查" if kind == "survey" else "宣传活动"
        publicity_id = self._insert("publicity", doc, f"登记{word} {doc['title']}", "publicity")
        return cast(Publicity, self._get("publicity", publicity_id))

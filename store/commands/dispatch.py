"""The dispatch register (发文登记): document numbers 机关代字〔2023〕5号, taken in order and never reused.

The register is the one source of numbers. Documents take theirs in one write *before* any file exists (state
"reserved"), and are marked "issued" once their files are written, so a batch killed half-way leaves spent
numbers listed as 未完成 — never a number on two files. A number typed by hand (a 催办 by notice) is checked
against the register: the same document is linked, another unit's is refused, an unknown one of our prefix is
recorded as issued outside ("external") so the sequence skips it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import cast

from store.commands.base import RepositoryBase, Side
from store.errors import RuleError, ValidationError
from store.records.model import DISPATCH_STATES, Dispatch
from store.records.text import TITLE_MAX, echo, require_text
from store.storage.history import Change, stacks

_BRACKETS = str.maketrans({"[": "〔", "]": "〕", "【": "〔", "】": "〕", "［": "〔", "］": "〕", "(": "〔", ")": "〕"})
_BRACKETS.update(str.maketrans({"（": "〔", "）": "〕", "〈": "〔", "〉": "〕"}))
_NUMBER = re.compile(r"^(?P<prefix>.+?)〔(?P<year>\d{4})〕(?P<seq>\d{1,5})号$")


def normalise_doc_number(text: str) -> str:
    """A typed document number in the register's spelling: 〔〕 for any bracket pair, no spaces."""
    return re.sub(r"\s+", "", text).translate(_BRACKETS)


def dispatch_state(doc: Dispatch) -> str:
    """The state of a register entry in Chinese (entries written before states existed were issued)."""
    return DISPATCH_STATES.get(doc.get("state") or "issued", "已发")


@dataclass(frozen=True)
class Reservation:
    """Numbers taken for documents about to be written, and the history entry (undo step) that took them."""

    entry: int
    dispatches: list[Dispatch]


@dataclass(frozen=True)
class DispatchRequest:
    """One document about to be written: its kind, title, addressees, date and the file it will be."""

    kind: str
    title: str
    unit_ids: Sequence[int]
    on: date
    file: str = ""
    file_for: Callable[[str], str] | None = None  # the file's name depends on its number: made once it is known


VOID_FOLDER = "作废"
"""Where the files of an undone numbered document go (a folder beside them): they cannot be printed by mistake."""


def void_path(file: str) -> str:
    """The path a voided document's file is moved to: the 作废 folder beside it."""
    path = Path(file)
    return str(path if path.parent.name == VOID_FOLDER else path.parent / VOID_FOLDER / path.name)


def move_to_void(file: str) -> None:
    """Move a voided document's file, and its Excel 回执 and PDF beside it, into the 作废 folder (what is missing
    or cannot be moved stays where it is: the register says 作废 either way)."""
    path = Path(file)
    for one in (path, path.with_suffix(".回执.xlsx"), path.with_suffix(".pdf")):
        target = Path(void_path(str(one)))
        if one == target or not one.is_file():
            continue
        try:
            target.parent.mkdir(exist_ok=True)
            one.replace(target)
        except OSError:
            continue


class DispatchCommands(RepositoryBase):
    """Issuing document numbers and remembering the file each went out as."""

    _voided: list[str]

    def undo(self) -> str:
        """Undo as usual; a numbered document it takes back stays in the register as 作废 and its files move
        to the 作废 folder, so a voided number is never printed or given again."""
        self._voided = []
        label = super().undo()
        for file in self._voided:
            move_to_void(file)
        seqs = sorted(int(m[1]) for f in self._voided if (m := re.search(r"〕(\d+)号", Path(f).name)))
        for folder in {Path(f).parent for f in self._voided} if len(seqs) > 1 else ():
            for combined in folder.glob(f"*合并打印*{seqs[0]}至{seqs[-1]}号*"):  # the batch's print file
                move_to_void(str(combined))
        self._voided = []
        return label

    def redo(self) -> str:
        """Redo as usual; a batch whose numbers were voided by its undo says why it cannot come back."""
        try:
            return super().redo()
        except RuleError:
            entries = self.database.history.entries()
            _, redo_stack = stacks(entries)
            top = next((e for e in entries if redo_stack and e.get("seq") == redo_stack[-1]), None)
            changes = top["changes"] if top is not None else []
            if top is not None and any(c["table"] == "dispatches" and c["before"] is None for c in changes):
                raise RuleError(
                    f"「{top['label']}」撤销时文号已作废（文件移到“{VOID_FOLDER}”文件夹），"
                    "不能重做；请重新生成，会用新的文号"
                ) from None
            raise

    def _apply_change(self, change: Change, side: Side) -> None:
        after = change["after"]
        voiding = (
            change["table"] == "dispatches"
            and side == "before"
            and change["before"] is None
            and after is not None
            and (after.get("state") or "issued") in ("reserved", "issued")
        )
        if not voiding or after is None:
            super()._apply_change(change, side)
            return
        current = self._get("dispatches", change["id"]) or {**after, "id": change["id"]}
        file = str(current.get("file") or "")
        self._put("dispatches", change["id"], {**current, "state": "void", "file": void_path(file) if file else ""})
        if file:
            getattr(self, "_voided", []).append(file)

    def dispatches(self) -> list[Dispatch]:
        return sorted(cast(list[Dispatch], self._all("dispatches")), key=lambda d: (d["year"], d["seq"]))

    def _dispatch_prefix(self) -> str:
        settings = self.settings()
        return settings["doc_prefix"] or settings["office_short"]

    def next_dispatch_number(self, day: date | None = None) -> str:
        """The number `issue_dispatch` would give next, for previews ('' when no prefix is set)."""
        prefix = self._dispatch_prefix()
        day = day or self.today
        return f"{prefix}〔{day.year}〕{self._next_free(day.year)}号" if prefix else ""

    def upcoming_dispatch_numbers(self, day: date, count: int) -> list[str]:
        """The numbers the next `count` documents dated `day` would take (for the confirmation before a batch)."""
        prefix = self._dispatch_prefix()
        used = {d["seq"] for d in self._all("dispatches") if d.get("year") == day.year}
        seq = int(self._meta()["dispatch_seq"].get(str(day.year), 0))
        numbers: list[str] = []
        while len(numbers) < count:
            seq += 1
            if seq not in used:
                numbers.append(f"{prefix}〔{day.year}〕{seq}号")
        return numbers

    def _next_free(self, year: int) -> int:
        """The year's next number: one past the last given, skipping numbers recorded as issued outside."""
        seq = int(self._meta()["dispatch_seq"].get(str(year), 0)) + 1
        used = {d["seq"] for d in self._all("dispatches") if d.get("year") == year}
        while seq in used:
            seq += 1
        return seq

    def _register_number(self, request: DispatchRequest, state: str) -> Dispatch:
        """The next number of the request's year, registered in the running transaction."""
        prefix = self._dispatch_prefix()
        if not prefix:
            raise ValidationError("doc_prefix", "请先在设置中填写发文机关代字（如“某妇儿工委办”）")
        year = request.on.year
        seqs = dict(self._meta()["dispatch_seq"])
        seq = self._next_free(year)
        seqs[str(year)] = seq
        self._set_meta(dispatch_seq=seqs)
        number = f"{prefix}〔{year}〕{seq}号"
        doc: Dispatch = {
            "number": number,
            "year": year,
            "seq": seq,
            "kind": require_text("kind", "文种", request.kind, max_len=20),
            "title": require_text("title", "标题", request.title, max_len=TITLE_MAX),
            "unit_ids": list(request.unit_ids),
            "date": request.on.isoformat(),
            "file": request.file_for(number) if request.file_for else request.file,
            "state": state,
        }
        dispatch_id = self._next_id("dispatches")
        self._put("dispatches", dispatch_id, doc)
        return cast(Dispatch, self._get("dispatches", dispatch_id))

    def issue_dispatch(
        self, kind: str, title: str, unit_ids: Iterable[int], *, on: str | None = None, file: str = ""
    ) -> Dispatch:
        """Take the next document number of the year (机关代字〔2023〕5号) and register it as issued."""
        day = self.parse_date(on, field="date").value if on else self.today
        with self.transaction(f"登记发文 {kind}", "dispatch"):
            return self._register_number(DispatchRequest(kind, title, list(unit_ids), day, file), "issued")

    def reserve_dispatches(self, label: str, command: str, requests: Sequence[DispatchRequest]) -> Reservation:
        """Take the numbers of documents about to be written, in one write (one undo step) before any file exists.

        They stay "reserved" (shown as 未完成) until `finish_dispatches` marks them: a batch that is killed
        leaves them spent, never given again.
        """
        with self.transaction(label, command):
            taken = [self._register_number(request, "reserved") for request in requests]
        return Reservation(int(self._meta()["history_seq"]), taken)

    def finish_dispatches(
        self, reservation: Reservation, *, state: str = "issued", also: Callable[[], None] | None = None
    ) -> None:
        """Mark reserved numbers issued (their files are written) or void (they were not), as part of the undo step
        that reserved them; `also` runs in the same write (the 催办 a notice records)."""
        reserved = reservation.dispatches
        if not reserved:
            return
        target = reservation.entry
        label = f"{'完成' if state == 'issued' else '作废'}发文 {reserved[0]['number']}" + (
            f" 等{len(reserved)}件" if len(reserved) > 1 else ""
        )
        with self.transaction(label, "dispatch", kind="complete", target=target):
            for doc in reserved:
                current = self._get("dispatches", doc["id"])
                if current is not None:
                    self._put("dispatches", doc["id"], {**current, "state": state})
            if also is not None:
                also()

    def set_dispatch_file(self, dispatch_id: int, file: str) -> None:
        doc = self._record("dispatches", dispatch_id, "发文")
        doc["file"] = file
        self._save("dispatches", dispatch_id, doc, f"登记发文文件 {doc['number']}", "dispatch")

    # ------------------------------------------------------------------ numbers typed by hand

    def claim_doc_number(self, typed: str, unit_ids: Sequence[int], *, kind: str, title: str, on: str) -> str:
        """A number typed by hand, checked against the register (must run inside a transaction).

        Registered to a document for these units: linked (the register's spelling is returned). Registered to
        a document for other units: refused, naming who holds it. Unknown and of our prefix: recorded as issued
        outside, so the sequence never gives it again. Another office's number is kept as typed.
        """
        number = normalise_doc_number(typed)
        if not number:
            return ""
        for doc in self.dispatches():
            if normalise_doc_number(doc["number"]) != number:
                continue
            strangers = [uid for uid in unit_ids if uid not in doc["unit_ids"]]
            if not strangers:
                return doc["number"]
            units = self._raw("units")
            holders = "、".join(str(units.get(str(u), {}).get("name", f"单位{u}")) for u in doc["unit_ids"]) or "无"
            asked = "、".join(str(units.get(str(u), {}).get("name", f"单位{u}")) for u in strangers)
            raise ValidationError(
                "doc_number",
                f"文号{echo(doc['number'])}已登记为发给{holders}的{doc['kind']}（{dispatch_state(doc)}），"
                f"不能用于{asked}；请核对文号，或不填文号",
            )
        found = _NUMBER.match(number)
        if found is None or found["prefix"] != self._dispatch_prefix():
            return number
        year, seq = int(found["year"]), int(found["seq"])
        doc = {
            "number": number,
            "year": year,
            "seq": seq,
            "kind": require_text("kind", "文种", kind, max_len=20),
            "title": require_text("title", "标题", title, max_len=TITLE_MAX),
            "unit_ids": list(unit_ids),
            "date": on,
            "file": "",
            "state": "external",
        }
        self._put("dispatches", self._next_id("dispatches"), doc)
        return number

"""The dispatch register (发文登记): document numbers 机关代字〔2023〕5号, taken in order and never reused."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import cast

from store.commands.base import RepositoryBase
from store.errors import ValidationError
from store.records.model import Dispatch
from store.records.text import TITLE_MAX, require_text


class DispatchCommands(RepositoryBase):
    """Issuing document numbers and remembering the file each went out as."""

    def dispatches(self) -> list[Dispatch]:
        return sorted(cast(list[Dispatch], self._all("dispatches")), key=lambda d: (d["year"], d["seq"]))

    def _dispatch_prefix(self) -> str:
        settings = self.settings()
        return settings["doc_prefix"] or settings["office_short"]

    def next_dispatch_number(self, day: date | None = None) -> str:
        """The number `issue_dispatch` would give next, for previews ('' when no prefix is set)."""
        prefix = self._dispatch_prefix()
        day = day or self.today
        seq = int(self._meta()["dispatch_seq"].get(str(day.year), 0)) + 1
        return f"{prefix}〔{day.year}〕{seq}号" if prefix else ""

    def issue_dispatch(
        self, kind: str, title: str, unit_ids: Iterable[int], *, on: str | None = None, file: str = ""
    ) -> Dispatch:
        """Take the next document number of the year (机关代字〔2023〕5号) and register it; never reused."""
        prefix = self._dispatch_prefix()
        if not prefix:
            raise ValidationError("doc_prefix", "请先在设置中填写发文机关代字（如“某妇儿工委办”）")
        day = self.parse_date(on, field="date").value if on else self.today
        with self.transaction(f"登记发文 {kind}", "dispatch"):
            seqs = dict(self._meta()["dispatch_seq"])
            seq = int(seqs.get(str(day.year), 0)) + 1
            seqs[str(day.year)] = seq
            self._set_meta(dispatch_seq=seqs)
            doc: Dispatch = {
                "number": f"{prefix}〔{day.year}〕{seq}号",
                "year": day.year,
                "seq": seq,
                "kind": require_text("kind", "文种", kind, max_len=20),
                "title": require_text("title", "标题", title, max_len=TITLE_MAX),
                "unit_ids": list(unit_ids),
                "date": day.isoformat(),
                "file": file,
            }
            dispatch_id = self._next_id("dispatches")
            self._put("dispatches", dispatch_id, doc)
        return cast(Dispatch, self._get("dispatches", dispatch_id))

    def set_dispatch_file(self, dispatch_id: int, file: str) -> None:
        doc = self._record("dispatches", dispatch_id, "发文")
        doc["file"] = file
        self._save("dispatches", dispatch_id, doc, f"登记发文文件 {doc['number']}", "dispatch")

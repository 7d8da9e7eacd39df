"""年度台账: moving an earlier year's finished items to that year's archive file, taking one back, and reading
archived items for the commands that ask (`show` of an archived number, `--year`, export, check).

The working-set commands (add, list, show, the lifecycle steps, the boards) never read an archive: an item
number they cannot find costs one look for the archive file of its year, to say where the item went.
Archiving is explicit (`supervisor archive YEAR`), one command and one undo step; see store.storage.archive
for the files and how a crash between them is repaired.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from store.commands.base import Side
from store.commands.items import ItemCommands, normalise_number
from store.errors import NotFoundError, RuleError, ValidationError
from store.records.model import DONE_STATUSES, Dispatch, Item
from store.records.values import json_copy
from store.storage.archive import archive_path
from store.storage.history import Change

FINISHED_STATUSES = DONE_STATUSES | {"cancelled"}
"""A share in one of these needs nothing more; an item whose shares all are can go to the archive. A suspended
(暂缓) share is waiting, not finished: its item stays in the working file."""


def is_finished(item: Item) -> bool:
    return all(a["status"] in FINISHED_STATUSES for a in item["assignments"])


def number_year(number: str) -> int | None:
    """The year an item number belongs to (2019-07 → 2019), or None for a number of another shape."""
    year, _, _ = normalise_number(number).partition("-")
    return int(year) if year.isdigit() and len(year) == 4 else None


def parse_years(text: str, this_year: int) -> set[int] | None:
    """`--year`: 2019, 2019-2021 (or 2019—2021, 2019至2021), or 全部/all (None: every year)."""
    import re

    s = str(text).strip()
    if s.lower() in ("全部", "all", "所有"):
        return None
    if m := re.fullmatch(r"(\d{4})(?:年)?(?:\s*(?:-|—|–|~|至|到)\s*(\d{4})(?:年)?)?", s):
        first, last = int(m[1]), int(m[2] or m[1])
        if first <= last <= this_year:
            return set(range(first, last + 1))
    raise ValidationError("year", f"年份应写成 2019、2019-2021 或 全部，且不晚于今年（{this_year}年）：「{text}」")


class ArchiveCommands(ItemCommands):
    """Archive a year, take an item back, and read archived records."""

    # ------------------------------------------------------------------ reading

    def archive_years(self) -> list[int]:
        return self.database.archives.years()

    def archived_items(self, years: Iterable[int] | None = None) -> list[Item]:
        """Archived items of these years (every archive when None), oldest year first."""
        chosen = self.archive_years() if years is None else sorted(set(years) & set(self.archive_years()))
        return [cast(Item, doc) for y in chosen for doc in self.database.archives.records(y, "items")]

    def archived_dispatches(self, years: Iterable[int] | None = None) -> list[Dispatch]:
        chosen = self.archive_years() if years is None else sorted(set(years) & set(self.archive_years()))
        return [cast(Dispatch, doc) for y in chosen for doc in self.database.archives.records(y, "dispatches")]

    def items_of_years(self, years: Iterable[int] | None = None) -> list[Item]:
        """The working set's items and the archived ones of these years (all years when None): `--year`, export."""
        if years is None:
            return self.items() + self.archived_items()
        wanted = set(years)
        return [i for i in self.items() if i["year"] in wanted] + self.archived_items(wanted)

    def items_for_papers(self, meeting_id: int | None = None) -> list[Item]:
        """The items a 督查通报 or 回头看清单 counts: the working file's, with the archived items of its meetings.

        A meeting's finished items moved to a 年度台账 are still its work: a bulletin that says "the meeting
        assigned 3 items" when it assigned 12 is wrong on paper. So one meeting's papers read its archived items,
        and the county-wide bulletin (the meetings that still have work in the working file) reads theirs. They
        may be in any archive, since an item carried into a meeting keeps the year of its number. Archived items
        of no meeting are left out: those are earlier years' work (`bulletin --year` asks for a year's).
        """
        from store.views.carry import items_of_meeting  # a view: not imported by every command's start

        working = self.items()
        if not self.archive_years():
            return working
        if meeting_id is not None:
            return working + items_of_meeting(self.archived_items(), meeting_id)
        meetings = {i["meeting_id"] for i in working} - {None}
        return working + [i for i in self.archived_items() if i["meeting_id"] in meetings]

    def archived_item(self, number: str) -> Item | None:
        """The item with this number in its year's archive, reading that archive only."""
        key = normalise_number(number)
        year = number_year(key)
        if year is None or not self.database.archives.exists(year):
            return None
        return next((i for i in self.archived_items([year]) if i["number"] == key), None)

    def item(self, number: str) -> Item:
        try:
            return super().item(number)
        except NotFoundError:
            key = normalise_number(number)
            year = number_year(key)
            if year is not None and archive_path(self.database.path, year).exists():
                raise NotFoundError(
                    f"督办事项「{key}」不在工作台账中：{year}年已办结的事项已归入{year}年度台账。"
                    f"查看用 supervisor show {key}；要重新办理，先运行 supervisor archive --back {key}"
                ) from None
            raise

    def unfinished_earlier(self) -> int:
        """Items of earlier years still being worked on: they stay in the working file until they are finished."""
        return sum(1 for i in self.items() if i["year"] < self.today.year and not is_finished(i))

    def archivable(self) -> dict[int, int]:
        """Earlier years with finished items still in the working file: year → how many."""
        counts: dict[int, int] = {}
        for item in self.items():
            if item["year"] < self.today.year and is_finished(item):
                counts[item["year"]] = counts.get(item["year"], 0) + 1
        return dict(sorted(counts.items()))

    # ------------------------------------------------------------------ moving

    def archive_year(self, year: int) -> dict[str, Any]:
        """Move the year's finished items and its dispatch register to the year's archive, as one command."""
        if not 1990 <= year < self.today.year:
            raise ValidationError("year", f"只能归档往年的事项（今年是{self.today.year}年），年份{year}不行")
        items = [i for i in self.items() if i["year"] == year and is_finished(i)]
        dispatches = [d for d in self._all("dispatches") if d.get("year") == year]
        receipts = self._receipts_of_year(year, {d["id"] for d in dispatches})
        waiting = sum(1 for i in self.items() if i["year"] == year) - len(items)
        if not items and not dispatches and not receipts:
            raise RuleError(f"{year}年没有可以归档的已办结事项或发文")
        label = f"归档{year}年度台账：{len(items)}项事项、{len(dispatches)}件发文"
        with self.transaction(label, "archive"):
            for item in items:
                self._move_out("items", item["id"], year)
            for doc in dispatches:
                self._move_out("dispatches", doc["id"], year)
            for receipt in receipts:
                self._move_out("receipts", receipt["id"], year)
        return {
            "year": year,
            "items": len(items),
            "dispatches": len(dispatches),
            "receipts": len(receipts),
            "receipts_unanswered": sum(1 for r in receipts if not r.get("received_on")),
            "still_open": waiting,
            "file": str(archive_path(self.database.path, year)),
        }

    def _receipts_of_year(self, year: int, moving: set[int]) -> list[dict[str, Any]]:
        """The 回执 of the notices moving now, and any left behind by an archive made before receipts moved too."""
        archives = self.database.archives
        archived = {int(k) for k in archives.data(year).get("dispatches", {})} if archives.exists(year) else set()
        held = moving | archived
        return [r for r in self._all("receipts") if r.get("dispatch_id") in held]

    def take_back(self, number: str) -> Item:
        """Bring an archived item back into the working file (to reopen it, say), as one command."""
        found = self.archived_item(number)
        if found is None:
            raise NotFoundError(f"年度台账中没有编号为「{normalise_number(number)}」的督办事项")
        year = number_year(found["number"])
        assert year is not None
        with self.transaction(f"从{year}年度台账取回事项 {found['number']}", "archive-back"):
            self._move_in("items", found["id"], year)
        return self.item(found["number"])

    def _move_out(self, table: str, doc_id: int, year: int) -> None:
        tx = self._require_tx()
        current = self._raw(table).get(str(doc_id))
        if current is None:
            return
        doc = json_copy(current)
        self.database.put(table, doc_id, None)
        self.database.archives.put(year, table, doc_id, doc)
        tx.changes.append({"table": table, "id": doc_id, "before": doc, "after": None, "archive": year})
        self._invalidate(table)

    def _move_in(self, table: str, doc_id: int, year: int) -> None:
        tx = self._require_tx()
        doc = self.database.archives.record(year, table, doc_id)
        if doc is None:
            return
        doc = json_copy(doc)
        self.database.archives.put(year, table, doc_id, None)
        self.database.put(table, doc_id, doc)
        tx.changes.append({"table": table, "id": doc_id, "before": None, "after": doc, "archive": year})
        self._invalidate(table)

    # ------------------------------------------------------------------ undo and redo of a move

    def _apply_change(self, change: Change, side: Side) -> None:
        year = change.get("archive")
        if year is None:
            super()._apply_change(change, side)
        elif change[side] is None:
            self._move_out(change["table"], change["id"], year)
        else:
            self._move_in(change["table"], change["id"], year)

    def _change_holds(self, change: Change, side: Side) -> bool:
        year = change.get("archive")
        if year is None:
            return super()._change_holds(change, side)
        in_working = change[side]
        in_archive = None if in_working is not None else (change["before"] or change["after"])
        return (
            self._raw(change["table"]).get(str(change["id"])) == in_working
            and self.database.archives.record(year, change["table"], change["id"]) == in_archive
        )

"""What the screens show, computed once per change from the store's views and shared by every screen.

Building the rows of 10,000 items takes ~150 ms, so it runs in a worker; filtering the prepared rows on
each keystroke is a string scan over precomputed search keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from store.commands.repository import Repository
from store.records.model import DONE_STATUSES, Item, Unit
from store.rules.lights import assignment_light, is_done_late
from store.views import board as views


@dataclass
class Filters:
    """The Items screen's filters; empty values mean "all"."""

    text: str = ""
    light: str = ""
    status: str = ""
    unit_id: int | None = None
    meeting_id: int | None = None
    key_only: bool = False

    def active(self) -> bool:
        return bool(self.text or self.light or self.status or self.unit_id or self.meeting_id or self.key_only)


@dataclass
class Snapshot:
    """All item rows and what filtering needs, for one version of the data and one day."""

    version: int
    today: date
    rows: list[views.ItemRow] = field(default_factory=list)
    search: list[str] = field(default_factory=list)
    statuses: list[frozenset[str]] = field(default_factory=list)
    units: dict[int, Unit] = field(default_factory=dict)

    def filter(self, f: Filters, order: list[int] | None = None) -> list[views.ItemRow]:
        """The rows that pass the filters, in `order` (indices into `rows`) when given.

        Whole-item rows; a unit's own view (its shares only) comes from store.views.filter_items instead.
        """
        needle = f.text.strip().lower()
        out = []
        rows, search, statuses_of = self.rows, self.search, self.statuses
        for index in order if order is not None else range(len(rows)):
            row, text, statuses = rows[index], search[index], statuses_of[index]
            if needle and needle not in text:
                continue
            if f.light and row.light != f.light:
                continue
            if f.status and f.status not in statuses:
                continue
            if f.unit_id is not None and f.unit_id not in row.unit_ids:
                continue
            if f.meeting_id is not None and row.meeting_id != f.meeting_id:
                continue
            if f.key_only and not row.key:
                continue
            out.append(row)
        return out


def _search_text(item: Item, units: dict[int, Unit]) -> str:
    parts = [item["number"], item["title"], item["requirement"]]
    for a in item["assignments"]:
        unit = units.get(a["unit_id"])
        if unit:
            parts.extend([unit["name"], unit["short"], *unit["initials"], *unit["aliases"]])
    return "\n".join(parts).lower()


def build_snapshot(repo: Repository, version: int) -> Snapshot:
    """Rows for every item, the text a filter matches and the statuses of its shares."""
    policy = repo.policy()
    units = repo.units_by_id()
    snap = Snapshot(version, policy.today, units=units)
    for item in repo.items():
        snap.rows.append(views.item_row(item, policy, units))
        snap.search.append(_search_text(item, units))
        statuses: set[str] = {a["status"] for a in item["assignments"]}
        if any(a["status"] in DONE_STATUSES for a in item["assignments"]):
            statuses.add("done")
        if any(is_done_late(a) for a in item["assignments"]):
            statuses.add("done_late")
        if any(assignment_light(a, policy) == "red" for a in item["assignments"]):
            statuses.add("overdue")
        snap.statuses.append(frozenset(statuses))
    return snap

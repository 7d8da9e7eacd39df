"""年度台账: the finished items of an earlier year, with their shares and logs, and that year's dispatch register,
in a file of their own beside the working file, read only by the commands that ask for them.

    supervisor.json          the working file: this year's items, every item still open, units, meetings, …
    supervisor.2019.json     the archive of 2019: the same layout (meta, items, dispatches), one record per line

Records keep their ids in both files (the working file's counters never give an id twice), so a move is the
record leaving one file and arriving in the other. One command may write several files; they are written
receiving side first: the archives that gain records (with the records they lose still in them), then the
working file, then the archives that lose records. A crash at any point leaves a record in two files, never in
none. A marker file names the archives a command was writing; the next start-up of a writer removes from them
every record the working file holds — the working copy wins — and deletes the marker. Reading an archive applies
the same rule, so a record left twice by a copy put back by hand is never shown twice.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from store.records import codec
from store.storage.schema import Data, empty_data, meta_of, migrate

Doc = dict[str, Any]
ARCHIVED_TABLES = ("items", "dispatches", "receipts")
"""What moves to a year's archive: its finished items (shares, progress, reminders and events inside them), the
documents the office issued that year, and the 回执 of those documents (they go with their notice: a receipt whose
notice is archived is no longer chased, counted late or recorded)."""


def archive_path(path: Path, year: int) -> Path:
    return path.with_name(f"{path.stem}.{year}.json")


def marker_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.archive-moving")


def archive_years(path: Path) -> list[int]:
    """The years that have an archive file beside this database, oldest first."""
    pattern = re.compile(rf"^{re.escape(path.stem)}\.(\d{{4}})\.json$")
    try:
        names = os.listdir(path.parent)
    except OSError:
        return []
    return sorted(int(m[1]) for name in names if (m := pattern.match(name)))


def new_archive(year: int) -> Data:
    data = empty_data()
    meta_of(data)["archive_year"] = year  # type: ignore[typeddict-unknown-key]  # the file says what it is
    return data


class Archives:
    """The archives of one database: read on demand, changed in memory by a command, written by persist()."""

    def __init__(self, path: Path, working: Callable[[], Data]) -> None:
        self.path = path
        self._working = working
        self._loaded: dict[int, Data] = {}
        self._gained: set[int] = set()
        self._lost: dict[int, list[tuple[str, str, Doc]]] = {}

    # ------------------------------------------------------------------ reading

    def years(self) -> list[int]:
        return archive_years(self.path)

    def exists(self, year: int) -> bool:
        return year in self._loaded or archive_path(self.path, year).exists()

    def data(self, year: int) -> Data:
        """The archive of `year` as stored (an empty one when there is no file yet)."""
        data = self._loaded.get(year)
        if data is None:
            from store.storage.database import read_data

            file = archive_path(self.path, year)
            data = migrate(read_data(file))[0] if file.exists() else new_archive(year)
            self._loaded[year] = data
        return data

    def record(self, year: int, table: str, doc_id: int) -> Doc | None:
        found = self.data(year).get(table, {}).get(str(doc_id))
        return None if found is None else dict(found)

    def records(self, year: int, table: str) -> list[Doc]:
        """The year's archived records with their `id`, leaving out any the working file holds (it wins)."""
        working = self._working().get(table, {})
        return [{**doc, "id": int(key)} for key, doc in self.data(year).get(table, {}).items() if key not in working]

    # ------------------------------------------------------------------ changing

    def put(self, year: int, table: str, doc_id: int, doc: Doc | None) -> None:
        """Set (None: remove) one record of an archive in memory; written by the command's persist()."""
        records = self.data(year).setdefault(table, {})
        key = str(doc_id)
        if doc is None:
            old = records.get(key)
            if old is not None:
                del records[key]
                self._lost.setdefault(year, []).append((table, key, old))
        else:
            records[key] = doc
            self._gained.add(year)

    def forget(self) -> None:
        """Drop the archives read so far (the working file was read again: they may have changed on disk too)."""
        self._loaded.clear()
        self._gained.clear()
        self._lost.clear()

    def discard(self) -> None:
        """Forget the changes of a command that failed: the changed archives are read again when needed."""
        for year in self._gained | set(self._lost):
            self._loaded.pop(year, None)
        self._gained.clear()
        self._lost.clear()

    def persist(self, write_working: Callable[[], None], seq: int) -> None:
        """Write the working file with the archives a command changed, receiving side first (see the module)."""
        changed = sorted(self._gained | set(self._lost))
        if not changed:
            write_working()
            return
        from store.storage.database import atomic_write, encode_chunks, make_backup

        marker = marker_path(self.path)
        atomic_write(marker, codec.dumps({"years": changed, "seq": seq}))
        working = self._working()
        for year in changed:
            make_backup(archive_path(self.path, year))  # nothing when the file is new
            data = self.data(year)
            meta_of(data)["history_seq"] = seq
            for table, key in list(duplicates(working, data)):  # left by an interrupted move: the working copy wins
                del data[table][key]
        for year in changed:
            if year in self._gained:
                atomic_write(archive_path(self.path, year), encode_chunks(self._union(year)))
        write_working()
        for year in changed:
            if year in self._lost:
                data = self.data(year)
                if any(data.get(t) for t in ARCHIVED_TABLES):
                    atomic_write(archive_path(self.path, year), encode_chunks(data))
                else:  # every record went back (an undone archive): no empty 年度台账 is left behind
                    archive_path(self.path, year).unlink(missing_ok=True)
                    self._loaded.pop(year, None)
        self._gained.clear()
        self._lost.clear()
        marker.unlink(missing_ok=True)

    def _union(self, year: int) -> Data:
        """The archive with the records it is losing still in it: what is safe to write before the working file."""
        lost = self._lost.get(year)
        if not lost:
            return self.data(year)
        union: Data = {name: dict(table.items()) for name, table in self.data(year).items()}
        for table, key, doc in lost:
            union.setdefault(table, {})[key] = doc
        return union

    # ------------------------------------------------------------------ start-up

    def repair(self) -> list[int]:
        """After a crash in the middle of a move: the working copy of a record in two files wins."""
        marker = marker_path(self.path)
        try:
            years = [int(y) for y in codec.loads(marker.read_bytes())["years"]]
        except FileNotFoundError:
            return []
        except (OSError, codec.DecodeError, KeyError, TypeError, ValueError):
            years = self.years()
        repaired = [year for year in years if archive_path(self.path, year).exists() and self._drop_duplicates(year)]
        marker.unlink(missing_ok=True)
        return repaired

    def _drop_duplicates(self, year: int) -> bool:
        from store.storage.database import atomic_write, encode_chunks

        data = self.data(year)
        working = self._working()
        twice = [(t, k) for t in ARCHIVED_TABLES for k in list(data.get(t, {})) if k in working.get(t, {})]
        for table, key in twice:
            del data[table][key]
        if twice:
            atomic_write(archive_path(self.path, year), encode_chunks(data))
        return bool(twice)


def duplicates(working: Mapping[str, Any], archived: Mapping[str, Any]) -> Iterable[tuple[str, str]]:
    """(table, record id) of the archived records the working file also holds."""
    for table in ARCHIVED_TABLES:
        held = working.get(table, {})
        yield from ((table, key) for key in archived.get(table, {}) if key in held)

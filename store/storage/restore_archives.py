"""What `restore` does about the 年度台账 beside the database: the archive files are not restored from a backup
(they hold every earlier year and are written only by archive moves), so the restored working file is made to
agree with them.

- A record an unreplayed command had taken back from an archive (an `archive --back`, an undone archive that also
  deleted the emptied file) is in neither file after the restore: it is put back into its archive.
- A record the restored working file holds again (its archive move was not replayed) leaves the archive: the
  working copy wins, as after an interrupted move.
- The counters that give record ids and item/document numbers cover the archives and every command of the log,
  replayed or not: a number once given is never given again (the same id in both files would be read as the
  same record, and the working copy wins).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from store.storage.archive import ARCHIVED_TABLES, archive_path, archive_years, duplicates, new_archive
from store.storage.backups import make_backup
from store.storage.database import read_data
from store.storage.files import atomic_write, encode
from store.storage.history import Entry, as_seq
from store.storage.schema import Data, meta_of, migrate


def put_back(path: Path, data: Data, unreplayed: Iterable[Entry]) -> int:
    """Records moved out of an archive by commands not replayed and now in no file go back; returns how many."""
    wanted: dict[int, dict[tuple[str, str], dict[str, Any]]] = {}
    for entry in unreplayed:
        for change in entry.get("changes", []):
            year = change.get("archive") if isinstance(change, dict) else None
            after = change.get("after")
            if not isinstance(year, int) or change.get("before") is not None or not after:
                continue
            key = (str(change["table"]), str(change["id"]))
            wanted.setdefault(year, {}).setdefault(key, after)  # as it was when it left the archive
    restored = 0
    for year, records in sorted(wanted.items()):
        file = archive_path(path, year)
        archive = migrate(read_data(file))[0] if file.exists() else new_archive(year)
        missing = {
            where: doc
            for where, doc in records.items()
            if where[1] not in data.get(where[0], {}) and where[1] not in archive.get(where[0], {})
        }
        if not missing:
            continue
        for (table, record), doc in missing.items():
            archive.setdefault(table, {})[record] = doc
        if file.exists():
            make_backup(file, tag="before-restore")
        atomic_write(file, encode(archive))
        restored += len(missing)
    return restored


def drop_duplicates(path: Path, data: Data) -> int:
    """Remove from every archive the records the restored working file holds; returns how many."""
    dropped = 0
    for year in archive_years(path):
        file = archive_path(path, year)
        archive = read_data(file)
        twice = [(t, k) for t, k in duplicates(data, archive)]
        if not twice:
            continue
        make_backup(file, tag="before-restore")
        for table, key in twice:
            del archive[table][key]
        if any(archive.get(t) for t in ARCHIVED_TABLES):
            atomic_write(file, encode(archive))
        else:
            file.unlink()
        dropped += len(twice)
    return dropped


def counters_cover_all(path: Path, data: Data, entries: Iterable[Entry]) -> None:
    """Counters at least every value the log recorded and past every id and number in the archives."""
    meta: dict[str, Any] = meta_of(data)  # type: ignore[assignment]
    for entry in entries:
        for name, theirs in (entry.get("counters") or {}).items():
            if isinstance(theirs, dict):
                _raise(meta, name, {k: v for k, v in theirs.items() if isinstance(v, int)})
    for year in archive_years(path):
        archive = read_data(archive_path(path, year))
        for table in ARCHIVED_TABLES:
            ids = [int(k) for k in archive.get(table, {}) if k.isdigit()]
            if ids:
                _raise(meta, "next_id", {table: max(ids) + 1})
        for counter, table in (("item_seq", "items"), ("dispatch_seq", "dispatches")):
            for doc in archive.get(table, {}).values():
                if isinstance(doc.get("year"), int) and isinstance(doc.get("seq"), int):
                    _raise(meta, counter, {str(doc["year"]): doc["seq"]})


def _raise(meta: dict[str, Any], name: str, values: dict[str, int]) -> None:
    ours = dict(meta.get(name) or {})
    for key, value in values.items():
        if value > as_seq(ours.get(key)):
            ours[key] = value
    meta[name] = ours

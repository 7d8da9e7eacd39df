"""`restore`: the newest good backup, then the history log rolled forward from it, so no acknowledged write is lost.

A backup is the file as it was, including `meta.history_seq`; every command since then is a line of the log with
each record before and after. Restoring applies the lines past the backup's number in order, each only when its
"before" records are what the restored data holds (so a log of another timeline cannot scramble the data), and
stops at the first that does not fit, saying which. The counters that keep item and document numbers from being
reused are brought forward too. What was there before is kept as a `-before-restore` backup.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from store.errors import LockedError, StorageError
from store.storage.backups import make_backup
from store.storage.database import busy_message, history_path, lock_path, read_data
from store.storage.files import atomic_write, encode
from store.storage.history import Change, Entry, HistoryLog, as_seq
from store.storage.lock import ProcessLock
from store.storage.restore_archives import counters_cover_all, drop_duplicates, put_back
from store.storage.schema import COUNTERS, Data, meta_of, migrate


@dataclass
class Restored:
    """What a restore did: the backup used, the copy of the file it replaced, the log lines replayed."""

    source: Path
    saved: Path | None = None
    replayed: int = 0
    first_seq: int = 0
    last_seq: int = 0
    since: str = ""  # when the first replayed command was made
    stopped: str = ""  # why the replay stopped before the end of the log ('' when it reached the end)
    left: int = 0  # commands of the log not replayed after that stop
    put_back: int = 0  # archived records an unreplayed command had taken out, returned to their 年度台账

    def summary(self) -> str:
        """One Chinese sentence on the replay, for the CLI and the workbench alike."""
        if not self.replayed and not self.stopped:
            return "备份之后没有需要重放的修改"
        text = ""
        if self.replayed:
            when = self.since[:16].replace("T", " ")
            text = f"已按修改记录重放备份之后的{self.replayed}步修改（第{self.first_seq}至{self.last_seq}条，{when}起）"
        if self.stopped:
            text += ("；" if text else "") + f"{self.stopped}，其后{self.left}步未重放"
        if self.put_back:
            text += ("；" if text else "") + f"{self.put_back}条记录放回了年度台账"
        return text

    def as_json(self) -> dict[str, Any]:
        return {
            "restored": str(self.source),
            "previous_saved_as": str(self.saved) if self.saved else None,
            "replayed": self.replayed,
            "first_seq": self.first_seq,
            "last_seq": self.last_seq,
            "since": self.since,
            "stopped": self.stopped,
            "not_replayed": self.left,
            "put_back_to_archives": self.put_back,
        }


def restore(path: Path, source: Path, *, replay: bool = True, lock_wait: float | None = None) -> Restored:
    """Put `source` in place of the database (which may not parse) and replay the log after it, under the lock."""
    from store.config import configured_lock_wait

    path = path.absolute()
    wait = configured_lock_wait() if lock_wait is None else lock_wait
    lock = ProcessLock(lock_path(path))
    if not lock.acquire(wait):
        raise LockedError(busy_message(path, lock, wait))
    try:
        data, _ = migrate(read_data(source))
        log = HistoryLog(history_path(path), like=path if path.exists() else None)
        log.cut_torn_line()
        result = Restored(source)
        entries = log.entries()
        base = as_seq(meta_of(data).get("history_seq"))
        if replay:
            roll_forward(data, entries, result)
        done = result.last_seq if result.replayed else base
        result.put_back = put_back(path, data, [e for e in entries if as_seq(e.get("seq")) > done])
        drop_duplicates(path, data)
        counters_cover_all(path, data, entries)
        result.saved = make_backup(path, tag="before-restore") if path.is_file() else None
        last = max(log.last_seq(), as_seq(meta_of(data).get("history_seq")))
        label = f"从备份 {source.name} 恢复" + (f"，重放其后的{result.replayed}步修改" if result.replayed else "")
        log.append({"seq": last + 1, "kind": "restore", "label": label, "changes": []})
        meta_of(data)["history_seq"] = last + 1
        try:
            atomic_write(path, encode(data))
        except StorageError:
            log.truncate_after(last)
            raise
        return result
    finally:
        lock.release()


def roll_forward(data: Data, entries: list[Entry], result: Restored) -> None:
    """Apply the log's commands numbered past the data's own, in order, while their "before" fits."""
    base = as_seq(meta_of(data).get("history_seq"))
    pending = [e for e in entries if as_seq(e.get("seq")) > base and e.get("changes")]
    for index, entry in enumerate(pending):
        changes = entry["changes"]
        if not all(_fits(data, change) for change in changes):
            result.stopped = f"第{as_seq(entry.get('seq'))}条修改（{entry.get('label', '')}）与恢复出的数据对不上"
            result.left = len(pending) - index
            break
        for change in changes:
            table = data.setdefault(change["table"], {})
            if change["after"] is None:
                table.pop(str(change["id"]), None)
            else:
                table[str(change["id"])] = change["after"]
        _counters_forward(data, entry.get("counters") or {})
        result.replayed += 1
        result.first_seq = result.first_seq or as_seq(entry.get("seq"))
        result.last_seq = as_seq(entry.get("seq"))
        result.since = result.since or str(entry.get("at", ""))
    _counters_cover_records(data)


def _fits(data: Data, change: Change) -> bool:
    """The change is well formed and its "before" is what the data holds now."""
    if not isinstance(change, dict) or not isinstance(change.get("table"), str):
        return False
    if not isinstance(change.get("id"), int) or not all(
        change.get(side) is None or isinstance(change.get(side), dict) for side in ("before", "after")
    ):
        return False
    table = data.get(change["table"])
    current = table.get(str(change["id"])) if isinstance(table, Mapping) else None
    return bool(current == change["before"])


def _counters_forward(data: Data, counters: dict[str, Any]) -> None:
    """Counters never go back: each takes the larger of its value and the replayed command's."""
    meta: dict[str, Any] = meta_of(data)  # type: ignore[assignment]
    for name in COUNTERS:
        theirs = counters.get(name)
        if not isinstance(theirs, dict):
            continue
        ours = dict(meta.get(name) or {})
        for key, value in theirs.items():
            if isinstance(value, int) and value > as_seq(ours.get(key)):
                ours[key] = value
        meta[name] = ours


def _counters_cover_records(data: Data) -> None:
    """Item and document counters at least as high as the numbers in use (logs older than `counters`)."""
    meta: dict[str, Any] = meta_of(data)  # type: ignore[assignment]
    for counter, table in (("item_seq", "items"), ("dispatch_seq", "dispatches")):
        values = dict(meta.get(counter) or {})
        for doc in data.get(table, {}).values():
            year, seq = doc.get("year"), doc.get("seq")
            if isinstance(year, int) and isinstance(seq, int) and seq > as_seq(values.get(str(year))):
                values[str(year)] = seq
        meta[counter] = values

"""The append-only change log beside the database, and the undo/redo stacks derived from it.

Each user command appends one line — when, what, and every record before and after — *before* the
database file is swapped. The database's `meta.history_seq` names the last command that reached the file.
At start-up a torn last line is dropped; one entry past that number whose "before" records are what the file
holds was never committed (a crash between the two writes) and is dropped too. Anything else past it means the
file was replaced by an older copy: the log is kept and a barrier entry records the gap.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, NotRequired, TypedDict, cast

from store.calendar.dates import now_stamp
from store.errors import StorageError
from store.records import codec
from store.storage.files import os_reason


class Change(TypedDict):
    """One record a command changed: what it was before and after (None: it did not exist)."""

    table: str
    id: int
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    archive: NotRequired[int]  # a move between the working file and that year's archive (store.storage.archive)


class Entry(TypedDict):
    """One line of the log: a command ('do', 'undo', 'redo') or a barrier ('restore', 'import', 'migrate')."""

    seq: int
    kind: str
    label: str
    changes: list[Change]
    command: NotRequired[str]
    at: NotRequired[str]
    target: NotRequired[int]
    counters: NotRequired[dict[str, Any]]  # meta's counters after the command, so a replay never reuses a number


BARRIERS = frozenset({"restore", "import", "migrate"})


def as_seq(value: object) -> int:
    """A sequence number as written in the log or the file; anything else (a damaged "abc") counts as 0."""
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return 0


class HistoryLog:
    """A JSON-lines file that only grows (except for uncommitted lines cut off at start-up)."""

    def __init__(self, path: Path, like: Path | None = None) -> None:
        self.path = path
        self.like = like  # the database file: a new log takes its mode (it holds the same records)

    def append(self, entry: Entry) -> None:
        entry.setdefault("at", now_stamp())
        line = codec.dumps(entry) + b"\n"
        try:
            mode = stat.S_IMODE(os.stat(self.like).st_mode) & 0o666 if self.like and self.like.exists() else 0o644
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_BINARY", 0), mode)
            try:
                os.write(fd, line)
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as exc:
            raise StorageError(f"无法写入修改记录 {self.path}：{os_reason(exc)}。数据未保存") from exc

    def _refused(self, exc: OSError) -> StorageError:
        return StorageError(f"无法读取修改记录 {self.path}：{os_reason(exc)}。请检查这个文件，或把它移走后重试")

    def entries(self) -> list[Entry]:
        return list(self._iter())

    def _iter(self) -> Iterator[Entry]:
        try:
            f = open(self.path, "rb")  # noqa: SIM115 - a missing log is no error, a folder is
        except FileNotFoundError:
            return
        except OSError as exc:
            raise self._refused(exc) from exc
        with f:
            try:
                for raw in f:
                    if not raw.endswith(b"\n"):
                        break
                    try:
                        entry = codec.loads(raw)
                    except codec.DecodeError:
                        continue
                    if isinstance(entry, dict) and isinstance(entry.get("changes", []), list):
                        yield cast(Entry, entry)
            except OSError as exc:
                raise self._refused(exc) from exc

    def _size(self) -> int | None:
        try:
            if not self.path.exists():
                return None
            if not self.path.is_file():
                raise IsADirectoryError(21, "Is a directory")
            return self.path.stat().st_size
        except OSError as exc:
            raise self._refused(exc) from exc

    def last_seq(self) -> int:
        last = 0
        for entry in self._iter():
            last = max(last, as_seq(entry.get("seq")))
        return last

    def cut_torn_line(self) -> bool:
        """Drop a last line without its newline (a crash in the middle of an append)."""
        size = self._size()
        if not size:
            return False
        with open(self.path, "rb") as f:
            start, line = _line_before(f, size)
        if line.endswith(b"\n"):
            return False
        self._truncate(start)
        return True

    def last_entry(self) -> Entry | None:
        """The last complete entry, read from the end of the file (the log can be long)."""
        last = self.last_entries(1)
        return last[0] if last else None

    def last_entries(self, count: int) -> list[Entry]:
        """The last `count` complete entries in order, read from the end of the file."""
        size = self._size()
        found: list[Entry] = []
        if not size:
            return found
        end = size
        with open(self.path, "rb") as f:
            while end > 0 and len(found) < count:
                start, line = _line_before(f, end)
                if line.endswith(b"\n"):
                    try:
                        entry = codec.loads(line)
                    except codec.DecodeError:
                        entry = None
                    if isinstance(entry, dict):
                        found.append(cast(Entry, entry))
                end = start
        return found[::-1]

    def uncommitted(self, committed: int, holds: Callable[[Change], bool]) -> bool:
        """Are the lines past `committed` one command that never reached the file (a crash between the log and
        the file)? That is `committed`+1 whose "before" records the file holds, or — the first save after an
        upgrade writes two lines — a `migrate` line without changes, then such a command."""
        tail = [e for e in self.last_entries(2) if as_seq(e.get("seq")) > committed]
        if not tail or [as_seq(e.get("seq")) for e in tail] != list(range(committed + 1, committed + 1 + len(tail))):
            return False
        if len(tail) == 2 and (tail[0].get("kind") != "migrate" or tail[0].get("changes")):
            return False
        return all(holds(c) for c in tail[-1].get("changes", []))

    def truncate_after(self, seq: int) -> int:
        """Remove the trailing entries numbered above `seq` (this process's own uncommitted lines)."""
        size = self._size()
        if size is None:
            return 0
        cut = size
        removed = 0
        with open(self.path, "rb") as f:
            while cut > 0:
                start, line = _line_before(f, cut)
                try:
                    line_seq = as_seq(codec.loads(line).get("seq")) if line.endswith(b"\n") else seq + 1
                except (codec.DecodeError, AttributeError, ValueError, TypeError):
                    line_seq = seq + 1
                if line_seq <= seq:
                    break
                cut = start
                removed += 1
        if cut != size:
            self._truncate(cut)
        return removed

    def _truncate(self, size: int) -> None:
        try:
            with open(self.path, "r+b") as f:
                f.truncate(size)
                f.flush()
                os.fsync(f.fileno())
        except OSError as exc:
            raise StorageError(f"无法整理修改记录 {self.path}：{os_reason(exc)}") from exc


def _line_before(f: IO[bytes], end: int) -> tuple[int, bytes]:
    """The line that ends at byte offset `end` (including its newline) and where it starts."""
    chunk = 65536
    pos = end
    buf = b""
    while pos > 0:
        step = min(chunk, pos)
        pos -= step
        f.seek(pos)
        buf = f.read(step) + buf
        # Ignore the line's own trailing newline when looking for the previous one.
        idx = buf.rfind(b"\n", 0, len(buf) - 1)
        if idx >= 0:
            return pos + idx + 1, buf[idx + 1 :]
        chunk *= 2
    return 0, buf


def stacks(entries: list[Entry]) -> tuple[list[int], list[int]]:
    """Undo and redo stacks (sequence numbers of 'do' entries), replayed from the log."""
    undo: list[int] = []
    redo: list[int] = []
    for entry in entries:
        kind = entry.get("kind")
        if kind == "do":
            undo.append(entry["seq"])
            redo.clear()
        elif kind == "undo" and undo:
            redo.append(undo.pop())
        elif kind == "redo" and redo:
            undo.append(redo.pop())
        elif kind in BARRIERS:
            undo.clear()
            redo.clear()
    return undo, redo

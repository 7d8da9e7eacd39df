"""The append-only change log beside the database, and the undo/redo stacks derived from it.

Each user command appends one line — when, what, and every record before and after — *before* the
database file is swapped. The database's `meta.history_seq` names the last command that reached the file;
a line past it (a crash between the two writes) was never committed and is cut off at the next start.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from .dates import now_stamp
from .errors import StorageError

Entry = dict[str, Any]
BARRIERS = frozenset({"restore", "import", "migrate"})


class HistoryLog:
    """A JSON-lines file that only grows (except for uncommitted lines cut off at start-up)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def append(self, entry: Entry) -> None:
        entry.setdefault("at", now_stamp())
        line = orjson.dumps(entry) + b"\n"
        try:
            with open(self.path, "ab") as f:
                f.write(line)
                f.flush()
                os.fsync(f.fileno())
        except OSError as exc:
            raise StorageError(f"无法写入修改记录 {self.path}：{exc.strerror or exc}。数据未保存") from exc

    def entries(self) -> list[Entry]:
        return list(self._iter())

    def _iter(self) -> Iterator[Entry]:
        try:
            with open(self.path, "rb") as f:
                for raw in f:
                    if not raw.endswith(b"\n"):
                        break
                    try:
                        yield orjson.loads(raw)
                    except orjson.JSONDecodeError:
                        continue
        except FileNotFoundError:
            return

    def last_seq(self) -> int:
        last = 0
        for entry in self._iter():
            last = max(last, int(entry.get("seq", 0)))
        return last

    def recover(self, committed_seq: int) -> int:
        """Cut off a torn last line and lines past the committed sequence; returns lines removed."""
        try:
            size = self.path.stat().st_size
        except FileNotFoundError:
            return 0
        if size == 0:
            return 0
        cut = size
        removed = 0
        with open(self.path, "rb") as f:
            # Walk back line by line from the end; normally the last line is committed and we stop at once.
            while cut > 0:
                start, line = _line_before(f, cut)
                if line.endswith(b"\n"):
                    try:
                        seq = int(orjson.loads(line).get("seq", 0))
                    except (orjson.JSONDecodeError, AttributeError, ValueError, TypeError):
                        seq = committed_seq + 1
                    if seq <= committed_seq:
                        break
                cut = start
                removed += 1
        if cut != size:
            with open(self.path, "r+b") as f:
                f.truncate(cut)
                f.flush()
                os.fsync(f.fileno())
        return removed


def _line_before(f: Any, end: int) -> tuple[int, bytes]:
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

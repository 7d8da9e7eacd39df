"""The database file: one parse per process, atomic writes checked against what was read, one writer at a time.

TinyDB's own JSONStorage writes in place and a crash can leave half a file; this storage swaps in a whole new
file (store.storage.files). The parsed data stays in memory: TinyDB's reads never touch the disk again. The file
keeps TinyDB's layout (table → id → record) and `Database.db` is a TinyDB over it, built when first asked for:
the commands read and write records through the repository, and importing tinydb cost every command ~4 ms.

The lock (store.storage.lock) is not the only guard. A network share, a sync tool or a person can remove the lock
file, so every write, under the lock, first checks that the file on disk is still the one this process read (its
inode, size and modification time, and the last number of the history log) and refuses with a reload when it is
not. A command holds the lock for its run; the workbench takes it only for each write and watches the file for
other writers' changes (`reload`). Backups live in store.storage.backups, restore in store.storage.restore.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from store.errors import ConflictError, LockedError, StorageError
from store.records import codec
from store.storage.archive import Archives
from store.storage.backups import BACKUP_INTERVAL_SECONDS, BACKUPS_KEPT, backups_dir, list_backups, make_backup
from store.storage.backups import remove_stale_temps as remove_stale_backup_temps
from store.storage.backups import restore_hint as _restore_hint
from store.storage.files import (
    Signature,
    atomic_write,
    decode,
    discard,
    encode,
    encode_chunks,
    os_reason,
    signature,
)
from store.storage.history import HistoryLog, as_seq
from store.storage.lines import Records
from store.storage.lock import ProcessLock
from store.storage.schema import (
    SCHEMA_VERSION,
    Data,
    date_problems,
    empty_data,
    meta_of,
    migrate,
    shape_problems,
)

if TYPE_CHECKING:
    from tinydb import TinyDB

__all__ = [
    "BACKUPS_KEPT",
    "BACKUP_INTERVAL_SECONDS",
    "AtomicJSONStorage",
    "Database",
    "atomic_write",
    "backups_dir",
    "decode",
    "default_db_path",
    "encode",
    "encode_chunks",
    "history_path",
    "list_backups",
    "lock_path",
    "make_backup",
    "read_data",
    "restore_backup",
]


def default_db_path() -> Path:
    """The configured database (store.config: $SUPERVISOR_DB, else the user's data folder), so that opening
    without a path never lands on another file than the front ends use."""
    from store.config import configured_db_path

    return configured_db_path()


class AtomicJSONStorage:
    """TinyDB storage (read, write, close) over data parsed once; writes are atomic and can be batched into one
    per command."""

    def __init__(self, path: Path, data: Data, readonly: bool = False) -> None:
        self.path = path
        self._data = data
        self.readonly = readonly
        self._batch = 0
        self._dirty = False
        self.writes = 0

    def read(self) -> Data:
        return self._data

    def write(self, data: Data) -> None:
        if self.readonly:
            raise StorageError("数据库以只读方式打开，不能修改")
        self._data = data
        if self._batch:
            self._dirty = True
        else:
            self.persist()

    def replace(self, data: Data) -> None:
        """Hold data read again from disk (nothing is written)."""
        self._data = data
        self._dirty = False

    def persist(self) -> None:
        atomic_write(self.path, encode_chunks(self._data))
        self._dirty = False
        self.writes += 1

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Hold writes until the outermost batch ends, so a command costs one file write."""
        self._batch += 1
        try:
            yield
        finally:
            self._batch -= 1

    def close(self) -> None:
        pass


def read_file(path: Path) -> tuple[bytes, Signature]:
    """The file's bytes and the signature of exactly that version (taken from the open handle)."""
    try:
        with open(path, "rb") as f:
            st = os.fstat(f.fileno())
            raw = f.read()
    except OSError as exc:
        raise StorageError(f"无法读取数据库文件 {path}：{os_reason(exc)}") from exc
    return raw, (st.st_ino, st.st_size, st.st_mtime_ns)


def parse_data(path: Path, raw: bytes) -> Data:
    """Parse and check a database file's bytes; a file that fails is reported, never replaced."""
    if not raw or (len(raw) < 64 and not raw.strip()):
        raise StorageError(f"数据库文件 {path} 是空的，可能在写入时被中断。文件未被改动。{_restore_hint(path)}")
    try:
        data = decode(raw)
    except codec.DecodeError as exc:
        where = f"第{exc.lineno}行第{exc.colno}列" if getattr(exc, "lineno", None) else ""
        raise StorageError(
            f"数据库文件 {path} 无法解析（{where}格式错误）。文件未被改动。{_restore_hint(path)}"
        ) from exc
    except RecursionError as exc:
        raise StorageError(
            f"数据库文件 {path} 中的数据嵌套过深，无法解析。文件未被改动。{_restore_hint(path)}"
        ) from exc
    if isinstance(data, dict) and isinstance(data.get("meta"), Records):
        return cast(Data, data)  # our own bytes, checksum intact: checked when they were written
    problems = shape_problems(data) or _value_problems(cast(Data, data))
    if problems:
        raise StorageError(
            f"数据库文件 {path} 不符合督办台的数据格式：{problems[0]}。文件未被改动。{_restore_hint(path)}"
        )
    return cast(Data, data)  # shape_problems found none: a dict of tables of records


def _value_problems(data: Data) -> list[str]:
    """A file that fails the checksum was edited by hand or by another program: every record is checked against
    the model and every date read, so that a status of "finished" or a deadline of 2026-02-30 is named here, with
    the record to mend, rather than stopping each command with a Python error. 20 ms for the 10k bench's working
    file, 160 ms at 100k; our own files (checksum intact) skip it. An older file is checked after its migration
    by the command that writes it."""
    from store.storage.validate import record_problems

    if meta_of(data).get("schema_version") != SCHEMA_VERSION:
        return []
    return record_problems(data)[0][:1] or list(islice(date_problems(data), 1))


def read_data(path: Path) -> Data:
    """Parse and check a database file; a file that fails is reported, never replaced."""
    return parse_data(path, read_file(path)[0])


def busy_message(path: Path, lock: ProcessLock, waited: float) -> str:
    holder = lock.holder()
    who = f"（进程 {holder.split()[0]}）" if holder else ""
    if waited > 0:
        return f"等了{waited:g}秒，另一个督办台或命令{who}仍在修改这个数据库：{path}。请稍后再试"
    return f"另一个督办台或命令{who}正在修改这个数据库：{path}。请稍后再试，或以只读方式查看"


class Database:
    """An open database: TinyDB over the atomic storage, the writer lock and the history log.

    `session` is True when this process took the lock at open and holds it until `close` (a command); False
    when it takes the lock for each write only (the workbench).
    """

    def __init__(
        self,
        path: Path,
        data: Data,
        *,
        readonly: bool,
        lock: ProcessLock | None,
        session: bool = True,
        lock_wait: float = 0.0,
        read_as: Signature | None = None,
    ) -> None:
        self.path = path
        self.readonly = readonly
        self._lock = lock
        self.session = session
        self.lock_wait = lock_wait
        self._writer = threading.RLock()  # one writing thread per process (the workbench writes from workers too)
        self.storage = AtomicJSONStorage(path, data, readonly=readonly)
        self._tinydb: TinyDB | None = None
        self.history = HistoryLog(history_path(path), like=path)
        self.pending_migration: int | None = None
        self.signature = read_as  # the file this process's data came from (None: there was none)
        self.loads = 0  # bumped every time the data is read again from disk
        self.archives = Archives(path, lambda: self.data)  # 年度台账: read only when a command asks

    @classmethod
    def open(
        cls,
        path: Path | str | None = None,
        *,
        readonly: bool = False,
        backup: bool = True,
        session: bool = True,
        lock_wait: float | None = None,
    ) -> Database:
        """Open for writing or read-only. A session (a command) takes the lock now, waiting up to `lock_wait`
        seconds (default: the configured wait) and raising LockedError after that; the workbench
        (`session=False`) takes it only to tidy up at start and for each write."""
        from store.config import configured_lock_wait

        path = Path(path).expanduser() if path else default_db_path()
        path = path.absolute()
        wait = configured_lock_wait() if lock_wait is None else lock_wait
        lock: ProcessLock | None = None
        tidy = False
        if not readonly:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StorageError(f"无法创建数据库所在的文件夹 {path.parent}：{os_reason(exc)}") from exc
            lock = ProcessLock(lock_path(path))
            if session and not lock.acquire(wait):
                raise LockedError(busy_message(path, lock, wait))
            tidy = session or lock.acquire(0)  # the workbench tidies up only when nobody is writing right now
        try:
            if tidy:
                _remove_stale_temps(path)
            data, read_as = _read_or_empty(path)
            version_before = meta_of(data)["schema_version"]
            data, steps = migrate(data)
            database = cls(path, data, readonly=readonly, lock=lock, session=session, lock_wait=wait, read_as=read_as)
            if steps and path.exists():
                # Migrated in memory only: the first command that succeeds saves it (after a backup), so a
                # refused command leaves an older file exactly as it was.
                database.pending_migration = version_before
            if tidy:
                database.reconcile_history()
                database.archives.repair()  # a crash in the middle of an archive move: the working copy wins
                if backup and path.exists() and not steps:
                    database.backup_if_due()
            return database
        except BaseException:
            if lock:
                _let_go(lock, path)
            raise
        finally:
            if lock and not session:
                _let_go(lock, path)

    @property
    def db(self) -> TinyDB:
        """TinyDB over this database's storage (its Table and Query API), built on first use."""
        if self._tinydb is None:
            from tinydb import TinyDB

            storage = self.storage
            self._tinydb = TinyDB(storage=lambda: storage)
        return self._tinydb

    @property
    def data(self) -> Data:
        return self.storage.read()

    def persist(self, seq: int) -> None:
        """Write a command's changes: the archives it added to, the working file, the archives it took from."""
        self.archives.persist(self.storage.persist, seq)

    def put(self, table: str, doc_id: int, doc: Mapping[str, Any] | None) -> None:
        """Set (None: remove) one record in memory, saved by the next write: O(1), where TinyDB's Table rebuilds
        its whole key map for every insert or update (quadratic over a batch or an import)."""
        data = self.data
        records = data.get(table)
        if records is None:
            records = data[table] = {}
        if doc is None:
            records.pop(str(doc_id), None)
        else:
            records[str(doc_id)] = doc
        self.storage.write(data)

    # ------------------------------------------------------------------ writing

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the lock for a write: the session's lock, else taken now (waiting up to `lock_wait` seconds)."""
        if self.readonly:
            raise StorageError("数据库以只读方式打开，不能修改")
        if not self._writer.acquire(timeout=max(self.lock_wait, 0.001)):
            raise LockedError(f"本窗口正在进行另一项修改（如生成文件），请稍后再试：{self.path}")
        try:
            lock = self._lock
            if lock is None or lock.held:  # a scratch copy (previews), or already held: by the session or nested
                yield
                return
            if not lock.acquire(self.lock_wait):
                raise LockedError(busy_message(self.path, lock, self.lock_wait))
            try:
                yield
            finally:
                lock.release()
        finally:
            self._writer.release()

    def ensure_current(self, committed: int) -> None:
        """Under the lock, before a write: refuse when the file is no longer the one this process read.

        Log lines past `committed` while the file still holds `committed` were never committed (a writer died
        between its two writes, or failed): they are cut, exactly as at start-up.
        """
        now = signature(self.path)
        if now != self.signature:
            if now is None:
                raise StorageError(
                    f"数据库文件 {self.path} 不见了（被删除或移走），本次修改未保存。{_restore_hint(self.path)}"
                )
            raise ConflictError(
                "数据库在本窗口读取之后已被另一个督办台或命令修改，本次修改未保存；已重新载入最新数据，请核对后重做这一步"
            )
        log = self.history
        log.cut_torn_line()
        last = log.last_entry()
        if last is None or as_seq(last.get("seq")) <= committed:
            return
        on_disk = as_seq(meta_of(read_data(self.path))["history_seq"]) if now is not None else 0
        if on_disk != committed:
            raise ConflictError(
                "修改记录显示另一个督办台或命令已修改了数据库，本次修改未保存；已重新载入最新数据，请核对后重做这一步"
            )
        log.truncate_after(committed)

    def written(self) -> None:
        """Remember the file this process has just written as the one it holds."""
        self.signature = signature(self.path)

    def reload(self) -> bool:
        """Read the file again when another process changed it; True when the data was replaced.

        A file that disappeared or no longer parses leaves the data in memory as it was (StorageError).
        """
        if signature(self.path) == self.signature:
            return False
        if not self.path.exists():
            raise StorageError(f"数据库文件 {self.path} 不见了（被删除或移走）。{_restore_hint(self.path)}")
        raw, read_as = read_file(self.path)
        data, steps = migrate(parse_data(self.path, raw))
        self.storage.replace(data)
        if self._tinydb is not None:
            self._tinydb._tables.clear()  # TinyDB keeps per-table id counters and query caches: start them afresh
        self.archives.forget()  # another writer may have moved records to or from an archive too
        self.signature = read_as
        self.pending_migration = steps[0] if steps else None
        self.loads += 1
        return True

    # ------------------------------------------------------------------ start-up, backups

    def reconcile_history(self) -> None:
        """Make the log and the file agree at start-up (see store.history)."""
        log = self.history
        log.cut_torn_line()
        last = log.last_entry()
        committed = as_seq(meta_of(self.data)["history_seq"])
        if last is None or as_seq(last.get("seq")) <= committed:
            return
        if log.uncommitted(committed, lambda c: self.data.get(c["table"], {}).get(str(c["id"])) == c["before"]):
            log.truncate_after(committed)  # a crash between the log and the file: never committed
            return
        seq = as_seq(last.get("seq")) + 1
        log.append(
            {
                "seq": seq,
                "kind": "restore",
                "changes": [],
                "label": "数据库文件与修改记录不一致（可能换上了较旧的文件），此前的修改不能再撤销",
            }
        )
        meta_of(self.data)["history_seq"] = seq
        if self.path.exists():
            self.storage.persist()
            self.written()

    def backup_if_due(self) -> Path | None:
        """A backup at start-up when the file changed since the newest one and that one is not recent."""
        import time

        backups = list_backups(self.path)
        if backups:
            newest = backups[0].stat().st_mtime
            if self.path.stat().st_mtime <= newest or time.time() - newest < BACKUP_INTERVAL_SECONDS:
                return None
        return make_backup(self.path)

    def backup(self) -> Path:
        """A backup now (the newest one when nothing changed since)."""
        with self.writing():
            if not self.path.exists():
                self.storage.persist()
                self.written()
            target = make_backup(self.path)
        assert target is not None
        return target

    def close(self) -> None:
        if self._lock and self.session:
            _let_go(self._lock, self.path)
        self._lock = None


def _let_go(lock: ProcessLock, path: Path) -> None:
    """Release the writer lock; when nothing was ever saved (the welcome screen left without a choice), remove
    the lock file too, so no `supervisor.json.lock` is left beside a database that does not exist. It is
    removed while still held, and only then released."""
    if lock.held and not path.exists():
        try:
            lock.path.unlink()
        except OSError:  # Windows refuses to delete an open file: leaving it is harmless
            pass
    lock.release()


def _read_or_empty(path: Path) -> tuple[Data, Signature | None]:
    if not path.exists():
        return empty_data(), None
    raw, read_as = read_file(path)
    return parse_data(path, raw), read_as


def history_path(path: Path) -> Path:
    return path.with_name(path.stem + ".history.jsonl")


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def _remove_stale_temps(path: Path) -> None:
    for stale in path.parent.glob(f".{path.name}.tmp-*"):
        discard(stale)
    remove_stale_backup_temps(path)


def restore_backup(path: Path, source: Path) -> Path:
    """Kept for callers of the old name: restore `source` and replay the history after it (store.storage.restore)."""
    from store.storage.restore import restore

    result = restore(path, source)
    return result.saved or path

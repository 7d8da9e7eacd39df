"""The database file: atomic writes, one parse per process, one writer, backups and restore.

TinyDB's own JSONStorage writes in place and a crash can leave half a file; this storage writes a temp
file in the same folder, fsyncs it and swaps it in with `os.replace`, so a crash leaves the old or the new
file, never a mix. The parsed data stays in memory: TinyDB's reads never touch the disk again.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, cast

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage

from store.errors import LockedError, StorageError
from store.storage.archive import Archives
from store.storage.history import HistoryLog
from store.storage.lines import Records, decode_lazily, decode_strictly
from store.storage.lines import encode as encode  # the file's layout lives in store.storage.lines
from store.storage.lock import ProcessLock
from store.storage.schema import SCHEMA_VERSION, Data, empty_data, meta_of, migrate, shape_problems

BACKUPS_KEPT = 20
BACKUP_INTERVAL_SECONDS = 600


def default_db_path() -> Path:
    """The configured database (store.config: $SUPERVISOR_DB, else the user's data folder), so that opening
    without a path never lands on another file than the front ends use."""
    from store.config import configured_db_path

    return configured_db_path()


def decode(raw: bytes) -> object:
    """Parse a database file: lazily when its checksum shows it is exactly what we wrote (store.storage.lines),
    else whole and strictly."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    lazy = decode_lazily(raw, SCHEMA_VERSION)
    return lazy if lazy is not None else decode_strictly(raw)


def atomic_write(path: Path, payload: bytes) -> None:
    """Write a temp file beside `path`, fsync it, swap it in, fsync the folder."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with open(tmp, "wb") as f:
            f.write(payload)
            f.flush()
            os.fsync(f.fileno())
        for attempt in range(6):
            try:
                os.replace(tmp, path)
                break
            except PermissionError:  # Windows: antivirus or an indexer holds the file for a moment
                if attempt == 5:
                    raise
                time.sleep(0.05 * (attempt + 1))
    except OSError as exc:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        raise StorageError(f"无法写入数据库文件 {path}：{exc.strerror or exc}。数据未保存，原文件未改动") from exc
    if os.name != "nt":
        try:  # make the rename itself durable; the swap already happened, so a refusal here is not an error
            fd = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError:
            pass


class AtomicJSONStorage(Storage):
    """TinyDB storage over data parsed once; writes are atomic and can be batched into one per command."""

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

    def persist(self) -> None:
        atomic_write(self.path, encode(self._data))
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


def backups_dir(path: Path) -> Path:
    return path.parent / "backups"


def list_backups(path: Path, *, restorable: bool = False) -> list[Path]:
    """Backups of this database (not of another one whose name starts alike), newest first.

    `restorable` leaves out the copies taken just before a restore, so restoring twice does not undo the first.
    """
    folder = backups_dir(path)
    if not folder.is_dir():
        return []
    pattern = re.compile(rf"^{re.escape(path.stem)}-\d{{8}}-\d{{6}}-\d{{6}}(?:-(?P<tag>[a-z0-9-]+))?\.json$")
    found = []
    for p in folder.iterdir():
        m = pattern.match(p.name)
        if m and p.is_file() and not (restorable and m["tag"] == "before-restore"):
            found.append(p)
    return sorted(found, key=lambda p: p.name, reverse=True)


def make_backup(path: Path, tag: str = "") -> Path | None:
    """Copy the database file into backups/ and keep the newest BACKUPS_KEPT copies."""
    if not path.exists():
        return None
    folder = backups_dir(path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{path.stem}-{stamp}{'-' + tag if tag else ''}.json"
    tmp = target.with_name("." + target.name + ".tmp")
    import shutil  # only when a copy is due: shutil pulls in the compression modules

    shutil.copyfile(path, tmp)
    os.replace(tmp, target)
    for old in list_backups(path)[BACKUPS_KEPT:]:
        old.unlink(missing_ok=True)
    return target


def _restore_hint(path: Path) -> str:
    backups = list_backups(path)
    if backups:
        return f'可运行 `supervisor --db "{path}" restore` 用最新备份（{backups[0].name}）恢复'
    return "没有可用的备份；请检查文件或联系技术人员"


def read_data(path: Path) -> Data:
    """Parse and check a database file; a file that fails is reported, never replaced."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise StorageError(f"无法读取数据库文件 {path}：{exc.strerror or exc}") from exc
    if not raw or (len(raw) < 64 and not raw.strip()):
        raise StorageError(f"数据库文件 {path} 是空的，可能在写入时被中断。文件未被改动。{_restore_hint(path)}")
    try:
        data = decode(raw)
    except orjson.JSONDecodeError as exc:
        where = f"第{exc.lineno}行第{exc.colno}列" if getattr(exc, "lineno", None) else ""
        raise StorageError(
            f"数据库文件 {path} 无法解析（{where}格式错误）。文件未被改动。{_restore_hint(path)}"
        ) from exc
    if isinstance(data, dict) and isinstance(data.get("meta"), Records):
        return data  # our own bytes, checksum intact: checked when they were written
    problems = shape_problems(data)
    if problems:
        raise StorageError(
            f"数据库文件 {path} 不符合督办台的数据格式：{problems[0]}。文件未被改动。{_restore_hint(path)}"
        )
    return cast(Data, data)  # shape_problems found none: a dict of tables of records


class Database:
    """An open database: TinyDB over the atomic storage, the writer lock and the history log."""

    def __init__(self, path: Path, data: Data, *, readonly: bool, lock: ProcessLock | None) -> None:
        self.path = path
        self.readonly = readonly
        self._lock = lock
        self.db = TinyDB(path, storage=AtomicJSONStorage, data=data, readonly=readonly)
        self.storage: AtomicJSONStorage = self.db.storage  # type: ignore[assignment]
        self.history = HistoryLog(history_path(path))
        self.pending_migration: int | None = None
        self.archives = Archives(path, lambda: self.data)  # 年度台账: read only when a command asks

    @classmethod
    def open(cls, path: Path | str | None = None, *, readonly: bool = False, backup: bool = True) -> Database:
        """Open for writing (taking the lock) or read-only. Raises LockedError when another writer runs."""
        path = Path(path).expanduser() if path else default_db_path()
        path = path.absolute()
        lock: ProcessLock | None = None
        if not readonly:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StorageError(f"无法创建数据库所在的文件夹 {path.parent}：{exc.strerror or exc}") from exc
            lock = ProcessLock(lock_path(path))
            if not lock.acquire():
                holder = lock.holder()
                who = f"（进程 {holder}）" if holder else ""
                raise LockedError(f"另一个督办台正在修改这个数据库{who}：{path}。请先关闭它，或以只读方式查看")
            _remove_stale_temps(path)
        try:
            if path.exists():
                data = read_data(path)
            else:
                data = empty_data()
            version_before = meta_of(data)["schema_version"]
            data, steps = migrate(data)
            database = cls(path, data, readonly=readonly, lock=lock)
            if steps and path.exists():
                # Migrated in memory only: the first command that succeeds saves it (after a backup), so a
                # refused command leaves an older file exactly as it was.
                database.pending_migration = version_before
            if not readonly:
                database.reconcile_history()
                database.archives.repair()  # a crash in the middle of an archive move: the working copy wins
                if backup and path.exists() and not steps:
                    database.backup_if_due()
            return database
        except BaseException:
            if lock:
                _let_go(lock, path)
            raise

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

    def reconcile_history(self) -> None:
        """Make the log and the file agree at start-up (see store.history)."""
        log = self.history
        log.cut_torn_line()
        last = log.last_entry()
        committed = int(meta_of(self.data)["history_seq"])
        if last is None or int(last.get("seq", 0)) <= committed:
            return
        if int(last["seq"]) == committed + 1 and all(
            self.data.get(c["table"], {}).get(str(c["id"])) == c["before"] for c in last.get("changes", [])
        ):
            log.truncate_after(committed)  # a crash between the log and the file: never committed
            return
        seq = int(last["seq"]) + 1
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

    def backup_if_due(self) -> Path | None:
        """A backup at start-up when the file changed since the newest one and that one is not recent."""
        backups = list_backups(self.path)
        if backups:
            newest = backups[0].stat().st_mtime
            if self.path.stat().st_mtime <= newest or time.time() - newest < BACKUP_INTERVAL_SECONDS:
                return None
        return make_backup(self.path)

    def backup(self) -> Path:
        if not self.path.exists():
            self.storage.persist()
        target = make_backup(self.path)
        assert target is not None
        return target

    def close(self) -> None:
        if self._lock:
            _let_go(self._lock, self.path)
            self._lock = None


def _let_go(lock: ProcessLock, path: Path) -> None:
    """Release the writer lock; when nothing was ever saved (the welcome screen left without a choice), remove
    the lock file too, so no `supervisor.json.lock` is left beside a database that does not exist. It is
    removed while still held, and only then released."""
    if not path.exists():
        try:
            lock.path.unlink()
        except OSError:  # Windows refuses to delete an open file: leaving it is harmless
            pass
    lock.release()


def history_path(path: Path) -> Path:
    return path.with_name(path.stem + ".history.jsonl")


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def _remove_stale_temps(path: Path) -> None:
    for stale in path.parent.glob(f".{path.name}.tmp-*"):
        try:
            stale.unlink()
        except OSError:
            pass


def restore_backup(path: Path, source: Path) -> Path:
    """Put a backup in place of the database (which may not parse), keeping a copy of what was there."""
    path = path.absolute()
    lock = ProcessLock(lock_path(path))
    if not lock.acquire():
        raise LockedError(f"另一个督办台正在使用这个数据库：{path}。请先关闭它再恢复")
    try:
        data = read_data(source)
        data, _ = migrate(data)
        saved = make_backup(path, tag="before-restore") if path.exists() else None
        log = HistoryLog(history_path(path))
        seq = max(log.last_seq(), meta_of(data)["history_seq"]) + 1
        log.append({"seq": seq, "kind": "restore", "label": f"从备份 {source.name} 恢复", "changes": []})
        meta_of(data)["history_seq"] = seq
        atomic_write(path, encode(data))
        return saved or path
    finally:
        lock.release()

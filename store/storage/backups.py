"""Copies of the database in `backups/` beside it: taken at start-up and on demand, never two identical ones
in a row, no more readable than the file itself, the newest BACKUPS_KEPT kept. The copies a restore takes of
what it replaces are kept apart (the newest TAGGED_KEPT): twenty restores in a row once pushed every ordinary backup
out, and the next restore found none.

A backup is the file as it was, history sequence included (`meta.history_seq`), so `restore` can roll the
history log forward from it (store.storage.restore).
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from store.calendar import dates
from store.errors import StorageError
from store.storage.files import discard, os_reason, sync_folder, write_private

BACKUPS_KEPT = 20
TAGGED_KEPT = 10
BACKUP_INTERVAL_SECONDS = 600


def backups_dir(path: Path) -> Path:
    return path.parent / "backups"


def list_backups(path: Path, *, restorable: bool = False) -> list[Path]:
    """Backups of this database (not of another one whose name starts alike), newest first.

    `restorable` leaves out the copies taken just before a restore, so restoring twice does not undo the first.
    """
    folder = backups_dir(path)
    try:
        names = list(folder.iterdir()) if folder.is_dir() else []
    except OSError:
        return []
    pattern = re.compile(rf"^{re.escape(path.stem)}-\d{{8}}-\d{{6}}-\d{{6}}(?:-(?P<tag>[a-z0-9-]+))?\.json$")
    found = []
    for p in names:
        m = pattern.match(p.name)
        if m and p.is_file() and not (restorable and m["tag"] == SET_ASIDE_TAG):
            found.append(p)
    return sorted(found, key=lambda p: p.name, reverse=True)


SET_ASIDE_TAG = "before-restore"


def is_set_aside(backup: Path) -> bool:
    """A copy a restore took of the file it replaced: listed, but never what a plain `restore` takes."""
    return backup.stem.endswith(f"-{SET_ASIDE_TAG}")


def backup_time(backup: Path) -> str:
    """When a backup was taken, from its name, as 2026-11-30 09:42:25 (the history's zone); "" for another name."""
    m = re.search(r"-(\d{4})(\d\d)(\d\d)-(\d\d)(\d\d)(\d\d)-\d{6}(?:-[a-z0-9-]+)?\.json$", backup.name)
    return f"{m[1]}-{m[2]}-{m[3]} {m[4]}:{m[5]}:{m[6]}" if m else ""


def remove_stale_temps(path: Path) -> None:
    """The half-written copies a backup killed before its rename left in backups/ (called only while nobody else
    is writing, like the database's own temp files)."""
    folder = backups_dir(path)
    try:
        prefix = f".{path.stem}-"
        names = os.listdir(folder) if folder.is_dir() else []
        stale = [folder / n for n in names if n.startswith(prefix) and n.endswith(".json.tmp")]
    except OSError:
        return
    for temp in stale:
        discard(temp)


def _digest(payload: bytes) -> bytes:
    import hashlib  # 3 ms of OpenSSL at import: only when a backup is compared, not on every command

    return hashlib.blake2b(payload, digest_size=20).digest()


def _same_as_newest(path: Path, payload: bytes) -> Path | None:
    """The newest ordinary backup when it holds exactly these bytes (then no new copy is needed)."""
    for candidate in list_backups(path, restorable=True)[:1]:
        try:
            if candidate.stat().st_size == len(payload) and _digest(candidate.read_bytes()) == _digest(payload):
                return candidate
        except OSError:
            return None
    return None


def _folder(path: Path, mode: int) -> Path:
    """backups/ beside the file; a new one is closed to the users the file is closed to."""
    folder = backups_dir(path)
    if not folder.is_dir():
        folder.mkdir(parents=True, exist_ok=True)
        if os.name != "nt":
            os.chmod(folder, 0o700 | (0o050 if mode & 0o040 else 0) | (0o005 if mode & 0o004 else 0))
    return folder


def make_backup(path: Path, tag: str = "") -> Path | None:
    """Copy the database file into backups/ (same mode as the file) and keep the newest BACKUPS_KEPT copies.

    An ordinary backup identical to the newest one is not made again: the newest is returned instead, so
    repeated backups never push older, different copies out.
    """
    try:
        st = os.stat(path)
        payload = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StorageError(f"无法读取数据库文件 {path}：{os_reason(exc)}") from exc
    if not tag:
        same = _same_as_newest(path, payload)
        if same is not None:
            return same
    stamp = dates.now().strftime("%Y%m%d-%H%M%S-%f")  # the zone the history shows, not the machine's
    folder = backups_dir(path)
    target = folder / f"{path.stem}-{stamp}{'-' + tag if tag else ''}.json"
    tmp = target.with_name("." + target.name + ".tmp")
    try:
        _folder(path, stat.S_IMODE(st.st_mode))
        write_private(tmp, payload, st)
        os.replace(tmp, target)
        sync_folder(folder)  # the copy itself is fsynced by write_private; its name is durable once the folder is
    except OSError as exc:
        discard(tmp)
        raise StorageError(f"无法写入备份文件夹 {folder}：{os_reason(exc)}。数据库未改动") from exc
    ordinary = list_backups(path, restorable=True)
    kept = set(ordinary)
    tagged = [p for p in list_backups(path) if p not in kept]
    for old in ordinary[BACKUPS_KEPT:] + tagged[TAGGED_KEPT:]:
        discard(old)
    return target


def restore_hint(path: Path) -> str:
    """The way back for a file that does not open, naming the backup `restore` takes first (never the copy of a
    broken file that an earlier restore set aside)."""
    backups = list_backups(path, restorable=True)
    if backups:
        return f'可运行 `supervisor --db "{path}" restore` 用最新备份（{backups[0].name}）恢复'
    return "没有可用的备份；请检查文件或联系技术人员"

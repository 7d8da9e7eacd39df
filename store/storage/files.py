"""Bytes on disk: the file format, the atomic swap that keeps the file's mode and owner, and what an OS error
means for the office.

A crash at any moment leaves the old or the new file, never a mix: the new content goes to a temp file in the
same folder, is fsynced and swapped in with `os.replace`. The temp file takes the mode (and, where the OS lets
us, the owner) of the file it replaces, so `chmod 600` survives every save; a file without any write bit is
refused, never replaced.
"""

from __future__ import annotations

import errno
import os
import stat
import time
from collections.abc import Sequence
from pathlib import Path

from store.errors import StorageError
from store.storage import lines
from store.storage.schema import SCHEMA_VERSION, Data

Signature = tuple[int, int, int]
"""What identifies one version of the file cheaply: inode, size and modification time in nanoseconds."""

DEFAULT_MODE = 0o644


Payload = bytes | Sequence[bytes | memoryview]
"""What a write takes: the bytes, or chunks written one after the other (no copy to join them)."""


def encode(data: Data) -> bytes:
    """UTF-8 JSON a person can read and diff, one record per line, with a checksum (store.storage.lines)."""
    return lines.encode(data)


def encode_chunks(data: Data) -> list[lines.Block]:
    """The same bytes as `encode`, as chunks for `atomic_write` (store.storage.lines)."""
    return lines.encode_chunks(data)


def decode(raw: bytes) -> object:
    """Parse a database file: lazily when its checksum shows it is exactly what we wrote (store.storage.lines),
    else whole and strictly."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    lazy = lines.decode_lazily(raw, SCHEMA_VERSION)
    return lazy if lazy is not None else lines.decode_strictly(raw)


def signature(path: Path) -> Signature | None:
    """The file's identity now (None: there is no file); a write by anyone else changes it."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StorageError(f"无法读取数据库文件 {path}：{os_reason(exc)}") from exc
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def os_reason(exc: OSError) -> str:
    """What an OS error means, and what to do about it, in one Chinese phrase."""
    code = exc.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        return "磁盘空间不足，请腾出空间后重试"
    if code in (errno.EACCES, errno.EPERM):
        return "没有权限，请检查文件和文件夹的权限"
    if code == errno.EROFS:
        return "所在的磁盘是只读的"
    if code == errno.EISDIR:
        return "这个位置是一个文件夹，而不是文件"
    if code == errno.ENOTDIR:
        return "路径中有一段不是文件夹"
    if code == errno.EFBIG:
        return "文件超过了系统允许的大小"
    if code == errno.ENOENT:
        return "文件或文件夹不存在"
    return exc.strerror or type(exc).__name__


def refuse_read_only(path: Path, st: os.stat_result) -> None:
    """A file without any write bit was made read-only on purpose: it is never replaced."""
    if not st.st_mode & 0o222:
        raise StorageError(
            f"数据库文件 {path} 被设为只读（权限 {stat.S_IMODE(st.st_mode):o}），督办台不会替换它；"
            "如需修改，请先取消只读（如 chmod u+w），数据未保存"
        )


def _existing(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None


def write_private(path: Path, payload: Payload, like: os.stat_result | None) -> None:
    """Write `payload` (bytes or chunks) to a new file at `path` with the mode and owner of `like` (a file that
    replaces another keeps what it had), or, for a first file, 644 less the umask (`umask 077`: private), fsynced."""
    mode = stat.S_IMODE(like.st_mode) & 0o666 if like else DEFAULT_MODE
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), mode)
    try:
        if os.name != "nt" and like is not None:
            os.fchmod(fd, mode)  # the umask may have taken bits away from the mode the file had
            if (like.st_uid, like.st_gid) != (os.getuid(), os.getgid()):
                try:
                    os.fchown(fd, like.st_uid, like.st_gid)
                except OSError:
                    pass  # only root may give a file away: the mode is still kept
        write_all(fd, [payload] if isinstance(payload, bytes) else payload)
        os.fsync(fd)
    finally:
        os.close(fd)


def write_all(fd: int, chunks: Sequence[bytes | memoryview]) -> None:
    """Write the chunks in order, whatever a call writes at a time (one `writev` per 512 chunks where there is
    one, else one `write` per chunk)."""
    views = [memoryview(c) for c in chunks if c]
    gather = getattr(os, "writev", None)
    i = 0
    while i < len(views):
        written = gather(fd, views[i : i + 512]) if gather is not None else os.write(fd, views[i])
        if written <= 0:
            raise OSError(errno.EIO, "写入没有进展")
        while written and i < len(views):
            size = len(views[i])
            if written >= size:
                written -= size
                i += 1
            else:
                views[i] = views[i][written:]
                written = 0


def atomic_write(path: Path, payload: Payload) -> None:
    """Write a temp file beside `path` (same mode and owner), fsync it, swap it in, fsync the folder."""
    like = _existing(path)
    if like is not None:
        refuse_read_only(path, like)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        write_private(tmp, payload, like)
        for attempt in range(6):
            try:
                os.replace(tmp, path)
                break
            except PermissionError:  # Windows: antivirus or an indexer holds the file for a moment
                if attempt == 5:
                    raise
                time.sleep(0.05 * (attempt + 1))
    except OSError as exc:
        discard(tmp)
        raise StorageError(f"无法写入数据库文件 {path}：{os_reason(exc)}。数据未保存，原文件未改动") from exc
    sync_folder(path.parent)


def discard(path: Path) -> None:
    """Remove a temp file if it is there; a refusal leaves it for the next start-up to clear."""
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass


def sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable; the swap already happened, so a refusal here is not an error."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        pass

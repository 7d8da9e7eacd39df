"""One writer at a time: an OS lock on `<db>.lock`, never on the data file itself.

The data file is swapped by `os.replace`, so a lock on it would follow the old inode; on Windows a lock on
the data file would also block readers. The lock is released by the OS when the holder dies, even by SIGKILL.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path


class ProcessLock:
    """An exclusive lock: a command holds it for its run, the workbench only while it writes.

    `acquire(wait=…)` polls for up to `wait` seconds: the holder is usually a command that ends in milliseconds,
    so a short writer waits its turn instead of being refused.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self, wait: float = 0.0) -> bool:
        """Take the lock, polling for up to `wait` seconds; False when another process still holds it."""
        deadline = time.monotonic() + max(wait, 0.0)
        pause = 0.005
        while not self._try():
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            import random  # only while waiting: 1 ms of import on every command otherwise

            time.sleep(min(left, pause * random.uniform(0.5, 1.5)))  # jitter: waiting writers do not move in step
            pause = min(pause * 1.5, 0.1)
        return True

    def _try(self) -> bool:
        """Take the lock if nobody holds it; False when another process does."""
        if self._fd is not None:
            return True
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            from store.errors import StorageError

            raise StorageError(f"无法创建锁文件 {self.path}：{exc.strerror or exc}（请检查文件夹权限）") from exc
        try:
            _lock(fd)
        except OSError:
            os.close(fd)
            return False
        self._fd = fd
        try:
            info = f"{os.getpid()} {_host()}\n".encode()
            os.lseek(fd, 1, os.SEEK_SET)
            os.ftruncate(fd, 1)
            os.write(fd, info)
        except OSError:
            pass
        return True

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            _unlock(self._fd)
        finally:
            os.close(self._fd)
            self._fd = None

    def holder(self) -> str:
        """'pid host' of the process holding the lock, when it could be read."""
        try:
            with open(self.path, "rb") as f:
                f.seek(1)
                return f.read(200).decode("utf-8", "replace").strip()
        except OSError:
            return ""


def _host() -> str:
    """This computer's name, for the message naming the holder (without importing socket for it)."""
    return os.uname().nodename if hasattr(os, "uname") else os.environ.get("COMPUTERNAME", "")


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

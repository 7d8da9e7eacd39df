"""The command server: one warm process that forks a child for each command a client hands over (cli/relay.py).

The server imports the modules the everyday commands use, builds the full parser, and then waits on a socket in
the user's private runtime directory. For each connection it forks; the child takes the client's stdin, stdout
and stderr, directory, umask, environment and arguments, runs the command exactly as a fresh process would
(same handler, same database open, lock, atomic write and close), reports its exit code and exits. The server
itself never opens a database, so every command still reads the file as it is on disk.

It quits after store.config.server_idle_seconds() without a command, on SIGTERM, and within STAMP_SECONDS when
any of its code files changed (an upgrade, a `git pull`): the next command then runs in its own process and
starts a new server.
"""

from __future__ import annotations

import fcntl
import gc
import io
import os
import select
import signal
import socket
import sys
from collections.abc import Callable, Sequence
from importlib import import_module

from cli.relay import MAGIC, socket_name
from store.config import server_idle_seconds

Handler = Callable[[list[str]], "Callable[[], int] | None"]
"""Parses one command line (argv without the program name; help and usage errors end in SystemExit) and
returns what runs it, or None when it must run in the client (the workbench needs the user's own terminal)."""

PRELOAD = (
    "cli.dispatch",
    "cli.context",
    "cli.items",
    "cli.output",
    "cli.words",
    "store.config",
    "store.commands.repository",
    "store.commands.archive",
    "store.views.board",
    "store.rules.verdicts",
    "store.records.choices",
    "store.records.codec",
    "chinese_calendar",
    "orjson",
    "platformdirs",
    "textwrap",
)
"""What add, list, show, progress, done and the boards import; anything else is imported by the child."""
STAMP_SECONDS = 1.0
"""How often a waiting child looks for changed code: a command at most this long after an upgrade or a
`git pull` may still run the old code (looking at every command would cost it a millisecond)."""
UNIT = "卫健委"
"""A unit of the sample county, for the warm-up's commands."""
FD_BYTES = 4


def code_stamp(paths: Sequence[str]) -> tuple[tuple[str, int, int], ...]:
    """Every .py file under `paths` (files or directories) with its modification time and size, plus the
    interpreter: when this changes, the server is running old code."""
    found: list[tuple[str, int, int]] = []
    pending = list(paths)
    while pending:
        path = pending.pop()
        try:
            if os.path.isdir(path):
                with os.scandir(path) as entries:
                    for entry in entries:
                        if entry.is_dir(follow_symlinks=False) and entry.name != "__pycache__":
                            pending.append(entry.path)
                        elif entry.name.endswith(".py"):
                            st = entry.stat()
                            found.append((entry.path, st.st_mtime_ns, st.st_size))
            else:
                st = os.stat(path)
                found.append((path, st.st_mtime_ns, st.st_size))
        except OSError:
            found.append((path, -1, -1))
    st = os.stat(os.path.realpath(sys.executable))
    found.append((sys.executable, st.st_mtime_ns, st.st_size))
    return tuple(sorted(found))


def warm_up(handle: Handler, directory: str) -> None:
    """Import the everyday commands' modules, then run them once on a scratch copy of the sample county.

    A child starts as a copy of the server, so what the first run of a command pays once (imports inside
    functions, compiled patterns, the holiday table, caches of measured text) is already paid: at 10,000 items
    `add` took 18 ms on its first run in a process and 12 ms after. Output goes nowhere; the scratch folder is
    removed; errors are ignored (the children run the real commands and report their own)."""
    for name in PRELOAD:
        try:
            import_module(name)
        except ImportError:
            pass
    import shutil
    import tempfile
    from datetime import date, timedelta

    scratch = tempfile.mkdtemp(dir=directory)
    db = os.path.join(scratch, "warm-up.json")
    due = (date.today() + timedelta(days=30)).isoformat()
    null = os.open(os.devnull, os.O_WRONLY)
    saved = [os.dup(1), os.dup(2)]
    os.dup2(null, 1)
    os.dup2(null, 2)

    def run(argv: list[str]) -> None:
        try:
            work = handle(argv)
            if work is not None:
                work()
        except BaseException:  # a warm-up never stops the server
            pass

    try:
        maker = os.fork()  # the sample county's units are saved with their pinyin: pypinyin (60 MB) stays there
        if maker == 0:
            run(["--db", db, "demo"])
            os._exit(0)
        os.waitpid(maker, 0)
        for argv in (
            ["--help"],
            ["--db", db, "add", "--title", "预热", "--lead", UNIT, "--due", due],
            ["--db", db, "list", "--unit", UNIT],
            ["--db", db, "show", f"{date.today().year}-01"],
            ["--db", db, "board"],
        ):
            run(argv)
        from cli.parser import prepare_spare

        prepare_spare()  # for `--help`, abbreviations and unknown words in the children
    finally:
        for target, fd in zip((1, 2), saved, strict=True):
            os.dup2(fd, target)
            os.close(fd)
        os.close(null)
        shutil.rmtree(scratch, ignore_errors=True)


def serve(handle: Handler, directory: str, root: str, code: Sequence[str]) -> None:
    """Serve commands on the socket for `root` in `directory` until idle, stopped, or the code changes."""
    lock_path = os.path.join(directory, socket_name(root) + ".lock")
    lock = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:  # another server for this installation is already running
        os.close(lock)
        return
    os.ftruncate(lock, 0)
    os.write(lock, b"%d\n" % os.getpid())  # who to stop: `kill $(cat ….sock.lock)`
    os.chdir("/")
    warm_up(handle, directory)
    stamp = code_stamp(code)
    path = os.path.join(directory, socket_name(root))
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        os.unlink(path)  # a socket left by a server that was killed; the lock says no one else serves it
    except FileNotFoundError:
        pass
    old_umask = os.umask(0o177)
    try:
        listener.bind(path)
    finally:
        os.umask(old_umask)
    bound = os.stat(path).st_ino  # at exit, remove the socket only if it is still this one
    listener.listen(64)
    idle = server_idle_seconds()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the system
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    gc.collect()
    gc.freeze()  # what was imported stays untouched, so the children share those pages
    waiting = 0
    try:
        while True:
            waiting, news = _fork_waiting_child(listener, lock, handle, code, stamp)
            ready, _, _ = select.select([news], [], [], idle)
            said = os.read(news, 1) if ready else b""
            os.close(news)
            if said != b"a":  # idle, the code changed, or the waiting child died: go (a client starts another)
                break
            waiting = 0
    finally:
        if waiting:
            os.kill(waiting, signal.SIGKILL)  # it has accepted nothing: a connection it took is answered EOF
        try:
            if os.stat(path).st_ino == bound:
                os.unlink(path)
        except OSError:
            pass
        listener.close()
        os.ftruncate(lock, 0)  # no pid left behind for a `kill` to hit another process later
        os.close(lock)


def _fork_waiting_child(
    listener: socket.socket, lock: int, handle: Handler, code: Sequence[str], stamp: object
) -> tuple[int, int]:
    """Fork the child that takes the next connection, before it comes: the fork is not paid by a command.

    While it waits it looks, every STAMP_SECONDS, whether the server is still there and whether the code
    changed. It writes "a" on the pipe when it has accepted a connection (the server then forks the next one),
    or "s" when the code changed (the server then goes, and the next command runs in its own process and starts
    a new one); its end of the pipe closes if it dies. Returns its pid and the pipe."""
    news, tell = os.pipe()
    server = os.getpid()
    pid = os.fork()
    if pid:
        os.close(tell)
        return pid, news
    os.close(news)
    os.close(lock)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    gc.unfreeze()  # touch the objects' pages while no one waits: a command's first touches are not copies
    gc.collect()
    gc.freeze()
    try:
        while True:
            ready, _, _ = select.select([listener], [], [], STAMP_SECONDS)
            if ready:
                conn, _ = listener.accept()
                break
            if os.getppid() != server:  # the server was killed: a new one may serve another socket
                os._exit(0)
            if code_stamp(code) != stamp:
                os.write(tell, b"s")
                os._exit(0)
        listener.close()
        os.write(tell, b"a")
        os.close(tell)
    except BaseException:  # never back into the server's loop
        os._exit(1)
    _child(conn, handle)  # never returns
    os._exit(1)


def _child(conn: socket.socket, handle: Handler) -> None:
    """Take over the client's terminal and run its command; exit with the command's code.

    Until P is sent nothing has been done, so the client may still run the command itself (L)."""
    reply = b"L\n"
    code = 1
    try:
        for signum in (signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        argv = _take_over(conn)
        if argv is not None:
            try:
                work = handle(argv[1:])
            except SystemExit as exc:  # --help and usage errors end in the parser, which has printed them
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
                reply = b"X%d\n" % code
            else:
                if work is not None:
                    conn.sendall(b"P%d\n" % os.getpid())
                    reply = b"X1\n"  # whatever happens now, the command has started
                    code = work()
                    reply = b"X%d\n" % code
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (BrokenPipeError, OSError, ValueError):
                pass
    except BaseException:  # a child must always end here, never in the server's loop
        code = 1
    try:
        conn.sendall(reply)
    except OSError:
        pass
    os._exit(code)


def _take_over(conn: socket.socket) -> list[str] | None:
    """Read the request and become the client: its std streams, directory, umask, environment; the argv."""
    if hasattr(socket, "SO_PEERCRED"):
        creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, 12)
        if int.from_bytes(creds[4:8], sys.byteorder) != os.getuid():
            return None
    data, ancillary, _flags, _addr = conn.recvmsg(65536, socket.CMSG_SPACE(3 * FD_BYTES))
    fds = [
        int.from_bytes(raw[i : i + FD_BYTES], sys.byteorder)
        for level, kind, raw in ancillary
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS
        for i in range(0, len(raw) - len(raw) % FD_BYTES, FD_BYTES)
    ]
    if len(fds) != 3 or data[:4] != MAGIC:
        return None
    size = int.from_bytes(data[4:8], "big")
    while len(data) < 8 + size:
        more = conn.recv(65536)
        if not more:
            return None
        data += more
    fields = [os.fsdecode(field) for field in data[8 : 8 + size].split(b"\0")]
    cwd, umask, encoding, errors, count = fields[:5]
    argv = fields[5 : 5 + int(count)]
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    os.chdir(cwd)
    os.umask(int(umask))
    environment = dict(entry.split("=", 1) for entry in fields[5 + int(count) :] if "=" in entry)
    if environment != os.environ:  # mostly the same shell: change only what differs
        zone = os.environ.get("TZ")
        for name in [name for name in os.environ if name not in environment]:
            del os.environ[name]
        for name, value in environment.items():
            if os.environ.get(name) != value:
                os.environ[name] = value
        if os.environ.get("TZ") != zone:
            import time

            time.tzset()
    sys.argv = argv
    sys.stdin = io.TextIOWrapper(io.FileIO(0, "r", closefd=False), encoding=encoding, errors=errors)
    sys.stdout = io.TextIOWrapper(
        io.FileIO(1, "w", closefd=False), encoding=encoding, errors=errors, line_buffering=os.isatty(1)
    )
    sys.stderr = io.TextIOWrapper(
        io.FileIO(2, "w", closefd=False), encoding=encoding, errors="backslashreplace", line_buffering=True
    )
    return argv

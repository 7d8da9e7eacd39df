"""The command server: one warm process that forks a child for each command a client hands over (cli/relay.py).

The server imports the modules the everyday commands use, runs them once on a scratch copy of the sample
county in its runtime folder, and then waits on a socket there. For each connection a child (forked ahead of
time) takes the client's stdin, stdout and stderr, directory, umask, environment and arguments, and runs the
command as a fresh process would: the same handler, the same database open, lock, atomic write and close, on
the file as it is on disk (the server never opens the user's database). What it does not take over: resource
limits (`ulimit`) and the control group are the server's, i.e. those of the command that started it; user,
groups and priority are the same by construction (cli.relay.identity picks the server).

It quits after store.config.server_idle_seconds() without a command, on SIGTERM, and within STAMP_SECONDS when
any of its code files, its interpreter or a folder of installed packages changed (an upgrade, `git pull`,
`pip install -U chinese-calendar`): the next command then runs in its own process and starts a new server.
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

from cli.relay import FD_BYTES, MAGIC, failed_path, identity, lock_path, socket_name
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
LINGER_SECONDS = 2.0
"""How long a finished command's child waits for its client to close the connection (see _child)."""
UNIT = "卫健委"
"""A unit of the sample county, for the warm-up's commands."""


def code_stamp(paths: Sequence[str], folders: Sequence[str] = ()) -> tuple[tuple[str, int, int], ...]:
    """Every .py file under `paths` (files or directories) with its modification time and size, the folders
    `folders` themselves (site-packages: an upgrade adds and removes entries there), and the interpreter: when
    this changes, the server is running old code."""
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
    for path in [*folders, os.path.realpath(sys.executable)]:
        try:
            st = os.stat(path)
            found.append((path, st.st_mtime_ns, st.st_size))
        except OSError:
            found.append((path, -1, -1))
    return tuple(sorted(found))


def package_folders() -> list[str]:
    """The folders of installed packages on the import path (site-packages)."""
    return [path for path in sys.path if os.path.basename(path) in ("site-packages", "dist-packages")]


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
            try:
                run(["--db", db, "demo"])
            finally:
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
    """Serve commands on the socket for `root` in `directory` until idle, stopped, or the code changes.

    The code is looked at before anything else (a file changed during the warm-up is seen), and the socket is
    bound under a temporary name before the warm-up (a folder where no socket can be made fails at once); it
    takes its real name when the server is ready. A server that cannot start leaves a marker, so that the
    next commands do not each start another (cli.relay.FAILED_SECONDS)."""
    stamp = (code_stamp(code, package_folders()), identity())  # the identity it serves: see _fork_waiting_child
    path = os.path.join(directory, socket_name(root, who=stamp[1]))
    lock = os.open(lock_path(path), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:  # another server for this installation is already running
        os.close(lock)
        return
    os.ftruncate(lock, 0)
    os.write(lock, b"%d\n" % os.getpid())  # who to stop (cli.relay.stop)
    os.chdir("/")
    owner = os.getpid()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # from here on, a stop cleans up (finally below)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    early = f"{path}.{os.getpid()}"
    bound = -1
    try:
        try:
            old_umask = os.umask(0o177)
            try:
                listener.bind(early)
            finally:
                os.umask(old_umask)
            listener.listen(64)
            warm_up(handle, directory)
        except Exception:
            with open(failed_path(path), "w", encoding="utf-8"):
                pass
            return
        signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the system
        gc.collect()
        gc.freeze()  # what was imported stays untouched, so the children share those pages
        os.replace(early, path)  # ready: a socket left by a killed server is replaced (the lock says so)
        bound = os.stat(path).st_ino  # at exit, remove the socket only if it is still this one
        try:
            os.unlink(failed_path(path))
        except FileNotFoundError:
            pass
        _loop(listener, lock, handle, code, stamp)
    finally:
        if os.getpid() != owner:  # a forked child that something let out this far: never the server's clean-up
            os._exit(1)
        for leftover, inode in ((early, None), (path, bound)):
            try:
                if inode is None or os.stat(leftover).st_ino == inode:
                    os.unlink(leftover)
            except OSError:
                pass
        listener.close()
        os.ftruncate(lock, 0)  # no pid left behind for a `kill` to hit another process later
        os.close(lock)


def _loop(listener: socket.socket, lock: int, handle: Handler, code: Sequence[str], stamp: object) -> None:
    """Keep one child waiting for the next command until the server has been idle, the code changed, or the
    waiting child died. On idle or SIGTERM the waiting child (which has taken no command) is killed; a child
    that said "s" or died is not (its pid may already belong to another process)."""
    idle = server_idle_seconds()
    waiting = 0
    try:
        while True:
            waiting, news = _fork_waiting_child(listener, lock, handle, code, stamp)
            ready, _, _ = select.select([news], [], [], idle)
            said = os.read(news, 1) if ready else b""
            os.close(news)
            if ready:
                waiting = 0
            if said != b"a":
                break
    finally:
        if waiting:
            os.kill(waiting, signal.SIGKILL)


def _fork_waiting_child(
    listener: socket.socket, lock: int, handle: Handler, code: Sequence[str], stamp: object
) -> tuple[int, int]:
    """Fork the child that takes the next connection, before it comes: the fork is not paid by a command.

    While it waits it looks, every STAMP_SECONDS, whether the server is still there and whether the code or
    the server's identity (a `renice`) changed. It writes "a" on the pipe when it has accepted a connection (the
    server then forks the next one), or "s" when something changed (the server then goes, and the next command
    runs in its own process and starts a new one); its end of the pipe closes if it dies. Returns its pid and
    the pipe."""
    news, tell = os.pipe()
    server = os.getpid()
    pid = os.fork()
    if pid:
        os.close(tell)
        return pid, news
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.close(news)
        os.close(lock)
        gc.unfreeze()  # touch the objects' pages while no one waits: a command's first touches are not copies
        gc.collect()
        gc.freeze()
        while True:
            ready, _, _ = select.select([listener], [], [], STAMP_SECONDS)
            if ready:
                conn, _ = listener.accept()
                break
            if os.getppid() != server:  # the server was killed: a new one may serve another socket
                os._exit(0)
            reniced = os.getpriority(os.PRIO_PROCESS, server) != os.getpriority(os.PRIO_PROCESS, 0)
            if reniced or (code_stamp(code, package_folders()), identity()) != stamp:  # or new code
                os.write(tell, b"s")
                os._exit(0)
        listener.close()
        os.write(tell, b"a")
        os.close(tell)
        _child(conn, handle)  # ends in os._exit
    finally:
        os._exit(1)  # whatever happens, a child never goes back into the server's loop


def _child(conn: socket.socket, handle: Handler) -> None:
    """Take over the client's terminal and run its command; exit with the command's code.

    Until P is sent nothing has been done, so the client may still run the command itself (L). A command that
    fails in a way guarded() does not expect prints its traceback, as Python would in a process of its own."""
    reply = b"L\n"
    code = 1
    try:
        for signum in (signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGTSTP):
            signal.signal(signum, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        argv = _take_over(conn)
        if argv is not None:
            try:
                work = handle(argv[1:])
            except SystemExit as exc:  # --help and usage errors end in the parser, which has printed them
                code = _exit_code(exc)
                reply = b"X%d\n" % code
            else:
                if work is not None:
                    conn.sendall(b"P%d\n" % os.getpid())
                    reply = b"X1\n"  # whatever happens now, the command has started
                    try:
                        code = work()
                    except SystemExit as exc:
                        code = _exit_code(exc)
                    except BaseException:
                        import traceback

                        traceback.print_exc()
                        code = 1
                    reply = b"X%d\n" % code
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (BrokenPipeError, OSError, ValueError):
                pass
    except BaseException:  # a child must always end here, never in the server's loop
        code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a late Ctrl+C cannot stop the reply any more
        conn.sendall(reply)
        conn.settimeout(LINGER_SECONDS)
        conn.recv(1)  # until the client has read the reply and closed: our pid stays ours while it may signal
    except BaseException:
        pass
    os._exit(code)


def _exit_code(exc: SystemExit) -> int:
    return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)


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
    who, cwd, umask, encoding, errors, write_through, count = fields[:7]
    if who != identity():  # another user, groups or priority: not this server's to run
        return None
    argv = fields[7 : 7 + int(count)]
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    os.chdir(cwd)
    os.umask(int(umask))
    environment = dict(entry.split("=", 1) for entry in fields[7 + int(count) :] if "=" in entry)
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
    unbuffered = write_through == "1"
    reader = io.BufferedReader(io.FileIO(0, "r", closefd=False))
    sys.stdin = io.TextIOWrapper(reader, encoding, errors, newline="\n")  # as CPython's own stdin
    sys.stdout = _writer(1, encoding, errors, unbuffered, line_buffering=os.isatty(1))
    sys.stderr = _writer(2, encoding, "backslashreplace", unbuffered, line_buffering=True)
    return argv


def _writer(fd: int, encoding: str, errors: str, unbuffered: bool, *, line_buffering: bool) -> io.TextIOWrapper:
    """A std stream built as CPython builds it: buffered (a short write is retried, never dropped), or
    write-through over the raw file under `python -u` / PYTHONUNBUFFERED, as the client had it."""
    raw = io.FileIO(fd, "w", closefd=False)
    if unbuffered:
        return io.TextIOWrapper(raw, encoding, errors, line_buffering=line_buffering, write_through=True)
    return io.TextIOWrapper(io.BufferedWriter(raw), encoding, errors, line_buffering=line_buffering)

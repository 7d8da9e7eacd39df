"""Hand a command line to the command server (cli/server.py), or say why it must run here.

A command costs about 60 ms at 10,000 items, and most of that is Python starting and importing our modules, not
the command's work (issue 14). The command server is one warm process that has done that work once; for each
command it forks a child that runs the command on this process's own terminal (stdin, stdout and stderr are
handed over), directory, umask and environment, and says how it ended. Mercurial's `chg` works the same way.

This module runs before anything else in every command, so it imports only what Python has already loaded
(`os`, `sys`) and two C modules (`_socket`, `_signal`): no `socket`, `signal` (its enums cost 0.5 ms),
`zlib`, `platformdirs` or `re` of its own.

The server is used only on POSIX, only when SUPERVISOR_SERVER is not 0/off, and only through a socket in a
directory that belongs to the user alone. One server serves one installation and one identity (user, groups,
priority: see identity()). Whatever goes wrong before the command starts, the command runs here instead; once
it has started it never runs a second time.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: every command pays for this module
if TYPE_CHECKING:
    import _socket
    from collections.abc import Sequence

MAGIC = b"SUP2"
"""First bytes of a request; a server of another protocol version refuses it, and the command runs here."""
FD_BYTES = 4
"""An fd in SCM_RIGHTS ancillary data is a C int."""
LOCAL = "local"
"""forward(): the command must run in this process (the workbench, or the server is stopping)."""
ABSENT = "absent"
"""forward(): no server answers; the command runs here and may start one (start())."""
OFF = "off"
"""forward(): the server is not used here (switched off, no POSIX, no private directory, a closed std stream)."""
SWITCH = "SUPERVISOR_SERVER"
"""Environment variable: 0 or off runs every command in its own process."""
PATH_MAX = 96
"""Longest socket path used (bytes): AF_UNIX allows 104 on macOS and 108 on Linux, and the server first binds
a name a few bytes longer."""
FAILED_SECONDS = 600.0
"""After a server failed to start, commands start no other one for this long (each try costs ~0.4 s of CPU)."""


def disabled() -> bool:
    """True when SUPERVISOR_SERVER says 0/off/no/false, or this system cannot hand over a terminal (not POSIX)."""
    return os.name != "posix" or os.environ.get(SWITCH, "").strip().lower() in ("0", "off", "no", "false")


def private_dir() -> str:
    """Where the socket lives (see runtime_dir, which checks it)."""
    base = os.environ.get("XDG_RUNTIME_DIR")
    if base:
        return os.path.join(base, "supervisor")
    return os.path.join(os.environ.get("TMPDIR") or "/tmp", f"supervisor-{os.getuid()}")


def runtime_dir(create: bool = False) -> str | None:
    """The user's private directory for the socket, or None when there is none we can trust.

    $XDG_RUNTIME_DIR/supervisor, as platformdirs.user_runtime_dir answers on Linux (importing platformdirs
    would cost 20 ms, the very cost the server saves); without XDG_RUNTIME_DIR, supervisor-UID in the temp
    directory, as tmux does. The directory must be ours, not a link, and closed to everyone else.
    """
    path = private_dir()
    if create:
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            pass
        except OSError:
            return None
    try:
        st = os.lstat(path)
    except OSError:
        return None
    if (st.st_mode & 0o170000) != 0o040000 or st.st_uid != os.getuid() or st.st_mode & 0o077:
        return None
    return path


def identity() -> str:
    """Who a command runs as: user and group ids, supplementary groups and priority. A command forked by the
    server has the server's, which are those of the command that started it; so a command after `newgrp`, `sg`
    or `nice` talks to a server of its own (socket_name). Resource limits (`ulimit`) and the control group are
    not compared: a served command has the server's."""
    groups = ",".join(str(gid) for gid in sorted(set(os.getgroups())))
    return f"{os.getuid()}:{os.geteuid()}:{os.getgid()}:{os.getegid()}:{groups}:{os.getpriority(os.PRIO_PROCESS, 0)}"


def socket_name(root: str, executable: str = sys.executable, who: str | None = None) -> str:
    """One server per installation (code root), interpreter and identity, so two checkouts never share one."""
    key = f"{root}\0{executable}\0{identity() if who is None else who}".encode("utf-8", "surrogateescape")
    digest = 0x811C9DC5  # FNV-1a, 32 bits: a name, not a secret (the folder is private)
    for byte in key:
        digest = ((digest ^ byte) * 0x01000193) & 0xFFFFFFFF
    return f"commands-{digest:08x}.sock"


def lock_path(socket_path: str) -> str:
    """The server's lock file: held while it runs, holds its pid."""
    return socket_path + ".lock"


def failed_path(socket_path: str) -> str:
    """Left by a server that could not start; start() waits FAILED_SECONDS before trying again."""
    return socket_path + ".failed"


def request(argv: Sequence[str], who: str) -> bytes:
    """MAGIC, the payload's length, then NUL-separated: identity, directory, umask, stdout's encoding, error
    policy and write-through (python -u), the number of arguments, the arguments (argv[0] first), and the
    environment as NAME=value."""
    umask = os.umask(0o022)
    os.umask(umask)
    stdout = sys.stdout
    fields = [
        who,
        os.getcwd(),
        str(umask),
        getattr(stdout, "encoding", None) or "utf-8",
        getattr(stdout, "errors", None) or "strict",
        "1" if getattr(stdout, "write_through", False) else "0",
        str(len(argv)),
        *argv,
        *(f"{name}={value}" for name, value in os.environ.items()),
    ]
    payload = b"\0".join(os.fsencode(field) for field in fields)
    return MAGIC + len(payload).to_bytes(4, "big") + payload


def forward(argv: Sequence[str], root: str) -> int | str:
    """Run `argv` (argv[0] is the program) in the server's child and return its exit code, or LOCAL, ABSENT
    or OFF when this process must run it. Signals for the command go on to the child (see _Session)."""
    if disabled():
        return OFF
    directory = runtime_dir()
    if directory is None:
        return ABSENT if not os.path.lexists(private_dir()) else OFF
    try:
        who = identity()
        path = os.path.join(directory, socket_name(root, who=who))
        for fd in (0, 1, 2):
            os.fstat(fd)
        data = request(argv, who)
    except (OSError, ValueError):  # a closed std stream, a deleted working directory, an odd environment
        return OFF
    if len(os.fsencode(path)) > PATH_MAX:
        return OFF
    import _socket

    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        sock.connect(path)
    except OSError:
        sock.close()
        return ABSENT
    with _Session(sock) as session:  # signals are passed on from before the request is sent
        try:
            fds = b"".join(fd.to_bytes(FD_BYTES, sys.byteorder) for fd in (0, 1, 2))
            sent = sock.sendmsg([data], [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, fds)])
            if sent < len(data):
                sock.sendall(data[sent:])
        except OSError:
            return ABSENT
        outcome = session.wait()
    if session.killed_by:  # the command was ended by a signal it was passed: end the same way (as chg does)
        session.signal.signal(session.killed_by, session.signal.SIG_DFL)
        os.kill(os.getpid(), session.killed_by)
    return outcome


class _Session:
    """One command in the server's child, seen from here: its replies (P<pid> when it starts, X<code> when it
    ends, L to run it here, only before P) and the signals meant for it.

    Ctrl+C, SIGTERM, SIGHUP and Ctrl+\\ go on to the child, unless this process ignores them (nohup, a background
    job); one that comes before P is passed on when P comes. Ctrl+Z stops the child (SIGSTOP: it has no
    terminal of its own to stop it) and then this process; `fg` continues both."""

    def __init__(self, sock: _socket.socket) -> None:
        import _signal as signal  # type: ignore[import-not-found]  # the C module: no enums to build

        self.signal = signal
        self.sock = sock
        self.pid = 0
        self.passed: list[int] = []
        self.killed_by = 0
        self.caught = [signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGTSTP]
        self.saved = {signum: signal.getsignal(signum) for signum in self.caught}

    def __enter__(self) -> _Session:
        for signum in self.caught:
            if self.saved[signum] != self.signal.SIG_IGN:
                self.signal.signal(signum, self.on_signal)
        return self

    def __exit__(self, *_: object) -> None:
        self.sock.close()
        for signum, handler in self.saved.items():
            if handler is not None:
                self.signal.signal(signum, handler)

    def on_signal(self, signum: int, _frame: object = None) -> None:
        signal = self.signal
        if signum == signal.SIGTSTP:
            self.send(signal.SIGSTOP)
            signal.signal(signal.SIGTSTP, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGTSTP)  # stops here until `fg`
            signal.signal(signal.SIGTSTP, self.on_signal)
            self.send(signal.SIGCONT)
            return
        self.passed.append(signum)
        self.send(signum)

    def send(self, signum: int) -> None:
        """Signal the command's process, if it has started and is still there (it waits for us to close)."""
        if self.pid:
            try:
                os.kill(self.pid, signum)
            except ProcessLookupError:
                pass

    def ended_by(self, signum: int) -> int:
        """The exit code for a command a signal ended; forward() then ends this process by the same signal."""
        self.killed_by = signum
        return 128 + signum

    def wait(self) -> int | str:
        buffer = b""
        while True:
            try:
                chunk = self.sock.recv(256)
            except OSError:
                chunk = b""
            if not chunk:
                break
            buffer += chunk
            while b"\n" in buffer:
                line, _, buffer = buffer.partition(b"\n")
                kind, value = line[:1], line[1:]
                if kind == b"P":
                    self.pid = int(value)
                    for early in self.passed:
                        self.send(early)
                elif kind == b"X":
                    return int(value)
                elif kind == b"L" and not self.pid:
                    return self.ended_by(self.passed[0]) if self.passed else LOCAL
        if not self.pid:  # the server closed before the command started: nothing ran, so it runs here
            return self.ended_by(self.passed[0]) if self.passed else LOCAL
        if self.passed:  # ended by the signal it was passed, as a process of its own would have been
            return self.ended_by(self.passed[-1])
        sys.stderr.write(
            "错误：命令服务中的命令意外结束，结果未知。请用 supervisor list 或 show 查看，再决定是否重做\n"
        )
        return 1


def held(lock_path: str) -> bool:
    """True when a server holds this lock (before it has a socket: it is still warming up; no second one)."""
    import fcntl

    try:
        fd = os.open(lock_path, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)
    return False


def stop(root: str, executable: str = sys.executable) -> bool:
    """Stop the running command server of this installation (the bench, after measuring); False when none runs.
    The pid is read from the server's lock file and signalled only while the lock is held, so never a process
    that took a dead server's pid."""
    directory = runtime_dir()
    if directory is None:
        return False
    lock = lock_path(os.path.join(directory, socket_name(root, executable)))
    try:
        with open(lock, encoding="utf-8") as lock_file:
            pid = int(lock_file.read().strip() or 0)
    except (OSError, ValueError):
        return False
    if not pid or not held(lock):
        return False
    import signal

    os.kill(pid, signal.SIGTERM)  # the server removes its socket and goes
    return True


def start(root: str) -> None:
    """Start a command server for the next commands, detached from this terminal and without this process's
    other open files (a `flock` around the command, a pipe on fd 3); silent when it cannot."""
    directory = runtime_dir(create=True)
    if directory is None:
        return
    path = os.path.join(directory, socket_name(root))
    if len(os.fsencode(path)) > PATH_MAX or held(lock_path(path)) or _failed_lately(failed_path(path)):
        return
    code = (
        f"import sys; root = {root!r}; root in sys.path or sys.path.insert(0, root); "
        f"import supervisor; supervisor.serve({directory!r})"
    )
    null = os.devnull
    actions: list[tuple[int, ...] | tuple[int, int, str, int, int]] = [
        (os.POSIX_SPAWN_OPEN, 0, null, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, null, os.O_WRONLY, 0),
        (os.POSIX_SPAWN_OPEN, 2, null, os.O_WRONLY, 0),
    ]
    actions += [(os.POSIX_SPAWN_CLOSE, fd) for fd in _inherited_fds()]
    argv = [sys.executable, "-P", "-c", code]
    import signal

    defaults = [signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGTSTP, signal.SIGCHLD]
    try:
        os.posix_spawn(
            sys.executable,
            argv,
            os.environ,
            file_actions=actions,
            setsid=True,
            setsigdef=defaults,  # not this command's ignored or caught signals,
            setsigmask=(),  # nor its blocked ones: every later command runs under them
        )
    except (OSError, NotImplementedError, AttributeError):
        pass


def _inherited_fds() -> list[int]:
    """This process's open files above 2 that a new program would inherit."""
    found = []
    try:
        names = os.listdir("/dev/fd")
    except OSError:
        return []
    for name in names:
        try:
            fd = int(name)
            if fd > 2 and os.get_inheritable(fd):
                found.append(fd)
        except (ValueError, OSError):  # the listing's own fd, closed by now
            continue
    return found


def _failed_lately(marker: str) -> bool:
    try:
        import time

        return time.time() - os.stat(marker).st_mtime < FAILED_SECONDS
    except OSError:
        return False

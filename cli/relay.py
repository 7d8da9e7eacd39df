"""Hand a command line to the command server (cli/server.py), or say why it must run here.

A command costs about 60 ms at 10,000 items, and most of that is Python starting and importing our modules, not
the command's work (issue 14). The command server is one warm process that has done that work once; for each
command it forks a child that runs the command on this process's own terminal (stdin, stdout and stderr are
handed over), directory, umask and environment, and says how it ended. Mercurial's `chg` works the same way.

This module runs before anything else in every command, so it imports only what Python has already loaded
(`os`, `sys`), two C modules (`_socket`, `zlib`) and, while it waits, `signal`: no `socket`, `platformdirs`
or `re` of its own.

The server is used only on POSIX, only when SUPERVISOR_SERVER is not 0/off, and only through a socket in a
directory that belongs to the user alone. Whatever goes wrong before the command starts, the command runs here
instead; once it has started it never runs a second time.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: every command pays for this module
if TYPE_CHECKING:
    import _socket
    from collections.abc import Sequence

MAGIC = b"SUP1"
"""First bytes of a request; a server of another protocol version refuses it, and the command runs here."""
LOCAL = "local"
"""forward(): the command must run in this process (the workbench, or the server is stopping)."""
ABSENT = "absent"
"""forward(): no server answers; the command runs here and may start one (start())."""
OFF = "off"
"""forward(): the server is not used here (switched off, no POSIX, no private directory, a closed std stream)."""
SWITCH = "SUPERVISOR_SERVER"
"""Environment variable: 0 or off runs every command in its own process."""


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


def socket_name(root: str, executable: str = sys.executable) -> str:
    """One server per installation (code root) and interpreter, so two checkouts never share one."""
    import zlib

    key = f"{root}\0{executable}".encode("utf-8", "surrogateescape")
    return f"commands-{zlib.crc32(key):08x}.sock"


def request(argv: Sequence[str]) -> bytes:
    """MAGIC, the payload's length, then NUL-separated: directory, umask, stdout's encoding and error policy,
    the number of arguments, the arguments (argv[0] first), and the environment as NAME=value."""
    umask = os.umask(0o022)
    os.umask(umask)
    stdout = sys.stdout
    fields = [
        os.getcwd(),
        str(umask),
        getattr(stdout, "encoding", None) or "utf-8",
        getattr(stdout, "errors", None) or "strict",
        str(len(argv)),
        *argv,
        *(f"{name}={value}" for name, value in os.environ.items()),
    ]
    payload = b"\0".join(os.fsencode(field) for field in fields)
    return MAGIC + len(payload).to_bytes(4, "big") + payload


def forward(argv: Sequence[str], root: str) -> int | str:
    """Run `argv` (argv[0] is the program) in the server's child and return its exit code, or LOCAL, ABSENT
    or OFF when this process must run it. Ctrl+C, SIGTERM and SIGHUP are passed on to the child."""
    if disabled():
        return OFF
    directory = runtime_dir()
    if directory is None:
        return ABSENT if not os.path.lexists(private_dir()) else OFF
    try:
        for fd in (0, 1, 2):
            os.fstat(fd)
        data = request(argv)
    except (OSError, ValueError):  # a closed std stream, a deleted working directory, an odd environment
        return OFF
    import _socket

    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        sock.connect(os.path.join(directory, socket_name(root)))
    except OSError:
        sock.close()
        return ABSENT
    try:
        fds = b"".join(fd.to_bytes(4, sys.byteorder) for fd in (0, 1, 2))
        sent = sock.sendmsg([data], [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, fds)])
        if sent < len(data):
            sock.sendall(data[sent:])
    except OSError:
        sock.close()
        return ABSENT
    return _wait(sock)


def _wait(sock: _socket.socket) -> int | str:
    """Read the child's replies: P<pid> when the command starts, X<code> when it ends, L to run it here.

    Ctrl+C, SIGTERM and SIGHUP go on to the child (unless this process ignores them); one that comes before P
    is passed on when P comes."""
    import signal

    pid = 0
    passed: list[int] = []  # signals for the child, in order (those before P are sent when P comes)
    buffer = b""

    def pass_on(signum: int, _frame: object = None) -> None:
        passed.append(signum)
        if pid:
            os.kill(pid, signum)

    caught = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    saved = {signum: signal.getsignal(signum) for signum in caught}
    for signum in caught:
        if saved[signum] is not signal.SIG_IGN:  # ignored here (nohup, a background job): ignored there too
            signal.signal(signum, pass_on)
    try:
        while True:
            try:
                chunk = sock.recv(256)
            except OSError:
                chunk = b""
            if not chunk:
                break
            buffer += chunk
            while b"\n" in buffer:
                line, _, buffer = buffer.partition(b"\n")
                kind, value = line[:1], line[1:]
                if kind == b"P":
                    pid = int(value)
                    for early in passed:
                        os.kill(pid, early)
                elif kind == b"X":
                    return int(value)
                elif kind == b"L" and not pid:
                    return 128 + passed[0] if passed else LOCAL
    finally:
        sock.close()
        for signum, handler in saved.items():
            if handler is not None:
                signal.signal(signum, handler)
    if not pid:  # the server closed before the command started: nothing ran, so it runs here
        return 128 + passed[0] if passed else LOCAL
    if passed:  # stopped by the signal it was passed, as a process of its own would have been
        return 128 + passed[-1]
    sys.stderr.write("错误：命令服务中的命令意外结束，结果未知。请用 supervisor list 或 show 查看，再决定是否重做\n")
    return 1


def starting(lock_path: str) -> bool:
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
    lock_path = os.path.join(directory, socket_name(root, executable) + ".lock")
    try:
        with open(lock_path, encoding="utf-8") as lock_file:
            pid = int(lock_file.read().strip() or 0)
    except (OSError, ValueError):
        return False
    if not pid or not starting(lock_path):
        return False
    import signal

    os.kill(pid, signal.SIGTERM)  # the server removes its socket and goes
    return True


def start(root: str) -> None:
    """Start a command server for the next commands, detached from this terminal; silent when it cannot."""
    directory = runtime_dir(create=True)
    if directory is None or starting(os.path.join(directory, socket_name(root) + ".lock")):
        return
    code = f"import sys; sys.path.insert(0, {root!r}); import supervisor; supervisor.serve({directory!r})"
    null = os.devnull
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, null, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, null, os.O_WRONLY, 0),
        (os.POSIX_SPAWN_OPEN, 2, null, os.O_WRONLY, 0),
    ]
    try:
        os.posix_spawn(
            sys.executable, [sys.executable, "-P", "-c", code], os.environ, file_actions=actions, setsid=True
        )
    except (OSError, NotImplementedError, AttributeError):
        pass

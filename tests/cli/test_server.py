"""The command server (cli/relay.py, cli/server.py): a command handed to it prints, writes and exits as it would
in a process of its own; the workbench, a switched-off server and a folder others can enter stay local; the
server goes when it has been idle."""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cli import relay, server
from cli.server import code_stamp
from tests.cli.test_cli import ROOT, cli

pytestmark = pytest.mark.skipif(os.name != "posix", reason="the command server needs POSIX")
LOCAL_ONLY = {"SUPERVISOR_SERVER": "0"}


def wait_for(condition: Callable[[], bool], seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def socket_path() -> Path:
    folder = relay.runtime_dir()
    assert folder is not None
    return Path(folder) / relay.socket_name(str(ROOT))


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The server switched on, in a private folder of this test (short: a socket's path holds ~100 bytes);
    whatever server the test started is stopped."""
    folder = Path(tempfile.mkdtemp(prefix="sv-", dir="/tmp"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    monkeypatch.setenv("SUPERVISOR_SERVER", "1")
    monkeypatch.setenv("SUPERVISOR_SERVER_IDLE", "120")
    monkeypatch.setenv("NO_COLOR", "1")
    yield folder
    time.sleep(0.3)  # a server a command spawned just now: let it write its pid, or show in /proc
    for _ in range(3):
        for pid in servers_in(folder):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        time.sleep(0.2)
    wait_for(lambda: not list(folder.glob("supervisor/*.sock")), 10)
    shutil.rmtree(folder, ignore_errors=True)


def servers_in(folder: Path) -> set[int]:
    """The pids of command servers (and their children) serving this folder: from /proc where there is one,
    else from the lock files."""
    found: set[int] = set()
    marker = f"serve('{folder}".encode()
    proc = Path("/proc")
    if proc.is_dir():
        for entry in proc.iterdir():
            try:
                if entry.name.isdigit() and marker in (entry / "cmdline").read_bytes():
                    found.add(int(entry.name))
            except OSError:
                continue
    for lock in folder.glob("supervisor/*.lock"):
        try:
            found.add(int(lock.read_text(encoding="utf-8")))
        except ValueError:
            pass
    return found


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    """The sample county, made by the command line in a process of its own (capfd and capsys do not mix)."""
    path = tmp_path / "demo.json"
    made = cli("--db", str(path), "demo", env=LOCAL_ONLY)
    assert made.returncode == 0, made.stderr
    return path


def start_server(db: Path) -> None:
    """The first command runs in its own process and starts the server for the next ones."""
    first = cli("--db", str(db), "list")
    assert first.returncode == 0, first.stderr
    assert wait_for(socket_path().exists), "the first command did not start a command server"


def test_a_command_handed_to_the_server_prints_and_exits_as_in_its_own_process(
    served: Path, demo_db: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    start_server(demo_db)
    capfd.readouterr()
    for args in (
        ["list", "--unit", "卫健委"],
        ["--json", "list"],
        ["show", "2026-01"],
        ["board"],
        ["show", "2099-1"],  # a refusal: exit 1, one line on stderr
        ["lst"],  # a usage error: exit 2
        ["--help"],
        ["add", "--help"],
    ):
        here = cli("--db", str(demo_db), *args, env=LOCAL_ONLY)
        code = relay.forward(["supervisor", "--db", str(demo_db), *args], str(ROOT))  # an int: the server ran it
        out, err = capfd.readouterr()
        assert (code, out, err) == (here.returncode, here.stdout, here.stderr), args


def test_the_server_runs_commands_but_leaves_the_workbench_here(
    served: Path, demo_db: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    start_server(demo_db)
    capfd.readouterr()
    term = signal.getsignal(signal.SIGTERM)
    assert relay.forward(["supervisor", "--db", str(demo_db), "show", "2026-01"], str(ROOT)) == 0
    out, _ = capfd.readouterr()
    assert "督办事项 2026-01" in out  # printed by the server's child on this process's stdout
    assert relay.forward(["supervisor", "--db", str(demo_db), "show", "2099-1"], str(ROOT)) == 1
    assert "没有编号为「2099-1」" in capfd.readouterr().err
    assert relay.forward(["supervisor", "--db", str(demo_db)], str(ROOT)) == relay.LOCAL
    assert signal.getsignal(signal.SIGTERM) == term  # the client's signal handlers are put back


def test_an_item_added_through_the_server_is_saved_once_and_read_by_a_fresh_process(
    served: Path, demo_db: Path
) -> None:
    start_server(demo_db)
    title = "经由常驻服务新增的事项"
    added = cli("--db", str(demo_db), "add", "--title", title, "--lead", "卫健委", "--due", "2026-12-30")
    assert added.returncode == 0, added.stderr
    assert "已新增督办事项" in added.stdout
    listed = cli("--db", str(demo_db), "--json", "list", env=LOCAL_ONLY)
    titles = [row["title"] for row in json.loads(listed.stdout)]
    assert titles.count(title) == 1
    check = cli("--db", str(demo_db), "check", env=LOCAL_ONLY)
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_switched_off_server_or_a_folder_others_can_enter_is_never_used(
    monkeypatch: pytest.MonkeyPatch, demo_db: Path
) -> None:
    folder = Path(tempfile.mkdtemp(prefix="sv-", dir="/tmp"))
    try:
        monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
        monkeypatch.setenv("SUPERVISOR_SERVER", "0")
        assert relay.forward(["supervisor", "list"], str(ROOT)) == relay.OFF
        monkeypatch.setenv("SUPERVISOR_SERVER", "1")
        assert relay.forward(["supervisor", "list"], str(ROOT)) == relay.ABSENT  # no folder yet: start one
        (folder / "supervisor").mkdir()
        (folder / "supervisor").chmod(0o755)
        assert relay.forward(["supervisor", "list"], str(ROOT)) == relay.OFF
        relay.start(str(ROOT))  # refuses the folder: no server, nothing written there
        ran = cli("--db", str(demo_db), "list")
        assert ran.returncode == 0
        time.sleep(0.5)
        assert list((folder / "supervisor").iterdir()) == []
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_an_idle_server_goes_and_takes_its_socket(served: Path, demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUPERVISOR_SERVER_IDLE", "1")
    start_server(demo_db)
    assert wait_for(lambda: not socket_path().exists(), 20), "the idle server is still there"
    ran = cli("--db", str(demo_db), "show", "2026-01")  # no server: it runs here, as before
    assert ran.returncode == 0 and "2026-01" in ran.stdout


def test_the_code_stamp_changes_when_a_module_changes(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    module = package / "rules.py"
    module.write_text("A = 1\n", encoding="utf-8")
    before = code_stamp([str(package)])
    assert code_stamp([str(package)]) == before
    module.write_text("A = 22\n", encoding="utf-8")  # same second, other size
    assert code_stamp([str(package)]) != before
    changed = code_stamp([str(package)])
    (package / "new.py").write_text("", encoding="utf-8")
    assert code_stamp([str(package)]) != changed


def children_of(pid: int) -> list[int]:
    """The processes whose parent is `pid` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_a_killed_server_leaves_no_waiting_child_and_the_next_command_still_runs(served: Path, demo_db: Path) -> None:
    start_server(demo_db)
    server = int(next(served.glob("supervisor/*.lock")).read_text(encoding="utf-8"))
    assert wait_for(lambda: bool(children_of(server)), 10), "the server has a child waiting for the next command"
    waiting = children_of(server)
    os.kill(server, signal.SIGKILL)
    assert wait_for(lambda: not any(Path(f"/proc/{pid}").exists() for pid in waiting), 10), "a waiting child stayed"
    ran = cli("--db", str(demo_db), "show", "2026-01")
    assert ran.returncode == 0 and "2026-01" in ran.stdout


def test_stop_ends_the_server_and_leaves_no_pid_to_kill_by_mistake(served: Path, demo_db: Path) -> None:
    start_server(demo_db)
    lock = next(served.glob("supervisor/*.lock"))
    assert relay.stop(str(ROOT))
    assert wait_for(lambda: not socket_path().exists(), 10)
    assert wait_for(lambda: lock.read_text(encoding="utf-8") == "", 10)  # emptied when the server went
    assert not relay.stop(str(ROOT))  # nothing runs: nothing is signalled


def fake_server(replies: Callable[[socket.socket], None]) -> threading.Thread:
    """A socket where the server's would be, answering one client with `replies` (no real server runs)."""
    assert relay.runtime_dir(create=True) is not None
    path = socket_path()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.listen(1)

    def answer() -> None:
        conn, _ = listener.accept()
        conn.recvmsg(65536, socket.CMSG_SPACE(3 * relay.FD_BYTES))
        replies(conn)
        conn.close()
        listener.close()

    thread = threading.Thread(target=answer, daemon=True)
    thread.start()
    return thread


def test_a_command_never_runs_twice_and_runs_here_when_nothing_started(
    served: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    fake_server(lambda conn: None)  # closed before P: nothing ran there
    assert relay.forward(["supervisor", "list"], str(ROOT)) == relay.LOCAL
    (served / "supervisor" / relay.socket_name(str(ROOT))).unlink()
    fake_server(lambda conn: conn.sendall(b"P%d\n" % os.getpid()))  # started, then gone without an exit code
    assert relay.forward(["supervisor", "list"], str(ROOT)) == 1  # never LOCAL: it may have written
    assert "结果未知" in capfd.readouterr().err


def test_a_signal_for_the_command_ends_it_and_the_client_the_same_way(served: Path) -> None:
    """`kill` of the client goes on to the process that runs the command; both end by that signal, as one
    process of its own would (exit status -15, not 143)."""
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    started = threading.Event()

    def replies(conn: socket.socket) -> None:
        conn.sendall(b"P%d\n" % sleeper.pid)
        started.set()
        sleeper.wait(30)  # until the passed SIGTERM ends it; then the connection closes without an exit code

    fake_server(replies)
    probe = "from cli import relay; import sys; relay.forward(['supervisor', 'list'], sys.argv[1])"
    client = subprocess.Popen([sys.executable, "-c", probe, str(ROOT)], env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert started.wait(30)
    time.sleep(0.2)
    client.send_signal(signal.SIGTERM)
    assert client.wait(30) == -signal.SIGTERM
    assert sleeper.wait(30) == -signal.SIGTERM


def test_a_bug_in_a_served_command_prints_its_traceback(capfd: pytest.CaptureFixture[str]) -> None:
    def handle(argv: list[str]) -> Callable[[], int]:
        def work() -> int:
            raise RuntimeError("一个没有想到的错误")

        return work

    ours, theirs = socket.socketpair()
    pid = os.fork()
    if pid == 0:
        ours.close()
        server._child(theirs, handle)  # exits
    theirs.close()
    fds = b"".join(fd.to_bytes(relay.FD_BYTES, sys.byteorder) for fd in (0, 1, 2))
    ours.sendmsg(
        [relay.request(["supervisor", "list"], relay.identity())], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, fds)]
    )
    with relay._Session(ours) as session:
        assert session.wait() == 1
    os.waitpid(pid, 0)
    err = capfd.readouterr().err
    assert "Traceback" in err and "RuntimeError: 一个没有想到的错误" in err


def test_the_server_keeps_none_of_the_first_commands_other_files(served: Path, demo_db: Path) -> None:
    """`flock FILE supervisor …`, `supervisor … 3>&1 | cat`: what the first command had open is not held on."""
    read_end, write_end = os.pipe()
    first = subprocess.run(
        [sys.executable, str(ROOT / "supervisor.py"), "--db", str(demo_db), "list"],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        check=False,
    )
    os.close(write_end)
    assert first.returncode == 0
    assert wait_for(socket_path().exists)
    ready, _, _ = select.select([read_end], [], [], 10)
    assert ready and os.read(read_end, 1) == b"", "the server still holds the first command's pipe"
    os.close(read_end)


def test_a_command_of_another_identity_is_not_run_by_this_server(served: Path, demo_db: Path) -> None:
    start_server(demo_db)
    probe = "from cli import relay; import sys; print(relay.forward(['supervisor', '--help'], sys.argv[1]))"
    niced = subprocess.run(
        [sys.executable, "-c", probe, str(ROOT)],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        preexec_fn=lambda: os.nice(3),  # the child only lowers its own priority
        capture_output=True,
        text=True,
        check=True,
    )
    assert niced.stdout.strip() == relay.ABSENT  # `nice supervisor …` gets a server of its own


def test_a_signal_for_a_command_that_has_just_ended_is_dropped_quietly() -> None:
    gone = subprocess.Popen(["true"])
    gone.wait()  # reaped: its pid names no process
    ours, theirs = socket.socketpair()
    theirs.sendall(b"P%d\nX0\n" % gone.pid)
    with relay._Session(ours) as session:
        session.passed.append(signal.SIGINT)  # a Ctrl+C that came before P, passed on when P comes
        assert session.wait() == 0
    theirs.close()


def test_nothing_escaping_a_command_child_touches_the_servers_socket(served: Path) -> None:
    """A late Ctrl+C or any other exception in a command's child ends that child, never runs the server's
    clean-up there (which would remove the socket of the server that is still running)."""
    directory = relay.runtime_dir(create=True)
    assert directory is not None

    def handle(argv: list[str]) -> Callable[[], int]:
        return lambda: 0

    pid = os.fork()
    if pid == 0:  # a server whose reply at the end of a command fails as a Ctrl+C there would make it fail
        try:
            real = socket.socket.sendall

            def interrupted(self: socket.socket, data: bytes, *args: object) -> None:
                if data.startswith(b"X"):
                    raise KeyboardInterrupt
                real(self, data)

            socket.socket.sendall = interrupted  # type: ignore[method-assign]
            server.serve(handle, directory, str(ROOT), [])
        finally:
            os._exit(0)
    try:
        assert wait_for(socket_path().exists)
        assert relay.forward(["supervisor", "list"], str(ROOT)) == 1  # started, then no exit code came
        time.sleep(0.5)
        assert socket_path().exists()  # the server's socket is still there, and the server still answers
        assert relay.forward(["supervisor", "list"], str(ROOT)) == 1
    finally:
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)


def test_a_reniced_server_goes_and_the_next_command_starts_one_at_its_own_priority(served: Path, demo_db: Path) -> None:
    start_server(demo_db)
    server_pid = int(next(served.glob("supervisor/*.lock")).read_text(encoding="utf-8"))
    os.setpriority(os.PRIO_PROCESS, server_pid, os.getpriority(os.PRIO_PROCESS, server_pid) + 2)
    assert wait_for(lambda: not socket_path().exists(), 15), "the reniced server stayed"
    start_server(demo_db)  # a command runs by itself and starts a server at its own priority again

"""The command line against Taskwarrior, in fresh processes: the table of issue 14, in Markdown.

    python bench/bench_cli.py [--repeat 5] [--big] [--unit 卫健委] [--profile] [--installed] [--out bench/out]

For 1k and 10k items (and with --big 100k, then 100k whose working file is that of 10k: the same open work
and this year's items, ten times the archive) it writes a database with bench/make_db.py and times `add` and
`list --unit` (median of --repeat runs after one warm-up, ours and Taskwarrior's alternating), and
`supervisor --help` against `python -c pass`, each with the command server (cli/server.py, started by a
warm-up run and awaited) and without it (SUPERVISOR_SERVER=0: Python starts and imports for every command).
Taskwarrior gets a database of the same number of tasks, 30% of them in one project, in a temporary folder
(`task` must be on PATH; without it that column is skipped). --profile adds where the time of `add` and
`list --unit` at 10k goes (imports, parsing the file, encoding it, fsync, the rest), from `python -X
importtime` and cProfile in fresh processes.

By default the commands run from this checkout (`python supervisor.py`) under the running interpreter: in the
development environment (`pip install -e .`) every Python process first loads setuptools' editable-install
import hook, ~13 ms that a regular install does not have. --installed measures what an office runs: the
`supervisor` command of a regular install (`pip install .`) in bench/out/venv (made on first use, the
checkout reinstalled on every run), against that environment's `python -c pass`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.make_db import write_db  # noqa: E402

ENTRY = [sys.executable, str(ROOT / "supervisor.py")]
PYTHON = sys.executable


def installed(out: Path) -> tuple[list[str], str]:
    """The `supervisor` command and the python of a regular install of this checkout in out/venv."""
    venv = out / "venv"
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = str(bin_dir / "python")
    if not (bin_dir / "supervisor").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([python, "-m", "pip", "install", "-q", str(ROOT)], check=True, stdout=subprocess.DEVNULL)
    else:
        reinstall = ["install", "-q", "--no-deps", "--force-reinstall", str(ROOT)]
        subprocess.run([python, "-m", "pip", *reinstall], check=True, stdout=subprocess.DEVNULL)
    return [str(bin_dir / "supervisor")], python


def environment(today: date) -> dict[str, str]:
    """Byte-code cached as on an installed machine; 'today' fixed so every run sees the same lights."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPROFILEIMPORTTIME")}
    return env | {"SUPERVISOR_TODAY": today.isoformat(), "NO_COLOR": "1"}


def wall(cmd: list[str], env: dict[str, str]) -> float:
    """Milliseconds for one run of the command in a new process, output discarded."""
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return (time.perf_counter() - start) * 1000


def pair(ours: Callable[[], float], theirs: Callable[[], float] | None, repeat: int) -> tuple[float, float | None]:
    """Medians of both after one warm-up each, run alternately so that load on the machine hits both alike."""
    ours()
    if theirs:
        theirs()
    mine: list[float] = []
    other: list[float] = []
    for _ in range(repeat):
        mine.append(ours())
        if theirs:
            other.append(theirs())
    return statistics.median(mine), (statistics.median(other) if other else None)


class Taskwarrior:
    """A Taskwarrior database of n tasks (30% in project X) in a folder of its own, with a quiet rc file."""

    def __init__(self, folder: Path, n: int) -> None:
        self.folder = folder
        data = folder / "data"
        data.mkdir(parents=True)
        self.rc = folder / "taskrc"
        self.rc.write_text(
            f"data.location={data}\nconfirmation=no\nverbose=nothing\nnews.version=2.6.0\nhooks=off\n",
            encoding="utf-8",
        )
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("TASK")} | {"TASKRC": str(self.rc)}
        tasks = [
            {
                "uuid": str(uuid.UUID(int=i + 1)),
                "status": "pending",
                "entry": "20250101T090000Z",
                "description": f"基准测试任务 {i}",
                "project": "X" if i % 10 < 3 else f"P{i % 40}",
            }
            for i in range(n)
        ]
        source = folder / "tasks.json"
        source.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
        subprocess.run(["task", "import", str(source)], check=True, stdout=subprocess.DEVNULL, env=self.env)
        self.rows = n * 3 // 10

    def add(self) -> float:
        return wall(["task", "rc.confirmation=no", "rc.verbose=nothing", "add", "基准测试任务", "project:Y"], self.env)

    def list_project(self) -> float:
        return wall(["task", "rc.verbose=nothing", "project:X", "list"], self.env)


def ours_add(db: Path, env: dict[str, str], unit: str, due: str) -> Callable[[], float]:
    return lambda: wall([*ENTRY, "--db", str(db), "add", "--title", "基准测试事项", "--lead", unit, "--due", due], env)


def ours_list(db: Path, env: dict[str, str], unit: str) -> Callable[[], float]:
    return lambda: wall([*ENTRY, "--db", str(db), "list", "--unit", unit], env)


def rows_listed(db: Path, env: dict[str, str], unit: str) -> int:
    out = subprocess.run(
        [*ENTRY, "--db", str(db), "--json", "list", "--unit", unit], check=True, capture_output=True, env=env
    )
    return len(json.loads(out.stdout))


def ratio(ours: float, theirs: float | None) -> str:
    return f"{ours / theirs:.1f}×" if theirs else "—"


def ms(value: float | None) -> str:
    return f"{value:.0f} ms" if value is not None else "—"


def code_root(env: dict[str, str]) -> str:
    """Where the measured installation's code lives (the command server's key)."""
    probe = [PYTHON, "-c", "import supervisor; print(supervisor.ROOT)"]
    out = subprocess.run(probe, check=True, capture_output=True, text=True, env=env, cwd="/")
    return out.stdout.strip()


def await_server(root: str, env: dict[str, str]) -> None:
    """Wait (up to 10 s) until the command server started by a warm-up run answers, so no timed run starts it."""
    from cli import relay

    saved = dict(os.environ)
    os.environ.update(env)
    try:
        for _ in range(200):
            directory = relay.runtime_dir()
            if directory and os.path.exists(os.path.join(directory, relay.socket_name(root, PYTHON))):
                time.sleep(0.2)
                return
            time.sleep(0.05)
    finally:
        os.environ.clear()
        os.environ.update(saved)
    print("# the command server did not start; the 'server' rows ran without it", file=sys.stderr)


def measure(args: argparse.Namespace, out: Path, tmp: Path, notes: list[str]) -> list[list[str]]:
    """The table's rows: for each size `add` and `list --unit` with and without the command server, then
    start-up; `notes` gets the file sizes."""
    today = args.today
    served = environment(today)
    cold = served | {"SUPERVISOR_SERVER": "0"}
    root = code_root(served)
    due = (today + timedelta(days=30)).isoformat()
    has_task = shutil.which("task") is not None and not args.no_task
    sizes: list[tuple[int, int | None]] = [(1000, None), (10000, None)]
    if args.big:
        sizes += [(100000, None), (100000, 10000)]
    rows: list[list[str]] = []
    ways = (("", served), (", no server", cold))
    for n, like in sizes:
        name = f"cli-{n}" + (f"-like-{like}" if like else "")
        for old in (out / "backups").glob(f"{name}-*.json"):  # the previous run's copies (300 MB each at 100k)
            old.unlink()
        made = write_db(out / f"{name}.json", n, today=today, archive=not args.flat, like=like)
        db = Path(made["path"])
        tw = Taskwarrior(tmp / f"task-{n}", n) if has_task and n <= 10000 else None
        label = f"{n // 1000}k" + (f" (working file of {like // 1000}k)" if like else "")
        subprocess.run([*ENTRY, "--db", str(db), "list", "--unit", args.unit], env=served, stdout=subprocess.DEVNULL)
        await_server(root, served)
        count = rows_listed(db, cold, args.unit)
        task_rows = f"{tw.rows:,}" if tw else ""
        figures = []
        for suffix, env in ways:
            add, task_add = pair(ours_add(db, env, args.unit, due), tw.add if tw else None, args.repeat)
            rows.append(
                [
                    f"`add` at {label}{suffix}",
                    ms(add),
                    ms(task_add) + (" (`task add`)" if tw else ""),
                    ratio(add, task_add),
                ]
            )
            listing, task_list = pair(ours_list(db, env, args.unit), tw.list_project if tw else None, args.repeat)
            rows.append(
                [
                    f"`list --unit` at {label} ({count:,} rows){suffix}",
                    ms(listing),
                    ms(task_list) + (f" (`task project:X list`, {task_rows} rows)" if tw else ""),
                    ratio(listing, task_list),
                ]
            )
            figures.append(f"add {add:.0f} ms, list --unit {listing:.0f} ms{suffix}")
        notes.append(
            f"{label}: {made['items']:,} items ({made['open']:,} open), working file {made['working_items']:,} items "
            f"{made['mb']:.1f} MB, {made['archives']} archives {made['archive_mb']:.1f} MB, "
            f"{made['history_mb']:.1f} MB history log"
        )
        print(f"# {notes[-1]}; " + "; ".join(figures), file=sys.stderr, flush=True)
    for suffix, env in ways:
        bare = partial(wall, [PYTHON, "-c", "pass"], env)
        help_ms, python_ms = pair(partial(wall, [*ENTRY, "--help"], env), bare, args.repeat)
        label = f"`supervisor --help` vs `python -c pass`{suffix}"
        rows.append([label, ms(help_ms), ms(python_ms), ratio(help_ms, python_ms)])
    return rows


def markdown(rows: list[list[str]]) -> str:
    lines = ["| | ours | Taskwarrior | ratio |", "|---|---|---|---|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement after one warm-up (default 5)")
    parser.add_argument("--big", action="store_true", help="also 100k items (a 300 MB file: slow)")
    parser.add_argument("--unit", default="卫健委", help="the unit for `list --unit` and `add --lead`")
    parser.add_argument("--today", type=date.fromisoformat, default=date.today(), help="YYYY-MM-DD")
    parser.add_argument("--no-task", action="store_true", help="skip Taskwarrior even when installed")
    parser.add_argument("--flat", action="store_true", help="no 年度台账: every item in the working file (as before)")
    parser.add_argument("--profile", action="store_true", help="also print where add and list spend time at 10k")
    parser.add_argument("--installed", action="store_true", help="run a regular install (pip install .) in OUT/venv")
    parser.add_argument("--out", default=str(ROOT / "bench" / "out"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    global ENTRY, PYTHON
    if args.installed:
        ENTRY, PYTHON = installed(out)
    packages = [str(ROOT / name) for name in ("store", "cli", "docx_templates", "supervisor.py")]
    subprocess.run([sys.executable, "-m", "compileall", "-q", *packages], check=True, env=environment(args.today))
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bench-cli-") as tmp:
        rows = measure(args, out, Path(tmp), notes)
    from cli import relay

    relay.stop(code_root(environment(args.today)), PYTHON)  # the server the warm-up runs started
    print(markdown(rows))
    print()
    how = "a regular install (pip install .)" if args.installed else "this checkout in the development environment"
    print(
        f"Median of {args.repeat} runs after a warm-up, ours and Taskwarrior's alternating; `list --unit {args.unit}`;"
        f" ours run from {how}."
    )
    print("Databases (bench/make_db.py): " + "; ".join(notes) + ".")
    if args.profile:
        from bench.profile_cli import breakdown

        print()
        cold = environment(args.today) | {"SUPERVISOR_SERVER": "0"}  # where a process of its own spends its time
        print(breakdown(out / "cli-10000.json", cold, args.unit, args.today))


if __name__ == "__main__":
    main()

"""Where one CLI command spends its time, from fresh processes: start-up, imports, reading and parsing the
file, encoding and writing it, fsync, backups, and the command's own work.

    python bench/profile_cli.py DB [--unit 卫健委] [--today YYYY-MM-DD]

A probe process imports supervisor.py and runs the command with timers around the storage functions and
`__import__` (no profiler, so Python code is not slowed down); `python -X importtime` of the same command
names the heaviest imports.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBE = r"""
import json, os, sys, time
start = time.perf_counter()
sys.path.insert(0, sys.argv[1])
import supervisor
imported = time.perf_counter()
from pathlib import Path
from store.storage import database, history, lines
spent = {}
def timed(owner, name, label):
    original = getattr(owner, name)
    def wrapper(*args, **kwargs):
        began = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent[label] = spent.get(label, 0.0) + time.perf_counter() - began
    setattr(owner, name, wrapper)
for owner, name, label in (
    (Path, "read_bytes", "read"), (database, "read_file", "read"), (database, "decode", "parse"),
    (database, "shape_problems", "shape"), (database, "encode", "encode"), (database, "encode_chunks", "encode"),
    (lines, "split_block", "split"), (database, "atomic_write", "write"), (history.HistoryLog, "append", "log"),
    (os, "fsync", "fsync"), (database, "make_backup", "backup"),
):
    timed(owner, name, label)
import builtins
real_import, depth = builtins.__import__, [0]
def counted_import(*args, **kwargs):
    depth[0] += 1
    began = time.perf_counter()
    try:
        return real_import(*args, **kwargs)
    finally:
        depth[0] -= 1
        if not depth[0]:
            spent["lazy"] = spent.get("lazy", 0.0) + time.perf_counter() - began
builtins.__import__ = counted_import
kept = []  # the command's context, so that freeing its parsed data is timed on its own
import cli.context
context_init = cli.context.Context.__init__
def keep(self, *args, **kwargs):
    kept.append(self)
    context_init(self, *args, **kwargs)
cli.context.Context.__init__ = keep
sys.stdout = open(os.devnull, "w", encoding="utf-8")
supervisor.main(sys.argv[2:])
done = time.perf_counter()
kept.clear()
freed = time.perf_counter()
sys.stdout = sys.__stdout__
print("PROBE " + json.dumps({"imports": imported - start, "run": done - imported, "free": freed - done, **spent}))
"""

PARTS = (
    ("interpreter start-up (`python -c pass`)", "startup"),
    ("imports at start-up (`import supervisor`)", "imports"),
    ("imports while running (lazy)", "lazy"),
    ("read the file", "read"),
    ("parse JSON (checksum and table blocks; whole file with orjson when not ours)", "parse"),
    ("split the tables a command reads into lines", "split"),
    ("check the shape", "shape"),
    ("the command's own work", "work"),
    ("encode JSON", "encode"),
    ("write database + history (without fsync)", "write"),
    ("fsync (3 per write)", "fsync"),
    ("backup copy", "backup"),
    ("free the parsed data at exit", "free"),
    ("total wall time", "wall"),
)


def all_imports_ms(cmd: list[str], env: dict[str, str]) -> dict[str, float]:
    """Cumulative ms of every top-level import of a run (-X importtime)."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", *cmd], capture_output=True, text=True, env=env, check=True
    )
    tops: dict[str, float] = {}
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, name = line[len("import time:") :].split("|", 2)
        if name.strip() and not name.startswith("  "):
            tops[name.strip()] = tops.get(name.strip(), 0.0) + int(cumulative) / 1000
    return tops


def probe(argv: list[str], env: dict[str, str]) -> dict[str, float]:
    began = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(ROOT), *argv], capture_output=True, text=True, env=env, check=True
    )
    wall = time.perf_counter() - began
    line = next(line for line in result.stdout.splitlines() if line.startswith("PROBE "))
    found = {k: v * 1000 for k, v in json.loads(line[len("PROBE ") :]).items()}
    return found | {"wall": wall * 1000}


def parts_of(argv: list[str], env: dict[str, str], repeat: int) -> tuple[dict[str, float], list[tuple[str, float]]]:
    """Median ms of each part over `repeat` probes, and the heaviest imports of the command."""
    startup = statistics.median(_wall([sys.executable, "-c", "pass"], env) for _ in range(repeat))
    probe(argv, env)  # warm-up: the first write of a new file takes a backup
    runs = [probe(argv, env) for _ in range(repeat)]
    keys = (
        "imports",
        "lazy",
        "run",
        "free",
        "read",
        "parse",
        "split",
        "shape",
        "encode",
        "write",
        "log",
        "fsync",
        "backup",
        "wall",
    )
    found = {key: statistics.median(r.get(key, 0.0) for r in runs) for key in keys}
    base = all_imports_ms(["-c", "pass"], env)
    tops = {k: v for k, v in all_imports_ms([str(ROOT / "supervisor.py"), *argv], env).items() if k not in base}
    found["startup"] = startup
    found["write"] = found["write"] + found["log"] - found["fsync"]
    storage = sum(found[k] for k in ("read", "parse", "split", "shape", "encode", "write", "fsync", "backup"))
    found["work"] = found["run"] - found["lazy"] - storage
    return found, sorted(tops.items(), key=lambda t: -t[1])[:6]


def _wall(cmd: list[str], env: dict[str, str]) -> float:
    began = time.perf_counter()
    subprocess.run(cmd, check=True, env=env)
    return (time.perf_counter() - began) * 1000


def breakdown(db: Path, env: dict[str, str], unit: str, today: date, repeat: int = 5) -> str:
    """A Markdown table: for `add` and `list --unit`, the milliseconds of each part."""
    due = (today + timedelta(days=30)).isoformat()
    commands = {
        "add": ["--db", str(db), "add", "--title", "基准测试事项", "--lead", unit, "--due", due],
        "list --unit": ["--db", str(db), "list", "--unit", unit],
    }
    columns: dict[str, dict[str, float]] = {}
    heavy: dict[str, list[tuple[str, float]]] = {}
    for name, argv in commands.items():
        columns[name], heavy[name] = parts_of(argv, env, repeat)
    lines = ["| part | " + " | ".join(f"`{c}`" for c in columns) + " |", "|---|" + "---|" * len(columns)]
    for label, key in PARTS:
        lines.append(f"| {label} | " + " | ".join(f"{columns[c][key]:.0f} ms" for c in columns) + " |")
    for name, tops in heavy.items():
        shown = ", ".join(f"{pkg} {t:.0f} ms" for pkg, t in tops)
        lines.append(f"\nHeaviest imports of `{name}` (cumulative, -X importtime): {shown}")
    return "\n".join(lines)


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from bench.bench_cli import environment

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("db")
    parser.add_argument("--unit", default="卫健委")
    parser.add_argument("--today", type=date.fromisoformat, default=date.today())
    parser.add_argument("--repeat", type=int, default=5, help="probes per command (median)")
    args = parser.parse_args()
    print(breakdown(Path(args.db).absolute(), environment(args.today), args.unit, args.today, args.repeat))


if __name__ == "__main__":
    main()

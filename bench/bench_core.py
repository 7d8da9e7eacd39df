"""Core benchmark: generate 1k / 10k / 100k-item databases and time what a secretary waits for.

    python bench/bench_core.py [--sizes 1000,10000,100000] [--repeat 5] [--out bench/out]

For each size it prints: open + unit board (in process), one edit persisted (remind: history append +
atomic write), one plain atomic `json.dump` of the same data (the yardstick for an edit), and wall time of
the real CLI for `add` and `list --unit` (median of --repeat runs), next to `python -c pass`. The databases
come from bench/make_db.py; bench/bench_cli.py compares the CLI with Taskwarrior.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.make_db import write_db  # noqa: E402
from store.commands.repository import Repository  # noqa: E402
from store.records.model import OPEN_STATUSES  # noqa: E402
from store.views.board import board_by_unit  # noqa: E402

TODAY = date(2026, 11, 28)
UNIT = "卫健委"  # the busiest unit of a generated database


def timed(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    """Median wall time in milliseconds."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def stdlib_atomic_dump(data: dict, path: Path) -> None:
    """The yardstick: one json.dumps of the same data to a temp file, fsync, os.replace."""
    tmp = path.with_name(path.name + ".yardstick")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(json.dumps(data, ensure_ascii=False))
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path.with_name(path.name + ".yardstick.done"))


CLI_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {
    "SUPERVISOR_TODAY": TODAY.isoformat()
}


def cli(db: Path, *args: str) -> None:
    """The real command in a fresh process, with byte-code cached as on an installed machine."""
    subprocess.run(
        [sys.executable, str(ROOT / "supervisor.py"), "--db", str(db), *args],
        check=True,
        stdout=subprocess.DEVNULL,
        env=CLI_ENV,
    )


def run_size(n: int, out: Path, repeat: int) -> dict[str, float]:
    db = out / f"bench-{n}.json"
    size_mb = write_db(db, n, today=TODAY)["mb"]

    def open_and_board() -> None:
        repo = Repository.open(db, readonly=True, today=TODAY)
        board_by_unit(repo.items(), repo.policy(), repo.units_by_id())
        repo.close()

    open_board = timed(open_and_board, repeat)
    repo = Repository.open(db, today=TODAY)
    numbers = [i["number"] for i in repo.items() if i["assignments"][0]["status"] in OPEN_STATUSES][: repeat + 1]
    repo.remind(numbers[0])  # warm caches once, as a running app would be
    edits = []
    for number in numbers[1 : repeat + 1]:
        start = time.perf_counter()
        repo.remind(number)
        edits.append((time.perf_counter() - start) * 1000)
    edit = statistics.median(edits)
    yardstick = timed(lambda: stdlib_atomic_dump(repo.database.data, db), repeat)
    repo.close()
    add = timed(lambda: cli(db, "add", "--title", "基准测试事项", "--lead", UNIT, "--due", "2026-12-31"), repeat)
    listing = timed(lambda: cli(db, "list", "--unit", UNIT), repeat)
    for leftover in out.glob(f"bench-{n}.json.yardstick*"):
        leftover.unlink()
    return {
        "items": n,
        "mb": size_mb,
        "open_board": open_board,
        "edit": edit,
        "yardstick": yardstick,
        "cli_add": add,
        "cli_list_unit": listing,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", default=str(ROOT / "bench" / "out"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "store"), str(ROOT / "supervisor.py")],
        check=True,
        env=CLI_ENV,
    )
    startup = timed(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), args.repeat)
    print(f"python -c pass: {startup:.0f} ms")
    print(
        f"{'items':>7} {'file MB':>8} {'open+board':>11} {'edit':>8} {'json.dump':>10} {'edit/dump':>9} "
        f"{'CLI add':>8} {'CLI list --unit':>15}"
    )
    for n in (int(s) for s in args.sizes.split(",")):
        r = run_size(n, out, args.repeat)
        print(
            f"{r['items']:>7} {r['mb']:>8.1f} {r['open_board']:>9.0f}ms {r['edit']:>6.0f}ms {r['yardstick']:>8.0f}ms "
            f"{r['edit'] / r['yardstick']:>9.2f} {r['cli_add']:>6.0f}ms {r['cli_list_unit']:>13.0f}ms",
            flush=True,
        )


if __name__ == "__main__":
    main()

"""Core benchmark: generate 1k / 10k / 100k-item databases and time what a secretary waits for.

    python bench/bench_core.py [--sizes 1000,10000,100000] [--repeat 5] [--out bench/out]

For each size it prints: open + unit board (in process), one edit persisted (remind: history append +
atomic write), one plain atomic `json.dump` of the same data (the yardstick for an edit), and wall time of
the real CLI for `add` and `list --unit` (median of --repeat runs), next to `python -c pass`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from store.commands.repository import Repository, new_assignment  # noqa: E402
from store.records.units import initials_of  # noqa: E402
from store.storage.database import encode  # noqa: E402
from store.storage.schema import empty_data, meta_of  # noqa: E402
from store.views.board import board_by_unit  # noqa: E402

TODAY = date(2026, 11, 28)
WORDS = [
    "落实",
    "推进",
    "加强",
    "健全",
    "完善",
    "开展",
    "提高",
    "保障",
    "妇女",
    "儿童",
    "健康",
    "教育",
    "就业",
    "安全",
    "饮水",
    "改厕",
    "宣传",
    "监测",
    "统计",
    "培训",
    "救助",
    "关爱",
    "留守",
    "权益",
]


def generate(path: Path, n_items: int, seed: int = 7) -> None:
    """Write a database of n_items straight to disk (going through add_item 100k times would take hours)."""
    rng = random.Random(seed)
    data = empty_data()
    units = [f"县第{i}局" for i in range(1, 55)] + [f"第{i}镇" for i in range(1, 7)]
    for index, name in enumerate(units, start=1):
        data["units"][str(index)] = {
            "name": name,
            "short": name[1:],
            "kind": "township" if "镇" in name else "department",
            "contact": "联系人",
            "phone": "0000-6000000",
            "order": index * 10,
            "initials": [initials_of(name), initials_of(name[1:])],
            "aliases": [],
            "active": True,
        }
    for m in range(1, 11):
        data["meetings"][str(m)] = {
            "title": f"第{m}次推进会",
            "date": f"2026-{m:02d}-10",
            "kind": "推进会",
            "source_text": "",
        }
    seqs: dict[str, int] = {}
    for i in range(1, n_items + 1):
        year = rng.choice([2024, 2025, 2026])
        seqs[str(year)] = seqs.get(str(year), 0) + 1
        assigned = date(year, rng.randint(1, 10), rng.randint(1, 28))
        due = assigned + timedelta(days=rng.randint(10, 400))
        unit_ids = rng.sample(range(1, len(units) + 1), rng.randint(1, 4))
        shares = []
        for k, uid in enumerate(unit_ids):
            a = new_assignment(uid, "lead" if k == 0 else "partner", due.isoformat(), assigned.isoformat(), "办公室")
            roll = rng.random()
            if due < TODAY and roll < 0.7:
                a["status"] = "done"
                a["done_on"] = min(TODAY, due + timedelta(days=rng.randint(-20, 10))).isoformat()
                a["done_late"] = a["done_on"] > a["due"]
            elif roll < 0.85:
                a["status"] = "in_progress"
                a["progress"].append(
                    {
                        "date": assigned.isoformat(),
                        "text": "".join(rng.sample(WORDS, 8)),
                        "next_step": "",
                        "problems": "",
                        "recorded_by": "办公室",
                        "source": "电话",
                        "recorded_at": "2026-01-01T09:00:00+08:00",
                    }
                )
            shares.append(a)
        title = "".join(rng.sample(WORDS, 6))
        data["items"][str(i)] = {
            "number": f"{year}-{seqs[str(year)]:02d}",
            "year": year,
            "seq": seqs[str(year)],
            "title": title,
            "requirement": "".join(rng.sample(WORDS, 12)),
            "meeting_id": rng.randint(1, 10),
            "indicator_ids": [],
            "key": rng.random() < 0.1,
            "collective": "",
            "created_at": "2026-01-01T09:00:00+08:00",
            "assignments": shares,
        }
    meta = meta_of(data)
    meta["item_seq"] = seqs
    meta["next_id"] = {"items": n_items + 1, "units": len(units) + 1, "meetings": 11}
    data["settings"]["1"].update({"office_name": "基准测试县妇儿工委办", "doc_prefix": "基准"})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(encode(data))
    for extra in (path.with_name(path.stem + ".history.jsonl"),):
        extra.unlink(missing_ok=True)


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
    generate(db, n)
    size_mb = db.stat().st_size / 1e6

    def open_and_board() -> None:
        repo = Repository.open(db, readonly=True, today=TODAY)
        board_by_unit(repo.items(), repo.policy(), repo.units_by_id())
        repo.close()

    open_board = timed(open_and_board, repeat)
    repo = Repository.open(db, today=TODAY)
    numbers = [i["number"] for i in repo.items() if i["assignments"][0]["status"] != "done"][: repeat + 1]
    repo.remind(numbers[0])  # warm caches once, as a running app would be
    edits = []
    for number in numbers[1 : repeat + 1]:
        start = time.perf_counter()
        repo.remind(number)
        edits.append((time.perf_counter() - start) * 1000)
    edit = statistics.median(edits)
    yardstick = timed(lambda: stdlib_atomic_dump(repo.database.data, db), repeat)
    repo.close()
    add = timed(lambda: cli(db, "add", "--title", "基准测试事项", "--lead", "第1局", "--due", "2026-12-31"), repeat)
    listing = timed(lambda: cli(db, "list", "--unit", "第3局"), repeat)
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

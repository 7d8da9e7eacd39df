"""TUI benchmark: first paint and data-on-screen for an empty database and for 10k items, and the cost of
one filter keystroke on the Items screen.

    python bench/bench_tui.py [--items 10000] [--repeat 3]

Each measurement runs in a fresh process (imports included), headless at 120x36 through Textual's test
driver; "first paint" is when the first frame is handed to the driver, "loaded" is the boards on screen.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PROBE = r"""
import asyncio, json, sys, time
t0 = time.perf_counter()
from datetime import date
import textual.app as textual_app
from tui.app import create_app

_first = {}
_display = textual_app.App._display


def _timed_display(self, screen, renderable):
    if renderable is not None and "t" not in _first:
        _first["t"] = time.perf_counter()
    return _display(self, screen, renderable)


textual_app.App._display = _timed_display

async def main():
    app = create_app(sys.argv[1], today=date(2026, 11, 28))
    out = {}
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        out["first_paint"] = _first["t"] - t0
        while app.boards is None and not app.load_error:
            await asyncio.sleep(0.005)
        await app.workers.wait_for_complete()
        await pilot.pause()
        out["loaded"] = time.perf_counter() - t0
        if sys.argv[2] == "filter" and app.boards and app.boards.snapshot.rows:
            await pilot.press("2")
            await pilot.pause()
            await pilot.press("slash")
            await pilot.pause()
            samples = []
            for ch in "jyj" + "\b\b\b" + "推进":
                start = time.perf_counter()
                if ch == "\b":
                    await pilot.press("backspace")
                else:
                    app.screen.query_one("#filter").insert_text_at_cursor(ch)
                await pilot.pause()
                samples.append(time.perf_counter() - start)
            out["keystrokes"] = samples
            out["rows"] = len(app.boards.snapshot.rows)
    print("RESULT " + json.dumps(out))

asyncio.run(main())
"""


def probe(db: Path, mode: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(db), mode], capture_output=True, text=True, cwd=ROOT, env=env, check=True
    )
    line = next(line for line in out.stdout.splitlines() if line.startswith("RESULT "))
    return json.loads(line[len("RESULT ") :])


def main() -> None:
    from bench.make_db import write_db

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", default=str(ROOT / "bench" / "out"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    empty = out / "tui-empty.json"
    empty.unlink(missing_ok=True)
    big = out / f"tui-{args.items}.json"
    write_db(big, args.items, today=date(2026, 11, 28))
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "store"), str(ROOT / "tui")], check=True)
    results = {}
    for name, db in (("empty", empty), (f"{args.items} items", big)):
        runs = [probe(db, "filter") for _ in range(args.repeat)]
        results[name] = runs
        paint = statistics.median(r["first_paint"] for r in runs) * 1000
        loaded = statistics.median(r["loaded"] for r in runs) * 1000
        print(f"{name:>12}: first paint {paint:6.0f} ms   boards on screen {loaded:6.0f} ms")
        keys = [k * 1000 for r in runs for k in r.get("keystrokes", [])]
        if keys:
            print(
                f"{'':>12}  filter keystroke: median {statistics.median(keys):.0f} ms, max {max(keys):.0f} ms "
                f"over {len(keys)} keystrokes ({runs[0]['rows']} rows)"
            )
    e = statistics.median(r["first_paint"] for r in results["empty"])
    b = statistics.median(r["first_paint"] for r in results[f"{args.items} items"])
    print(f"first paint ratio {args.items} items / empty: {b / e:.2f}")


if __name__ == "__main__":
    main()

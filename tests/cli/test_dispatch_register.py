"""Issue 11.5 and 10.4: the dispatch register is the one source of document numbers."""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from store.storage.database import read_data
from tests.cli.test_cli import ROOT, cli

NUMBER = re.compile(r"示妇儿工委办〔\d{4}〕\d+号")


def numbers_on_files(folder: Path) -> Counter[str]:
    """How many files carry each number (the combined print files name a range, not a number)."""
    return Counter(
        m[0] for p in folder.glob("*.docx") if "合并打印" not in p.name for m in [NUMBER.search(p.name)] if m
    )


def open_item_of(db: Path, unit_id: int) -> str:
    """An item in which the unit has an open share (a 督办通知 lists exactly those)."""
    for item in read_data(db)["items"].values():
        for share in item["assignments"]:
            if share["unit_id"] == unit_id and share["status"] in ("assigned", "acknowledged", "in_progress"):
                return str(item["number"])
    raise AssertionError(unit_id)


def test_a_number_typed_by_hand_is_checked_against_the_register(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    made = json.loads(cli("--db", str(demo_db), "notice", "--all", "--out", str(out), "--json").stdout)
    issued = {d["number"]: d for d in made["dispatches"]}
    units = {u["id"]: u["name"] for u in json.loads(cli("--db", str(demo_db), "unit", "list", "--json").stdout)}
    fifth = issued["示妇儿工委办〔2026〕5号"]
    holder = units[fifth["unit_ids"][0]]
    other = next(name for uid, name in units.items() if uid not in fifth["unit_ids"] and name == "县妇联")
    refused = cli(
        "--db", str(demo_db), "remind", "2026-07", "--unit", other, "--method", "督办通知",
        "--doc-number", "示妇儿工委办〔2026〕5号",
    )  # fmt: skip
    assert refused.returncode == 1 and f"已登记为发给{holder}的督办通知" in refused.stderr
    assert "不能用于县妇联" in refused.stderr and len(refused.stderr.splitlines()) == 1
    # the same document for the unit it went to: linked (typed with other brackets, still the same number)
    item = open_item_of(demo_db, fifth["unit_ids"][0])
    linked = cli(
        "--db", str(demo_db), "remind", item, "--unit", holder, "--method", "督办通知",
        "--doc-number", "示妇儿工委办[2026]5号",
    )  # fmt: skip
    assert linked.returncode == 0, linked.stderr
    # an unknown number of our prefix: recorded as issued outside, so the sequence skips it
    following = len(issued) + 1
    outside = f"示妇儿工委办〔2026〕{following}号"
    assert cli("--db", str(demo_db), "remind", "2026-07", "--unit", "县妇联", "--doc-number", outside).returncode == 0
    register = cli("--db", str(demo_db), "register").stdout
    assert f"{outside}  外部登记" in register
    again = json.loads(
        cli("--db", str(demo_db), "notice", "--unit", "卫健委", "--out", str(out), "--json", "--yes").stdout
    )
    assert again["dispatches"][0]["number"] == f"示妇儿工委办〔2026〕{following + 1}号"
    assert cli("--db", str(demo_db), "check").returncode == 0


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")
def test_killed_batches_never_put_one_number_on_two_files(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    rng = random.Random(11)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [
        sys.executable,
        str(ROOT / "supervisor.py"),
        "--db",
        str(demo_db),
        "notice",
        "--all",
        "--out",
        str(out),
        "--yes",
    ]
    for _ in range(5):
        child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
        time.sleep(rng.uniform(0.3, 2.0))
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert subprocess.run(command, env=env, capture_output=True, cwd=ROOT).returncode == 0
    on_files = numbers_on_files(out)
    assert on_files and max(on_files.values()) == 1, on_files.most_common(3)
    register = cli("--db", str(demo_db), "register", "--json")
    states = Counter(d["state"] for d in json.loads(register.stdout))
    numbers = [d["number"] for d in json.loads(register.stdout)]
    assert len(numbers) == len(set(numbers))
    assert set(on_files) <= set(numbers)  # every number on a file is in the register
    assert states["issued"] >= 10
    assert cli("--db", str(demo_db), "check").returncode == 0
    if states["reserved"]:
        assert "未完成或已作废" in cli("--db", str(demo_db), "register").stdout

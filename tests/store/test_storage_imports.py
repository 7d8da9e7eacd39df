"""Opening and writing a database loads no module it does not need on every command (store.storage): hashlib
(3 ms of OpenSSL) only when a backup is compared, random only while waiting for the lock."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import sys
from store.storage.database import Database
db = Database.open(sys.argv[1], backup=False)
with db.writing():
    db.put("units", 1, {"name": "县教育局"})
    db.persist(1)
db.close()
db = Database.open(sys.argv[1], backup=False)  # read back: the lazy path
assert db.data["units"]["1"]["name"] == "县教育局"
db.close()
print(" ".join(m for m in ("hashlib", "_hashlib", "random", "glob") if m in sys.modules))
"""


def test_opening_and_writing_a_database_imports_no_hashlib_random_or_glob(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "db.json")],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    assert result.stdout.strip() == ""

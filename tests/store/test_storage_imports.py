"""Opening and writing a database loads no module it does not need on every command (store.storage): hashlib
(3 ms of OpenSSL) only when a backup is compared, random only while waiting for the lock, orjson only for many
records, TinyDB only when its API is asked for."""

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
print(" ".join(m for m in ("hashlib", "_hashlib", "random", "glob", "orjson", "tinydb") if m in sys.modules))
"""


def test_opening_and_writing_a_database_imports_no_hashlib_random_glob_orjson_or_tinydb(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "db.json")],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    assert result.stdout.strip() == ""


def test_the_file_is_still_a_tinydb_database(tmp_path: Path) -> None:
    """TinyDB is loaded only when asked for (Database.db), and reads our file as its own: tables, ids, records."""
    from store.commands.repository import Repository
    from store.demo.loader import load_demo
    from store.storage.database import Database

    path = tmp_path / "db.json"
    repo = Repository.open(path)
    load_demo(repo)
    units = {u["id"]: u["name"] for u in repo.units(include_inactive=True)}
    count = len(repo.items())
    repo.close()
    database = Database.open(path, readonly=True)
    try:
        assert {doc.doc_id: doc["name"] for doc in database.db.table("units").all()} == units
        assert len(database.db.table("items")) == count
        assert database.db.table("units").get(doc_id=min(units))["name"] == units[min(units)]
    finally:
        database.close()

"""The file layout (store.storage.lines): our own bytes are read lazily and written back incrementally; anything
else is parsed whole and checked, as before."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from store.commands.repository import Repository
from store.errors import StorageError
from store.storage.database import Database, read_data
from store.storage.lines import FILE_CHECK, Records

TODAY = date(2026, 11, 28)


def filled(path: Path, n: int = 5) -> None:
    repo = Repository.open(path, today=TODAY)
    repo.add_unit("县教育局", short="教育局")
    for k in range(n):
        repo.add_item(f"事项{k}", "教育局", "2026-12-20")
    repo.close()


def test_our_file_is_read_lazily_and_an_add_decodes_no_item(db_path: Path) -> None:
    filled(db_path)
    data = read_data(db_path)
    assert isinstance(data["items"], Records) and data["items"].undecoded() == 5
    assert FILE_CHECK not in data["meta"]["1"]  # the checksum lives in the file only
    repo = Repository.open(db_path, today=TODAY)
    repo.add_item("再加一项", "教育局", "2026-12-20")
    items = repo.database.data["items"]
    assert isinstance(items, Records) and items.undecoded() == 5  # numbered without decoding the others
    repo.close()
    reread = json.loads(db_path.read_text(encoding="utf-8"))
    assert [i["title"] for i in reread["items"].values()] == [*(f"事项{k}" for k in range(5)), "再加一项"]


def test_untouched_lines_are_copied_and_edits_are_encoded(db_path: Path) -> None:
    filled(db_path)
    before = db_path.read_text(encoding="utf-8").splitlines()
    repo = Repository.open(db_path, today=TODAY)
    repo.edit_item("2026-03", title="改过的标题")
    repo.close()
    after = db_path.read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert len(changed) == 2  # the meta record (counters, checksum) and the edited item, nothing else
    assert "改过的标题" in changed[1][1]


def test_a_hand_edited_file_is_parsed_whole_and_then_written_in_our_layout(db_path: Path) -> None:
    filled(db_path)
    text = db_path.read_text(encoding="utf-8").replace("事项2", "手工改过")
    db_path.write_text(text, encoding="utf-8")
    data = read_data(db_path)
    assert not isinstance(data["items"], Records)  # checksum no longer matches: the strict path
    repo = Repository.open(db_path, today=TODAY)
    assert repo.item("2026-03")["title"] == "手工改过"
    repo.add_item("新事项", "教育局", "2026-12-20")
    repo.close()
    assert isinstance(read_data(db_path)["items"], Records)


def test_a_damaged_line_fails_the_checksum_and_is_refused_untouched(db_path: Path) -> None:
    filled(db_path)
    raw = db_path.read_bytes()
    broken = raw.replace('"事项1"'.encode(), '"事项1'.encode(), 1)  # one quote lost in the middle of a line
    db_path.write_bytes(broken)
    with pytest.raises(StorageError, match="无法解析"):
        Database.open(db_path)
    assert db_path.read_bytes() == broken

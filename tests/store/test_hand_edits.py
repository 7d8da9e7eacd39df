"""A database file edited by hand (or rewritten by another program) fails the checksum and is checked when it opens:
what a person broke is named with its record, in Chinese, and nothing else is refused."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from store.commands.repository import Repository
from store.errors import StorageError
from store.storage.database import read_data
from store.storage.integrity import unopened_problems
from store.storage.schema import empty_data


def _write(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


@pytest.fixture
def edited(demo: Repository, db_path: Path) -> Callable[[Callable[[dict[str, Any]], object]], Path]:
    """The sample county's file, changed as a person would in a text editor (the checksum no longer matches)."""
    demo.close()

    def edit(change: Callable[[dict[str, Any]], object]) -> Path:
        data = json.loads(db_path.read_text(encoding="utf-8"))
        change(data)
        return _write(db_path, data)

    return edit


def _share(data: dict[str, Any]) -> dict[str, Any]:
    return next(i for i in data["items"].values() if i["number"] == "2026-01")["assignments"][0]


def test_a_file_without_an_items_table_still_opens(tmp_path: Path) -> None:
    """The migration adds a table left out; the date check must not stop such a file first (a review finding)."""
    data = empty_data()
    del data["items"]
    assert "items" not in read_data(_write(tmp_path / "db.json", data))


@pytest.mark.parametrize(
    ("table", "field", "value", "words"),
    [
        ("milestones", "date", "2026-02-30", "的日期「2026-02-30」不是有效日期"),
        ("evidence", "due", "2026/3/1", "的日期「2026/3/1」不是有效日期"),
        ("meetings", "date", "20261231", "的日期「20261231」不是有效日期"),
    ],
)
def test_a_broken_date_outside_the_items_is_named(
    edited: Callable[[Callable[[dict[str, Any]], object]], Path], table: str, field: str, value: str, words: str
) -> None:
    """`milestone list` and `evidence list` stopped with "ValueError: day is out of range"; 20261231 is read by
    date.fromisoformat but compared as text by the rules."""
    path = edited(lambda d: next(iter(d[table].values())).update({field: value}))
    with pytest.raises(StorageError, match=re.escape(words)):
        read_data(path)
    assert any(words in p for p in unopened_problems(path))


def test_a_share_without_its_deadline_is_named_by_item_and_place(
    edited: Callable[[Callable[[dict[str, Any]], object]], Path],
) -> None:
    path = edited(lambda d: _share(d).pop("due"))
    with pytest.raises(StorageError, match=r"事项2026-01的第1个承办记录（县\w+）缺少期限（due）"):
        read_data(path)


def test_a_status_typed_in_chinese_is_shown_the_code_to_write(
    edited: Callable[[Callable[[dict[str, Any]], object]], Path],
) -> None:
    path = edited(lambda d: _share(d).update(status="办结"))
    with pytest.raises(StorageError, match="in_progress（办理中）") as refused:
        read_data(path)
    assert "的办理状态（status）应为" in str(refused.value) and "「办结」要写成 done" in str(refused.value)
    path = edited(lambda d: _share(d).update(status="已办结"))  # the word on the status boards, with its 已
    with pytest.raises(StorageError, match="「已办结」要写成 done"):
        read_data(path)


def test_problems_never_carry_control_characters(tmp_path: Path) -> None:
    data = empty_data()
    data["meta"]["1"]["next_id"]["x\x1b[2J"] = "x"
    data["bad\x1b]0;t\x07"] = []
    problems = unopened_problems(_write(tmp_path / "db.json", data))
    assert problems and not any(re.search(r"[\x00-\x1f\x7f]", p) for p in problems), problems


def test_check_names_a_share_marked_done_by_hand_and_two_units_of_one_name(
    edited: Callable[[Callable[[dict[str, Any]], object]], Path],
) -> None:
    """A walk-through: status set to done by hand showed "按期办结（）" and a unit renamed to another's name could no
    longer be picked (「县教育局」对应多个单位); check passed both."""
    from store.storage.integrity import check

    def change(data: dict[str, Any]) -> None:
        _share(data).update(status="done", done_on="")
        units = list(data["units"].values())
        units[1]["name"] = units[0]["name"]

    path = edited(change)
    repo = Repository.open(path)
    problems = check(repo)["problems"]
    repo.close()
    # named by the unit's name, not its id (a walk-through read "承办单位3")
    assert any(re.search(r"承办单位县\w+已办结，却没有办结日期（done_on）", p) for p in problems), problems
    assert any("有两个单位在用" in p for p in problems), problems


def test_check_says_when_the_file_was_changed_outside_the_program(
    edited: Callable[[Callable[[dict[str, Any]], object]], Path], db_path: Path
) -> None:
    """A walk-through deleted an item's line: 11 items, no warning anywhere, and check said all was well."""
    from store.storage.integrity import check

    repo = Repository.open(db_path)
    assert not check(repo)["notes"]  # our own file, as written
    repo.close()
    path = edited(lambda d: d["items"].pop("3"))
    repo = Repository.open(path)
    report = check(repo)
    repo.close()
    assert report["ok"] and any("在督办台之外被改动过" in n and "supervisor restore" in n for n in report["notes"])

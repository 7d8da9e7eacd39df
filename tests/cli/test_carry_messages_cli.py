"""回头看 carry-over (issue 13.2) and short 催办 messages (13.3), through the real command line."""

from __future__ import annotations

import json
from pathlib import Path

from docx import Document

from tests.cli.test_cli import cli, run

TODAY = "2026-11-28"


def sup(db: Path, *args: str, today: str = TODAY) -> str:
    done = cli("--db", str(db), "--today", today, *args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_carry_links_open_items_keeps_their_history_counts_them_once_and_undoes_in_one_step(
    demo_db: Path, tmp_path: Path
) -> None:
    sup(demo_db, "meeting", "add", "--title", "第二次全体会议", "--date", TODAY)
    before_items = json.loads(sup(demo_db, "list", "--json"))
    open_numbers = sorted(r["number"] for r in before_items if r["status"] not in ("done", "closed", "cancelled"))
    history = json.loads(sup(demo_db, "show", "2026-07", "--json"))
    state = demo_db.read_bytes()
    preview = json.loads(sup(demo_db, "meeting", "carry", "--from", "1", "--to", "第二次", "--dry-run", "--json"))
    assert sorted(preview["items"]) == open_numbers and demo_db.read_bytes() == state
    sup(demo_db, "meeting", "carry", "--from", "1", "--to", "2")
    moved = json.loads(sup(demo_db, "list", "--meeting", "2", "--json"))
    assert sorted(r["number"] for r in moved) == open_numbers  # the original numbers
    after = json.loads(sup(demo_db, "show", "2026-07", "--json"))
    for old, new in zip(history["assignments"], after["assignments"], strict=True):
        assert new["progress"] == old["progress"] and new["reminders"] == old["reminders"]
        assert new["due"] == old["due"] and new["done_late"] == old["done_late"]
        assert new["events"][: len(old["events"])] == old["events"]
    assert after["carries"][0]["from_meeting_id"] == 1 and after["meeting_id"] == 2
    boards = json.loads(sup(demo_db, "board", "--by", "meeting", "--json"))
    assert sum(b["items"] for b in boards) == len(before_items)  # a carried item is counted once
    assert {b["meeting_id"]: b["items"] for b in boards} == {1: 12 - len(open_numbers), 2: len(open_numbers)}
    review = json.loads(sup(demo_db, "review", "--meeting", "1", "--out", str(tmp_path / "r"), "--json"))
    table = Document(review["files"][0]).tables[0]
    outcomes = {row.cells[1].text: row.cells[5].text for row in table.rows[1:]}
    assert outcomes["2026-04"] == "按期办结" and outcomes["2026-05"] == "逾期办结"
    assert all(outcomes[n] == "结转" for n in open_numbers)
    assert "第二次全体会议" in json.dumps(sup(demo_db, "show", "2026-07"), ensure_ascii=False)
    sup(demo_db, "undo")
    assert json.loads(sup(demo_db, "show", "2026-07", "--json")) == history
    assert len(json.loads(sup(demo_db, "list", "--meeting", "1", "--json"))) == len(before_items)


def test_carry_refusals(demo_db: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    db = ["--db", str(demo_db), "--today", TODAY]
    run(capsys, *db, "meeting", "add", "--title", "更早的会", "--date", "2026-01-05")
    code, _, err = run(capsys, *db, "meeting", "carry", "--from", "1", "--to", "1")
    assert code == 1 and "同一次会议" in err
    code, _, err = run(capsys, *db, "meeting", "carry", "--from", "1", "--to", "2")
    assert code == 1 and "只能结转到以后的会议" in err
    code, _, err = run(capsys, *db, "meeting", "carry", "--from", "2", "--to", "1")
    assert code == 1 and "没有未办结的事项" in err


def test_message_for_a_unit_is_short_and_names_every_red_item(demo_db: Path) -> None:
    red = [r["number"] for r in json.loads(sup(demo_db, "list", "--unit", "卫健委", "--light", "red", "--json"))]
    assert red
    data = json.loads(sup(demo_db, "message", "--unit", "卫健委", "--json"))["messages"][0]
    text = data["text"]
    assert len(text) <= 300 and data["fits"]
    assert all(number in text for number in red)
    assert "县妇儿工委办" in text and "林晓雯" in text and "已逾期" in text and "前报送" in text
    sms = json.loads(sup(demo_db, "message", "--unit", "卫健委", "--sms", "--json"))["messages"][0]["text"]
    assert len(sms) <= 70 and all(number in sms for number in red)
    people = sup(demo_db, "message", "--all")
    assert people.count("—— ") >= 5 and "县卫健委" in people


def test_a_long_message_never_cuts_an_item_number(demo_db: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    db = ["--db", str(demo_db), "--today", TODAY]
    for n in range(25):
        run(
            capsys, *db, "add", "--title", f"第{n}项很长很长的专项整治工作任务", "--lead", "残联", "--due", "2026-11-20"
        )
    capsys.readouterr()
    code, out, _ = run(capsys, *db, "message", "--unit", "残联", "--json")
    message = json.loads(out)["messages"][0]
    assert code == 0 and not message["fits"] and len(message["items"]) == 25
    assert all(number in message["text"] for number in message["items"])


def test_a_message_recorded_as_sent_is_a_reminder_per_item_in_one_step(demo_db: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    db = ["--db", str(demo_db), "--today", TODAY]
    code, out, err = run(capsys, *db, "message", "--unit", "卫健委", "--sent", "微信", "--json")
    assert code == 0, err
    numbers = json.loads(out)["messages"][0]["items"]

    def share(number: str) -> dict[str, list[dict[str, str]]]:
        out = run(capsys, *db, "show", number, "--json")[1]
        return next(a for a in json.loads(out)["assignments"] if a["unit"] == "县卫健委")

    for number in numbers:
        assert share(number)["reminders"][-1]["method"] == "微信"
    assert run(capsys, *db, "undo")[0] == 0
    assert all(r["method"] != "微信" for number in numbers for r in share(number)["reminders"])

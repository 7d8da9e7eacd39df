"""One phrase, one date: import-speech reads a deadline as `add --due` does, with the office's settings and
the holidays it entered (store.calendar.dates.period_end is the rule both use)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from supervisor import main


def _cli(db: Path, capsys: pytest.CaptureFixture[str], *args: str) -> dict:  # type: ignore[type-arg]
    capsys.readouterr()
    assert main(["--db", str(db), "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def _drafted_due(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], phrase: str) -> str:
    speech = tmp_path / "讲话.txt"
    speech.write_text(f"县民政局要在{phrase}前完成困境儿童信息核查。", encoding="utf-8")
    data = _cli(db, capsys, "import-speech", str(speech), "--date", "2026-11-28")
    (draft,) = data["drafts"]
    return str(draft["due"])


def _added_due(db: Path, capsys: pytest.CaptureFixture[str], phrase: str) -> str:
    item = _cli(db, capsys, "add", "--title", "核查困境儿童信息", "--lead", "县民政局", "--due", phrase)
    return str(item.get("due") or item["item"]["due"])


@pytest.mark.parametrize(
    ("setting", "holidays", "phrase", "due"),
    [
        ("否", [], "2027年5月底", "2027-05-31"),  # a Monday: nothing to move
        ("是", [], "2026年5月底", "2026-06-01"),  # a Sunday
        ("否", [], "2026年5月底", "2026-05-31"),
        ("是", [], "2026年12月中旬", "2026-12-21"),  # 20日 is a Sunday
        ("是", ["2027-02-01"], "2027年1月底", "2027-02-02"),  # the office's own holiday for 2027
    ],
)
def test_import_speech_and_add_due_agree(
    db_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    setting: str,
    holidays: list[str],
    phrase: str,
    due: str,
) -> None:
    db = db_path
    assert main(["--db", str(db), "unit", "add", "县民政局"]) == 0
    assert main(["--db", str(db), "settings", "period_on_workday", setting]) == 0
    if holidays:
        assert main(["--db", str(db), "holidays", "2027", "--off", *holidays]) == 0
    drafted = _drafted_due(db, tmp_path, capsys, phrase)
    assert drafted == _added_due(db, capsys, phrase) == due

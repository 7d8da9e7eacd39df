"""Issue 10 on the command line: required settings, verdict words never cut, the one order, urgency parts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from supervisor import main

from .test_cli import cli, run


@pytest.fixture(autouse=True)
def _plain_output(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")


def test_settings_refuse_an_empty_required_value(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Point 5: `settings office_name ""` is refused with the field named, and nothing changes."""
    before = demo_db.read_bytes()
    code, _, err = run(capsys, "--db", str(demo_db), "settings", "office_name", "")
    assert code != 0 and "办公室全称不能为空" in err and len(err.strip().splitlines()) == 1
    code, _, err = run(capsys, "--db", str(demo_db), "settings", "operator", " ")
    assert code != 0 and "记录人不能为空" in err
    assert demo_db.read_bytes() == before


@pytest.mark.parametrize("columns", ["200", "80"])
def test_board_by_indicator_never_cuts_verdicts(demo_db: Path, columns: str) -> None:
    """Point 20: verdict words whole at any width; COLUMNS is honoured (no column wider than needed at 200)."""
    done = cli("--db", str(demo_db), "board", "--by", "indicator", env={"COLUMNS": columns, "NO_COLOR": "1"})
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    for word in ("提前达标", "预期可达标", "无数据"):
        assert any(word in line for line in lines)
    assert not any(cut in done.stdout for cut in ("提前…", "预期…", "预期可…", "未达…"))
    if columns == "200":
        assert "…" not in done.stdout  # room for everything: nothing is cut at all


def test_show_gives_the_urgency_parts_and_none_for_finished_shares(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Point 12: the parts of the score, one function with the TUI; a finished share has none."""
    assert main(["--db", str(demo_db), "done", "2026-07", "--unit", "妇联"]) == 0
    capsys.readouterr()
    code, out, _ = run(capsys, "--db", str(demo_db), "show", "2026-07")
    assert code == 0 and "紧迫度 49＝逾期12天 +24，重点事项 +15，已催办2次 +10" in out
    women = out.split("县妇联", 1)[1].split("【", 1)[0]
    assert "紧迫度" not in women
    code, out, _ = run(capsys, "--db", str(demo_db), "show", "2026-07", "--json")
    shares = {a["unit"]: a for a in json.loads(out)["assignments"]}
    assert shares["县妇联"]["urgency"] == 0


def test_list_default_order_is_light_then_deadline(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Point 19: the default order (the TUI's too) is light then deadline; urgency is asked for."""
    _, out, _ = run(capsys, "--db", str(demo_db), "list", "--json")
    rows = json.loads(out)
    first = ["2026-07", "2026-02", "2026-09", "2026-03", "2026-08", "2026-11", "2026-01"]
    assert [r["number"] for r in rows][:7] == first  # urgency put the key item 2026-01 before 2026-11 (due earlier)
    _, out, _ = run(capsys, "--db", str(demo_db), "board", "--by", "meeting", "--json")
    assert json.loads(out)[0]["done_rate_text"] == "16.7%"

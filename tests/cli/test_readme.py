"""Issue 10, point 21: the README's command-line examples work as written on a fresh sample county."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from supervisor import main

README = Path(__file__).resolve().parents[2] / "README.md"


def examples(verb: str) -> list[list[str]]:
    """The README's `supervisor <verb> …` lines, split as a shell would (comments dropped)."""
    text = README.read_text(encoding="utf-8")
    found = []
    for line in text.splitlines():
        line = line.split("  #", 1)[0].strip()
        if line.startswith(f"supervisor {verb} "):
            found.append(shlex.split(line)[1:])
    return found


def test_the_add_example_is_not_late_on_the_day_it_is_typed(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`add … --due 7月中旬` made an item already 逾期133天 in November; the example now counts from today."""
    (add,) = examples("add")
    assert main(["--db", str(demo_db), *add]) == 0
    out = capsys.readouterr().out
    assert "逾期" not in out and "已经过去" not in out and re.search(r"还有\d+个工作日", out)


def test_the_readme_says_where_the_command_is() -> None:
    text = README.read_text(encoding="utf-8")
    assert ".venv/bin/supervisor" in text and "source .venv/bin/activate" in text


def code_block_examples() -> list[list[str]]:
    """Every `supervisor …` line of the README's ```bash blocks, in order (comments dropped)."""
    text = README.read_text(encoding="utf-8")
    found = []
    for block in re.findall(r"```bash\n(.*?)```", text, re.S):
        for line in block.splitlines():
            line = line.split("  #", 1)[0].strip()
            if line.startswith("supervisor "):
                found.append(shlex.split(line)[1:])
    return found


def test_every_readme_example_runs_in_order_on_a_fresh_sample_county(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 11, point 6: `done … --unit 公安局` (already 办结), `archive 2025` (nothing to archive) and
    `undo / redo / …` failed on the sample county; every example now runs, one after the other, as printed."""
    import shutil

    monkeypatch.setenv("SUPERVISOR_OUT", str(tmp_path / "out"))
    db = ["--db", str(tmp_path / "db.json"), "--today", "2026-11-28"]
    found = code_block_examples()
    assert found[0] == ["demo"] and len(found) > 20
    for args in found:
        if "--pdf" in args and shutil.which("soffice") is None:
            args = [a for a in args if a != "--pdf"]
        capsys.readouterr()
        code = main([*db, *args])
        assert code == 0, (args, capsys.readouterr().err)
    assert list((tmp_path / "out").rglob("*.docx")), "documents go to SUPERVISOR_OUT"

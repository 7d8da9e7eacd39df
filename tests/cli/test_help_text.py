"""`--help` reads as Chinese at 80 columns: value names in Chinese (--title 标题, not --title TITLE), the help
column straight although those names take two cells a character, and usage lines wrapped by cells."""

from __future__ import annotations

import re

import pytest

from cli.parser import COMMANDS
from store.records.text import display_width
from supervisor import main

NAMES = [None, *(command.name for command in COMMANDS)]


def help_of(name: str | None, capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as ended:
        main([*([name] if name else []), "--help"])
    assert ended.value.code == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("name", NAMES, ids=lambda n: n or "top")
def test_help_names_values_in_chinese_and_lines_fit(
    name: str | None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    text = help_of(name, capsys)
    assert not re.search(r"--[a-z-]+ [A-Z][A-Z_]+\b", text), text  # argparse's --title TITLE
    starts = set()
    for line in text.splitlines():
        found = re.match(r"^  (-[-\w, ]+?(?: \S+)?)( {2,})(\S.*)$", line)
        if found and line.lstrip().startswith("-"):
            starts.add(display_width(found[1]) + len(found[2]) + 2)
        alone = len(line.split()) <= 1 or "{" in line  # one part too long to wrap (a list of choices)
        assert alone or display_width(line) <= 80, line
    assert len(starts) <= 1, (starts, text)  # every option's help starts in one column


def test_help_as_a_command_shows_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    """Review: `supervisor help` said 「没有「help」这个命令」."""
    with pytest.raises(SystemExit) as ended:
        main(["help"])
    assert ended.value.code == 0 and "督办台：会议督办事项的登记" in capsys.readouterr().out
    with pytest.raises(SystemExit) as ended:
        main(["help", "add"])
    assert ended.value.code == 0 and "--title 标题" in capsys.readouterr().out

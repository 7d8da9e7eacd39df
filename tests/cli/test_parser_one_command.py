"""The parser builds only the command a command line names (issue 14: ~2 ms per command) and reads every
command line exactly as the parser with every command does."""

from __future__ import annotations

import argparse

import pytest

from cli.parser import COMMANDS, build_parser, named_command


def _parse(argv: list[str], only: str | None) -> argparse.Namespace:
    parser, fills = build_parser(only)
    chosen, _ = parser.parse_known_args(argv)
    if chosen.command is not None:
        fills[chosen.command]()
    return parser.parse_args(argv)


def _command_help(name: str, only: str | None) -> str:
    parser, fills = build_parser(only)
    fills[name]()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return sub.choices[name].format_help()


def test_the_command_is_read_only_when_plain_to_see() -> None:
    assert named_command(["add", "--title", "x"]) == "add"
    assert named_command(["--db", "x.json", "--today", "2026-11-30", "--json", "list"]) == "list"
    assert named_command(["--db=x.json", "show", "2026-01"]) == "show"
    assert named_command(["--db", "add", "list"]) == "list"  # "add" is the value of --db here
    for argv in ([], ["--help"], ["-h", "add"], ["--to", "2026-11-30", "add"], ["addd"], ["--db"]):
        assert named_command(argv) is None, argv


@pytest.mark.parametrize("name", [command.name for command in COMMANDS])
def test_each_command_has_the_same_options_and_help_built_alone(name: str) -> None:
    assert _command_help(name, name) == _command_help(name, None)


@pytest.mark.parametrize(
    "argv",
    [
        ["add", "--title", "核对台账", "--lead", "县教育局", "--partner", "县财政局", "--due", "年底", "--key"],
        ["--db", "x.json", "--json", "list", "--unit", "卫健委", "--status", "逾期"],
        ["--today", "2026-11-30", "remind", "2026-03", "--unit", "公安局"],
        ["reading", "入园率", "2025", "--value", "89", "--replace"],
        ["notice", "--all", "--yes"],
        ["list", "--json"],
    ],
)
def test_a_command_line_reads_the_same_either_way(argv: list[str]) -> None:
    assert vars(_parse(argv, named_command(argv))) == vars(_parse(argv, None))


def test_help_text_is_wrapped_by_terminal_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    """Walk-through: the --due help ran past 80 columns and split 2023-07-15 at a hyphen; headings end in ：."""
    from store.records.text import display_width

    monkeypatch.setenv("COLUMNS", "80")
    text = _command_help("add", "add")
    body = text[text.index("选项：") :]
    assert all(display_width(line) <= 80 for line in body.splitlines())
    assert "2023-07-15、" in body and "选项：" in text and "选项:" not in text

"""The Chinese argparse parser: every command's name and help, and the options of the chosen command only.

Parsing runs twice on one parser: the first pass finds the command (top-level help and an unknown command end
there), then that command's options are added and the second pass reads them. Handlers are "module:function"
strings resolved after parsing. So `supervisor --help` imports no handler, no store command and none of the
tables that other commands offer as choices.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from functools import partial

from cli.options import CORE, EXCHANGE, IMPORT_SPEECH, Options
from cli.options_office import OFFICE
from cli.options_reports import DOCUMENTS, MONITORING, REGISTER
from cli.terminal import columns

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: `supervisor --help` stays quick
if TYPE_CHECKING:
    from typing import Any, NoReturn

_ZH = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示帮助并退出",
    "the following arguments are required: %s": "缺少参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项 %(value)r（可选：%(choices)s）",
    "expected one argument": "需要一个值",
    "expected at least one argument": "至少需要一个值",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid %(type)s value: %(value)r": "无效的值：%(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是：%(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "需要以下参数之一：%s",
}
argparse._ = lambda text: _ZH.get(text, text)  # type: ignore[attr-defined]

COMMANDS = (*CORE, *MONITORING, IMPORT_SPEECH, *DOCUMENTS, REGISTER, *OFFICE, *EXCHANGE)
DB_HELP = "数据库文件（默认在用户数据目录，或 SUPERVISOR_DB）"
TODAY_HELP = "把“今天”当作这一天（也可设 SUPERVISOR_TODAY）"
JSON_HELP = "输出 JSON（UTF-8）"


METAVARS = {
    "title": "标题", "lead": "单位", "partner": "单位", "unit": "单位", "owner": "单位", "due": "日期", "to": "日期",
    "date": "日期", "off": "日期", "work": "日期", "meeting": "会议", "meeting_title": "名称", "indicator": "指标",
    "year": "年份", "start_year": "年份", "end_year": "年份", "baseline_year": "年份", "midterm_year": "年份",
    "target_year": "年份", "period_start_month": "月份", "name": "名称", "short": "简称", "initials": "简拼",
    "contact": "姓名", "by": "姓名", "phone": "电话", "code": "编码", "kind": "类型", "plan": "规划", "domain": "领域",
    "measure": "单位", "method": "方式", "source": "来源", "source_file": "文件", "doc_number": "文号",
    "verdict": "评判", "limit": "条数", "decimals": "位数", "remind_before": "天数", "remind_every": "天数",
    "reach": "人数", "awareness": "百分比", "item": "编号", "items": "编号", "number": "编号", "path": "路径",
    "id": "序号", "value": "值", "file": "文件", "key": "规划",
}  # fmt: skip
"""What an option's value is called in --help (`--title 标题`, not argparse's `--title TITLE`); others: 值 or 文字."""
_TEXT_DESTS = ("text", "note", "reason", "problems", "requirement", "definition", "target_text", "search")


def metavar_for(dest: str) -> str:
    if dest in METAVARS:
        return METAVARS[dest]
    return "文字" if dest in _TEXT_DESTS else "值"


_NO_LINE_START = frozenset("、，。；：？！）》」』”’")
"""Punctuation that stays at the end of its line rather than start the next (as Chinese typesetting does)."""


class ChineseFormatter(argparse.HelpFormatter):
    """argparse's help layout, told the width (argparse would import shutil for it at every add_argument)."""

    def _format_usage(self, usage: Any, actions: Any, groups: Any, prefix: Any) -> str:
        """The usage line wrapped by terminal cells, as the help is (argparse counts 用法 and 日期 as one each)."""
        from store.records.text import display_width  # only when help is printed

        width, self._width = self._width, 10**6
        try:
            one_line = super()._format_usage(usage, actions, groups, prefix).strip()
        finally:
            self._width = width
        start = one_line.find(self._prog)
        if start < 0:
            return f"{one_line}\n\n"
        head, tail = one_line[: start + len(self._prog)], one_line[start + len(self._prog) :]
        pad = " " * display_width(head)
        lines: list[str] = []
        line, fresh = head, True
        for part in re.findall(r"\(.*?\)+(?=\s|$)|\[.*?\]+(?=\s|$)|\S+", tail):
            if not fresh and display_width(f"{line} {part}") > width - 2:
                lines.append(line)
                line, fresh = pad, True
            line, fresh = f"{line} {part}", False
        return "\n".join([*lines, line]) + "\n\n"

    def _format_action(self, action: argparse.Action) -> str:
        """argparse pads an option to the help column by characters; a Chinese value name (--title 标题) takes two
        cells a character, so the padding is taken back by the extra cells, or the help starts on the next line."""
        from store.records.text import display_width  # only when help is printed

        text = super()._format_action(action)
        invocation = self._format_action_invocation(action)
        extra = display_width(invocation) - len(invocation)
        head = " " * self._current_indent + invocation
        first, newline, rest = text.partition("\n")
        if not extra or not action.help or not first.startswith(head) or first == head:
            return text
        gap = first[len(head) :]
        spaces = len(gap) - len(gap.lstrip(" "))
        if spaces - extra >= 2:
            first = head + " " * (spaces - extra) + gap.lstrip(" ")
        else:
            first = head + "\n" + " " * min(self._action_max_length + 2, self._max_help_position) + gap.lstrip(" ")
        return first + newline + rest

    def add_argument(self, action: argparse.Action) -> None:
        """The help column is placed by the longest option in cells (argparse counts --today 日期 as 10, not 12)."""
        super().add_argument(action)
        if action.help is not argparse.SUPPRESS:
            from store.records.text import display_width  # only when help is printed

            cells = display_width(self._format_action_invocation(action)) + self._current_indent
            self._action_max_length = max(self._action_max_length, cells)

    def _get_default_metavar_for_optional(self, action: argparse.Action) -> str:
        """Options in groups too (a positional is given its name when added: ChineseParser.add_argument)."""
        return metavar_for(action.dest)

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None):
        width = columns(80) - 2 if width is None else width
        super().__init__(prog, indent_increment, max_help_position, width)

    def _split_lines(self, text: str, width: int) -> list[str]:
        """Help text wrapped by terminal columns (a Chinese character takes two; textwrap counts one), between
        characters of Chinese text but never inside a run of Latin letters and digits (2023-07-15, SUPERVISOR_DB)."""
        from store.records.text import display_width  # only when help is printed

        lines: list[str] = []
        line, used = "", 0
        for token in re.findall(r"[\x21-\x7e]+|\s+|.", " ".join(text.split())):
            if token.isspace():
                line, used = (line + " ", used + 1) if line else (line, used)
                continue
            cells = display_width(token)
            hangs = token in _NO_LINE_START and used + cells <= width + 2  # into the margin the formatter keeps
            if line and used + cells > width and not hangs:
                lines.append(line.rstrip())
                line, used = "", 0
            line, used = line + token, used + cells
        return [*lines, line.rstrip()] if line else lines

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        """A description wrapped by terminal cells too."""
        return "\n".join(indent + line for line in self._split_lines(text, width - len(indent)))

    def format_help(self) -> str:
        """Section headings end in a Chinese colon (位置参数：), as the rest of the help reads."""
        return re.sub(r"^(\S[^\n]*):$", r"\1：", super().format_help(), flags=re.M)


class ChineseParser(argparse.ArgumentParser):
    """argparse with Chinese messages, a one-line error and the help formatter above."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", ChineseFormatter)
        super().__init__(*args, **kwargs)

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        """A positional is named in Chinese in its errors too (「参数 年份：无效的值」, not 「参数 year」): argparse
        names it by its metavar, so one is given here from METAVARS."""
        action = super().add_argument(*args, **kwargs)
        if not action.option_strings and action.metavar is None and action.choices is None:
            action.metavar = METAVARS.get(action.dest)
        return action

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"错误：{_unknown_command(message) or message}（用 {self.prog} -h 查看用法）\n")
        raise SystemExit(2)


def _unknown_command(message: str) -> str | None:
    """「没有 lst 这个命令，是不是：list？」 instead of argparse's list of all 45 commands (None: another error)."""
    found = re.fullmatch(r"参数 命令：无效的选项 '(.*)'（可选：.*）", message, re.S)
    if found is None:
        return None
    from difflib import get_close_matches

    from store.records.units import did_you_mean

    typed = found[1]
    close = get_close_matches(typed, [command.name for command in COMMANDS], n=3, cutoff=0.6)
    return f"没有「{typed}」这个命令" + (f"，{did_you_mean(close)}" if close else "")


VALUED_OPTIONS = ("--db", "--today")
FLAG_OPTIONS = ("--json",)
"""The options every command takes, before or after its name (named_command skips them to find the name)."""


def _shared_options(p: argparse.ArgumentParser, *, top_level: bool = False) -> None:
    """--db, --today and --json, before the command or after it (`supervisor list --json`); after it, an option
    not given leaves the value from before the command alone."""
    p.add_argument("--db", default=None if top_level else argparse.SUPPRESS, metavar="文件", help=DB_HELP)
    p.add_argument("--today", default=None if top_level else argparse.SUPPRESS, metavar="日期", help=TODAY_HELP)
    p.add_argument("--json", action="store_true", default=False if top_level else argparse.SUPPRESS, help=JSON_HELP)


def _fill(p: argparse.ArgumentParser, options: Options | None) -> None:
    """Everything a command's parser offers, in the order its help shows it."""
    p.add_argument(
        "-h", "--help", action="help", default=argparse.SUPPRESS, help=_ZH["show this help message and exit"]
    )
    _shared_options(p)
    if options is not None:
        options(p)


def build_parser(only: str | None = None) -> tuple[ChineseParser, dict[str, Callable[[], None]]]:
    """The parser with every command named (or only the command `only`), and for each what adds its options."""
    parser = ChineseParser(
        prog="supervisor", description="督办台：会议督办事项的登记、亮灯、催办与发文。不带命令时打开工作台。"
    )
    _shared_options(parser, top_level=True)
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=ChineseParser)
    fills: dict[str, Callable[[], None]] = {}
    for command in COMMANDS:
        if only is not None and command.name != only:
            continue
        p = sub.add_parser(command.name, help=command.help, description=command.help, add_help=False)
        p.set_defaults(handler=command.handler)
        fills[command.name] = partial(_fill, p, command.fill)
    return parser, fills


_spare: list[tuple[ChineseParser, dict[str, Callable[[], None]]]] = []
"""A parser with every command, built ahead by the command server (prepare_spare) for its next child: a parser
is used once, since parsing adds the chosen command's options to it."""


def prepare_spare() -> None:
    """Build the full parser now, for the next parse() of this process or of a process forked from it."""
    _spare[:] = [build_parser()]


def named_command(argv: Sequence[str]) -> str | None:
    """The command a command line names when it is plain to see: the first word after the top-level options
    written in full (--db PATH, --today DATE, --json, or --db=PATH). Anything else first (help, an abbreviation,
    an unknown word) gives None and the parser with every command, which answers it as before. Building one
    command's parser instead of all 46 saves every command ~2 ms."""
    names = {command.name for command in COMMANDS}
    words = iter(argv)
    for word in words:
        if word in VALUED_OPTIONS:
            next(words, None)
        elif word not in FLAG_OPTIONS and not word.startswith(tuple(f"{o}=" for o in VALUED_OPTIONS)):
            return word if word in names else None
    return None


def parse(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The parsed command line; `--help` and usage errors end the process here (exit 0 and 2)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["help"]:  # `supervisor help` and `supervisor help add`, as git and pip take them
        argv = [*argv[1:2], "--help"]
    only = named_command(argv)
    parser, fills = _spare.pop() if only is None and _spare else build_parser(only)
    chosen, _ = parser.parse_known_args(argv)  # which command: top-level --help and an unknown command end here
    if chosen.command is not None:
        fills[chosen.command]()
    return parser.parse_args(argv)

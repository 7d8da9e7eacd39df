"""Run one command line: parse it, then call the chosen command's handler with a Context.

Errors become one Chinese line on stderr with the exit code scripts rely on: 1 for a refusal, 3 when another
writer holds the database, 130 on Ctrl+C; nothing is written.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from importlib import import_module

from cli.parser import parse as parse_command_line
from store.errors import LockedError, SupervisorError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: `supervisor --help` stays quick
if TYPE_CHECKING:
    from cli.context import Context
    from store.config import Config

Handler = Callable[["Context", argparse.Namespace], int]


def parse(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The parsed command line; `--help` and usage errors end the process here (exit 0 and 2).

    stdout and stderr first learn to replace what the terminal cannot encode, so text always prints.
    """
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass
    return parse_command_line(argv)


def handler(name: str) -> Handler:
    """The function named "module:function" by the parser, imported only now."""
    module, _, function = name.partition(":")
    found: Handler = getattr(import_module(module), function)
    return found


def run(args: argparse.Namespace, config: Config) -> int:
    """Run the parsed command with the configuration; the database is closed whatever happens."""
    from cli.context import Context

    ctx = Context(config, as_json=args.json)
    try:
        return int(handler(args.handler)(ctx, args))
    finally:
        ctx.close()


def report_error(exc: SupervisorError) -> int:
    """One Chinese line on stderr; the exit code says what kind of refusal it was."""
    sys.stderr.write(f"错误：{exc}\n")
    return 3 if isinstance(exc, LockedError) else 1


def guarded(work: Callable[[], int]) -> int:
    """Run `work` (a command, or opening the workbench) and turn what goes wrong into one line and an exit code."""
    try:
        return work()
    except SupervisorError as exc:
        return report_error(exc)
    except KeyboardInterrupt:
        sys.stderr.write("已中断\n")
        return 130
    except BrokenPipeError:
        return 0
    except (OSError, ValueError, KeyError, TypeError) as exc:
        # Not expected: still one line, and a way forward, rather than a traceback.
        sys.stderr.write(
            f"错误：意外的问题（{type(exc).__name__}：{exc}）。请运行 supervisor check 检查数据，"
            "或把这一行发给技术人员\n"
        )
        return 1

"""Options that name a value of an enumerated field (direction, unit kind, 达标率分母…).

Each reads its word through the field's Choice (store/records/choices.py), so Chinese labels, English codes and
aliases are all accepted, `--help` lists the Chinese words, and a wrong word is refused in one Chinese line
before anything is opened.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from store.errors import ValidationError
from store.records.choices import Choice


def reader(choice: Choice) -> Callable[[str], str]:
    """An argparse `type` that turns a word into the field's code."""

    def read(text: str) -> str:
        try:
            return choice.parse(text)
        except ValidationError as exc:
            raise argparse.ArgumentTypeError(exc.message) from None

    read.__name__ = choice.field
    return read


def add_choice(p: argparse.ArgumentParser, flag: str, choice: Choice, help: str, **options: Any) -> None:
    """`flag` taking one of the choice's words; the help names the default by its Chinese label."""
    default = options.get("default")
    shown = f"（默认{choice.label(default)}）" if isinstance(default, str) else ""
    p.add_argument(
        flag, type=reader(choice), metavar="{" + ",".join(choice.words()) + "}", help=help + shown, **options
    )

"""Where a command's results go: plain Chinese text for people, or UTF-8 JSON with --json."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from store.records.model import LIGHT_LABELS
from store.records.text import display_width, fit

LIGHT_CODES = {"red": "31", "yellow": "33", "green": "32", "blue": "34", "grey": "90"}


class Output:
    """One line at a time for people (lights coloured on a terminal unless NO_COLOR), or one JSON value."""

    def __init__(self, as_json: bool, *, color: bool = True) -> None:
        self.as_json = as_json
        self.color = color and sys.stdout.isatty()

    def json(self, value: object) -> None:
        import orjson

        sys.stdout.buffer.write(orjson.dumps(value, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS) + b"\n")
        sys.stdout.flush()

    def line(self, text: str = "") -> None:
        print(text)

    def result(self, value: object, text: str) -> None:
        """The JSON value with --json, else the one line for people."""
        if self.as_json:
            self.json(value)
        else:
            self.line(text)

    def light(self, light: str) -> str:
        label = LIGHT_LABELS[light]
        if not self.color:
            return label
        return f"\x1b[{LIGHT_CODES[light]}m{label}\x1b[0m"

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int]) -> None:
        """Columns aligned by terminal width (CJK counts two); the last column is not cut."""
        self.line("  ".join(fit(h, w) for h, w in zip(headers, widths, strict=True)).rstrip())
        self.line("  ".join("─" * w for w in widths))
        for row in rows:
            cells = []
            for index, (cell, width) in enumerate(zip(row, widths, strict=True)):
                if index == len(widths) - 1:
                    cells.append(cell)
                elif "\x1b" in cell:  # coloured light: pad by its visible text
                    visible = cell.split("m", 1)[1].split("\x1b", 1)[0]
                    cells.append(cell + " " * max(0, width - display_width(visible)))
                else:
                    cells.append(fit(cell, width))
            self.line("  ".join(cells).rstrip())

"""Where a command's results go: plain Chinese text for people, or UTF-8 JSON with --json."""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence

from cli.terminal import columns
from store.records.model import LIGHT_LABELS
from store.records.text import display_width, fit

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
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

    def table(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[int],
        *,
        whole: Sequence[int] = (),
        room: int | None = None,
        droppable: Sequence[int] = (),
    ) -> None:
        """Columns aligned by terminal width (CJK counts two). Each column is as wide as its longest cell when the
        terminal (`room`, else COLUMNS, else the window; unlimited when piped) has room; otherwise the widest
        columns give way, down to `widths`, and when even that is too wide the columns in `droppable` go (in that
        order). Columns in `whole` (verdict words) and the last column are never cut."""
        room = terminal_columns() if room is None else room
        keep = list(range(len(headers)))
        for index in droppable:
            if _narrowest(headers, rows, widths, whole, keep) <= room:
                break
            keep.remove(index)
        if len(keep) < len(headers):
            headers = [headers[i] for i in keep]
            rows = [[row[i] for i in keep] for row in rows]
            whole = [keep.index(i) for i in whole if i in keep]
            widths = [widths[i] for i in keep]
        fitted = fit_widths(headers, rows, widths, whole, room)
        self.line("  ".join(fit(h, w) for h, w in zip(headers, fitted, strict=True)).rstrip())
        self.line("  ".join("─" * w for w in fitted))
        for row in rows:
            cells = []
            for index, (cell, width) in enumerate(zip(row, fitted, strict=True)):
                if index == len(fitted) - 1:
                    cells.append(cell)
                elif "\x1b" in cell:  # coloured light: pad by its visible text
                    cells.append(cell + " " * max(0, width - display_width(_visible(cell))))
                else:
                    cells.append(fit(cell, width))
            self.line("  ".join(cells).rstrip())


PIPED_COLUMNS = 100
"""Lines of `list` when piped or written to a file and COLUMNS is not set: a printable page, not 400 columns."""


def terminal_columns() -> int:
    """COLUMNS when set, else the terminal's width; a pipe or a file has no width (nothing is cut)."""
    return columns(100_000)


def page_columns(wide: bool = False) -> int:
    """Room for a list that must stay readable: the terminal, COLUMNS, or 100 when piped; `wide` cuts nothing."""
    return 100_000 if wide else columns(PIPED_COLUMNS)


def _narrowest(
    headers: Sequence[str], rows: Sequence[Sequence[str]], floors: Sequence[int], whole: Sequence[int], keep: list[int]
) -> int:
    """The width of the kept columns at their floors (whole and last columns at their longest cells)."""
    last = keep[-1]
    total = 2 * (len(keep) - 1)
    for i in keep:
        natural = max([display_width(headers[i]), *(display_width(_visible(row[i])) for row in rows)])
        total += min(natural, 20) if i == last else natural if i in whole else min(floors[i], natural)
    return total


def _visible(cell: str) -> str:
    return _ANSI.sub("", cell)


def fit_widths(
    headers: Sequence[str], rows: Sequence[Sequence[str]], floors: Sequence[int], whole: Sequence[int], room: int
) -> list[int]:
    """Each column's width: its longest cell, then the widest cuttable ones narrowed (not below `floors`)
    until the line fits in `room` columns."""
    count = len(headers)
    natural = [
        max([display_width(headers[i]), *(display_width(_visible(row[i])) for row in rows)]) for i in range(count)
    ]
    last = count - 1
    lowest = [natural[i] if i in whole or i == last else min(floors[i], natural[i]) for i in range(count)]
    widths = list(natural)
    excess = sum(widths[:last]) + min(widths[last], 20) + 2 * last - room
    while excess > 0:
        index = max(range(last), key=lambda i: widths[i] - lowest[i], default=-1)
        if index < 0 or widths[index] <= lowest[index]:
            break
        widths[index] -= 1
        excess -= 1
    return widths

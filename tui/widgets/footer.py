"""The key line at the bottom of every screen: Textual's Footer, compact, and on two (or three) lines when the
keys do not fit in one — so no key hint is cut off at 80 columns (the items screen has 17)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import HorizontalGroup
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from store.records.text import display_width

PALETTE_ROOM = 10  # the "^p 命令" key docked on the right


def key_width(key: FooterKey) -> int:
    """Cells a compact footer key takes: the key, a space, its description and the gap after it."""
    return display_width(key.key_display) + 1 + display_width(key.description) + 1


class KeyFooter(Footer):
    """Every shown key, in order, on as many lines as the width needs (whole keys only: never a cut label)."""

    DEFAULT_CSS = """
    KeyFooter { layout: vertical; height: auto; max-height: 3; }
    KeyFooter > HorizontalGroup.key-row { height: 1; width: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__(compact=True)
        self._laid_for = 0  # the app width the keys were last laid out for

    def on_resize(self) -> None:
        if self.app.size.width != self._laid_for and self._bindings_ready:
            self.call_after_refresh(self.recompose)

    def compose(self) -> ComposeResult:
        self._laid_for = self.app.size.width
        room = max(20, (self._laid_for or 80) - PALETTE_ROOM)
        rows: list[list[Widget]] = [[]]
        used = 0
        others: list[Widget] = []
        for widget in super().compose():
            if not isinstance(widget, FooterKey) or widget.has_class("-command-palette"):
                others.append(widget)
                continue
            width = key_width(widget)
            if used + width > room and rows[-1]:
                rows.append([])
                used = 0
            rows[-1].append(widget)
            used += width
        yield from others
        for row in rows:
            yield HorizontalGroup(*row, classes="key-row")

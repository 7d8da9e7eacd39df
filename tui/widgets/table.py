"""The tables of the record screens: Textual's DataTable with Home/End that move the cursor (not only scroll),
so End then Enter opens the last row, as on the item list."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import DataTable


class Table(DataTable[object]):
    """A row table: ↑↓, PgUp/PgDn, Home/End all move the cursor."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("home", "first_row", "第一行", show=False),
        Binding("end", "last_row", "最后一行", show=False),
    ]

    def __init__(self, *, enter: str = "", **options: Any) -> None:
        """`enter`: what Enter does on this table, shown in the footer (the table's own Enter hides the
        screen's)."""
        super().__init__(**options)
        if enter:
            self._bindings.key_to_bindings["enter"] = [Binding("enter", "select_cursor", enter, key_display="⏎")]

    def action_first_row(self) -> None:
        if self.row_count:
            self.move_cursor(row=0, scroll=True)

    def action_last_row(self) -> None:
        if self.row_count:
            self.move_cursor(row=self.row_count - 1, scroll=True)

"""What the five tabs of 指标 share: a pane that shows its part of the view and runs its own keys."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.widgets import DataTable, TabPane

from tui.screens.base import AppAccess
from tui.screens.indicators.view import IndicatorsView, Row


class IndicatorTab(AppAccess, TabPane):
    """One tab: composes its tables, shows its rows of an `IndicatorsView`, and runs the screen's keys
    listed in `ACTIONS` while it is the active tab (the bindings stay on the screen, like the footer)."""

    TITLE: ClassVar[str] = ""
    PANE_ID: ClassVar[str] = ""
    TABLE_ID: ClassVar[str] = ""  # the tab's main table, focused when the tab is shown
    COLUMNS: ClassVar[tuple[str, ...]] = ()  # its headings, when they do not change with the view
    ACTIONS: ClassVar[frozenset[str]] = frozenset()

    def __init__(self) -> None:
        super().__init__(self.TITLE, id=self.PANE_ID)
        self.view: IndicatorsView | None = None

    def on_mount(self) -> None:
        if self.COLUMNS:
            self.table().add_columns(*self.COLUMNS)

    def table(self) -> DataTable[str]:
        return self.query_one(f"#{self.TABLE_ID}", DataTable)

    def show(self, view: IndicatorsView) -> None:
        """Redraw from a freshly computed view (on the UI thread)."""
        self.view = view

    def new(self) -> None:
        """The `n` key on this tab (tabs that list "new" in ACTIONS override it)."""


def refill(table: DataTable[str], rows: Sequence[Row]) -> None:
    """Replace a table's rows, keeping the cursor on the same line number."""
    keep = table.cursor_row
    table.clear()
    for row in rows:
        table.add_row(*row.cells, key=row.key)
    if table.row_count:
        table.move_cursor(row=min(keep, table.row_count - 1))


def cursor_key(table: DataTable[str]) -> int | None:
    """The record id behind the row under the cursor."""
    if table.row_count == 0:
        return None
    return int(str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))

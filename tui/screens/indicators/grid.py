"""年度数据: every indicator across the last six data years, each value in its verdict's colour."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import DataTable

from tui.screens.indicators.readings import ReadingsTab
from tui.screens.indicators.view import IndicatorsView


class GridTab(ReadingsTab):
    """The keys of a reading act on the cell under the cursor: its row's indicator, its column's year."""

    TITLE = "年度数据"
    PANE_ID = "tab-grid"
    TABLE_ID = "ind-grid"  # its columns are the view's years

    def compose(self) -> ComposeResult:
        yield DataTable(id=self.TABLE_ID, cursor_type="cell", zebra_stripes=True, fixed_columns=1)

    def cursor_year(self, view: IndicatorsView) -> int:
        column = self.table().cursor_column - 1
        return view.grid_years[column] if 0 <= column < len(view.grid_years) else view.year

    def show(self, view: IndicatorsView) -> None:
        super().show(view)
        grid = self.table()
        coordinate = grid.cursor_coordinate
        grid.clear(columns=True)
        grid.add_columns("指标", *view.grid_heads)
        for row in view.grid:
            grid.add_row(*row.cells, key=row.key)
        if grid.row_count:
            grid.move_cursor(row=min(coordinate.row, grid.row_count - 1), column=max(1, coordinate.column))

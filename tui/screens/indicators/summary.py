"""达标汇总: 达标率 by plan, 领域 or lead unit, the data year against the year before (both named, the data year
marked when its figures are provisional), with the denominator stated."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from tui.screens.indicators.tab import IndicatorTab, refill
from tui.screens.indicators.view import IndicatorsView


class SummaryTab(IndicatorTab):
    TITLE = "达标汇总"
    PANE_ID = "tab-summary"
    TABLE_ID = "summary-table"

    def compose(self) -> ComposeResult:
        yield Static("", id="summary-head", classes="screen-note")
        yield DataTable(id=self.TABLE_ID, cursor_type="row", zebra_stripes=True)

    def show(self, view: IndicatorsView) -> None:
        super().show(view)
        self.query_one("#summary-head", Static).update(view.summary_head)
        table = self.table()
        if tuple(str(c.label) for c in table.columns.values()) != view.summary_columns:
            table.clear(columns=True)
            table.add_columns(*view.summary_columns)
        refill(table, view.summaries)

"""达标汇总: 达标率 by plan, 领域 or lead unit, this year against last, with the denominator stated."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import DataTable

from tui.screens.indicators.tab import IndicatorTab, refill
from tui.screens.indicators.view import IndicatorsView


class SummaryTab(IndicatorTab):
    TITLE = "达标汇总"
    PANE_ID = "tab-summary"
    TABLE_ID = "summary-table"
    COLUMNS = ("分组", "今年达标率", "上年达标率", "评判分布")

    def compose(self) -> ComposeResult:
        yield DataTable(id=self.TABLE_ID, cursor_type="row", zebra_stripes=True)

    def show(self, view: IndicatorsView) -> None:
        super().show(view)
        refill(self.table(), view.summaries)

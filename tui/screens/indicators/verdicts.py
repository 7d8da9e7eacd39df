"""指标评判: each indicator's target, value, verdict and trend for the data year, with its 口径 card."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Static

from store.records.choices import DIRECTION
from store.records.units import split_names
from store.views.monitoring import plan_of
from tui.forms.monitoring_forms import PlanForm
from tui.forms.simple_forms import IndicatorForm
from tui.screens.indicators.path_plot import PathPlot
from tui.screens.indicators.readings import ReadingsTab
from tui.screens.indicators.tab import cursor_key, refill
from tui.screens.indicators.view import IndicatorsView


class VerdictsTab(ReadingsTab):
    TITLE = "指标评判"
    PANE_ID = "tab-verdicts"
    TABLE_ID = "indicator-table"
    COLUMNS = ("指标", "目标", "现状值", "评判", "趋势")
    ACTIONS = frozenset({*ReadingsTab.ACTIONS, "new", "plan"})

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield DataTable(id=self.TABLE_ID, cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="ind-card-box"):
                yield Static("", id="ind-card")
                yield PathPlot(id="ind-path")

    def show(self, view: IndicatorsView) -> None:
        super().show(view)
        refill(self.table(), view.verdicts)
        self._card()

    @on(DataTable.RowHighlighted, "#indicator-table")
    def _card(self) -> None:
        indicator_id = cursor_key(self.table())
        if self.view is not None and indicator_id in self.view.cards:
            self.query_one("#ind-card", Static).update(self.view.cards[indicator_id])
            ind = self.repo.indicator(indicator_id)
            self.query_one(PathPlot).show(ind, plan_of(ind, self.repo.plans()), self.view.year)

    def new(self) -> None:
        """A new indicator."""
        if not self.sv.can_edit():
            return
        repo = self.repo

        def number(text: str) -> float | None:
            return float(text) if text.strip() else None

        def add_indicator(values: dict[str, str]) -> Any:
            return repo.add_indicator(
                values["name"],
                plan=values["plan"],
                domain=values["domain"],
                measure=values["measure"],
                direction=DIRECTION.parse(values["direction"]),
                target=number(values["target"]),
                target_text=values["target_text"],
                target_year=values["target_year"].strip(),
                baseline=number(values["baseline"]),
                baseline_year=int(values["baseline_year"]),
                lead=split_names(values["lead"]),
                partners=split_names(values["partners"]),
            )

        self.sv.open_form(IndicatorForm(repo, add_indicator), "已新增指标")

    def plan(self) -> None:
        """The period (start, end, mid-term year) and 领域 of the plan of the indicator under the cursor."""
        if not self.sv.can_edit():
            return
        repo = self.repo
        indicator_id = cursor_key(self.table())
        key = repo.indicator(indicator_id)["plan"] if indicator_id is not None else ""
        current = repo.plan(key) or {"key": key}

        def submit(values: dict[str, str]) -> Any:
            return repo.set_plan(
                values["key"],
                name=values["name"].strip(),
                start_year=values["start_year"],
                end_year=values["end_year"],
                midterm_year=values["midterm_year"],
                domains=values["domains"],
            )

        form = PlanForm(repo, submit, plan=current)
        self.sv.open_form(
            form, lambda p: f"已设置规划：{p['name']}（{p['start_year']}—{p['end_year']}年，中期{p['midterm_year']}年）"
        )

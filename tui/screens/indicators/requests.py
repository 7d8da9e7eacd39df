"""数据报送: every open data request (those with overdue units first), unit by unit, with the 催报 list (units
owing data once the deadline is near or past, not chased today) and when to chase next."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from store.commands.settings import chase_near_days
from store.views import requests
from tui.forms.monitoring_forms import RequestForm
from tui.screens.indicators.tab import IndicatorTab, refill
from tui.screens.indicators.view import IndicatorsView


class RequestsTab(IndicatorTab):
    TITLE = "数据报送"
    PANE_ID = "tab-requests"
    TABLE_ID = "req-table"
    COLUMNS = ("年度", "单位", "状态", "已报/应报", "期限", "已催报", "下次催报")
    ACTIONS = frozenset({"remind", "open_request"})

    def compose(self) -> ComposeResult:
        yield Static("", id="req-head", classes="screen-note")
        yield DataTable(id=self.TABLE_ID, cursor_type="row", zebra_stripes=True)

    def show(self, view: IndicatorsView) -> None:
        super().show(view)
        self.query_one("#req-head", Static).update(view.request_head)
        refill(self.table(), view.requests)

    def cursor_share(self) -> tuple[int, int] | None:
        """(data year, unit id) of the row under the cursor."""
        table = self.table()
        if table.row_count == 0:
            return None
        key = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        year, _, unit = key.partition(":")
        return int(year), int(unit)

    def remind(self) -> None:
        """Record a reminder to the units on the 催报 list of the cycle under the cursor (else of the first cycle
        that has one); when nobody is on it, to the unit under the cursor."""
        repo = self.repo
        if not repo.requests() or not self.sv.can_edit():
            return
        near = chase_near_days(repo.settings())
        every = requests.cycles(
            repo.requests(), repo.indicators(), repo.units_by_id(), repo.today, repo.calendar(), near
        )
        here = self.cursor_share()
        cycle = next((c for c in every if here and c.year == here[0] and c.chase), None)
        cycle = cycle or requests.cycle_to_chase(every)
        if cycle is not None and cycle.chase:
            year, chosen = cycle.year, [s.unit_id for s in cycle.chase]
        elif here is not None:
            year, chosen = here[0], [here[1]]
        else:
            return
        self.sv.act(
            lambda: repo.remind_request(year, chosen),
            f"已登记{year}年数据催报{len(chosen)}个单位（可按 Ctrl+Z 撤销）",
        )

    def open_request(self) -> None:
        """Open this year's request for last year's data: due date and reminder rhythm."""
        if not self.sv.can_edit():
            return
        repo = self.repo

        def submit(values: dict[str, str]) -> Any:
            return repo.open_request(
                int(values["year"]),
                values["due"],
                remind_before=int(values["remind_before"]),
                remind_every=int(values["remind_every"]),
            )

        self.sv.open_form(RequestForm(repo, submit, year=self.sv.today().year - 1), "已布置数据报送")

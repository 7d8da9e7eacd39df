"""数据报送: the latest data request, unit by unit, with whom to chase today (催报) and when next."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from store.views import monitoring
from tui.forms.monitoring_forms import RequestForm
from tui.screens.indicators.tab import IndicatorTab, cursor_key, refill
from tui.screens.indicators.view import IndicatorsView


class RequestsTab(IndicatorTab):
    TITLE = "数据报送"
    PANE_ID = "tab-requests"
    TABLE_ID = "req-table"
    COLUMNS = ("单位", "状态", "已报/应报", "期限", "已催报", "下次催报")
    ACTIONS = frozenset({"remind", "open_request"})

    def compose(self) -> ComposeResult:
        yield Static("", id="req-head", classes="screen-note")
        yield DataTable(id=self.TABLE_ID, cursor_type="row", zebra_stripes=True)

    def show(self, view: IndicatorsView) -> None:
        super().show(view)
        self.query_one("#req-head", Static).update(view.request_head)
        refill(self.table(), view.requests)

    def remind(self) -> None:
        """Record a reminder to the units due for one today, or else to the unit under the cursor."""
        repo = self.repo
        if not repo.requests() or not self.sv.can_edit():
            return
        req = repo.requests()[-1]
        states = monitoring.request_states(req, repo.indicators(), repo.units_by_id(), repo.today, repo.calendar())
        due_now = [s.unit_id for s in monitoring.chase_list(states) if s.due_for_reminder]
        unit_id = cursor_key(self.table())
        if not due_now and unit_id is not None:
            due_now = [unit_id]
        self.sv.act(
            lambda: repo.remind_request(req["year"], due_now), f"已登记催报{len(due_now)}个单位（可按 Ctrl+Z 撤销）"
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

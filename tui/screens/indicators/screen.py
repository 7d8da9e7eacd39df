"""指标: the monitoring system in five tabs, one widget each — verdicts with the 口径 card (verdicts.py), the
year grid (grid.py), data-request tracking with the 催报 list (requests.py), 达标率 summaries (summary.py)
and the inspection evidence (evidence.py). What they show is computed in a worker thread (view.py).
"""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Select, TabbedContent

from store.commands.repository import Repository
from store.records.choices import BASIS
from tui.screens.base import MainScreen
from tui.screens.indicators.evidence import EvidenceTab
from tui.screens.indicators.grid import GridTab
from tui.screens.indicators.readings import ReadingsTab
from tui.screens.indicators.requests import RequestsTab
from tui.screens.indicators.summary import SummaryTab
from tui.screens.indicators.tab import IndicatorTab
from tui.screens.indicators.verdicts import VerdictsTab
from tui.screens.indicators.view import IndicatorsView, Request, build_view
from tui.workers import deliver

TABS: tuple[type[IndicatorTab], ...] = (VerdictsTab, GridTab, RequestsTab, SummaryTab, EvidenceTab)
TAB_ONLY = frozenset().union(*(tab.ACTIONS for tab in TABS))  # keys offered only on the tabs that run them


class IndicatorsScreen(MainScreen):
    MODE = "indicators"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "next_tab", "下一分页"),
        Binding("a", "add_reading", "录入数据"),
        Binding("v", "override", "人工评判"),
        Binding("k", "review(True)", "审核"),
        Binding("b", "review(False)", "退回"),
        Binding("n", "new", "新增"),
        Binding("r", "remind", "催报"),
        Binding("o", "open_request", "布置报送"),
        Binding("s", "evidence_status", "材料状态"),
        Binding("p", "publicity", "登记宣传"),
        Binding("g", "plan", "规划期限"),
    ]
    EDIT_ACTIONS = frozenset(
        {"add_reading", "override", "review", "new", "remind", "open_request", "evidence_status", "publicity", "plan"}
    )
    TAB_ACTIONS: ClassVar[dict[str, frozenset[str]]] = {tab.PANE_ID: tab.ACTIONS for tab in TABS}

    def __init__(self) -> None:
        super().__init__()
        self.data_year: int | None = None  # None: the boards' default (the latest complete data year)
        self._year_options: list[tuple[str, str]] = []
        self._basis_picked = False  # until 达标率分母 is picked here, it follows the rate_basis setting

    def body(self) -> ComposeResult:
        with Horizontal(id="ind-options"):
            yield Select([("默认年度", "")], value="", allow_blank=False, id="ind-year", compact=True)
            yield Select(
                [(f"达标率分母：{v}", k) for k, v in BASIS.labels.items()],
                value="all",
                allow_blank=False,
                id="ind-basis",
                compact=True,
            )
            yield Select(
                [("按规划汇总", "plan"), ("按领域汇总", "domain"), ("按牵头单位汇总", "unit")],
                value="domain",
                allow_blank=False,
                id="ind-by",
                compact=True,
            )
        with TabbedContent(id="ind-tabs"):
            for tab in TABS:
                yield tab()

    def on_mount(self) -> None:  # MainScreen.on_mount, which Textual calls next, starts the first computation
        self.query_one(VerdictsTab).table().focus()

    # ------------------------------------------------------------------ data

    def refresh_data(self) -> None:
        """Compute every tab in a worker; `_show` draws them when it is done."""
        repo = self.sv.repo
        if repo is None:
            return
        select = self.query_one("#ind-basis", Select)
        if not self._basis_picked and select.value != repo.settings()["rate_basis"]:
            with self.prevent(Select.Changed):  # start as the CLI and the documents do: from the setting
                select.value = repo.settings()["rate_basis"]
        basis = select.value
        by = self.query_one("#ind-by", Select).value
        self.compute(repo, Request(self.data_year, str(basis), str(by)))

    @work(thread=True, exclusive=True, group="indicators")
    def compute(self, repo: Repository, asked: Request) -> None:
        deliver(self.app, "指标评判和达标汇总", lambda: build_view(repo, asked), self._show)

    def _show(self, view: IndicatorsView) -> None:
        default = f"@{view.default_year}"  # the value names the default year, so the label follows it
        options = [(f"默认：{view.default_year}年数据", default)] + [
            (f"{y}年数据", str(y)) for y in reversed(view.years)
        ]
        if options != self._year_options:
            self._year_options = options
            select = self.query_one("#ind-year", Select)
            with self.prevent(Select.Changed):
                select.set_options(options)
                select.value = str(self.data_year) if self.data_year in view.years else default
            if self.data_year is not None and self.data_year not in view.years:
                self.data_year = None  # its last reading was undone: back to the latest year
                self.refresh_data()
        for tab in self.query(IndicatorTab):
            tab.show(view)

    @on(Select.Changed)
    def _option_changed(self, event: Select.Changed) -> None:
        if event.select.id == "ind-basis":
            self._basis_picked = True
        if event.select.id == "ind-year":
            value = str(event.value)
            self.data_year = int(value) if value.isdigit() else None  # "@2025": the default year
        self.refresh_data()

    # ------------------------------------------------------------------ tabs

    def _active_tab(self) -> str:
        return self.query_one("#ind-tabs", TabbedContent).active or VerdictsTab.PANE_ID

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not super().check_action(action, parameters):
            return False
        if action in TAB_ONLY and self.is_mounted:
            return action in self.TAB_ACTIONS.get(self._active_tab(), frozenset())
        return True

    def action_next_tab(self) -> None:
        order = list(self.TAB_ACTIONS)
        self._show_tab(order[(order.index(self._active_tab()) + 1) % len(order)])

    def _show_tab(self, pane: str) -> None:
        """Activate a pane and focus its table (focus left in a hidden pane would switch the tab back)."""
        self.query_one("#ind-tabs", TabbedContent).active = pane
        self.query_one(f"#{pane}", IndicatorTab).table().focus()

    @on(TabbedContent.TabActivated)
    def _tab_changed(self, event: TabbedContent.TabActivated) -> None:
        pane = event.pane.id or VerdictsTab.PANE_ID
        focused = self.app.focused
        if focused is None or not any(p.id == pane for p in focused.ancestors_with_self):
            self.query_one(f"#{pane}", IndicatorTab).table().focus()
        self.refresh_bindings()

    # ------------------------------------------------------------------ keys, run by the active tab

    def _readings(self) -> ReadingsTab:
        """The year grid when it is shown, else the verdict table."""
        tab = self.query_one(f"#{self._active_tab()}", IndicatorTab)
        return tab if isinstance(tab, ReadingsTab) else self.query_one(VerdictsTab)

    def action_add_reading(self) -> None:
        self._readings().add_reading()

    def action_override(self) -> None:
        self._readings().override()

    def action_review(self, accept: bool) -> None:
        self._readings().review(accept)

    def action_new(self) -> None:
        tab = self.query_one(f"#{self._active_tab()}", IndicatorTab)
        (tab if isinstance(tab, EvidenceTab) else self.query_one(VerdictsTab)).new()

    def action_remind(self) -> None:
        self.query_one(RequestsTab).remind()

    def action_open_request(self) -> None:
        self.query_one(RequestsTab).open_request()

    def action_evidence_status(self) -> None:
        self.query_one(EvidenceTab).advance_status()

    def action_publicity(self) -> None:
        self.query_one(EvidenceTab).publicity()

    def action_plan(self) -> None:
        self.query_one(VerdictsTab).plan()

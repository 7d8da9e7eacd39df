"""迎检材料: the evidence the inspection will ask for, its owners and deadlines, and the publicity log."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from store.records.choices import PUBLICITY_KIND
from store.records.model import EVIDENCE_STATUSES
from tui.forms.monitoring_forms import EvidenceForm, PublicityForm
from tui.screens.indicators.tab import IndicatorTab, cursor_key, refill
from tui.screens.indicators.view import IndicatorsView


class EvidenceTab(IndicatorTab):
    TITLE = "迎检材料"
    PANE_ID = "tab-evidence"
    TABLE_ID = "evidence-table"
    COLUMNS = ("类别", "材料", "负责", "期限", "状态", "文件")
    ACTIONS = frozenset({"new", "evidence_status", "publicity"})

    def compose(self) -> ComposeResult:
        yield DataTable(id=self.TABLE_ID, cursor_type="row", zebra_stripes=True)
        yield Static("", id="publicity-log", classes="panel")

    def show(self, view: IndicatorsView) -> None:
        super().show(view)
        refill(self.table(), view.evidence)
        self.query_one("#publicity-log", Static).update(view.publicity)

    def new(self) -> None:
        """A new piece of evidence."""
        if not self.sv.can_edit():
            return
        repo = self.repo

        def add_evidence(values: dict[str, str]) -> Any:
            return repo.add_evidence(
                values["category"].strip(),
                values["title"],
                owner=values["owner"] or None,
                due=values["due"],
                status=values["status"].strip(),
                file_ref=values["file_ref"],
            )

        self.sv.open_form(EvidenceForm(repo, add_evidence), "已新增佐证材料")

    def advance_status(self) -> None:
        """Move the evidence under the cursor to its next status (未开始 → … → 已完成 → 未开始)."""
        evidence_id = cursor_key(self.table())
        if evidence_id is None or not self.sv.can_edit():
            return
        repo = self.repo
        current = next(e for e in repo.evidence() if e["id"] == evidence_id)
        following = EVIDENCE_STATUSES[(EVIDENCE_STATUSES.index(current["status"]) + 1) % len(EVIDENCE_STATUSES)]
        self.sv.act(lambda: repo.update_evidence(evidence_id, status=following), f"{current['title']}：{following}")

    def publicity(self) -> None:
        """Record a publicity activity or an awareness survey."""
        if not self.sv.can_edit():
            return
        repo = self.repo

        def submit(values: dict[str, str]) -> Any:
            return repo.add_publicity(
                PUBLICITY_KIND.parse(values["kind"]),
                values["title"],
                values["date"],
                unit=values["unit"] or None,
                reach=values["reach"] or None,
                sample_size=values["sample_size"] or None,
                awareness=values["awareness"] or None,
            )

        self.sv.open_form(PublicityForm(repo, submit), "已登记")

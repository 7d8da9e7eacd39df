"""发文: the register of issued document numbers (generation arrives with the Word documents)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from store import dates
from tui.screens.base import MainScreen


class DocumentsScreen(MainScreen):
    MODE = "documents"

    def body(self) -> ComposeResult:
        yield Static("发文登记（已使用的文号不会再次使用）", classes="screen-note")
        yield DataTable(id="dispatches", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one("#dispatches", DataTable).add_columns("文号", "文种", "标题", "单位数", "日期", "文件")
        super().on_mount()

    def refresh_data(self) -> None:
        repo = self.sv.repo
        if repo is None:
            return
        table = self.query_one("#dispatches", DataTable)
        table.clear()
        for d in reversed(repo.dispatches()):
            table.add_row(
                d["number"], d["kind"], d["title"], str(len(d["unit_ids"])), dates.format_cn(d["date"]), d["file"]
            )

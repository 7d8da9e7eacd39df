"""Shown instead of the boards when the database cannot be opened; the file is left as it is."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from tui.widgets.footer import KeyFooter


class ErrorScreen(Screen[None]):
    """Only quitting works here (the app offers no other key while its file will not open: App.check_action)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "app.quit", "退出", show=False)]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("[b red]无法打开数据库[/]", classes="dialog-title")
            yield Static(self.message, id="error-message", markup=False)
            kept = "" if "未被改动" in self.message else "数据库文件没有被改动。"
            yield Static(f"\n{kept}恢复后重新运行 supervisor 即可。按 q 或 Ctrl+Q 退出。", id="error-next")
        yield KeyFooter()

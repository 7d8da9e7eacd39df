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
    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "app.quit", "退出")]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("[b red]无法打开数据库[/]", classes="dialog-title")
            yield Static(self.message, id="error-message", markup=False)
            yield Static("\n数据库文件没有被改动。恢复后重新运行 supervisor 即可。按 q 或 Ctrl+Q 退出。")
        yield KeyFooter()

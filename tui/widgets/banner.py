"""A red line under the navigation when the database is open read-only."""

from __future__ import annotations

from textual import getters
from textual.widgets import Static

from tui.app import SupervisorApp


class ReadOnlyBanner(Static):
    sv = getters.app(SupervisorApp)

    DEFAULT_CSS = """
    ReadOnlyBanner { height: auto; background: $error; color: $text; padding: 0 1; display: none; }
    ReadOnlyBanner.-show { display: block; }
    """

    def __init__(self) -> None:
        super().__init__("只读模式：本窗口以只读方式打开，只能查看，不能修改。", id="readonly-banner")

    def on_mount(self) -> None:
        self.set_class(self.sv.readonly, "-show")

"""The line at the top of every main screen: the seven screens with their number keys, and today."""

from __future__ import annotations

from textual.widgets import Static

SCREENS: tuple[tuple[str, str], ...] = (
    ("overview", "总览"),
    ("items", "督办事项"),
    ("units", "成员单位"),
    ("indicators", "指标"),
    ("meetings", "会议"),
    ("documents", "发文"),
    ("settings", "设置"),
)


class NavBar(Static):
    """`1 总览  2 督办事项 …`; the current screen is highlighted and each name can be clicked."""

    DEFAULT_CSS = """
    NavBar { height: 1; background: $panel; color: $text-muted; padding: 0 1; }
    """

    def __init__(self, current: str) -> None:
        super().__init__(id="nav")
        self.current = current

    def on_mount(self) -> None:
        self.update_nav()

    def update_nav(self, extra: str = "") -> None:
        parts = []
        for index, (mode, label) in enumerate(SCREENS, start=1):
            if mode == self.current:
                parts.append(f"[b reverse] {index} {label} [/]")
            else:
                parts.append(f"[@click=app.switch_screen_to('{mode}')] {index} {label} [/]")
        self.update(" ".join(parts) + (f"  {extra}" if extra else ""))

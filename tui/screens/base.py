"""What every main screen shares: header, navigation line, read-only banner, footer, data refresh."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header

from tui.widgets.banner import ReadOnlyBanner
from tui.widgets.nav import NavBar

if TYPE_CHECKING:
    from tui.app import Boards, SupervisorApp


class EditGate:
    """Hides a screen's editing keys in read-only mode, so nothing on screen offers to change data."""

    EDIT_ACTIONS: ClassVar[frozenset[str]] = frozenset()
    app: Any

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action in self.EDIT_ACTIONS and self.app.readonly)


class MainScreen(EditGate, Screen[None]):
    """A screen reached by a number key; `body()` gives its content, `refresh_data()` redraws it."""

    MODE = ""

    @property
    def sv(self) -> SupervisorApp:
        return self.app  # type: ignore[return-value]

    @property
    def boards(self) -> Boards | None:
        return self.sv.boards

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        yield NavBar(self.MODE)
        yield ReadOnlyBanner()
        yield from self.body()
        yield Footer()

    def body(self) -> ComposeResult:
        raise NotImplementedError

    def on_mount(self) -> None:
        if self.boards is not None:
            self.refresh_data()

    def on_screen_resume(self) -> None:
        self.query_one(ReadOnlyBanner).set_class(self.sv.readonly, "-show")
        if self.boards is not None:
            self.refresh_data()

    def refresh_data(self) -> None:
        """Redraw from `self.boards`; called after every change and when the screen comes back."""

"""What the screens share: typed access to the app and its repository, the read-only gate on editing keys,
the refresh on `DataChanged`, and for the main screens header, navigation line, banner and footer.
"""

from __future__ import annotations

from typing import ClassVar

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.widgets import Header, Input, TextArea

from store.commands.repository import Repository
from tui.app import Boards, SupervisorApp
from tui.messages import DataChanged
from tui.widgets.banner import ReadOnlyBanner
from tui.widgets.footer import KeyFooter
from tui.widgets.nav import NavBar


class AppAccess(MessagePump):
    """Typed access to the 督办台 app and its open repository, for screens and the widgets inside them."""

    sv = getters.app(SupervisorApp)

    @property
    def repo(self) -> Repository:
        """The open repository: screens act only once the data has loaded."""
        repo = self.sv.repo
        assert repo is not None, "the repository is opened before any screen acts on it"
        return repo


class EditGate(AppAccess):
    """Hides a screen's editing keys in read-only mode, so nothing on screen offers to change data."""

    EDIT_ACTIONS: ClassVar[frozenset[str]] = frozenset()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action in self.EDIT_ACTIONS and self.sv.readonly)


class RecordScreen(EditGate, Screen[None]):
    """A full screen that shows records: redrawn when the app announces a change."""

    def on_data_changed(self, message: DataChanged) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        """Redraw from the repository and the boards; called after every change."""


class MainScreen(RecordScreen):
    """A screen reached by a number key; `body()` gives its content, `refresh_data()` redraws it.

    Esc leaves a text box (the digits then switch screens again instead of being typed into it).
    """

    MODE = ""
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "leave_input", "离开输入框", show=False)]

    def action_leave_input(self) -> None:
        if isinstance(self.focused, Input | TextArea):
            self.set_focus(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leave_input":
            return isinstance(self.focused, Input | TextArea)
        return super().check_action(action, parameters)

    @property
    def boards(self) -> Boards | None:
        return self.sv.boards

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        yield NavBar(self.MODE)
        yield ReadOnlyBanner()
        yield from self.body()
        yield KeyFooter()

    def body(self) -> ComposeResult:
        raise NotImplementedError

    def on_mount(self) -> None:
        if self.boards is not None:
            self.refresh_data()

    def on_screen_resume(self) -> None:
        self.query_one(ReadOnlyBanner).set_class(self.sv.readonly, "-show")
        if self.boards is not None:
            self.refresh_data()

    def show_items(self, select_id: str, value: str) -> None:
        """Switch to 督办事项 with one filter set (`light`, `unit` or `meeting`)."""
        from tui.screens.items import ItemsScreen

        self.sv.switch_mode("items")
        screen = self.sv.screen
        if isinstance(screen, ItemsScreen):
            screen.show_only(select_id, value)

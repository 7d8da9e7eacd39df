"""A yes/no question as a modal that returns a bool."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConfirmScreen(ModalScreen[bool]):
    """Asks before something that cannot be taken back lightly; Enter/Y confirms, Esc/N declines."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "answer(False)", "取消"),
        Binding("n", "answer(False)", "否", show=False),
        Binding("y", "answer(True)", "是", show=False),
    ]

    def __init__(self, question: str, *, yes: str = "确定", no: str = "取消") -> None:
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="question")
            with Horizontal(classes="buttons"):
                yield Button(self.yes, variant="primary", id="yes")
                yield Button(self.no, id="no")

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)

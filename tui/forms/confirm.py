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
        Binding("escape", "escape", "取消"),
        Binding("n", "answer(False)", "否", show=False),
        Binding("y", "answer(True)", "是", show=False),
    ]

    def __init__(
        self,
        question: str,
        *,
        yes: str = "确定",
        no: str = "取消",
        escape_means_yes: bool = False,
        careful: bool = False,
    ) -> None:
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no
        self.escape_means_yes = escape_means_yes  # "放弃这些修改吗？": a second Esc leaves, as it was meant to
        self.careful = careful  # a warning stands: Enter must not confirm, the focus starts on the "no" button

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="question")
            with Horizontal(classes="buttons"):
                yield Button(self.yes, variant="primary", id="yes")
                yield Button(self.no, id="no")

    def on_mount(self) -> None:
        self.query_one("#no" if self.careful else "#yes", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)

    def action_escape(self) -> None:
        self.dismiss(self.escape_means_yes)


class AnswerScreen(ModalScreen[str]):
    """A question with a few answers (保存／放弃／继续编辑); Esc gives the last one, which changes nothing."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "leave", "继续编辑")]

    def __init__(self, question: str, answers: list[tuple[str, str]]) -> None:
        super().__init__()
        self.question = question
        self.answers = answers  # (key returned, button label)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="question")
            with Horizontal(classes="buttons"):
                for index, (key, label) in enumerate(self.answers):
                    yield Button(label, variant="primary" if index == 0 else "default", id=f"answer-{key}")

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(str(event.button.id).removeprefix("answer-"))

    def action_leave(self) -> None:
        self.dismiss(self.answers[-1][0])

"""Messages the app posts to its screens."""

from __future__ import annotations

from textual.message import Message


class DataChanged(Message):
    """The records changed (a command, an undo or redo, a reload, a new day) and the boards are recomputed:
    a screen showing records refreshes in `on_data_changed`. The app posts one to every screen on the stack.
    """

    bubble = False  # meant for the screen it is posted to, not passed up to the app

    def __init__(self, version: int) -> None:
        super().__init__()
        self.version = version

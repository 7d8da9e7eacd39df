"""Messages the app posts to its screens."""

from __future__ import annotations

from textual.message import Message


class DataChanged(Message):
    """The records changed (a command, an undo, a new day): screens showing them refresh."""

    def __init__(self, version: int) -> None:
        super().__init__()
        self.version = version

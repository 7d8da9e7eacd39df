"""Error types. Every message is one line of Chinese the secretary can act on."""

from __future__ import annotations


class SupervisorError(Exception):
    """Base of every error the user should see as a one-line Chinese message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ValidationError(SupervisorError):
    """A field value was refused; `field` names the field, `message` says why in Chinese."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class NotFoundError(SupervisorError):
    """A named record (item, unit, meeting…) does not exist."""


class UnknownUnitError(NotFoundError):
    """No unit has this name; `suggestions` lists the full names it probably means (best first, maybe none)."""

    def __init__(self, message: str, suggestions: list[str]) -> None:
        super().__init__(message)
        self.suggestions = suggestions


class AmbiguousError(SupervisorError):
    """A name matches several records; `candidates` lists them."""

    def __init__(self, message: str, candidates: list[str]) -> None:
        super().__init__(message)
        self.candidates = candidates


class RuleError(SupervisorError):
    """A lifecycle step is not allowed from the current state."""


class StorageError(SupervisorError):
    """The database file cannot be read or written safely; nothing was overwritten."""


class LockedError(StorageError):
    """Another process holds the write lock on this database."""


class NeedsConfirmation(ValidationError):
    """A value that passes the rules but looks wrong (a large jump): confirm it with a note to save it."""


class ConflictError(StorageError):
    """The file changed on disk since this process read it (another writer got there first): nothing was written,
    the data was read again, and the user redoes the step on the new data."""

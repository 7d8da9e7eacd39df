"""What every command handler receives: the configuration, today, the output, and the database opened the
way the command needs (read-only unless it writes)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from cli.output import Output
from store.calendar.dates import clock_today
from store.config import Config

if TYPE_CHECKING:
    from store.commands.base import RepositoryBase
    from store.commands.repository import Repository

Rooms = TypeVar("Rooms", bound="RepositoryBase")


class Context:
    """One command's run: `today` is the configured fixed day or the clock's, passed to the repository."""

    def __init__(self, config: Config, *, as_json: bool = False) -> None:
        self.config = config
        self.today: date = config.today or clock_today()
        self.out = Output(as_json, color=config.color)
        self._repo: RepositoryBase | None = None

    @property
    def db_path(self) -> Path:
        return self.config.database

    def repo(self, *, write: bool = False, backup: bool = True) -> Repository:
        """The repository, opened on first use: for writing (taking the lock, backing up) or read-only."""
        from store.commands.repository import Repository

        return self.rooms(Repository, write=write, backup=backup)

    def rooms(self, kind: type[Rooms], *, write: bool = False, backup: bool = True) -> Rooms:
        """The database opened with only the commands `kind` puts together (store.commands: ItemCommands for
        `add`), so a command imports the rooms it uses and not the monitoring, dispatch or receipt rules
        (issue 14: start-up is most of a small command's time). The rules are the same functions either way."""
        if self._repo is None:
            from store.storage.database import Database

            database = Database.open(self.db_path, readonly=not write, backup=backup)
            self._repo = kind(database, today=self.today)
        if not isinstance(self._repo, kind):
            raise TypeError(f"{type(self._repo).__name__} is open, not {kind.__name__}")
        return self._repo

    def close(self) -> None:
        if self._repo is not None:
            self._repo.close()


def picked(args: argparse.Namespace, *names: str) -> dict[str, Any]:
    """The named options as keyword arguments (their dest names are the store's parameter names)."""
    return {name: getattr(args, name) for name in names}

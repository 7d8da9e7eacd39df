"""The configuration of one run: the only module that reads environment variables.

A front end reads it when it starts (never at import: tests set the environment per test) and passes it on —
the database file, a fixed "today" for repeatable runs, where documents go, the office's template folder.
Command-line options win over the environment. The `configured_*` functions serve code that is not handed
a `Config` yet (a database opened without a path, the templates search, the TUI's documents folder).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from datetime import date

ENV_DB = "SUPERVISOR_DB"
ENV_TODAY = "SUPERVISOR_TODAY"
ENV_OUT = "SUPERVISOR_OUT"
ENV_TEMPLATES = "SUPERVISOR_TEMPLATES"
ENV_NO_COLOR = "NO_COLOR"
ENV_LOCK_WAIT = "SUPERVISOR_LOCK_WAIT"
LOCK_WAIT_SECONDS = 10.0  # how long a writer waits for another one to finish before it gives up
APP_FOLDER = "supervisor"  # the user data folder's name, e.g. ~/.local/share/supervisor
ENV_SERVER_IDLE = "SUPERVISOR_SERVER_IDLE"
SERVER_IDLE_SECONDS = 600.0
"""Ten quiet minutes and the command server (cli/server.py) goes: the next command starts it again.
(SUPERVISOR_SERVER, which switches the server off, is read by cli/relay.py itself: it decides before any of
this is imported.)"""


class Config(NamedTuple):
    """Where the data is and what day it is; None means "the default" (the user's folders, the clock).

    A NamedTuple, not a dataclass: every command reads it, and the dataclasses module alone costs a command
    ~8 ms to import (issue 14)."""

    db_path: Path | None = None
    today: date | None = None
    out_dir: Path | None = None
    templates_dir: Path | None = None
    color: bool = True

    @classmethod
    def from_env(cls, *, db: str | None = None, today: str | None = None) -> Config:
        """The environment now, then the command-line options `--db` and `--today` on top."""
        config = cls(
            db_path=_env_path(ENV_DB),
            today=configured_today(),
            out_dir=_env_path(ENV_OUT),
            templates_dir=_env_path(ENV_TEMPLATES),
            color=not os.environ.get(ENV_NO_COLOR),
        )
        return config.with_options(db=db, today=today)

    def with_options(self, *, db: str | None = None, today: str | None = None) -> Config:
        """Command-line options over this configuration; `--today` takes any form the office types ("月底"),
        read against the configured day or the clock."""
        config = self
        if db:
            config = config._replace(db_path=Path(db).expanduser())
        if today:
            from store.calendar.dates import clock_today, parse_date

            day = parse_date(today, today=self.today or clock_today(), field="today").value
            config = config._replace(today=day)
        return config

    @property
    def database(self) -> Path:
        """The database file: --db, else $SUPERVISOR_DB, else supervisor.json in the user's data folder."""
        return self.db_path or user_db_path()

    @property
    def documents(self) -> Path:
        """Where documents go without --out: $SUPERVISOR_OUT, else the user's Documents folder /督办台."""
        return self.out_dir or user_out_dir()

    @property
    def template_dirs(self) -> list[Path]:
        """Folders searched for an office's own templates: $SUPERVISOR_TEMPLATES, then <data folder>/templates."""
        return [*([self.templates_dir] if self.templates_dir else []), data_folder() / "templates"]


def _env_path(name: str) -> Path | None:
    value = os.environ.get(name, "").strip()
    return Path(value).expanduser() if value else None


def data_folder() -> Path:
    """The user's data folder of the program (platformdirs loads only when a path is needed)."""
    from platformdirs import user_data_path

    return user_data_path(APP_FOLDER, appauthor=False)


def user_db_path() -> Path:
    return data_folder() / "supervisor.json"


def user_out_dir() -> Path:
    """The user's Documents folder /督办台: a place the secretary finds again in Explorer, unlike the current
    directory of a terminal she did not choose."""
    from platformdirs import user_documents_path

    return user_documents_path() / "督办台"


def configured_today() -> date | None:
    """The fixed day in $SUPERVISOR_TODAY (repeatable runs and tests), or None for the clock."""
    value = os.environ.get(ENV_TODAY, "").strip()
    if not value:
        return None
    from store.calendar.dates import parse_iso

    return parse_iso(value, field="today")


def configured_db_path() -> Path:
    return Config(db_path=_env_path(ENV_DB)).database


def configured_out_dir() -> Path:
    return Config(out_dir=_env_path(ENV_OUT)).documents


def configured_template_dirs() -> list[Path]:
    return Config(templates_dir=_env_path(ENV_TEMPLATES)).template_dirs


def desktop_available() -> bool:
    """Can a file manager be opened here? Windows and macOS always; elsewhere only in a graphical session
    (DISPLAY or WAYLAND_DISPLAY set) — over SSH or on a text console `xdg-open` can only fail."""
    import sys

    if sys.platform.startswith("win") or sys.platform == "darwin":
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def configured_lock_wait() -> float:
    """Seconds a writer waits for the lock: $SUPERVISOR_LOCK_WAIT (0–600), else LOCK_WAIT_SECONDS."""
    value = os.environ.get(ENV_LOCK_WAIT, "").strip()
    try:
        seconds = float(value) if value else LOCK_WAIT_SECONDS
    except ValueError:
        return LOCK_WAIT_SECONDS
    return min(max(seconds, 0.0), 600.0) if seconds == seconds else LOCK_WAIT_SECONDS


def server_idle_seconds() -> float:
    """How long the command server waits for a command before it goes: $SUPERVISOR_SERVER_IDLE seconds
    (tests use 1), else SERVER_IDLE_SECONDS."""
    try:
        seconds = float(os.environ.get(ENV_SERVER_IDLE, ""))
    except ValueError:
        return SERVER_IDLE_SECONDS
    return seconds if seconds > 0 else SERVER_IDLE_SECONDS

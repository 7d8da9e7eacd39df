"""View-models computed off the UI thread.

A screen starts a thread worker (`@work(thread=True, exclusive=True)`) whose body is one call to
`deliver`: the view-model is computed from store functions in the thread, then handed to the UI thread
with `call_from_thread`. A failure of any kind becomes one Chinese notification instead of a traceback
over the screen, and a worker replaced by a newer one (exclusive) delivers nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from textual.app import App
from textual.worker import get_current_worker

from store.errors import SupervisorError

V = TypeVar("V")


def failure_text(what: str, exc: BaseException) -> str:
    """What the office reads when a computation fails: what failed, why, and where to look."""
    if isinstance(exc, SupervisorError):
        return f"{what}未能完成：{exc.message}"
    return f"{what}未能完成（{type(exc).__name__}：{exc}）。请运行 supervisor check 检查数据，或把这一行发给技术人员"


def deliver(app: App[Any], what: str, compute: Callable[[], V], show: Callable[[V], None]) -> None:
    """Inside a thread worker: compute, then show the result on the UI thread; a failure of either is
    one Chinese toast (the one error path)."""
    worker = get_current_worker()
    try:
        result = compute()
        if not worker.is_cancelled:
            app.call_from_thread(show, result)
    except Exception as exc:  # computing or drawing: every failure ends in the same Chinese toast
        if not worker.is_cancelled:
            app.call_from_thread(app.notify, failure_text(what, exc), title="出错", severity="error", timeout=10)

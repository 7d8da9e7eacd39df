"""Which shares (承办) a lifecycle step touches: the one rule behind the CLI's steps, the TUI's batch forms and
their preview ("3项 × 4个单位").

A step names units or not. Named: exactly those units' shares, each of which must be in a status the step
accepts. Not named: every share of the item that the step accepts. Nothing else is ever touched, so a batch
through a filter that names a unit reaches that unit's shares only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from store.records.model import DONE_STATUSES, INACTIVE_STATUSES, OPEN_STATUSES, Assignment, Item

# The statuses a share must be in for each step (the step's command name as in the history log).
STEP_STATUSES: dict[str, frozenset[str]] = {
    "ack": frozenset({"assigned"}),
    "progress": OPEN_STATUSES | DONE_STATUSES,
    "remind": OPEN_STATUSES,
    "extend": OPEN_STATUSES,
    "done": OPEN_STATUSES,
    "reopen": DONE_STATUSES | INACTIVE_STATUSES,
    "close": frozenset({"done"}),
    "cancel": OPEN_STATUSES,
    "suspend": OPEN_STATUSES,
}

STEP_VERBS = {
    "ack": "签收",
    "progress": "登记进展",
    "remind": "催办",
    "extend": "延期",
    "done": "办结",
    "reopen": "退回",
    "close": "销号",
    "cancel": "取消",
    "suspend": "暂缓",
}


@dataclass(frozen=True)
class StepShares:
    """The shares a step will change, and the named ones it cannot (unit id, status) with why."""

    targets: list[Assignment]
    refused: list[Assignment]
    missing: list[int]  # named unit ids that have no share in the item


def step_shares(item: Item, step: str, unit_ids: Iterable[int] | None = None) -> StepShares:
    """The shares of `item` that `step` touches: the named units' (when any), else every eligible one."""
    allowed = STEP_STATUSES[step]
    named = list(dict.fromkeys(unit_ids or []))
    if not named:
        return StepShares([a for a in item["assignments"] if a["status"] in allowed], [], [])
    by_unit = {a["unit_id"]: a for a in item["assignments"]}
    targets = [by_unit[u] for u in named if u in by_unit and by_unit[u]["status"] in allowed]
    refused = [by_unit[u] for u in named if u in by_unit and by_unit[u]["status"] not in allowed]
    return StepShares(targets, refused, [u for u in named if u not in by_unit])

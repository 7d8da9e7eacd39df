"""Queries and commands over the database, put together from one mixin per concern.

Every command is one transaction: one history entry, one file write, one undo step — a batch of steps inside an
outer transaction is still one. Records handed out are copies with their `id`; commands never mutate a stored
record in place.

The modules, each building on store.commands.base (no module imports this one):

- base: the database, cache, raw access, transactions, history with undo and redo, settings, today and calendar
- settings: changing the settings · units: the unit directory · meetings: meetings and milestones
- dispatch: the dispatch register · items: items and their numbers · lifecycle: the steps of a share
- indicators, readings, requests, evidence (put together in monitoring): the monitoring system
- carry: 回头看, open items carried to a later meeting
- receipts: the 回执 each 督办通知 asks for · messages: short 催办 texts (built on receipts)
- archive: 年度台账, an earlier year's finished items in a file of their own, read only when asked
"""

from __future__ import annotations

from store.commands.archive import ArchiveCommands
from store.commands.carry import CarryCommands
from store.commands.dispatch import DispatchCommands
from store.commands.items import new_assignment, normalise_number
from store.commands.lifecycle import LifecycleCommands
from store.commands.messages import MessageCommands
from store.commands.monitoring import MonitoringCommands
from store.commands.settings import SettingsCommands

__all__ = ["Repository", "new_assignment", "normalise_number"]


class Repository(
    ArchiveCommands,
    MessageCommands,
    CarryCommands,
    LifecycleCommands,
    MonitoringCommands,
    DispatchCommands,
    SettingsCommands,
):
    """The records of one database and the commands that change them."""

"""Commands of the monitoring system in one mixin: plans and indicators with their 口径 card, yearly readings
with entry checks, reviews and verdict overrides, data-request cycles, evidence and publicity.

Each concern has its own module (indicators, readings, requests, evidence); this one puts them together for
Repository and keeps `NeedsConfirmation` importable from where callers have always found it.
"""

from __future__ import annotations

from store.commands.evidence import EvidenceCommands
from store.commands.readings import ReadingCommands
from store.commands.requests import RequestCommands
from store.errors import NeedsConfirmation
from store.records.measures import SCALES

__all__ = ["SCALES", "MonitoringCommands", "NeedsConfirmation"]


class MonitoringCommands(ReadingCommands, RequestCommands, EvidenceCommands):
    """Indicators, readings, plans, data requests, evidence and publicity."""

"""Drafting items from a meeting's text: a speech, minutes, a 工作方案 or a 任务分工方案 table.

The text is segmented with jieba (imported only when a text is analysed), read for who is told to do what
and by when, and resolved against the unit directory. Unknown names are flagged, never dropped or invented.
Nothing here writes until `accept_drafts`, which saves in one step (one undo).

Public names (the CLI and the TUI use these): `analyse`, `Analysis`, `Draft`, `UnitMatch`, `MilestoneHint`,
`accept_drafts`, `known_digests`, `merge`, `narrow`, `split_by_unit`, `match_unit`, `digest_of`,
`read_text_file`, `SourceDocument`, `Table`, `suggest_title`, `warm_up`.
"""

from store.exchange.documents import SourceDocument, Table, read_text_file, suggest_title
from store.exchange.speech.accept import accept_drafts, digest_of, known_digests, merge, narrow, split_by_unit
from store.exchange.speech.analyser import analyse
from store.exchange.speech.model import Analysis, Draft, MilestoneHint, UnitMatch
from store.exchange.speech.names import match_unit
from store.exchange.speech.segment import warm_up

__all__ = [
    "Analysis",
    "Draft",
    "MilestoneHint",
    "SourceDocument",
    "Table",
    "UnitMatch",
    "accept_drafts",
    "analyse",
    "digest_of",
    "known_digests",
    "match_unit",
    "merge",
    "narrow",
    "read_text_file",
    "split_by_unit",
    "suggest_title",
    "warm_up",
]

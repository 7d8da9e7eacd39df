"""Which monitored indicators a drafted item speaks of ("提高农村住院分娩率" → 住院分娩率)."""

from __future__ import annotations

import re

from store.records.model import Indicator

SYNONYMS = {"卫生厕所": ("改厕", "厕所"), "自来水": ("安全饮水", "饮水")}


def indicator_terms(ind: Indicator) -> list[str]:
    """Words that name the indicator in a speech: the name, its measured part ("入学率", "住院分娩",
    "性别比") and a few plain synonyms ("改厕" for 卫生厕所). Bare subjects like "孕产妇" are not enough."""
    name = ind["name"]
    core = re.sub(r"(?:普及率|覆盖率|管理率|巩固率|死亡率|比例|率)$", "", name)
    terms = {name}
    for length in range(3, len(name) + 1):
        for start in range(0, len(name) - length + 1):
            part = name[start : start + length]
            if (part.endswith(("率", "比")) and length >= 3) or (length >= 4 and part in core):
                terms.add(part)
    for word, synonyms in SYNONYMS.items():
        if word in name:
            terms.update(synonyms)
    return sorted(terms, key=len, reverse=True)


def link_indicators(text: str, indicators: list[Indicator]) -> tuple[list[int], list[str]]:
    """Ids of the indicators named in `text`, with the word that named each."""
    ids: list[int] = []
    words: list[str] = []
    for ind in indicators:
        for term in indicator_terms(ind):
            if term in text:
                ids.append(ind["id"])
                words.append(term)
                break
    return ids, words

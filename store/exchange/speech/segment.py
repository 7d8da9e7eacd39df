"""Chinese segmentation with jieba, the unit directory loaded as words.

jieba costs about a second on first use (it builds its prefix dictionary), so it is imported here, inside
`segmenter()`, and only when a text is analysed — never when the CLI or the TUI start. One private
`jieba.Tokenizer` is kept per process (the global one is never touched); each analysis adds the names of its
directory (names, short names, aliases, collective words) as words, so "县住房和城乡建设局" is one token and
its 和 is never read as "and".
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from store.exchange.speech.words import NOT_YAO

UNIT_TAG = "nunit"  # not jieba's own "nt", which it gives to any organisation it knows
COLLECTIVE_TAG = "ncoll"
# Words the office uses that jieba splits or glues wrongly ("会同县" is a county in Hunan).
DOMAIN_WORDS = ("会同", "牵头", "配合", "毛入园率", "两癌", "儿童之家", "督查室", "负责同志", "班子成员")
NOT_WORDS = ("会同县",)
_UNIT_FREQ = 20000
_GLUED_TAILS = frozenset("要于将在")
_ADVERBS_BEFORE_YAO = frozenset(
    {"还", "也", "更", "都", "就", "仍", "则", "却", "又", "总", "均", "尤", "务", "亦", "皆", "才", "便", "必", "须"}
    | {"同样", "一定", "首先", "必须", "切实", "特别", "尤其", "重点", "关键", "同时", "始终", "一律", "务必", "仍然"}
)

_lock = threading.Lock()
_state: dict[str, Any] = {}


@dataclass(frozen=True)
class Token:
    """A word with its part-of-speech tag and its place in the text it was cut from."""

    word: str
    flag: str
    start: int
    end: int


class Segmenter:
    """Cuts sentences into tokens. 要/于/将 glued to a neighbour by jieba's guesser ("要带头", "工委办要") are
    cut off, unless the glued word is in the dictionary (要求, 主要, 重要 stay whole)."""

    def __init__(self, pos: Any, frequencies: dict[str, int]) -> None:
        self._pos = pos
        self._freq = frequencies

    def cut(self, text: str) -> list[Token]:
        tokens: list[Token] = []
        offset = 0
        with _lock:
            pairs = [(p.word, p.flag) for p in self._pos.cut(text, HMM=True)]
        for word, flag in pairs:
            start = text.find(word, offset)
            if start < 0:
                start = offset
            end = start + len(word)
            offset = end
            if len(word) > 1 and word.startswith("要") and word not in NOT_YAO:
                tokens.append(Token("要", "v", start, start + 1))
                tokens.append(Token(word[1:], flag, start + 1, end))
            elif len(word) > 1 and word[-1] == "要" and word[:-1] in _ADVERBS_BEFORE_YAO:  # 还要, 也要, 一定要
                tokens.append(Token(word[:-1], "d", start, end - 1))
                tokens.append(Token("要", "v", end - 1, end))
            elif len(word) > 1 and word[-1] in _GLUED_TAILS and not self._freq.get(word):
                tokens.append(Token(word[:-1], "n", start, end - 1))
                tokens.append(Token(word[-1], "v" if word[-1] == "要" else "p", end - 1, end))
            else:
                tokens.append(Token(word, flag, start, end))
        return tokens


def segmenter(units: Iterable[str] = (), collectives: Iterable[str] = ()) -> Segmenter:
    """The process's tokenizer with exactly these unit names and collective words added as single words.

    Words of an earlier analysis with another directory are taken out again (the dictionary is restored from
    a copy), so that the result of an analysis never depends on what was analysed before it.
    """
    words = (tuple(sorted(set(units))), tuple(sorted(set(collectives))))
    with _lock:
        if "pos" not in _state:
            _load()
        tokenizer, pos = _state["tokenizer"], _state["pos"]
        if _state.get("words") != words:
            tokenizer.FREQ = dict(_state["freq"])
            tokenizer.total = _state["total"]
            tokenizer.user_word_tag_tab = {}
            pos.word_tag_tab = dict(_state["tags"])
            for group, tag in zip(words, (UNIT_TAG, COLLECTIVE_TAG), strict=True):
                for word in group:
                    if len(word) >= 2:
                        tokenizer.add_word(word, _UNIT_FREQ, tag)
            _state["words"] = words
        return Segmenter(pos, tokenizer.FREQ)


def warm_up() -> None:
    """Load jieba now (about a second), e.g. in a TUI worker while the user is still pasting."""
    with _lock:
        if "pos" not in _state:
            _load()


def _load() -> None:
    """Build the private tokenizer (about a second: jieba reads its dictionary) and keep a clean copy."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for word in DOMAIN_WORDS:
        tokenizer.add_word(word, tokenizer.suggest_freq(word, tune=False), None)
    for word in NOT_WORDS:
        tokenizer.del_word(word)

    class Tagger(jieba.posseg.POSTokenizer):  # type: ignore[misc]
        """jieba's tagger on our tokenizer, reusing the tag table jieba.posseg already read at import."""

        def __init__(self) -> None:
            self.tokenizer = tokenizer
            self.word_tag_tab = dict(jieba.posseg.dt.word_tag_tab)

    pos = Tagger()
    pos.makesure_userdict_loaded()
    _state.update(
        tokenizer=tokenizer,
        pos=pos,
        freq=dict(tokenizer.FREQ),
        total=tokenizer.total,
        tags=dict(pos.word_tag_tab),
    )

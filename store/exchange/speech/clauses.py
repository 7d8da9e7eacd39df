"""Who is told to do what in one sentence, clause by clause.

A sentence is cut into tokens and into clauses (at ，and ：). In each clause the first verb token that gives
work (要, 负责, 牵头, 将, 务必, 会同, 配合 …) splits it into a subject and a predicate; the subject must be a
list of units (see names.py). Markers put the subject after them: 由X牵头, 请X于……, 责成X, 希望X. A clause
without a subject of its own continues the claim before it; "Y、Z配合" adds partners to it; a second subject
("甲要……，乙要……") starts a new claim with its own deadline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from store.calendar.phrases import RECURRING, find_deadlines
from store.exchange.speech.names import Directory, NameHit
from store.exchange.speech.segment import Segmenter, Token
from store.exchange.speech.words import (
    COOPERATE_VERBS,
    DIRECTIVE_VERBS,
    LEAD_VERBS_AFTER_YOU,
    LEADING_FILLER,
    MANNER,
    NARRATIVE_TOKENS,
    PARTNER_VERBS,
    PERSON_TITLES,
    ROLE_ONLY,
    STRONG_VERBS,
    SUBJECT_MARKERS,
    TOPIC_VERBS,
    WEAK_VERBS,
)

CLAUSE_ENDS = frozenset({"，", ",", "：", ":"})
# A run of names after 由/请/会同 stops at these words ("请县财政局于……", "会同县住建局做好……").
RUN_STOPS = frozenset(
    {"于", "在", "将", "要", "按", "按照", "对", "把", "从", "根据", "围绕", "结合", "做好", "开展", "完成", "加强"}
    | {"落实", "推进", "组织", "制定", "建立", "研究", "进行", "提前", "认真", "切实", "抓好", "尽快", "立即", "及时"}
    | {"加快", "共同", "负责", "牵头", "配合", "参加", "传达", "召开", "抓紧", "务必", "确保", "统筹", "做", "作"}
    | {"就", "向", "为", "以", "全力", "积极", "进一步", "继续", "督促", "指导", "协调", "的"}
)
_RUN_MAX = 14
_LIMIT_ENDS = ("前", "内", "底", "末", "以内", "之前", "以前")
_TIME_AFTER = frozenset({"前", "后", "之前", "以前", "期间", "时", "之际"})
# "请县政府办阅知": for information, not a task.
_FOR_INFORMATION = frozenset({"阅知", "知悉", "参阅", "备案", "阅"})
_AT = re.compile(r"^[在于]?")
NAME_SEPARATORS_AFTER = frozenset({"的", "是", "和", "与", "及", "、"})
_ANY_DAY = date(2000, 1, 1)


def filler_length(text: str) -> int:
    """How many characters of ordinals, connectives and a leading deadline come before a clause's subject."""
    pos = 0
    while pos < len(text):
        rest = text[pos:]
        m = LEADING_FILLER.match(rest)
        if m and m.end():
            pos += m.end()
            continue
        at = _AT.match(rest)
        skip = at.end() if at else 0
        found = find_deadlines(rest[skip:], base=_ANY_DAY)
        if found and found[0].start == 0:
            pos += skip + found[0].end
            continue
        break
    return pos


@dataclass
class Clause:
    start: int
    end: int
    tokens: list[Token]
    delimiter: str


@dataclass
class Claim:
    """One unit (or list) told to do something in a sentence, and where its words are."""

    subject: str
    hits: list[NameHit]
    verb: str
    span: tuple[int, int]
    req_start: int
    req_end: int
    partners: list[NameHit] = field(default_factory=list)
    kind: str = "lead"
    region_start: int = 0
    assists: bool = False


def clauses(sentence: str, tokens: list[Token]) -> list[Clause]:
    out: list[Clause] = []
    current: list[Token] = []
    start = 0
    for token in tokens:
        if token.word in CLAUSE_ENDS:
            out.append(Clause(start, token.start, current, token.word))
            current, start = [], token.end
        else:
            current.append(token)
    if current:
        out.append(Clause(start, len(sentence), current, ""))
    return out


def _verb_kind(word: str) -> str:
    if word in STRONG_VERBS:
        return "strong"
    if word in WEAK_VERBS:
        return "weak"
    if word in COOPERATE_VERBS:
        return "cooperate"
    if word in PARTNER_VERBS:
        return "partners"
    return ""


def _first_known(hits: list[NameHit]) -> bool:
    return bool(hits) and hits[0].known


def _run(sentence: str, tokens: list[Token], first: int, directory: Directory) -> tuple[int, list[NameHit]] | None:
    """The longest list of names starting at tokens[first]: (index after it, names)."""
    best: tuple[int, list[NameHit]] | None = None
    for last in range(first, min(len(tokens), first + _RUN_MAX)):
        if tokens[last].word in RUN_STOPS and last > first:
            break
        hits = directory.subject(sentence[tokens[first].start : tokens[last].end])
        if hits:
            best = (last + 1, hits)
    return best


def _partner_tail(
    sentence: str, tokens: list[Token], at: int, directory: Directory
) -> tuple[int, list[NameHit]] | None:
    """ "…牵头、Y、Z配合…" after a lead's verb: (index after 配合, Y and Z)."""
    if at >= len(tokens) or tokens[at].word not in ("、", "和", "及"):
        return None
    run = _run(sentence, tokens, at + 1, directory) if at + 1 < len(tokens) else None
    if run is None or run[0] >= len(tokens) or tokens[run[0]].word not in PARTNER_VERBS:
        return None
    return run[0] + 1, run[1]


def _is_time_limit(text: str) -> bool:
    """ "在12月10日前", "每月5日前", "年底前": a time limit; "于3月10日召开" or "11月20日组织" is a date of an event."""
    found = find_deadlines(text.lstrip("于在"), base=_ANY_DAY)
    if not found or found[0].start != 0:
        return False
    return found[0].kind == RECURRING or found[0].phrase.endswith(_LIMIT_ENDS)


class SentenceReader:
    """Finds the claims of sentences with one segmenter and one directory."""

    def __init__(self, segmenter: Segmenter, directory: Directory) -> None:
        self.segmenter = segmenter
        self.directory = directory

    def has_task_verb(self, text: str) -> bool:
        """True when the text starts like an instruction ("做好……", "加强……"), not a remark or a date."""
        tokens = self.segmenter.cut(text[filler_length(text) :].lstrip("于在前，, "))
        if len(tokens) > 2 and tokens[1].word in _TIME_AFTER:  # "开学前完成……"
            tokens = tokens[2:]
        return bool(tokens) and (tokens[0].flag.startswith("v") or tokens[0].word in STRONG_VERBS | WEAK_VERBS)

    def read(self, sentence: str) -> list[Claim]:
        tokens = self.segmenter.cut(sentence)
        claims: list[Claim] = []
        current: Claim | None = None
        topic: Claim | None = None
        for clause in clauses(sentence, tokens):
            found = self._clause(sentence, clause)
            if found is not None and found.kind == "topic":
                topic = found
                continue
            if found is None and topic is not None:
                found = self._from_topic(sentence, clause, topic)
            if found is not None:
                found.region_start = clause.start
            if found is not None and found.kind == "partners" and current is not None:
                current.partners += found.hits
                if not sentence[current.req_start : clause.start].strip("，,、 "):
                    current.req_start = min(clause.end + 1, len(sentence))
                current.req_end = clause.end
                continue
            if found is None:
                if current is not None and not self._joins(sentence, clause, current):
                    current.req_end = clause.end
                continue
            found.kind = "lead"
            claims.append(found)
            current = found
        for claim in claims:
            role = ROLE_ONLY.match(sentence[claim.req_start : claim.req_end])
            if role and claim.req_start + role.end() < claim.req_end:
                claim.req_start += role.end()  # "县教育局要牵头，……": the task comes after the role
        return claims

    def _joins(self, sentence: str, clause: Clause, current: Claim) -> bool:
        """ "……牵头，会同Y，在……完成" / "……，配合Y做好……": a clause that names the claim's partners or lead."""
        tokens = clause.tokens
        first = self._after_fillers(sentence, clause)
        if first + 1 >= len(tokens) or tokens[first].word not in COOPERATE_VERBS | PARTNER_VERBS:
            return False
        run = _run(sentence, tokens, first + 1, self.directory)
        if run is None:
            return False
        end, names = run
        if tokens[first].word in COOPERATE_VERBS:
            current.partners += names
        else:  # X配合Y: Y leads, X helps
            current.partners = current.hits + current.partners
            current.hits, current.subject = names, "、".join(h.text for h in names)
        rest = tokens[end].start if end < len(tokens) else clause.end + 1
        role_only = ROLE_ONLY.match(sentence[current.req_start : clause.start] + "，")
        if not sentence[current.req_start : clause.start].strip("，,、 ") or (
            role_only and current.req_start + role_only.end() >= clause.start
        ):
            current.req_start = min(rest, len(sentence))
        current.req_end = clause.end
        return True

    def _clause(self, sentence: str, clause: Clause) -> Claim | None:
        tokens = clause.tokens
        if not tokens:
            return None
        first = self._after_fillers(sentence, clause)
        if first >= len(tokens):
            return None
        if clause.delimiter in ("：", ":"):
            hits = self.directory.subject(sentence[tokens[first].start : clause.end])
            if hits:
                return Claim(
                    sentence[tokens[first].start : clause.end],
                    hits,
                    "：",
                    (tokens[first].start, clause.end + 1),
                    clause.end + 1,
                    clause.end + 1,
                )
        if tokens[first].word in SUBJECT_MARKERS:
            return self._marked(sentence, clause, first)
        narrative = any(t.word in NARRATIVE_TOKENS for t in tokens)
        if not any(_verb_kind(t.word) for t in tokens[first:]):
            topic = next((i for i in range(first + 1, len(tokens)) if tokens[i].word in TOPIC_VERBS), None)
            if topic is not None and not narrative:
                return self._topic(sentence, clause, first, topic)
            return None if narrative else self._bare(sentence, clause, first)
        for index in range(first, len(tokens)):
            kind = _verb_kind(tokens[index].word)
            if not kind:
                continue
            if index == first:
                return None
            subject = MANNER.sub("", sentence[tokens[first].start : tokens[index].start])
            hits = self.directory.subject(subject)
            if not hits or (narrative and tokens[index].word != "要"):
                return None if hits or narrative else self._bare(sentence, clause, first)
            if kind == "weak" and not _first_known(hits):
                return None
            unknown_cooperates = kind == "cooperate" and not _first_known(hits) and index + 1 < len(tokens)
            if unknown_cooperates and _run(sentence, tokens, index + 1, self.directory) is None:
                return None  # "X会同Y": an unknown X counts when Y is a list of units
            return self._claim(sentence, clause, first, index, hits, kind)
        return None

    def _bare(self, sentence: str, clause: Clause, first: int) -> Claim | None:
        """ "县妇联在12月10日前报送……", "县医保局抓好……": units, then what they do, without 要 or 负责.

        The names must be followed (after a deadline, if any) by a verb; an unknown name needs a deadline or a
        verb that gives work, so that a report ("县教育局开展……") is not taken for an order.
        """
        tokens = clause.tokens
        if tokens[first].flag.startswith("p"):
            return None  # "每月向县委政法委报送……": 向 names a receiver, not an actor
        run = _run(sentence, tokens, first, self.directory)
        if run is None or run[0] >= len(tokens):
            return None
        end, hits = run
        if tokens[end].word.endswith(PERSON_TITLES) or tokens[end].word in NAME_SEPARATORS_AFTER:
            return None
        rest = sentence[tokens[end].start : clause.end]
        dated = filler_length(rest) > 0 and _is_time_limit(rest)
        task = rest[filler_length(rest) :]
        verb = next((t for t in self.segmenter.cut(task) if t.word.strip()), None)
        if verb is None or not self.has_task_verb(rest):
            return None
        if not dated and verb.word not in DIRECTIVE_VERBS:
            return None
        start = tokens[end].start
        return Claim("、".join(h.text for h in hits), hits, verb.word, (tokens[first].start, start), start, clause.end)

    def _topic(self, sentence: str, clause: Clause, first: int, index: int) -> Claim | None:
        """ "县水利局是……主管部门" / "县商务局表示": the unit a following "要……" / "将……" clause speaks of."""
        tokens = clause.tokens
        subject = sentence[tokens[first].start : tokens[index].start]
        hits = self.directory.subject(subject)
        if not hits or not _first_known(hits):
            return None
        span = (tokens[first].start, tokens[index].start)
        return Claim(subject, hits, tokens[index].word, span, clause.end, clause.end, kind="topic")

    def _from_topic(self, sentence: str, clause: Clause, topic: Claim) -> Claim | None:
        first = self._after_fillers(sentence, clause)
        if first >= len(clause.tokens) or _verb_kind(clause.tokens[first].word) not in ("strong", "weak"):
            return None
        verb = clause.tokens[first]
        return Claim(topic.subject, list(topic.hits), verb.word, topic.span, verb.end, clause.end)

    def _after_fillers(self, sentence: str, clause: Clause) -> int:
        """Index of the first token after ordinals and a leading date ("8月7日前金元村要……")."""
        offset = clause.start + filler_length(sentence[clause.start : clause.end])
        for index, token in enumerate(clause.tokens):
            if token.start >= offset:
                return index
        return len(clause.tokens)

    def _claim(self, sentence: str, clause: Clause, first: int, index: int, hits: list[NameHit], kind: str) -> Claim:
        tokens = clause.tokens
        verb = tokens[index]
        claim = Claim(
            sentence[tokens[first].start : verb.start],
            hits,
            verb.word,
            (tokens[first].start, verb.end),
            verb.end,
            clause.end,
            kind="partners" if kind == "partners" else "lead",
        )
        following = index + 1
        tail = _partner_tail(sentence, tokens, following, self.directory)
        if tail is not None:  # "县教育局牵头、县公安局配合，……"
            end, partners = tail
            claim.partners += partners
            claim.req_start = tokens[end].start if end < len(tokens) else clause.end
            return claim
        helps = index if kind == "partners" else following
        if helps < len(tokens) and tokens[helps].word in PARTNER_VERBS and helps + 1 < len(tokens):
            run = _run(sentence, tokens, helps + 1, self.directory)
            if run is not None:  # "X要配合Y……": Y leads the task, X is its partner
                end, leads = run
                claim.subject, claim.hits, claim.partners = "、".join(h.text for h in leads), leads, hits
                claim.kind = "lead"
                claim.req_start = tokens[end].start if end < len(tokens) else clause.end
                return claim
        if kind != "partners" and following < len(tokens) and tokens[following].word in PARTNER_VERBS:
            claim.assists = True  # "县城管局要配合做好……": helps whoever the sentence before named
        if kind == "cooperate" or (following < len(tokens) and tokens[following].word in COOPERATE_VERBS):
            start = index + 1 if kind == "cooperate" else following + 1
            run = _run(sentence, tokens, start, self.directory) if start < len(tokens) else None
            if run is not None:
                end, partners = run
                claim.partners += partners
                claim.req_start = tokens[end].start if end < len(tokens) else clause.end
        return claim

    def _marked(self, sentence: str, clause: Clause, first: int) -> Claim | None:
        """由X牵头 / 由X负责的…… / 请X于…… / 责成X…… / 希望X……"""
        tokens = clause.tokens
        marker = tokens[first].word
        run = _run(sentence, tokens, first + 1, self.directory) if first + 1 < len(tokens) else None
        if run is None:
            return None
        end, hits = run
        after = tokens[end] if end < len(tokens) else None
        if after is not None and after.word.endswith(PERSON_TITLES):
            return None  # "请县农业局局长传达……": the meeting's order of business
        if marker in ("希望", "要求") and not _first_known(hits):
            return None
        partners: list[NameHit] = []
        if marker == "由" and after is not None and after.word in COOPERATE_VERBS:
            more = _run(sentence, tokens, end + 1, self.directory) if end + 1 < len(tokens) else None
            if more is not None:  # "由县自然资源局会同县财政局办理……"
                end, partners = more
                after = tokens[end] if end < len(tokens) else None
        if after is not None and after.word in _FOR_INFORMATION:
            return None
        if marker == "由":
            if after is None or not (after.word in LEAD_VERBS_AFTER_YOU or after.flag.startswith("v")):
                return None
            if any(t.word in NARRATIVE_TOKENS for t in tokens):
                return None
            claim = Claim(
                "、".join(h.text for h in hits),
                hits,
                after.word,
                (tokens[first].start, after.end),
                after.end,
                clause.end,
                partners=partners,
            )
            tail = _partner_tail(sentence, tokens, end + 1, self.directory)
            if after.word not in LEAD_VERBS_AFTER_YOU:
                claim.req_start = after.start  # "由县政府办约谈……": the verb is the task
            elif tail is not None:  # "由县教育局牵头、县公安局配合，……"
                claim.partners += tail[1]
                claim.req_start = tokens[tail[0]].start if tail[0] < len(tokens) else clause.end
            elif end + 1 < len(tokens) and tokens[end + 1].word == "的":
                claim.req_start = tokens[end + 1].end  # "由县住建局负责的老旧小区改造项目要……"
                claim.req_end = len(sentence)
            return claim
        start = after.start if after is not None else clause.end
        subject = sentence[tokens[first + 1].start : start]
        if after is not None and marker == "请" and after.word in ("于", "在"):
            start = after.end  # "请X于……": the requirement starts after 于
        return Claim(
            subject,
            hits,
            marker,
            (tokens[first].start, start),
            start,
            clause.end,
        )

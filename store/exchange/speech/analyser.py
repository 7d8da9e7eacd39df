"""From a meeting speech, minutes, a 工作方案 or a 任务分工 table to drafted items. Nothing here writes.

Paragraphs are read sentence by sentence (clauses.py finds who is told to do what); a bracket or label lines
after a task give its responsibility (brackets.py); tables with a recognised header give one draft per row
(store.exchange.task_tables). Relative dates count from the meeting day; a draft without a date gets the
next milestone the text mentions, else the year end, and says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from store.calendar import phrases
from store.calendar.dates import format_cn
from store.calendar.workdays import WorkCalendar
from store.exchange import task_tables
from store.exchange.documents import SourceDocument, Table, check_size, suggest_title
from store.exchange.speech.accept import digest_of
from store.exchange.speech.brackets import Responsibility, is_label_line, parse_bracket, parse_labels, top_brackets
from store.exchange.speech.clauses import Claim, SentenceReader, filler_length
from store.exchange.speech.drafting import ENUMERATOR, Drafter, DueReading, strip_leading_date, title_of
from store.exchange.speech.model import (
    DUE_DEFAULT,
    DUE_ONGOING,
    FROM_BRACKET,
    FROM_LABELS,
    FROM_SPEECH,
    FROM_TABLE,
    Analysis,
    Draft,
    MilestoneHint,
)
from store.exchange.speech.names import COLLECTIVE, Directory
from store.exchange.speech.segment import segmenter
from store.exchange.speech.words import COLLECTIVE_KIND, STRONG_VERBS
from store.records.model import Indicator, Unit
from store.records.text import clean_text

MILESTONE_WORDS = ("中期评估", "终期评估", "全面检查", "督导检查", "考核验收", "实地评估")
_SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]?")
_HEADING = re.compile(r"^\s*([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)(.+?)[。：:]?$")
_ORDINAL = re.compile(r"^[一二三四五六七八九十]+要(.+)$")
_CONDITION = re.compile(r"^(?:对|针对|凡是|凡|如果|如|若|在|关于|按照|根据|结合)")
_ITEM_TITLE_MAX = 30
_CAPTION_MAX = 40
_ITEM = re.compile(r"^\s*(?:\d+[.、．]|[一二三四五六七八九十]+、)")
_PUNCTUATION = " ，,。；;、　\t"
_ITEM_INSIDE = re.compile(r"[。；;！？]\s*((?:\d+[.、．]|（\d+）|\(\d+\)|[①②③④⑤⑥⑦⑧⑨⑩])\s*\S)")


@dataclass
class _Pending:
    """Task text waiting for a responsibility given on its own line (a bracket or 牵头单位：… lines)."""

    paragraph: int = 0
    lines: list[str] = field(default_factory=list)
    drafts: list[Draft] = field(default_factory=list)

    def clear(self) -> None:
        self.lines.clear()
        self.drafts.clear()


class _Walker:
    """Reads blocks in order, keeping the section, the task awaiting a bracket, and the drafts so far."""

    def __init__(self, drafter: Drafter, reader: SentenceReader) -> None:
        self.drafter = drafter
        self.reader = reader
        self.drafts: list[Draft] = []
        self.milestones: list[MilestoneHint] = []
        self.section = ""
        self.pending = _Pending()
        self.labels: list[str] = []
        self.owner: Claim | None = None

    # ------------------------------------------------------------------------------------------ blocks

    def table(self, p_index: int, table: Table, caption: str) -> None:
        tasks = task_tables.task_rows(table)
        if not tasks:
            for cells in table.rows:
                self.paragraph(p_index, "，".join(c for c in cells if c.strip()))
            return
        for task in tasks:
            self.drafts.append(self._row(p_index, task, caption))

    def paragraph(self, p_index: int, text: str) -> None:
        text = text.strip()
        if is_label_line(text):
            self.labels.append(text)
            return
        self.flush_labels()
        if not text:
            return
        heading = self._heading(text)
        if heading:
            self.section = heading
            self.pending.clear()
            self.owner = None
            return
        if _ITEM.match(text):
            self.pending = _Pending(p_index)  # "3.加快建设……": a new item; its responsibility may follow
        position = 0
        for start, end in top_brackets(text):
            found = self._bracket(text[start + 1 : end - 1])
            if found.empty:
                continue
            segment = text[position:start]
            if segment.strip(_PUNCTUATION):
                cut = _last_item(segment)
                if cut:  # "……。5.落实秸秆禁烧……（责任单位：……）": the bracket is item 5's only
                    self._sentences(p_index, segment[:cut])
                    position, segment = position + cut, segment[cut:]
                self.pending = _Pending(p_index)
                self._sentences(p_index, segment)
                self.pending.lines.append(segment)
                self._apply(found, text[position:end])
            else:  # a bracket on its own: it belongs to the task above
                self._apply(found, "\n".join([*self.pending.lines, text[start:end]]))
            position = end
        rest = text[position:]
        if rest.strip(_PUNCTUATION):
            if not self.pending.lines:
                self.pending.paragraph = p_index
            self._sentences(p_index, rest)
            self.pending.lines.append(rest)

    def flush_labels(self) -> None:
        """Label lines ("牵头单位：……") after a task, read together once the next paragraph comes."""
        if self.labels:
            labels, self.labels = self.labels, []
            source = "\n".join([*(line.strip() for line in self.pending.lines), *labels])
            self._apply(parse_labels("；".join(labels)), source, origin=FROM_LABELS)

    # ------------------------------------------------------------------------------------------ pieces

    def _heading(self, paragraph: str) -> str:
        """ "二、压实工作责任" is a heading; "（二）各乡镇要对照……自查" is an assignment that happens to be numbered."""
        m = _HEADING.match(paragraph)
        if not m or len(paragraph) >= 40 or "：" in m.group(2):
            return ""
        if any(t.word in STRONG_VERBS for t in self.reader.segmenter.cut(paragraph)):
            return ""
        if self.reader.read(m.group(2)):
            return ""  # "一、请县教育局于12月20日前完成…", "五、各乡镇每月5日前报送…": a unit and a task, not a heading
        if top_brackets(paragraph):
            return ""
        return m.group(2).strip()

    def _bracket(self, content: str) -> Responsibility:
        return parse_bracket(content, self._is_deadline)

    def _is_deadline(self, text: str) -> bool:
        found = self.drafter.deadlines(text.strip(), loose=True)
        return bool(found) and found[0].start <= 1

    def _sentences(self, p_index: int, text: str) -> None:
        previous: Draft | None = None
        joined = False  # the sentence before ended with ；, so this one continues it
        for m in _SENTENCE.finditer(text):
            sentence = m.group(0).strip()
            joined, was_joined = sentence.endswith(("；", ";")), joined
            if not sentence:
                continue
            body = sentence.rstrip("。；;！!？?")
            self._milestone(sentence, body)
            claims = self.reader.read(body)
            if len(claims) == 1 and claims[0].verb == "：" and not body[claims[0].req_start :].strip():
                self._owner(claims[0])  # "县教育局：" alone: the lines below are its tasks
                continue
            if not claims:
                previous = self._carried(p_index, sentence, body, previous) or self._owned(p_index, sentence, body)
                continue
            if previous is not None and was_joined and claims[0].assists and len(claims) == 1:
                # "……；县城管局要配合做好……": a partner of the task before the semicolon
                self.drafter.add_responsibility(previous, Responsibility(partners=[claims[0].subject]))
                continue
            for number, claim in enumerate(claims):
                draft = self._speech(p_index, sentence, body, claim, whole=number == 0)
                if (not draft.units and not draft.collective) or not draft.requirement:
                    continue
                self.drafts.append(draft)
                self.pending.drafts.append(draft)
                previous = draft

    def _owner(self, claim: Claim) -> None:
        """A line that is only named units and a colon; a salutation to collectives (各乡镇：) is not one."""
        named = all(h.kind != COLLECTIVE for h in claim.hits) and claim.hits[0].known
        self.owner = claim if named else None

    def _owned(self, p_index: int, sentence: str, body: str) -> Draft | None:
        """A subjectless task in the lines under "县教育局：" belongs to 县教育局."""
        if self.owner is None:
            return None
        requirement = ENUMERATOR.sub("", body).strip()
        if not requirement or not self.reader.has_task_verb(requirement):
            return None
        draft = self.drafter.draft(
            paragraph=p_index,
            source=sentence,
            requirement=requirement,
            subject=self.owner.subject,
            hits=self.owner.hits,
            partners=[],
            span=(0, 0),
            origin=FROM_SPEECH,
            section=self.section,
            due=self.drafter.due(body),
        )
        draft.carried = True
        self.drafts.append(draft)
        self.pending.drafts.append(draft)
        return draft

    def _carried(self, p_index: int, sentence: str, body: str, previous: Draft | None) -> Draft | None:
        """ "……；要抓好婚前医学检查……": the previous subject carries on; "二要抓好健康领域" is a heading."""
        stripped = body[filler_length(body) :] if not _ORDINAL.match(body) else body
        if _ORDINAL.match(stripped):
            self.section = _ORDINAL.match(stripped).group(1)[:20]  # type: ignore[union-attr]
            return previous
        if previous is None:
            return previous
        verb = self._carried_verb(stripped)
        if verb is None:
            return previous
        requirement = stripped[:verb] + stripped[verb + 1 :]
        at = sentence.find(stripped) + verb
        draft = self.drafter.draft(
            paragraph=p_index,
            source=sentence,
            requirement=requirement,
            subject=previous.subject,
            hits=[],
            partners=[],
            span=(at, at + 1),
            origin=FROM_SPEECH,
            section=self.section,
            due=self.drafter.due(body),
            title=title_of(stripped[verb + 1 :]),
        )
        draft.units = [m for m in previous.units]
        draft.collective, draft.collective_word = previous.collective, previous.collective_word
        draft.carried = True
        self.drafts.append(draft)
        self.pending.drafts.append(draft)
        return draft

    def _carried_verb(self, text: str) -> int | None:
        """Where the 要 of a subjectless sentence is: at its start, or after "对……的，" conditions."""
        tokens = self.reader.segmenter.cut(text)
        starts = [0] + [t.end for t in tokens if t.word in ("，", ",")]
        for start in starts:
            if text.startswith("要", start) and (start == 0 or _CONDITION.match(text)):
                token = next((t for t in tokens if t.start == start), None)
                return start if token is not None and token.word == "要" else None
        return None

    def _speech(self, p_index: int, sentence: str, body: str, claim: Claim, *, whole: bool) -> Draft:
        region = body[: claim.req_end] if whole else body[claim.region_start : claim.req_end]
        return self.drafter.draft(
            paragraph=p_index,
            source=sentence,
            requirement=body[claim.req_start : claim.req_end],
            subject=claim.subject.strip(),
            hits=claim.hits,
            partners=claim.partners,
            span=claim.span,
            origin=FROM_SPEECH,
            section=self.section,
            due=self.drafter.due(region),
            context=region,
        )

    def _milestone(self, sentence: str, body: str) -> None:
        for word in MILESTONE_WORDS:
            if word in body:
                found = self.drafter.deadlines(body)
                found = [d for d in found if d.day and d.kind != phrases.START]
                if found:
                    day = found[0].day.isoformat()  # type: ignore[union-attr]
                    if not any(m.name == word and m.date == day for m in self.milestones):
                        self.milestones.append(MilestoneHint(word, day, found[0].phrase, sentence))
                break

    def _apply(self, found: Responsibility, source: str, *, origin: str = FROM_BRACKET) -> None:
        """Give a bracket's (or label lines') responsibility to the task before it."""
        pending, self.pending = self.pending, _Pending(self.pending.paragraph)
        if pending.drafts:
            self.drafter.add_responsibility(pending.drafts[-1], found)
            return
        lines = [line.strip() for line in pending.lines if line.strip(_PUNCTUATION)]
        leads, partners = self.drafter.responsibility_hits(found)
        if not lines or not (leads or partners):
            return
        head = ENUMERATOR.sub("", lines[0]).strip()
        first = re.split(r"[。；;]", head)[0].strip()
        title = first if len(first) <= _ITEM_TITLE_MAX and (len(lines) > 1 or first != head.rstrip("。；;")) else ""
        requirement = "".join(ENUMERATOR.sub("", line) for line in lines)
        due = self.drafter.due(found.due, loose=True) if found.due else DueReading()
        if not due.kind:
            due = self.drafter.due(requirement)
        self.drafts.append(
            self.drafter.draft(
                paragraph=pending.paragraph,
                source=source,
                requirement=requirement,
                subject="、".join(found.leads),
                hits=leads,
                partners=partners,
                span=_span_of(source, found.text),
                origin=origin,
                section=self.section,
                due=due,
                title=strip_leading_date(title) if title else "",
            )
        )

    def _row(self, p_index: int, row: task_tables.TaskRow, caption: str) -> Draft:
        task, measures = row.get(task_tables.TASK), row.get(task_tables.MEASURES)
        if measures and task and row.category == task:
            task = ""
        lead_text, partner_text = row.get(task_tables.LEAD), row.get(task_tables.PARTNERS)
        found = Responsibility(leads=[lead_text] if lead_text else [], partners=[partner_text] if partner_text else [])
        leads, partners = self.drafter.responsibility_hits(found)
        due_text = row.get(task_tables.DUE)
        due = self.drafter.due(due_text, loose=True) if due_text else DueReading()
        if not due.kind:
            due = self.drafter.due(f"{task}。{measures}")
        requirement = "：".join(x for x in (task, measures) if x)
        title = title_of(task or measures)
        start = row.source.find(task or measures)
        return self.drafter.draft(
            paragraph=p_index,
            source=row.source,
            requirement=requirement,
            subject=lead_text,
            hits=leads,
            partners=partners,
            span=(max(start, 0), max(start, 0) + len(task or measures)),
            origin=FROM_TABLE,
            section=row.category or caption,
            due=due,
            title=title,
        )


def _last_item(segment: str) -> int:
    """Where the last numbered item of a paragraph segment starts (after a sentence end), or 0."""
    starts = [m.start(1) for m in _ITEM_INSIDE.finditer(segment) if m.start(1) > 0]
    return starts[-1] if starts else 0


def _span_of(text: str, part: str) -> tuple[int, int]:
    start = text.rfind(part) if part else -1
    return (start, start + len(part)) if start >= 0 else (0, 0)


def _first_table_title(document: SourceDocument) -> str:
    """An Excel or Word file that opens with its task table: the table's merged title row names the meeting."""
    first = next((b for b in document.blocks if isinstance(b, Table) or b.strip()), None)
    return task_tables.table_title(first) if isinstance(first, Table) else ""


def _default_deadlines(drafts: list[Draft], milestones: list[MilestoneHint], meeting_date: date) -> None:
    """A draft without a date gets the first milestone after the meeting, else the year end — and says so."""
    later = sorted((m for m in milestones if m.date > meeting_date.isoformat()), key=lambda m: m.date)
    for d in drafts:
        if d.due:
            continue
        said = "讲话未提期限" if d.due_kind != DUE_ONGOING else f"“{d.due_phrase}”，没有截止期限"
        if later:
            d.due = later[0].date
            d.due_note = f"{said}，暂定为{later[0].name}（{format_cn(later[0].date)}）"
        else:
            d.due = date(meeting_date.year, 12, 31).isoformat()
            d.due_note = f"{said}，暂定为年底"
        if not d.due_kind:
            d.due_kind = DUE_DEFAULT


def analyse(
    text: str | SourceDocument,
    *,
    units: list[Unit],
    indicators: list[Indicator],
    meeting_date: date,
    meeting_title: str = "",
    calendar: WorkCalendar | None = None,
    known_digests: dict[str, str] | None = None,
    period_on_workday: bool = False,
) -> Analysis:
    """Draft items from a speech, minutes, a plan or a task table. Relative dates count from the meeting day;
    `calendar` and `period_on_workday` are the office's (Repository.calendar(), its setting), as for `add --due`."""
    document = text if isinstance(text, SourceDocument) else SourceDocument.from_text(text.strip(" \r\n\u3000"))
    plain = text if isinstance(text, str) else document.text()
    check_size(plain)
    digest = digest_of(clean_text(plain))
    warnings: list[str] = []
    if known_digests and digest in known_digests:
        warnings.append(f"这篇讲话已经导入过（会议：{known_digests[digest]}），再次导入会产生重复事项")
    directory = Directory(units)
    seg = segmenter(directory.words(), COLLECTIVE_KIND)
    directory.segmenter = seg
    cal = calendar or WorkCalendar()
    drafter = Drafter(directory, seg, indicators, meeting_date, cal, period_on_workday)
    walker = _Walker(drafter, SentenceReader(seg, directory))
    caption = ""
    index = 0
    for block in document.blocks:
        if isinstance(block, Table):
            walker.flush_labels()
            walker.table(index, block, caption)
            index += 1
            continue
        for line in clean_text(block).split("\n"):
            caption = line.strip()[:_CAPTION_MAX] or caption
            walker.paragraph(index, line)
            index += 1
    walker.flush_labels()
    drafts = walker.drafts
    for number, draft in enumerate(drafts, start=1):
        draft.index = number
    _default_deadlines(drafts, walker.milestones, meeting_date)
    return Analysis(
        meeting_title,
        meeting_date.isoformat(),
        digest,
        drafts,
        walker.milestones,
        warnings,
        suggest_title(document) or _first_table_title(document),
    )

"""From a meeting speech to drafted items: who was told to do what, by when, towards which indicator.

Rules, not a segmentation library: a county speech gives work in a small number of shapes
("教育部门要……", "民政和财政部门要继续……", "水利局、住建局等部门要……", "各乡镇要……", "由卫健委牵头，公安局配合，……"),
and the unit directory (names, short names, aliases the office edits, pinyin-free) decides what a name means.
Unknown names are flagged, never dropped or invented. Nothing here writes; `accept_drafts` does, in one step.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from store.calendar.dates import format_cn, parse_date
from store.calendar.workdays import WorkCalendar
from store.errors import AmbiguousError, NotFoundError, SupervisorError, ValidationError
from store.records.model import Indicator, Unit
from store.records.text import TITLE_MAX, clean_text
from store.records.units import ALL_TOWNSHIPS_WORDS, ALL_UNITS_WORDS, resolve_unit

# Subjects that are ordinals or connectives, not units: "一要抓好……", "同时要……".
NOT_SUBJECTS = re.compile(
    r"^(?:[一二三四五六七八九十]+|第[一二三四五六七八九十]+|首先|其次|再次|最后|同时|另外|此外|我们|大家|全县上下|各级|"
    r"重点|特别|尤其|务必|必须|切实|还|也|都|就|更|又)$"
)
VERBS = ("要", "负责", "牵头", "务必", "必须", "应当")
# "民政和财政部门", "卫健、妇联和司法等部门", "总工会、团县委、妇联等群团组织"
SEPARATORS = re.compile(r"[、，,]|和|及|与|以及|同")
TRAILING = re.compile(r"(?:等)?(?:有关|相关)?(?:部门|单位|群团组织|群众团体|组织|机关)$")
GROUP_ORGANISATIONS = ("各群众团体", "各群团组织", "群团组织", "各人民团体")
COLLECTIVE_PREFIXES = ("妇儿工委", "县妇儿工委", "工委", "全县")
DATE_PHRASES = re.compile(
    r"(?:(?:\d{4}年)?\d{1,2}月(?:上旬|中旬|下旬|底|末|\d{1,2}[日号])|(?:本|今)?年底|年内|月底|"
    r"[0-9一二两三四五六七八九十]+个?工作日|[0-9一二两三四五六七八九十]+天|近期|尽快|马上)(?:前|以前|之前|内)?"
)
MILESTONE_WORDS = ("中期评估", "终期评估", "全面检查", "督导检查", "考核验收", "实地评估")
SOON_DAYS = 30

_SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]?")
_ENUMERATOR = re.compile(
    r"^(?:（[一二三四五六七八九十]+）|\([一二三四五六七八九十0-9]+\)|[一二三四五六七八九十]+、|\d+[.、．])\s*"
)
_COOPERATE = re.compile(
    r"^(?:要)?(?:会同|联合|协同|商)(.{2,40}?)(?=开展|做好|加强|落实|推进|完成|建立|组织|制定|研究|对|共同|，|,)"
)
_PARTNERS_AFTER_LEAD = re.compile(r"^[，,]?(.{2,60}?)(?:配合|协助|参与)[，,]?")
GENERIC_OPENINGS = ("密切配合", "通力合作", "高度重视", "加强协作", "共同努力", "积极配合", "各司其职")
SYNONYMS = {"卫生厕所": ("改厕", "厕所"), "自来水": ("安全饮水", "饮水")}


@dataclass
class UnitMatch:
    """A name as written in the speech and what the unit directory made of it."""

    text: str
    unit_id: int | None = None
    unit: str = ""
    problem: str = ""
    candidates: list[str] = field(default_factory=list)


@dataclass
class Draft:
    """One drafted item: the requirement, its units (first named leads), a proposed deadline, links."""

    index: int
    paragraph: int
    source: str
    requirement: str
    title: str
    section: str = ""
    subject: str = ""
    carried: bool = False
    collective: str = ""
    units: list[UnitMatch] = field(default_factory=list)
    due: str = ""
    due_phrase: str = ""
    due_note: str = ""
    indicator_ids: list[int] = field(default_factory=list)
    indicator_words: list[str] = field(default_factory=list)
    keep: bool = True

    @property
    def unknown(self) -> list[str]:
        return [m.text for m in self.units if m.unit_id is None]

    @property
    def lead(self) -> str:
        if self.collective:
            return {"all_units": "各成员单位", "all_townships": "各乡镇", "organisations": "各群团组织"}[
                self.collective
            ]
        found = [m.unit for m in self.units if m.unit_id is not None]
        return found[0] if found else ""

    @property
    def partners(self) -> list[str]:
        if self.collective:
            return []
        found = [m.unit for m in self.units if m.unit_id is not None]
        return list(dict.fromkeys(found[1:]))

    @property
    def problems(self) -> list[str]:
        out = [f"单位「{m.text}」：{m.problem}" for m in self.units if m.unit_id is None]
        if not self.lead:
            out.append("没有识别出承办单位")
        if not self.due:
            out.append("没有期限")
        return out

    @property
    def ready(self) -> bool:
        return self.keep and not self.problems

    def as_json(self) -> dict[str, Any]:
        out = asdict(self)
        out.update(
            lead=self.lead, partners=self.partners, unknown=self.unknown, problems=self.problems, ready=self.ready
        )
        return out


@dataclass
class MilestoneHint:
    name: str
    date: str
    phrase: str
    source: str


@dataclass
class Analysis:
    """All drafts of a speech, the milestones it mentions, and warnings (such as an earlier import)."""

    meeting_title: str
    meeting_date: str
    digest: str
    drafts: list[Draft]
    milestones: list[MilestoneHint]
    warnings: list[str]

    def as_json(self) -> dict[str, Any]:
        return {
            "meeting_title": self.meeting_title,
            "meeting_date": self.meeting_date,
            "digest": self.digest,
            "drafts": [d.as_json() for d in self.drafts],
            "milestones": [asdict(m) for m in self.milestones],
            "warnings": self.warnings,
        }


def digest_of(text: str) -> str:
    """A fingerprint of the speech that ignores spacing, so the same speech pasted twice is recognised."""
    norm = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


def _sentences(paragraph: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(paragraph) if s.strip()]


def _section_heading(paragraph: str) -> str:
    """ "二、压实工作责任" is a heading; "（二）各乡镇要对照……自查" is an assignment that happens to be numbered."""
    m = re.match(r"^\s*([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)(.+?)[。：:]?$", paragraph)
    if m and len(paragraph) < 40 and not any(v in paragraph for v in VERBS) and "：" not in m.group(2):
        return m.group(2).strip()
    return ""


def _split_subject(sentence: str) -> tuple[str, str, str, str] | None:
    """(lead-in, subject, predicate) for the first '<subject>要……' in the sentence, if the subject is unit-like.

    Also the list form of written arrangements: "县民政局、县教育局：做好……".
    """
    sentence = _ENUMERATOR.sub("", sentence)
    colon = re.match(r"^([^，,。：:]{2,40})[：:](.+)$", sentence)
    if colon and not colon.group(1).endswith(("同志们", "如下", "意见", "通知")):
        return "", colon.group(1), colon.group(2).strip(), "："
    request = re.match(r"^请(.{2,30}?)(?:于|在)(.+)$", sentence)
    if request:
        return "", request.group(1), request.group(2), "请"
    best = None
    for verb in VERBS:
        for m in re.finditer(verb, sentence):
            start = m.start()
            if start == 0:
                continue
            before = sentence[:start]
            cut = max(before.rfind(ch) for ch in "，,：:")
            subject = before[cut + 1 :].strip()
            subject = re.sub(r"^(?:由|请|而|并|另外|同时|此外|其中)", "", subject)
            if not subject or NOT_SUBJECTS.match(subject) or len(subject) > 60:
                continue
            predicate = sentence[m.end() :].strip("，, ")
            if best is None or start < best[0]:
                best = (start, sentence[: cut + 1], subject, predicate, verb)
            break
    if best is None:
        return None
    _, lead_in, subject, predicate, verb = best
    return lead_in, subject, predicate, verb


def _subject_names(subject: str) -> tuple[str, list[str]]:
    """Collective kind ('' or all_units / all_townships / organisations) and the named parts of a subject.

    A group word after named units ("宣传部、团县委和各群众团体") stays in the list as "各群众团体" and is
    expanded to the organisation units when matched.
    """
    text = subject
    for prefix in COLLECTIVE_PREFIXES:
        if text.startswith(prefix + "各"):
            text = text[len(prefix) :]
    collective = ""
    if any(text.startswith(w) for w in ("各成员单位", "全体成员单位", "各有关单位", "各单位", "成员单位")):
        collective = "all_units"
    elif any(text.startswith(w) for w in ALL_TOWNSHIPS_WORDS) or text.startswith("各乡（镇）"):
        collective = "all_townships"
    text = re.sub(r"(?:特别是|尤其是|包括|其中).*$", "", text)
    parts = [p.strip() for p in SEPARATORS.split(text) if p and p.strip()]
    names: list[str] = []
    for part in parts:
        if part in GROUP_ORGANISATIONS or part.startswith("各群"):
            if not names and not collective:
                collective = "organisations"
            else:
                names.append(part)
            continue
        if part in ALL_UNITS_WORDS or part in ALL_TOWNSHIPS_WORDS:
            continue
        names.append(part)
    return collective, names


def _clean_name(name: str) -> str:
    name = re.sub(r"^(?:县|市|区)?(?:有关|相关)", "", name)
    return re.sub(r"等$", "", name).strip()


def match_unit(name: str, units: list[Unit]) -> UnitMatch:
    """Resolve a loose name: as written, then with the list's shared '部门' suffix moved on or off."""
    written = _clean_name(name)
    attempts = [written]
    stripped = TRAILING.sub("", written)
    if stripped and stripped != written:
        attempts.append(stripped)
    if not written.endswith(("局", "委", "办", "部", "院", "会", "联", "部门", "镇", "乡")):
        attempts.append(written + "部门")
    ambiguous: AmbiguousError | None = None
    for attempt in attempts:
        if len(attempt) < 2:
            continue
        try:
            unit = resolve_unit(attempt, units)
        except AmbiguousError as exc:
            ambiguous = ambiguous or exc
            continue
        except NotFoundError:
            continue
        return UnitMatch(name, unit["id"], unit["name"])
    if ambiguous is not None:
        return UnitMatch(name, problem="对应多个单位，请选择", candidates=ambiguous.candidates[:8])
    return UnitMatch(name, problem="单位名录中没有，可在单位中添加别名或新增单位")


def _find_due(sentence: str, base: date, cal: WorkCalendar) -> tuple[str, str, str]:
    """(ISO date, phrase, note) for the first deadline phrase in the sentence."""
    for m in DATE_PHRASES.finditer(sentence):
        phrase = m.group(0)
        core = "年底" if phrase.endswith("年内") else re.sub(r"(?:前|以前|之前|内)$", "", phrase)
        if core in ("近期", "尽快", "马上"):
            day = base + timedelta(days=SOON_DAYS)
            return day.isoformat(), phrase, f"“{phrase}”按会后{SOON_DAYS}天估计"
        try:
            parsed = parse_date(core, today=base, base=base, calendar_=cal, field="due")
        except ValidationError:
            continue
        day = parsed.value
        if day < base and "年" not in core[:5]:
            # "6月底前" said at a November meeting means next June.
            try:
                day = day.replace(year=day.year + 1)
            except ValueError:
                day = day.replace(year=day.year + 1, day=28)
            return day.isoformat(), phrase, "按下一年计"
        return day.isoformat(), phrase, ""
    return "", "", ""


def _title_of(predicate: str) -> str:
    """The first clause that says what to do, without "继续/切实" and without "密切配合"-style openings."""
    for clause in re.split(r"[，,；;。]", predicate):
        clause = re.sub(r"^(?:继续|切实|进一步|认真|全力|积极|要|于|在)+", "", clause).strip()
        clause = re.sub(r"^(?:于|在)?" + DATE_PHRASES.pattern, "", clause).lstrip("将把").strip()
        if len(clause) >= 4 and clause not in GENERIC_OPENINGS:
            return clause[:30]
    return predicate[:30]


def _indicator_terms(ind: Indicator) -> list[str]:
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


def _link_indicators(text: str, indicators: list[Indicator]) -> tuple[list[int], list[str]]:
    ids: list[int] = []
    words: list[str] = []
    for ind in indicators:
        for term in _indicator_terms(ind):
            if term in text:
                ids.append(ind["id"])
                words.append(term)
                break
    return ids, words


def analyse(
    text: str,
    *,
    units: list[Unit],
    indicators: list[Indicator],
    meeting_date: date,
    meeting_title: str = "",
    calendar: WorkCalendar | None = None,
    known_digests: dict[str, str] | None = None,
) -> Analysis:
    """Draft items from a speech. Relative dates count from the meeting day; nothing is saved."""
    cal = calendar or WorkCalendar()
    body = clean_text(text)
    digest = digest_of(body)
    warnings: list[str] = []
    if known_digests and digest in known_digests:
        warnings.append(f"这篇讲话已经导入过（会议：{known_digests[digest]}），再次导入会产生重复事项")
    drafts: list[Draft] = []
    milestones: list[MilestoneHint] = []
    section = ""
    for p_index, paragraph in enumerate(p.strip() for p in body.split("\n")):
        if not paragraph:
            continue
        heading = _section_heading(paragraph)
        if heading:
            section = heading
            continue
        previous: Draft | None = None
        for sentence in _sentences(paragraph):
            sentence_text = sentence.rstrip("。；;！!？?")
            for word in MILESTONE_WORDS:
                if word in sentence_text:
                    due, phrase, _ = _find_due(sentence_text, meeting_date, cal)
                    if due and not any(m.name == word and m.date == due for m in milestones):
                        milestones.append(MilestoneHint(word, due, phrase, sentence))
                    break
            split = _split_subject(sentence_text)
            if split is None:
                ordinal = re.match(r"^[一二三四五六七八九十]+要(.+)$", sentence_text)
                carried = re.match(r"^要(.+)$", sentence_text)
                if ordinal:  # "二要抓好健康领域": a heading inside a paragraph
                    section = ordinal.group(1)[:20]
                elif carried and previous is not None:
                    # "……；要抓好婚前医学检查……": the previous subject carries on in the same paragraph.
                    draft = _draft(
                        len(drafts) + 1,
                        p_index,
                        sentence,
                        previous.subject,
                        carried.group(1),
                        section,
                        units,
                        indicators,
                        meeting_date,
                        cal,
                    )
                    draft.carried = True
                    drafts.append(draft)
                continue
            _, subject, predicate, verb = split
            if not predicate:
                continue
            draft = _draft(
                len(drafts) + 1,
                p_index,
                sentence,
                subject,
                predicate,
                section,
                units,
                indicators,
                meeting_date,
                cal,
                led=verb == "牵头",
            )
            if not draft.units and not draft.collective:
                continue  # "我们要……", "大家要……": not an assignment
            drafts.append(draft)
            previous = draft
    _default_deadlines(drafts, milestones, meeting_date)
    return Analysis(meeting_title, meeting_date.isoformat(), digest, drafts, milestones, warnings)


def _unit_matches(names: list[str], units: list[Unit]) -> list[UnitMatch]:
    matches: list[UnitMatch] = []
    for name in names:
        if name in GROUP_ORGANISATIONS or name.startswith("各群"):
            matches.extend(UnitMatch(name, u["id"], u["name"]) for u in units if u["kind"] == "organisation")
        else:
            matches.append(match_unit(name, units))
    seen: set[int] = set()
    unique = []
    for m in matches:
        if m.unit_id is None or m.unit_id not in seen:
            unique.append(m)
            if m.unit_id is not None:
                seen.add(m.unit_id)
    return unique


def _names_in(text: str) -> list[str]:
    return [_clean_name(p) for p in SEPARATORS.split(text) if p and p.strip() and _clean_name(p)]


def _named_units(text: str, units: list[Unit]) -> list[str] | None:
    """The names in `text` when every one of them is a known unit, else None (it was not a list of units)."""
    names = _names_in(text)
    if names and all(match_unit(n, units).unit_id is not None for n in names):
        return names
    return None


def _draft(
    index: int,
    paragraph: int,
    sentence: str,
    subject: str,
    predicate: str,
    section: str,
    units: list[Unit],
    indicators: list[Indicator],
    meeting_date: date,
    cal: WorkCalendar,
    *,
    led: bool = False,
) -> Draft:
    collective, names = _subject_names(subject)
    if collective == "organisations":  # "各群团组织要……": each organisation, the first named leading
        collective, names = "", ["各群团组织", *names]
    # "由统计局牵头，卫健委、教育局配合，……" and "人社局要会同总工会开展……": partners named in the predicate.
    m = _PARTNERS_AFTER_LEAD.match(predicate) if led else None
    if m and (found := _named_units(m.group(1), units)):
        names += found
        predicate = predicate[m.end() :]
    m = _COOPERATE.match(predicate)
    if m and (found := _named_units(m.group(1), units)):
        names += found
        predicate = predicate[m.end() :].lstrip("，, ")
    matches = _unit_matches(names, units)
    requirement = predicate.strip("，,；; ")
    due, phrase, note = _find_due(sentence, meeting_date, cal)
    ind_ids, words = _link_indicators(sentence, indicators)
    return Draft(
        index=index,
        paragraph=paragraph + 1,
        source=sentence,
        requirement=requirement[:5000],
        title=_title_of(requirement)[:TITLE_MAX],
        section=section,
        subject=subject,
        collective=collective,
        units=matches,
        due=due,
        due_phrase=phrase,
        due_note=note,
        indicator_ids=ind_ids,
        indicator_words=words,
    )


def _default_deadlines(drafts: list[Draft], milestones: list[MilestoneHint], meeting_date: date) -> None:
    """A draft without a date gets the first milestone after the meeting, else the year end — and says so."""
    later = sorted((m for m in milestones if m.date > meeting_date.isoformat()), key=lambda m: m.date)
    for d in drafts:
        if d.due:
            continue
        if later:
            d.due = later[0].date
            d.due_note = f"讲话未提期限，暂定为{later[0].name}（{format_cn(later[0].date)}）"
        else:
            d.due = date(meeting_date.year, 12, 31).isoformat()
            d.due_note = "讲话未提期限，暂定为年底"


def merge(drafts: list[Draft], first: int, second: int) -> list[Draft]:
    """Join draft `second` into `first` (requirements joined, units united); returns the new list."""
    a = next(d for d in drafts if d.index == first)
    b = next(d for d in drafts if d.index == second)
    a.requirement = f"{a.requirement}；{b.requirement}"
    a.source = f"{a.source}{b.source}"
    known = {m.text for m in a.units}
    a.units.extend(m for m in b.units if m.text not in known)
    a.indicator_ids = list(dict.fromkeys(a.indicator_ids + b.indicator_ids))
    a.indicator_words = list(dict.fromkeys(a.indicator_words + b.indicator_words))
    if b.due and (not a.due or b.due < a.due):
        a.due, a.due_phrase, a.due_note = b.due, b.due_phrase, b.due_note
    return [d for d in drafts if d.index != second]


def accept_drafts(
    repo: Any,
    analysis: Analysis,
    *,
    meeting_title: str,
    meeting_date: str,
    meeting_kind: str = "部署会",
    source_text: str = "",
) -> dict[str, Any]:
    """Save the meeting and every ready draft as items, in one transaction (one undo step)."""
    chosen = [d for d in analysis.drafts if d.ready]
    if not chosen:
        raise SupervisorError("没有可以导入的草稿（每条都需要识别出单位和期限）")
    label = f"导入讲话：{meeting_title[:20]}（{len(chosen)}项）"
    numbers: list[str] = []
    with repo.transaction(label, "import-speech"):
        meeting = repo.add_meeting(meeting_title, meeting_date, kind=meeting_kind, source_text=source_text)
        for d in chosen:
            lead = d.lead
            item = repo.add_item(
                d.title or d.requirement[:30],
                lead,
                d.due,
                partners=d.partners,
                meeting=meeting["id"],
                indicators=d.indicator_ids,
                requirement=d.requirement,
                assigned_on=meeting["date"],
                note=f"据讲话：{d.source[:200]}",
            )
            numbers.append(item["number"])
        for hint in analysis.milestones:
            if not any(m["name"] == hint.name and m["date"] == hint.date for m in repo.milestones()):
                repo.add_milestone(hint.name, hint.date)
    skipped = [d.index for d in analysis.drafts if not d.ready]
    return {"meeting_id": meeting["id"], "items": numbers, "skipped": skipped, "label": label}


def known_digests(repo: Any) -> dict[str, str]:
    """Fingerprints of speeches already stored with meetings, to warn before a second import."""
    out: dict[str, str] = {}
    for m in repo.meetings():
        if m["source_text"]:
            out[digest_of(clean_text(m["source_text"]))] = m["title"]
    return out


def read_text_file(raw: bytes) -> str:
    """A .txt as saved by Notepad or WPS: UTF-8 (with or without BOM), else GB18030."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError("file", "无法识别文件编码，请另存为 UTF-8 文本")

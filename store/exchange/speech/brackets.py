"""Responsibility written after a task, the usual form of 工作方案 and 分工方案 in paragraphs.

"…，2026年6月底前完成整治。（县生态环境分局牵头，县发改局、县市场监管局配合）" — the bracket belongs to the
task before it. The same words come as separate lines ("牵头单位：县发改局" / "配合单位：…" / "完成时限：…")
or as a bracket after a group of sub-items ("（责任单位：县应急管理局、各乡镇）").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

OPENERS = {"（": "）", "(": ")", "〔": "〕", "【": "】", "[": "]"}
_LABEL = re.compile(
    r"(牵头单位|牵头部门|主责单位|主办单位|责任单位|责任部门|承办单位|配合单位|配合部门|协办单位|协助单位|参与单位|"
    r"完成时限|时间节点|完成时间|时限要求|完成期限|时限)\s*[：:]\s*"
)
_LEAD_LABELS = ("牵头单位", "牵头部门", "主责单位", "主办单位")
_RESPONSIBLE_LABELS = ("责任单位", "责任部门", "承办单位")
_PARTNER_LABELS = ("配合单位", "配合部门", "协办单位", "协助单位", "参与单位")
_MARKERS = re.compile(r"牵头|配合|参与|协助|协办|负责|责任单位|责任部门|牵头单位|完成时限|时间节点")
_LEAD_END = re.compile(r"^(.+?)(?:牵头(?:督导|负责|实施|落实)?|主责|负总责)$")
_PARTNER_END = re.compile(r"^(.+?)(?:等(?:单位|部门))?(?:密切|积极|共同)?(?:配合|参与|协助|协办|支持)(?:实施|落实)?$")
_DUTY_END = re.compile(r"^(.+?)(?:具体)?负责(?:落实|实施|推进)?$")
_NOT_DUTY = re.compile(r"^(?:以下|下同|简称|含|包括|不含|详见|见附件)")


@dataclass
class Responsibility:
    """Who leads, who helps, and by when, as written in a bracket or in label lines."""

    leads: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    due: str = ""
    text: str = ""

    @property
    def empty(self) -> bool:
        return not (self.leads or self.partners or self.due)


def top_brackets(text: str) -> list[tuple[int, int]]:
    """(start, end) of each top-level bracket pair, nested brackets included in their parent."""
    out: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    for index, ch in enumerate(text):
        if ch in OPENERS:
            stack.append((OPENERS[ch], index))
        elif stack and ch == stack[-1][0]:
            _, start = stack.pop()
            if not stack:
                out.append((start, index + 1))
    return out


def is_label_line(line: str) -> bool:
    return bool(_LABEL.match(line.strip()))


def parse_labels(text: str) -> Responsibility:
    """ "牵头单位：县发改局；配合单位：县财政局、县自然资源局；完成时限：2026年12月底前" in any order."""
    found = Responsibility(text=text)
    pieces = list(_LABEL.finditer(text))
    for index, m in enumerate(pieces):
        end = pieces[index + 1].start() if index + 1 < len(pieces) else len(text)
        value = text[m.end() : end].strip(" 　；;，,。\t")
        label = m.group(1)
        if label in _LEAD_LABELS:
            found.leads.append(value)
        elif label in _RESPONSIBLE_LABELS:
            (found.partners if any(p.group(1) in _LEAD_LABELS for p in pieces) else found.leads).append(value)
        elif label in _PARTNER_LABELS:
            found.partners.append(value)
        else:
            found.due = value
    return found


def parse_bracket(content: str, is_deadline: Callable[[str], bool]) -> Responsibility:
    """The responsibility in a bracket's content, or an empty one when the bracket says something else.

    `is_deadline` decides whether a piece is a deadline ("2026年底前完成", "长期坚持").
    """
    inner = content.strip()
    if _LABEL.search(inner):
        return parse_labels(inner)
    found = Responsibility(text=content)
    if not _MARKERS.search(inner) and not is_deadline(inner):
        return found
    for piece in re.split(r"[，,；;。]", inner):
        piece = piece.strip()
        if not piece or _NOT_DUTY.match(piece):
            continue
        if m := _LEAD_END.match(piece):
            found.leads.append(m.group(1))
        elif m := _PARTNER_END.match(piece):
            found.partners.append(m.group(1))
        elif m := _DUTY_END.match(piece):
            (found.partners if found.leads else found.leads).append(m.group(1))
        elif is_deadline(piece) and not found.due:
            found.due = piece
    return found

"""One parser per enumerated field: the only place where a typed word becomes the code a record stores.

The command line, every TUI form, the importers and the repository commands call `Choice.parse`; help texts
and forms list `Choice.words()`; outputs print `Choice.label(code)`. A code, its Chinese label and its aliases
are all accepted, after NFKC (full-width ＞＝ is >=, ＡＬＬ is ALL) and trimming; English codes in any case.
The labels are the model's dicts (and the verdict rules' tuples), so each field has one source of words.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field

from store.errors import ValidationError
from store.records.model import (
    DIRECTIONS,
    EVIDENCE_CATEGORIES,
    EVIDENCE_STATUSES,
    LIGHT_LABELS,
    MODES,
    READING_STATUSES,
    ROLE_LABELS,
    STATUS_LABELS,
    UNIT_KINDS,
)
from store.rules.verdicts import DENOMINATORS, NO_DATA_REASONS, VERDICTS


def _key(text: object) -> str:
    return unicodedata.normalize("NFKC", "" if text is None else str(text)).strip()


@dataclass(frozen=True)
class Choice:
    """An enumerated field: its name, its Chinese label, the codes in order with their Chinese labels, and the
    other words people use for a code (aliases)."""

    field: str
    title: str
    labels: Mapping[str, str]
    aliases: Mapping[str, tuple[str, ...]] = dataclass_field(default_factory=dict)
    _lookup: dict[str, str] = dataclass_field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        lookup: dict[str, str] = {}
        for code, label in self.labels.items():
            for word in (code, label, *self.aliases.get(code, ())):
                key = _key(word)
                if lookup.setdefault(key, code) != code:
                    raise ValueError(f"{self.field}: 「{word}」 names both {lookup[key]} and {code}")
                lookup.setdefault(key.casefold(), code)
        unknown = set(self.aliases) - set(self.labels)
        if unknown:
            raise ValueError(f"{self.field}: aliases for unknown codes {sorted(unknown)}")
        object.__setattr__(self, "_lookup", lookup)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self.labels)

    def words(self) -> tuple[str, ...]:
        """The Chinese words in order, for help texts, form labels and dropdowns."""
        return tuple(self.labels.values())

    def listed(self) -> str:
        """The words joined for a sentence: 部门、乡镇、群团组织."""
        return "、".join(self.words())

    def label(self, code: str) -> str:
        """The Chinese label of a stored code (an unknown code is shown as it is)."""
        return self.labels.get(code, code)

    def find(self, text: object) -> str | None:
        """The code a word names, or None."""
        key = _key(text)
        return self._lookup.get(key) or self._lookup.get(key.casefold())

    def refusal(self, text: object) -> str:
        """The one-line message for a word that names no code."""
        shown = _key(text)
        if not shown:
            return f"请填写{self.title}，应为：{self.listed()}"
        return f"{self.title}「{shown}」无效，应为：{self.listed()}"

    def parse(self, text: object, *, optional: bool = False) -> str:
        """The code for a code, a Chinese label or an alias; "" for an empty optional value; else ValidationError."""
        if optional and not _key(text):
            return ""
        code = self.find(text)
        if code is None:
            raise ValidationError(self.field, self.refusal(text))
        return code

    def variant(self, field: str, title: str, more: Mapping[str, tuple[str, ...]] | None = None) -> Choice:
        """The same codes for another field (its own title in messages), with a few more words of its own."""
        extra = more or {}
        aliases = {code: (*self.aliases.get(code, ()), *extra.get(code, ())) for code in self.labels}
        return replace(self, field=field, title=title, aliases=aliases)

    def is_yes(self, text: object, *, empty: bool | None = None) -> bool:
        """For a yes/no choice: True for a yes word, False for a no word; an empty value is `empty` when given;
        a bool passes through (JSON and Excel cells). Anything else is a ValidationError."""
        if isinstance(text, bool):
            return text
        if empty is not None and not _key(text):
            return empty
        return self.parse(text) == "yes"


def _same(words: tuple[str, ...]) -> dict[str, str]:
    """Labels for a field whose stored codes are already Chinese words."""
    return {w: w for w in words}


DIRECTION = Choice(
    "direction",
    "方向",
    DIRECTIONS,
    {">=": ("≧", "不低于"), "<=": ("≦", "不高于"), "rising": ("提高",), "falling": ("下降",)},
)
MODE = Choice("mode", "统计方式", MODES)
ROLE = Choice("role", "角色", ROLE_LABELS, {"lead": ("牵头单位",), "partner": ("配合单位",)})
STATUS = Choice("status", "状态", STATUS_LABELS, {"done": ("已办结",)})
STATUS_FILTER = Choice(
    "status",
    "状态",
    {**STATUS.labels, "overdue": "逾期", "done_late": "逾期办结"},
    {**STATUS.aliases, "overdue": ("逾期未办结",)},
)
"""Statuses as a list filter: the stored ones plus 逾期 (open past its deadline) and 逾期办结 (done late)."""
LIGHT = Choice("light", "灯色", LIGHT_LABELS, {code: (f"{label}灯",) for code, label in LIGHT_LABELS.items()})
UNIT_KIND = Choice("kind", "单位类别", UNIT_KINDS, {"organisation": ("群团",)})
READING_STATUS = Choice("status", "报送状态", _same(READING_STATUSES))
EVIDENCE_CATEGORY = Choice("category", "类别", _same(EVIDENCE_CATEGORIES))
EVIDENCE_STATUS = Choice("status", "状态", _same(EVIDENCE_STATUSES))
PUBLICITY_KIND = Choice(
    "kind", "类型", {"activity": "活动", "survey": "调查"}, {"activity": ("宣传活动",), "survey": ("知晓率调查",)}
)
BASIS = Choice(
    "rate_basis",
    "达标率分母",
    DENOMINATORS,
    {"all": ("全部",), "numeric": ("有量化目标",), "with_data": ("有数据",)},
)
YES_NO = Choice(
    "yes_no",
    "是否",
    {"yes": "是", "no": "否"},
    {
        "yes": ("y", "true", "1", "on", "要", "对", "是的", "√", "✓"),
        "no": ("n", "false", "0", "off", "不要", "不", "不是", "×", "✗"),
    },
)
"""Every yes/no answer (forms, settings, spreadsheet cells): 是/否 and the words people type for them. A field
with its own words or title takes `YES_NO.variant(...)`."""
CHECKED_ONLY = YES_NO.variant("checked_only", "只计已审核数据", {"yes": ("only", "只计已审核"), "no": ("计入已报",)})
NOTICE_SCOPE = Choice(
    "scope",
    "通知范围",
    {"red-yellow": "红灯和黄灯事项", "open": "全部未办结事项"},
    {"red-yellow": ("红黄", "红黄灯", "红灯和黄灯", "红黄灯事项"), "open": ("全部", "全部未办结", "未办结")},
)
"""Which shares a 督办通知 (and a 催办消息) lists: red and yellow ones (the default) or every open one."""
LIST_SORT = Choice(
    "sort",
    "排序",
    {"light": "灯色", "urgency": "紧迫度", "due": "期限", "number": "编号"},
    {"light": ("按灯色",), "urgency": ("按紧迫度", "紧迫"), "due": ("按期限",), "number": ("按编号",)},
)
BOARD_BY = Choice(
    "by",
    "分组方式",
    {"unit": "单位", "due": "期限", "meeting": "会议", "indicator": "指标"},
    {"unit": ("按单位", "成员单位"), "due": ("按期限",), "meeting": ("按会议",), "indicator": ("按指标",)},
)
VERDICTS_BY = Choice(
    "by",
    "汇总方式",
    {"plan": "规划", "domain": "领域", "unit": "牵头单位"},
    {"plan": ("按规划",), "domain": ("按领域",), "unit": ("单位", "按单位", "按牵头单位")},
)
VERDICT = Choice("verdict", "评判", _same(VERDICTS))
NO_DATA_REASON = Choice("no_data_reason", "无数据原因", _same(NO_DATA_REASONS))

ALL: tuple[Choice, ...] = (
    DIRECTION,
    MODE,
    ROLE,
    STATUS,
    STATUS_FILTER,
    LIGHT,
    UNIT_KIND,
    READING_STATUS,
    EVIDENCE_CATEGORY,
    EVIDENCE_STATUS,
    PUBLICITY_KIND,
    BASIS,
    VERDICT,
    NO_DATA_REASON,
    YES_NO,
    CHECKED_ONLY,
    NOTICE_SCOPE,
    LIST_SORT,
    BOARD_BY,
    VERDICTS_BY,
)
"""Every enumerated field, for tests and for anyone who needs to list them."""

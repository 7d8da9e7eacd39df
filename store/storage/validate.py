"""Every record against its shape: the TypedDicts of store.records.model are the field table.

`supervisor check` and the full-database JSON import run this, so a record without its `title` (which makes
`list` fail) or a counter that is not a number is reported by name instead of crashing a command later. The
check walks the type hints (str, int, float, bool, None, Literal, list, dict and nested records); fields added
after a record was written are marked NotRequired in the model.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from typing import Any, Literal, NotRequired, Union, get_args, get_origin, get_type_hints, is_typeddict

from store.records import model
from store.records.text import echo
from store.storage.schema import FIELD_LABELS, Data, Meta, field_label

RECORD_TYPES: dict[str, tuple[str, Any]] = {
    "meta": ("元数据", Meta),
    "settings": ("设置", model.Settings),
    "units": ("单位", model.Unit),
    "meetings": ("会议", model.Meeting),
    "items": ("事项", model.Item),
    "indicators": ("指标", model.Indicator),
    "dispatches": ("发文登记", model.Dispatch),
    "milestones": ("里程碑", model.Milestone),
    "plans": ("规划", model.Plan),
    "requests": ("数据报送", model.DataRequest),
    "evidence": ("迎检材料", model.Evidence),
    "publicity": ("宣传活动", model.Publicity),
}
PARTIAL = frozenset({"settings"})  # stored settings may leave fields out: the defaults fill them in
LIMIT = 50  # problems listed at most (the rest are counted)


@cache
def _fields(cls: Any) -> dict[str, tuple[Any, bool]]:
    """A record type's fields: name → (type, required)."""
    hints = get_type_hints(cls, include_extras=True)
    fields: dict[str, tuple[Any, bool]] = {}
    for name, hint in hints.items():
        if get_origin(hint) is NotRequired:
            fields[name] = (get_args(hint)[0], False)
        else:
            fields[name] = (hint, True)
    return fields


Check = Callable[[Any], bool]


@cache
def _fast(hint: Any) -> Check:
    """A yes/no check of a whole value compiled once per type: records that pass (nearly all) cost little, and
    only the ones that fail are walked again for the words (10k items: 11 s walked, about 1 s checked)."""
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        arms = tuple(_fast(a) for a in get_args(hint))
        return lambda v: any(arm(v) for arm in arms)
    if hint is type(None) or hint is None:
        return lambda v: v is None
    if hint in (bool, int, str):
        exact: type = hint
        return lambda v: type(v) is exact
    if hint is float:
        return lambda v: type(v) is int or type(v) is float
    if origin is Literal:
        allowed = frozenset(get_args(hint))
        return lambda v: isinstance(v, str | int) and v in allowed
    if origin is list:
        element = _fast((get_args(hint) or (Any,))[0])
        return lambda v: type(v) is list and all(map(element, v))
    if origin is dict:
        value = _fast((get_args(hint) or (str, Any))[1])
        return lambda v: type(v) is dict and all(map(value, v.values()))
    if is_typeddict(hint):
        return _fast_record(hint, partial=False)
    return lambda v: True


@cache
def _fast_record(cls: Any, *, partial: bool) -> Check:
    fields = [(name, _fast(hint)) for name, (hint, _) in _fields(cls).items() if name != "id"]
    required = frozenset() if partial else frozenset(n for n, (_, req) in _fields(cls).items() if req and n != "id")

    def check(v: Any) -> bool:
        return type(v) is dict and required <= v.keys() and all(f(v[n]) for n, f in fields if n in v)

    return check


def _type_name(hint: Any) -> str:
    origin = get_origin(hint)
    if hint is str:
        return "文字"
    if hint is int:
        return "整数"
    if hint is float:
        return "数字"
    if hint is bool:
        return "是/否（true/false）"
    if origin is list:
        return "列表"
    if origin is dict or is_typeddict(hint):
        return "对象"
    if origin is Literal:
        return (
            "、".join(f"{code}（{CODE_LABELS[code]}）" if code in CODE_LABELS else str(code) for code in get_args(hint))
            + "之一"
        )
    return str(hint)


def _field(name: str) -> str:
    return field_label(name) if name in FIELD_LABELS else f" {name} "


CODE_LABELS: dict[str, str] = {**model.ROLE_LABELS, **model.STATUS_LABELS}
"""What the codes stored for a share's role and status mean, so that a message about a hand edit can say it."""


def _matches(value: Any, hint: Any) -> bool:
    """Does the value have the hinted type at this level (nested levels are walked separately)?"""
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        return any(_matches(value, arm) for arm in get_args(hint))
    if hint is type(None) or hint is None:
        return value is None
    if hint is Any:
        return True
    if hint is bool:
        return type(value) is bool
    if hint is int:
        return type(value) is int
    if hint is float:
        return type(value) in (int, float)
    if hint is str:
        return type(value) is str
    if origin is Literal:
        return value in get_args(hint)
    if origin is list:
        return type(value) is list
    if origin is dict or is_typeddict(hint):
        return type(value) is dict
    return True


def _walk(value: Any, hint: Any, where: str) -> Iterator[str]:
    if not _matches(value, hint):
        shown = repr(value)
        shown = shown if len(shown) <= 30 else shown[:29] + "…"
        code = (
            next((c for c in get_args(hint) if CODE_LABELS.get(c) in (value, str(value).removeprefix("已"))), None)
            if get_origin(hint) is Literal
            else None
        )
        yield f"{where}应为{_type_name(hint)}，现为 {shown}" + (f"（「{value}」要写成 {code}）" if code else "")
        return
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        arm = next(a for a in get_args(hint) if _matches(value, a))
        yield from _walk(value, arm, where)
    elif origin is list:
        (inner,) = get_args(hint) or (Any,)
        for index, element in enumerate(value):
            yield from _walk(element, inner, f"{where}第{index + 1}项")
    elif origin is dict:
        _, inner = get_args(hint) or (str, Any)
        for key, element in value.items():
            yield from _walk(element, inner, f"{where}[{echo(key)}]")
    elif is_typeddict(hint):
        yield from _record(value, hint, where, partial=False)


def _record(doc: dict[str, Any], cls: Any, where: str, *, partial: bool) -> Iterator[str]:
    for name, (hint, required) in _fields(cls).items():
        if name == "id":
            continue
        if name not in doc:
            if required and not partial:
                yield f"{where}缺少{field_label(name) if name in FIELD_LABELS else f'字段 {name}'}"
            continue
        yield from _walk(doc[name], hint, f"{where}的{_field(name)}")


def record_problems(data: Data) -> tuple[list[str], int]:
    """Every field of every record that breaks the model (the first LIMIT in words), and how many there are."""
    problems: list[str] = []
    count = 0
    for table, (label, cls) in RECORD_TYPES.items():
        records = data.get(table)
        if not isinstance(records, Mapping):  # a lazily decoded table (store.storage.lines) is a Mapping
            continue
        valid = _fast_record(cls, partial=table in PARTIAL)
        for key, doc in records.items():
            if valid(doc):
                continue
            name = doc.get("number") or doc.get("name") or doc.get("title") if isinstance(doc, dict) else None
            where = f"{label}记录{key}" + (f"（{echo(name, 20)}）" if isinstance(name, str | int) else "")
            if not isinstance(doc, dict):
                found = [f"{where}不是对象"]
            else:
                found = list(_record(doc, cls, where, partial=table in PARTIAL))
            count += len(found)
            problems.extend(found[: max(LIMIT - len(problems), 0)])
    return problems, count


__all__ = ["RECORD_TYPES", "record_problems"]

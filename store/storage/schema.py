"""The shape of the database file, its version, and the migration step for every version change."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any, TypedDict, cast

from store.records.measures import default_decimals
from store.records.model import DEFAULT_SETTINGS, TABLES
from store.records.model import SCHEMA_VERSION as SCHEMA_VERSION  # the version belongs to the file's shape
from store.records.text import echo

Data = dict[str, Any]
"""A whole database as parsed: table name → record id (a digit string) → record."""


class Meta(TypedDict):
    """The one record of table `meta`: the file's version and the counters that keep numbers from being reused."""

    schema_version: int
    history_seq: int
    next_id: dict[str, int]
    item_seq: dict[str, int]
    dispatch_seq: dict[str, int]


COUNTERS = ("next_id", "item_seq", "dispatch_seq")
"""meta's counters: numbers once given are never given again, even after an undo or a restore."""


def _v1_to_v2(data: Data) -> Data:
    """Monitoring (issue 6): readings become observations, indicators get their 口径 card, plans carry periods.

    A v1 qualitative judgement (已达标/未达标) becomes a recorded override, so no verdict is lost.
    """
    plans: dict[str, dict[str, int]] = {}
    for ind in data.get("indicators", {}).values():
        ind.setdefault("code", "")
        ind.setdefault("midterm_target", None)
        ind.setdefault("source", "")
        ind.setdefault("definition", "")
        ind.setdefault("period_start_month", 1)
        ind.setdefault("reported_up", False)
        ind.setdefault("mode", "level")
        for r in ind.get("readings", []):
            judgement = r.pop("judgement", "")
            has_value = r.get("value") is not None
            r.setdefault("no_data_reason", "" if has_value else "待核实")
            r.setdefault("numerator", None)
            r.setdefault("denominator", None)
            r.setdefault("caliber_changed", False)
            r.setdefault("submitted_by", "")
            r.setdefault("submitted_on", "")
            r.setdefault("checked_by", "")
            r.setdefault("status", "已报" if has_value else "未报")
            verdict = {"已达标": "达标", "未达标": "未达标"}.get(judgement)
            r.setdefault(
                "override",
                {"verdict": verdict, "reason": "旧版本中的人工评判", "by": "", "at": ""} if verdict else None,
            )
        period = plans.setdefault(ind.get("plan", ""), {"start": 9999, "end": 0})
        period["start"] = min(period["start"], int(ind.get("baseline_year") or 2020) + 1)
        period["end"] = max(period["end"], int(ind.get("target_year") or 2030))
    data["plans"] = {}
    for index, (key, period) in enumerate(sorted(plans.items()), start=1):
        start, end = period["start"], period["end"]
        data["plans"][str(index)] = {
            "key": key,
            "name": f"{key}发展规划（{start}—{end}年）",
            "start_year": start,
            "end_year": end,
            "midterm_year": start + (end - start) // 2,
        }
    for table in ("requests", "evidence", "publicity"):
        data.setdefault(table, {})
    settings = data.get("settings", {}).get("1")
    if isinstance(settings, dict):
        settings.setdefault("rate_basis", "all")
        settings.setdefault("jump_threshold", 20)
    return data


def _v2_to_v3(data: Data) -> Data:
    """Receipts and carry-over (issue 13): a table of 回执 per dispatched notice, and the meetings an item was
    carried through. Notices issued before the upgrade have no receipt record; `receipt record` makes one."""
    data.setdefault("receipts", {})
    for item in data.get("items", {}).values():
        item.setdefault("carries", [])
    return data


def _v3_to_v4(data: Data) -> Data:
    """Mid-term evaluation (issue 16): an indicator's values print with its own decimals, and a plan lists all its
    领域 (those of its indicators, in their order, until the office adds the others)."""
    domains: dict[str, list[str]] = {}
    for ind in sorted(data.get("indicators", {}).values(), key=lambda i: (str(i.get("code", "")), str(i.get("name")))):
        ind.setdefault("decimals", default_decimals(str(ind.get("measure") or "")))
        listed = domains.setdefault(str(ind.get("plan", "")), [])
        if ind.get("domain") and ind["domain"] not in listed:
            listed.append(ind["domain"])
    for plan in data.get("plans", {}).values():
        plan.setdefault("domains", domains.get(str(plan.get("key", "")), []))
    return data


# version N -> function that turns a version-N file into version N+1. Add one for every schema change.
MIGRATIONS: dict[int, Callable[[Data], Data]] = {1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4}


def empty_data() -> Data:
    """A new database: the tables, the version and the counters that keep numbers from being reused."""
    data: Data = {name: {} for name in TABLES}
    data["meta"]["1"] = new_meta()
    data["settings"]["1"] = dict(DEFAULT_SETTINGS)
    return data


def new_meta() -> Meta:
    return {"schema_version": SCHEMA_VERSION, "history_seq": 0, "next_id": {}, "item_seq": {}, "dispatch_seq": {}}


def meta_of(data: Data) -> Meta:
    return cast(Meta, data["meta"]["1"])


def shape_problems(data: object) -> list[str]:
    """What makes this parsed file unusable as a database, in Chinese; empty when it is fine."""
    if not isinstance(data, dict):
        return ["文件最外层不是一个 JSON 对象"]
    problems: list[str] = []
    meta = data.get("meta")
    if not isinstance(meta, dict) or not isinstance(meta.get("1"), dict):
        return ["缺少 meta 表（schema_version），这不是督办台的数据库文件"]
    version = meta["1"].get("schema_version")
    if not isinstance(version, int):
        return ["meta 表中的 schema_version 不是整数"]
    if version > SCHEMA_VERSION:
        return [f"文件的数据格式版本为{version}，比本程序支持的{SCHEMA_VERSION}新，请升级督办台"]
    for name, table in data.items():
        if not isinstance(table, dict):
            problems.append(f"表 {echo(name)} 不是 JSON 对象")
            continue
        if not all(key.isdigit() for key in table):
            problems.append(f"表 {echo(name)} 中有记录编号不是数字")
        if not all(type(doc) is dict for doc in table.values()):
            problems.append(f"表 {echo(name)} 中有记录不是 JSON 对象")
    if version < SCHEMA_VERSION and any(v not in MIGRATIONS for v in range(version, SCHEMA_VERSION)):
        return [f"文件的数据格式版本为{version}，本程序无法升级它"]
    items = data.get("items")
    if isinstance(items, dict) and not all(
        type(doc) is dict and type(doc.get("number")) is str and type(doc.get("assignments")) is list
        for doc in items.values()
    ):
        problems.append("有事项记录缺少编号或承办单位列表")
    elif isinstance(items, dict) and (missing := _share_missing(items, data.get("units"))):
        problems.append(missing)
    return problems


FIELD_LABELS: dict[str, str] = {
    "title": "标题",
    "number": "编号",
    "name": "名称",
    "assignments": "承办记录",
    "unit_id": "承办单位",
    "role": "承办角色",
    "status": "办理状态",
    "due": "期限",
    "assigned_on": "交办日期",
    "acknowledged_on": "签收日期",
    "done_on": "办结日期",
    "closed_on": "销号日期",
    "progress": "进展",
    "text": "内容",
    "date": "日期",
    "meeting_id": "会议",
}
"""The fields a secretary edits by hand, named in words (the stored name follows in messages, to find it in the
file): the one table behind the shape, date and model checks' messages."""


def field_label(name: str) -> str:
    """办理状态（status）; a field without words keeps its stored name."""
    return f"{FIELD_LABELS[name]}（{name}）" if name in FIELD_LABELS else name


SHARE_NEEDS = (("unit_id", int), ("status", str), ("due", str))


def _share_missing(items: dict[str, Any], units: object) -> str:
    """The first share without its unit, status or deadline, named by item, place and unit: every list reads them."""
    names = units if isinstance(units, dict) else {}
    for doc in items.values():
        for index, a in enumerate(doc["assignments"], start=1):
            if type(a) is not dict:
                return f"事项{echo(doc['number'])}的第{index}个承办记录不是 JSON 对象"
            unit = names.get(str(a.get("unit_id")))
            name = f"（{echo(unit.get('name', ''))}）" if isinstance(unit, dict) and unit.get("name") else ""
            for field, kind in SHARE_NEEDS:
                if type(a.get(field)) is not kind:
                    return f"事项{echo(doc['number'])}的第{index}个承办记录{name}缺少{field_label(field)}"
    return ""


SHARE_DATES = ("due", "assigned_on", "done_on", "acknowledged_on", "closed_on")
"""A share's dates: the deadline always, the others when set."""


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _is_date(value: object) -> bool:
    """A date as the store writes it (2026-03-31): date.fromisoformat alone also takes 20260331 and 2026-W13-2,
    which the rules then compare as text and misjudge."""
    if not isinstance(value, str) or not _ISO_DAY.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def share_date_problems(number: str, share: dict[str, Any]) -> Iterator[str]:
    """A share's dates that no calendar has (2026-02-30, 明天), named for the person who mends them."""
    for field in SHARE_DATES:
        value = share.get(field)
        if (field == "due" or value not in (None, "")) and not _is_date(value):
            yield _not_a_date(f"事项{number}的{FIELD_LABELS[field]}", value)
    extensions = share.get("extensions")
    for ext in extensions if isinstance(extensions, list) else []:
        if isinstance(ext, dict) and ext.get("decision") == "approved" and not _is_date(ext.get("new_due")):
            yield _not_a_date(f"事项{number}批准延期后的期限", ext.get("new_due"))


def date_problems(data: Data) -> Iterator[str]:
    """The dates every list and board reads, broken by a hand edit: opening the file names the first one, so the
    person knows which record to mend, instead of every command failing on it. For a file that passed
    shape_problems."""
    for doc in data.get("items", {}).values():  # a table left out is added by the migration, after this
        number = echo(doc["number"])
        for share in doc["assignments"]:
            yield from share_date_problems(number, share)
    for table, label, field in (
        ("meetings", "会议", "date"),
        ("dispatches", "发文", "date"),
        ("requests", "数据报送", "due"),
        ("milestones", "里程碑", "date"),
        ("evidence", "迎检材料", "due"),
    ):
        for key, doc in data.get(table, {}).items():
            if doc.get(field) not in (None, "") and not _is_date(doc[field]):
                name = doc.get("title") or doc.get("name") or ""
                yield _not_a_date(f"{label}记录{key}（{echo(name)}）的日期", doc[field])


def _not_a_date(what: str, value: object) -> str:
    return f"{what}「{echo(value)}」不是有效日期（应写成 2026-03-31 这样的年-月-日）"


def migrate(data: Data) -> tuple[Data, list[int]]:
    """Bring an older file up to SCHEMA_VERSION; returns the versions it passed through."""
    steps: list[int] = []
    version = meta_of(data)["schema_version"]
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise KeyError(version)
        data = step(data)
        steps.append(version)
        version += 1
        meta_of(data)["schema_version"] = version
    for name in TABLES:
        data.setdefault(name, {})
    return data, steps

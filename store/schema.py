"""The shape of the database file, its version, and the migration step for every version change."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .model import DEFAULT_SETTINGS, SCHEMA_VERSION, TABLES

Data = dict[str, Any]

# version N -> function that turns a version-N file into version N+1. Add one for every schema change.
MIGRATIONS: dict[int, Callable[[Data], Data]] = {}


def empty_data() -> Data:
    """A new database: the tables, the version and the counters that keep numbers from being reused."""
    data: Data = {name: {} for name in TABLES}
    data["meta"]["1"] = new_meta()
    data["settings"]["1"] = dict(DEFAULT_SETTINGS)
    return data


def new_meta() -> dict[str, Any]:
    return {"schema_version": SCHEMA_VERSION, "history_seq": 0, "next_id": {}, "item_seq": {}, "dispatch_seq": {}}


def meta_of(data: Data) -> dict[str, Any]:
    return data["meta"]["1"]


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
            problems.append(f"表 {name} 不是 JSON 对象")
            continue
        if not all(key.isdigit() for key in table):
            problems.append(f"表 {name} 中有记录编号不是数字")
        if not all(type(doc) is dict for doc in table.values()):
            problems.append(f"表 {name} 中有记录不是 JSON 对象")
    items = data.get("items")
    if isinstance(items, dict) and not all(
        type(doc) is dict and type(doc.get("number")) is str and type(doc.get("assignments")) is list
        for doc in items.values()
    ):
        problems.append("有事项记录缺少编号或承办单位列表")
    return problems


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

"""Queries and commands over the database. Every command is one transaction: one history entry, one
file write, one undo step — a batch of steps inside an outer transaction is still one.

Records handed out are copies with their `id`; commands never mutate a stored record in place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, cast

from tinydb.table import Document

from store.calendar import dates
from store.calendar.workdays import WorkCalendar
from store.commands.monitoring import MonitoringCommands
from store.errors import NotFoundError, RuleError, StorageError, ValidationError
from store.records.model import (
    COLLECTIVE_LABELS,
    DEFAULT_SETTINGS,
    DONE_STATUSES,
    INACTIVE_STATUSES,
    OPEN_STATUSES,
    SCHEMA_VERSION,
    STATUS_LABELS,
    UNIT_KINDS,
    Assignment,
    Dispatch,
    Event,
    Extension,
    Item,
    Meeting,
    Milestone,
    Progress,
    Reminder,
    Settings,
    Unit,
)
from store.records.text import NAME_MAX, TEXT_MAX, TITLE_MAX, require_text
from store.records.units import collective_of, initials_of, resolve_unit
from store.records.values import json_copy, require_year
from store.rules.lights import Policy, effective_due
from store.storage.database import Database, make_backup
from store.storage.history import Entry, stacks
from store.storage.schema import meta_of

Doc = dict[str, Any]


@dataclass
class _Tx:
    label: str
    command: str
    kind: str = "do"
    target: int | None = None
    changes: list[Doc] = field(default_factory=list)
    meta_before: Doc = field(default_factory=dict)


class Repository(MonitoringCommands):
    """The records of one database and the commands that change them."""

    def __init__(self, database: Database, *, today: date | None = None) -> None:
        self.database = database
        self.db = database.db
        self._today = today
        self._tx: _Tx | None = None
        self._cache: dict[str, Any] = {}
        self._epoch = 0  # bumped by every change: a cache built while a change happened is not kept

    @classmethod
    def open(cls, path: Path | str | None = None, *, readonly: bool = False, today: date | None = None) -> Repository:
        return cls(Database.open(path, readonly=readonly), today=today)

    def close(self) -> None:
        self.database.close()

    @property
    def readonly(self) -> bool:
        return self.database.readonly

    # ----------------------------------------------------------------- time and policy

    @property
    def today(self) -> date:
        return self._today or dates.today()

    def set_today(self, value: date | None) -> None:
        self._today = value

    def calendar(self) -> WorkCalendar:
        cal = self._cache.get("calendar")
        if cal is None:
            cal = self._cache["calendar"] = WorkCalendar(self.settings()["calendar"])
        return cal

    def policy(self) -> Policy:
        return Policy(self.today, self.calendar(), int(self.settings()["yellow_days"]))

    def parse_date(self, text: str, *, field: str = "due", base: date | None = None) -> dates.ParsedDate:
        return dates.parse_date(text, today=self.today, base=base, calendar_=self.calendar(), field=field)

    # ----------------------------------------------------------------- raw access

    def _raw(self, table: str) -> dict[str, Doc]:
        return self.database.data.get(table, {})

    def _all(self, table: str) -> list[Doc]:
        cached = self._cache.get(table)
        if cached is None:
            epoch = self._epoch
            cached = [{**doc, "id": int(key)} for key, doc in list(self._raw(table).items())]
            if epoch == self._epoch:  # the TUI reads in a worker thread while commands run on the main one
                self._cache[table] = cached
        return cached

    def _get(self, table: str, doc_id: int) -> Doc | None:
        doc = self._raw(table).get(str(doc_id))
        return None if doc is None else {**doc, "id": doc_id}

    def _meta(self) -> Doc:
        return meta_of(self.database.data)

    def _set_meta(self, **values: Any) -> None:
        meta = json_copy(self._meta())
        meta.update(values)
        self.db.table("meta").update(lambda d: (d.clear(), d.update(meta)), doc_ids=[1])

    def _next_id(self, table: str) -> int:
        counters = dict(self._meta()["next_id"])
        existing = max((int(k) for k in self._raw(table)), default=0)
        value = max(int(counters.get(table, 1)), existing + 1)
        counters[table] = value + 1
        self._set_meta(next_id=counters)
        return value

    def _put(self, table: str, doc_id: int, doc: Doc) -> None:
        """Insert or replace a record, remembering before and after for the history."""
        tx = self._require_tx()
        body = {k: v for k, v in doc.items() if k != "id"}
        after = json_copy(body)
        current = self._raw(table).get(str(doc_id))
        tbl = self.db.table(table)
        if current is None:
            tbl.insert(Document(after, doc_id=doc_id))
            before = None
        else:
            before = json_copy(current)
            tbl.update(lambda d: (d.clear(), d.update(after)), doc_ids=[doc_id])
        tx.changes.append({"table": table, "id": doc_id, "before": before, "after": after})
        self._invalidate(table)

    def _delete(self, table: str, doc_id: int) -> None:
        tx = self._require_tx()
        current = self._raw(table).get(str(doc_id))
        if current is None:
            return
        before = json_copy(current)
        self.db.table(table).remove(doc_ids=[doc_id])
        tx.changes.append({"table": table, "id": doc_id, "before": before, "after": None})
        self._invalidate(table)

    def _set_raw(self, table: str, doc_id: int, doc: Doc | None) -> None:
        if doc is None:
            self._delete(table, doc_id)
        else:
            self._put(table, doc_id, doc)

    def _invalidate(self, table: str) -> None:
        self._epoch += 1
        self._cache.pop(table, None)
        if table == "items":
            self._cache.pop("item_index", None)
        if table == "settings":
            self._cache.pop("calendar", None)

    # ----------------------------------------------------------------- transactions

    def _require_tx(self) -> _Tx:
        if self._tx is None:
            raise RuntimeError("changes must run inside Repository.transaction()")
        return self._tx

    @contextmanager
    def transaction(
        self, label: str, command: str = "", *, kind: str = "do", target: int | None = None
    ) -> Iterator[None]:
        """One user command: all its changes land in one write and one history entry, or none do."""
        if self._tx is not None:  # joined by an outer batch: its label names the undo step
            yield
            return
        if self.readonly:
            raise StorageError("数据库以只读方式打开（另一个督办台正在修改它），不能修改")
        tx = self._tx = _Tx(label, command or label, kind, target, meta_before=json_copy(self._meta()))
        try:
            with self.database.storage.batch():  # the rollback's own writes stay in memory too
                try:
                    yield
                    if tx.changes:
                        self._commit(tx)
                except BaseException:
                    self._rollback(tx)
                    raise
        finally:
            self._tx = None

    def _commit(self, tx: _Tx) -> None:
        committed = int(tx.meta_before["history_seq"])
        seq = committed + 1
        database = self.database
        if database.pending_migration is not None:
            # The first save of an older file: keep a copy of it and mark the upgrade as an undo barrier.
            make_backup(database.path, tag=f"v{database.pending_migration}")
            database.history.append(
                {
                    "seq": seq,
                    "kind": "migrate",
                    "changes": [],
                    "label": f"数据格式从版本{database.pending_migration}升级到{SCHEMA_VERSION}",
                }
            )
            seq += 1
        entry: Entry = {
            "seq": seq,
            "kind": tx.kind,
            "label": tx.label,
            "command": tx.command,
            "at": dates.now_stamp(),
            "changes": _merge(tx.changes),
        }
        if tx.target is not None:
            entry["target"] = tx.target
        self._set_meta(history_seq=seq)
        try:
            database.history.append(entry)
            database.storage.persist()
        except BaseException:
            database.history.truncate_after(committed)
            raise
        database.pending_migration = None

    def _rollback(self, tx: _Tx) -> None:
        """Put memory back as it was; the file was not written."""
        changes, tx.changes = tx.changes, []
        for change in reversed(changes):
            tbl = self.db.table(change["table"])
            before = change["before"]
            if before is None:
                tbl.remove(doc_ids=[change["id"]])
            elif str(change["id"]) in self._raw(change["table"]):
                tbl.update(lambda d, b=before: (d.clear(), d.update(b)), doc_ids=[change["id"]])
            else:
                tbl.insert(Document(before, doc_id=change["id"]))
            self._invalidate(change["table"])
        meta_before = tx.meta_before
        self.db.table("meta").update(lambda d: (d.clear(), d.update(meta_before)), doc_ids=[1])

    # ----------------------------------------------------------------- history, undo, redo

    def history(self, limit: int | None = None) -> list[Entry]:
        entries = self.database.history.entries()
        return entries[-limit:] if limit else entries

    def can_undo(self) -> bool:
        return bool(stacks(self.database.history.entries())[0])

    def undo(self) -> str:
        """Undo the latest command still in force; returns its label."""
        entries = self.database.history.entries()
        undo_stack, _ = stacks(entries)
        if not undo_stack:
            raise RuleError("没有可以撤销的操作")
        entry = _by_seq(entries, undo_stack[-1])
        self._check_unchanged(entry, "after", "撤销")
        with self.transaction(f"撤销：{entry['label']}", "undo", kind="undo", target=entry["seq"]):
            for change in reversed(entry["changes"]):
                self._set_raw(change["table"], change["id"], change["before"])
        return str(entry["label"])

    def redo(self) -> str:
        entries = self.database.history.entries()
        _, redo_stack = stacks(entries)
        if not redo_stack:
            raise RuleError("没有可以重做的操作")
        entry = _by_seq(entries, redo_stack[-1])
        self._check_unchanged(entry, "before", "重做")
        with self.transaction(f"重做：{entry['label']}", "redo", kind="redo", target=entry["seq"]):
            for change in entry["changes"]:
                self._set_raw(change["table"], change["id"], change["after"])
        return str(entry["label"])

    def _check_unchanged(self, entry: Entry, side: str, verb: str) -> None:
        for change in entry["changes"]:
            current = self._raw(change["table"]).get(str(change["id"]))
            if current != change[side]:
                raise RuleError(f"「{entry['label']}」涉及的记录之后被改动过，不能{verb}")

    # ----------------------------------------------------------------- settings

    def settings(self) -> Settings:
        stored = self._raw("settings").get("1") or {}
        merged = {**DEFAULT_SETTINGS, **stored}
        return cast(Settings, merged)

    def update_settings(self, **values: Any) -> Settings:
        current = dict(self.settings())
        clean: dict[str, Any] = {}
        text_fields = {
            "office_name": ("办公室全称", 60),
            "office_short": ("办公室简称", 30),
            "doc_prefix": ("发文机关代字", 20),
            "contact_person": ("联系人", 20),
            "contact_phone": ("联系电话", 40),
            "operator": ("记录人", 20),
            "cc": ("抄送", 200),
        }
        for key, value in values.items():
            if key in text_fields:
                label, limit = text_fields[key]
                clean[key] = require_text(key, label, value, max_len=limit, allow_empty=True)
            elif key in ("yellow_days", "report_days"):
                label = "黄灯提前工作日数" if key == "yellow_days" else "反馈期限工作日数"
                try:
                    number = int(value)
                except (TypeError, ValueError):
                    raise ValidationError(key, f"{label}必须是整数") from None
                if not 0 <= number <= 60:
                    raise ValidationError(key, f"{label}应在0到60之间")
                clean[key] = number
            elif key == "calendar":
                clean[key] = _check_calendar(value)
            elif key == "rate_basis":
                from store.rules.verdicts import DENOMINATORS

                if value not in DENOMINATORS:
                    raise ValidationError(
                        key, f"达标率分母应为：{'、'.join(f'{k}（{v}）' for k, v in DENOMINATORS.items())}"
                    )
                clean[key] = value
            elif key == "jump_threshold":
                try:
                    number = int(value)
                except (TypeError, ValueError):
                    raise ValidationError(key, "数据跳变提醒阈值必须是整数（%）") from None
                if not 1 <= number <= 1000:
                    raise ValidationError(key, "数据跳变提醒阈值应在1%到1000%之间")
                clean[key] = number
            else:
                raise ValidationError(key, f"没有这项设置：{key}")
        current.update(clean)
        with self.transaction("修改设置", "settings"):
            self._put("settings", 1, current)
        return self.settings()

    def set_year_calendar(
        self, year: int, holidays: Iterable[str], workdays: Iterable[str], *, replace: bool = False
    ) -> Settings:
        """Enter the State Council's announced holidays and 调休 working days for a year.

        Entries add to what the year already has (a day entered as one kind stops being the other);
        `replace` starts the year afresh.
        """
        cal = dict(self.settings()["calendar"])
        entry = {"holidays": [], "workdays": []} if replace else cal.get(str(year), {"holidays": [], "workdays": []})
        off, work = set(holidays), set(workdays)
        kept_off = (set(entry.get("holidays", [])) - work) | off
        kept_work = (set(entry.get("workdays", [])) - off) | work
        cal[str(year)] = {"holidays": sorted(kept_off), "workdays": sorted(kept_work)}
        return self.update_settings(calendar=cal)

    # ----------------------------------------------------------------- units

    def units(self, *, include_inactive: bool = False) -> list[Unit]:
        units = cast(list[Unit], self._all("units"))
        if not include_inactive:
            units = [u for u in units if u["active"]]
        return sorted(units, key=lambda u: (u["order"], u["id"]))

    def unit(self, unit_id: int) -> Unit:
        doc = self._get("units", unit_id)
        if doc is None:
            raise NotFoundError(f"没有编号为{unit_id}的单位")
        return cast(Unit, doc)

    def units_by_id(self) -> dict[int, Unit]:
        return {u["id"]: u for u in cast(list[Unit], self._all("units"))}

    def resolve_unit(self, name: str) -> Unit:
        return resolve_unit(name, self.units())

    def add_unit(
        self,
        name: str,
        *,
        short: str = "",
        kind: str = "department",
        contact: str = "",
        phone: str = "",
        aliases: Iterable[str] = (),
        initials: Iterable[str] = (),
        order: int | None = None,
    ) -> Unit:
        doc = self._unit_doc(name, short, kind, contact, phone, aliases, initials, order, None)
        with self.transaction(f"新增单位 {doc['name']}", "unit add"):
            unit_id = self._next_id("units")
            self._put("units", unit_id, doc)
        return self.unit(unit_id)

    def edit_unit(self, unit_id: int, **values: Any) -> Unit:
        current = self.unit(unit_id)
        merged = {**current, **values}
        doc = self._unit_doc(
            merged["name"],
            merged["short"],
            merged["kind"],
            merged["contact"],
            merged["phone"],
            merged["aliases"],
            values.get("initials", ()),
            merged["order"],
            unit_id,
        )
        doc["active"] = bool(merged.get("active", True))
        with self.transaction(f"修改单位 {doc['name']}", "unit edit"):
            self._put("units", unit_id, doc)
        return self.unit(unit_id)

    def _unit_doc(
        self,
        name: str,
        short: str,
        kind: str,
        contact: str,
        phone: str,
        aliases: Iterable[str],
        initials: Iterable[str],
        order: int | None,
        own_id: int | None,
    ) -> Doc:
        name = require_text("name", "单位名称", name, max_len=NAME_MAX)
        short = require_text("short", "单位简称", short, max_len=NAME_MAX, allow_empty=True)
        if collective_of(name):
            raise ValidationError("name", f"「{name}」是泛指，不能作为单位名称")
        if kind not in UNIT_KINDS:
            raise ValidationError("kind", f"单位类别应为：{'、'.join(UNIT_KINDS.values())}")
        for other in self.units(include_inactive=True):
            if other["id"] != own_id and name in (other["name"], other["short"]):
                raise ValidationError("name", f"已有同名单位「{other['name']}」")
            if other["id"] != own_id and short and short in (other["name"], other["short"]):
                raise ValidationError("short", f"简称「{short}」已被「{other['name']}」使用")
        alias_list = [require_text("aliases", "别名", a, max_len=NAME_MAX) for a in aliases if str(a).strip()]
        auto = [initials_of(name)] + ([initials_of(short)] if short else [])
        manual = [str(i).strip().lower() for i in initials if str(i).strip()]
        if order is None:
            order = max((u["order"] for u in self.units(include_inactive=True)), default=0) + 10
        return {
            "name": name,
            "short": short,
            "kind": kind,
            "contact": require_text("contact", "联系人", contact, max_len=20, allow_empty=True),
            "phone": require_text("phone", "联系电话", phone, max_len=40, allow_empty=True),
            "order": int(order),
            "initials": list(dict.fromkeys(manual + [i for i in auto if i])),
            "aliases": list(dict.fromkeys(alias_list)),
            "active": True,
        }

    # ----------------------------------------------------------------- meetings

    def meetings(self) -> list[Meeting]:
        return sorted(cast(list[Meeting], self._all("meetings")), key=lambda m: (m["date"], m["id"]))

    def meeting(self, meeting_id: int) -> Meeting:
        doc = self._get("meetings", meeting_id)
        if doc is None:
            raise NotFoundError(f"没有编号为{meeting_id}的会议")
        return cast(Meeting, doc)

    def resolve_meeting(self, ref: str | int) -> Meeting:
        text = str(ref).strip()
        if text.isdigit():
            return self.meeting(int(text))
        found = [m for m in self.meetings() if text and text in m["title"]]
        if len(found) == 1:
            return found[0]
        if not found:
            raise NotFoundError(f"没有找到会议「{text}」")
        raise NotFoundError(f"「{text}」对应多个会议：{'、'.join(str(m['id']) for m in found)}，请用会议编号")

    def add_meeting(self, title: str, meeting_date: str, *, kind: str = "部署会", source_text: str = "") -> Meeting:
        doc: Doc = {
            "title": require_text("title", "会议名称", title, max_len=TITLE_MAX),
            "date": self.parse_date(meeting_date, field="date").iso,
            "kind": require_text("kind", "会议类型", kind, max_len=20, allow_empty=True),
            "source_text": require_text(
                "source_text", "讲话原文", source_text, max_len=200_000, multiline=True, allow_empty=True
            ),
        }
        with self.transaction(f"新增会议 {doc['title']}", "meeting add"):
            meeting_id = self._next_id("meetings")
            self._put("meetings", meeting_id, doc)
        return self.meeting(meeting_id)

    # ----------------------------------------------------------------- items

    def items(self) -> list[Item]:
        return cast(list[Item], self._all("items"))

    def _item_index(self) -> dict[str, int]:
        index = self._cache.get("item_index")
        if index is None:
            epoch = self._epoch
            index = {d["number"]: int(k) for k, d in list(self._raw("items").items())}
            if epoch == self._epoch:
                self._cache["item_index"] = index
        return index

    def item(self, number: str) -> Item:
        key = normalise_number(number)
        doc_id = self._item_index().get(key)
        if doc_id is None:
            raise NotFoundError(f"没有编号为「{number}」的督办事项")
        return cast(Item, self._get("items", doc_id))

    def add_item(
        self,
        title: str,
        lead: str,
        due: str,
        *,
        partners: Iterable[str] = (),
        meeting: str | int | None = None,
        indicators: Iterable[str | int] = (),
        key: bool = False,
        requirement: str = "",
        assigned_on: str | None = None,
        note: str = "",
    ) -> Item:
        """Record a new item: one lead and any partners, or one share per unit for a collective subject."""
        title = require_text("title", "事项标题", title, max_len=TITLE_MAX)
        requirement = require_text(
            "requirement", "工作要求", requirement, max_len=TEXT_MAX, multiline=True, allow_empty=True
        )
        meeting_doc = self.resolve_meeting(meeting) if meeting not in (None, "") else None
        base = date.fromisoformat(meeting_doc["date"]) if meeting_doc else None
        due_iso = self.parse_date(due, field="due").iso
        # 交办 is the meeting day for a meeting's work (not the day it was typed in), never a future day.
        start = assigned_on or min(
            meeting_doc["date"] if meeting_doc else self.today.isoformat(), self.today.isoformat()
        )
        collective = collective_of(lead)
        units: list[tuple[int, str]] = []
        if collective:
            pool = self.units()
            if collective == "all_townships":
                pool = [u for u in pool if u["kind"] == "township"]
            if not pool:
                raise ValidationError("lead", f"单位名录中没有{COLLECTIVE_LABELS[collective]}，请先录入单位")
            units = [(u["id"], "lead") for u in pool]
        else:
            units.append((self.resolve_unit(lead)["id"], "lead"))
        for name in partners:
            if not str(name).strip():
                continue
            if collective_of(str(name)):
                raise ValidationError("partners", "配合单位不能是泛指（各成员单位、各乡镇），请作为牵头单位填写")
            unit = self.resolve_unit(str(name))
            if any(uid == unit["id"] for uid, _ in units):
                if any(uid == unit["id"] and role == "lead" for uid, role in units):
                    raise ValidationError("partners", f"「{unit['name']}」已是牵头单位，不能同时作为配合单位")
                continue
            units.append((unit["id"], "partner"))
        indicator_ids = [self.indicator(int(i))["id"] for i in indicators]
        year = int((meeting_doc["date"] if meeting_doc else start)[:4])
        operator = self.settings()["operator"]
        with self.transaction(f"新增事项：{title[:30]}", "add"):
            seqs = dict(self._meta()["item_seq"])
            seq = int(seqs.get(str(year), 0)) + 1
            while f"{year}-{seq:02d}" in self._item_index():
                seq += 1
            seqs[str(year)] = seq
            self._set_meta(item_seq=seqs)
            number = f"{year}-{seq:02d}"
            doc: Doc = {
                "number": number,
                "year": year,
                "seq": seq,
                "title": title,
                "requirement": requirement,
                "meeting_id": meeting_doc["id"] if meeting_doc else None,
                "indicator_ids": indicator_ids,
                "key": bool(key),
                "collective": collective,
                "created_at": dates.now_stamp(),
                "assignments": [new_assignment(uid, role, due_iso, start, operator, note) for uid, role in units],
            }
            if base and due_iso < base.isoformat():
                raise ValidationError("due", f"期限{dates.format_cn(due_iso)}早于会议日期{dates.format_cn(base)}")
            self._put("items", self._next_id("items"), doc)
        return self.item(number)

    def edit_item(self, number: str, **values: Any) -> Item:
        """Change title, requirement, key flag, meeting or indicators; dates go through extensions."""
        item = self._editable(number)
        for name, value in values.items():
            if name == "title":
                item["title"] = require_text("title", "事项标题", value, max_len=TITLE_MAX)
            elif name == "requirement":
                item["requirement"] = require_text(
                    "requirement", "工作要求", value, max_len=TEXT_MAX, multiline=True, allow_empty=True
                )
            elif name == "key":
                item["key"] = bool(value)
            elif name == "meeting":
                item["meeting_id"] = self.resolve_meeting(value)["id"] if value not in (None, "") else None
            elif name == "indicators":
                item["indicator_ids"] = [self.indicator(int(i))["id"] for i in value]
            elif name == "due":
                due_iso = self.parse_date(value, field="due").iso
                for a in item["assignments"]:
                    if a["status"] in OPEN_STATUSES:
                        a["due"] = due_iso
            else:
                raise ValidationError(name, f"不能修改字段：{name}")
        with self.transaction(f"修改事项 {number}", "edit"):
            self._put("items", item["id"], item)
        return self.item(item["number"])

    def _editable(self, number: str) -> Doc:
        return cast(Doc, json_copy(self.item(number)))

    # ----------------------------------------------------------------- lifecycle steps

    def _steps(
        self,
        number: str,
        unit_names: Iterable[str] | None,
        *,
        verb: str,
        command: str,
        allowed: frozenset[str] | set[str],
        apply: Callable[[Doc, Doc], None],
        label: str | None = None,
    ) -> Item:
        """Apply one lifecycle step to the named units' shares (all eligible shares when none named)."""
        item = self._editable(number)
        units = self.units_by_id()
        targets: list[Doc] = []
        names = [n for n in (unit_names or []) if str(n).strip()]
        if names:
            for name in names:
                unit = self.resolve_unit(name)
                share = next((a for a in item["assignments"] if a["unit_id"] == unit["id"]), None)
                if share is None:
                    raise NotFoundError(f"事项{item['number']}没有交办给{unit['name']}")
                if share["status"] not in allowed:
                    raise RuleError(
                        f"{unit['name']}承办的事项{item['number']}状态为「{STATUS_LABELS[share['status']]}」，不能{verb}"
                    )
                targets.append(share)
        else:
            targets = [a for a in item["assignments"] if a["status"] in allowed]
            if not targets:
                raise RuleError(f"事项{item['number']}没有可以{verb}的承办单位")
        for share in targets:
            apply(item, share)
        shown = "、".join(_unit_name(units, a["unit_id"]) for a in targets[:3]) + ("等" if len(targets) > 3 else "")
        with self.transaction(label or f"{verb} {item['number']}（{shown}）", command):
            self._put("items", item["id"], item)
        return self.item(item["number"])

    def _step_date(self, value: str | None, share: Doc, field: str = "date") -> str:
        if not value:
            return self.today.isoformat()
        day = self.parse_date(value, field=field).value
        if day > self.today:
            raise ValidationError(field, f"日期{dates.format_cn(day)}晚于今天，不能预先登记")
        if day.isoformat() < share["assigned_on"]:
            raise ValidationError(
                field, f"日期{dates.format_cn(day)}早于交办日期{dates.format_cn(share['assigned_on'])}"
            )
        return day.isoformat()

    def _event(self, share: Doc, action: str, day: str, note: str = "", by: str = "") -> None:
        share["events"].append(
            Event(
                date=day,
                action=action,
                note=note,
                recorded_by=by or self.settings()["operator"],
                recorded_at=dates.now_stamp(),
            )
        )

    def acknowledge(
        self, number: str, units: Iterable[str] | None = None, *, on: str | None = None, note: str = ""
    ) -> Item:
        note = require_text("note", "备注", note, max_len=TEXT_MAX, multiline=True, allow_empty=True)

        def apply(item: Doc, share: Doc) -> None:
            day = self._step_date(on, share)
            share["status"] = "acknowledged"
            share["acknowledged_on"] = day
            self._event(share, "签收", day, note)

        return self._steps(number, units, verb="签收", command="ack", allowed={"assigned"}, apply=apply)

    def record_progress(
        self,
        number: str,
        unit: str,
        text: str,
        *,
        on: str | None = None,
        next_step: str = "",
        problems: str = "",
        recorded_by: str = "",
        source: str = "",
    ) -> Item:
        body = require_text("text", "进展情况", text, max_len=TEXT_MAX, multiline=True)
        next_step = require_text(
            "next_step", "下一步打算", next_step, max_len=TEXT_MAX, multiline=True, allow_empty=True
        )
        problems = require_text("problems", "存在问题", problems, max_len=TEXT_MAX, multiline=True, allow_empty=True)
        by = require_text("recorded_by", "记录人", recorded_by, max_len=20, allow_empty=True)
        source = require_text("source", "来源", source, max_len=60, allow_empty=True)

        def apply(item: Doc, share: Doc) -> None:
            day = self._step_date(on, share)
            share["progress"].append(
                Progress(
                    date=day,
                    text=body,
                    next_step=next_step,
                    problems=problems,
                    recorded_by=by or self.settings()["operator"],
                    source=source,
                    recorded_at=dates.now_stamp(),
                )
            )
            if share["status"] in ("assigned", "acknowledged", "returned"):
                if share["status"] == "assigned" and not share["acknowledged_on"]:
                    share["acknowledged_on"] = day
                share["status"] = "in_progress"

        return self._steps(
            number, [unit], verb="登记进展", command="progress", allowed=OPEN_STATUSES | DONE_STATUSES, apply=apply
        )

    def remind(
        self,
        number: str,
        units: Iterable[str] | None = None,
        *,
        on: str | None = None,
        method: str = "通知",
        doc_number: str = "",
        note: str = "",
    ) -> Item:
        method = require_text("method", "催办方式", method, max_len=20)
        doc_number = require_text("doc_number", "文号", doc_number, max_len=40, allow_empty=True)
        note = require_text("note", "备注", note, max_len=TEXT_MAX, multiline=True, allow_empty=True)

        def apply(item: Doc, share: Doc) -> None:
            day = self._step_date(on, share)
            share["reminders"].append(
                Reminder(
                    date=day, method=method, doc_number=doc_number, note=note, recorded_by=self.settings()["operator"]
                )
            )
            self._event(share, "催办", day, f"第{len(share['reminders'])}次催办（{method}）{doc_number}")

        return self._steps(number, units, verb="催办", command="remind", allowed=OPEN_STATUSES, apply=apply)

    def request_extension(
        self,
        number: str,
        unit: str | Iterable[str] | None,
        new_due: str,
        reason: str,
        *,
        approved: bool = False,
        on: str | None = None,
    ) -> Item:
        """延期 for one unit's share, several, or (None) every open share — all of them or none."""
        reason = require_text("reason", "延期理由", reason, max_len=TEXT_MAX, multiline=True)
        units = [unit] if isinstance(unit, str) else (list(unit) if unit is not None else None)
        target = self.parse_date(new_due, field="new_due").iso

        def apply(item: Doc, share: Doc) -> None:
            day = self._step_date(on, share)
            current = effective_due(cast(Assignment, share))
            if target <= current:
                raise ValidationError("new_due", f"延期后的期限应晚于现在的期限（{dates.format_cn(current)}）")
            if any(e["decision"] == "pending" for e in share["extensions"]):
                raise RuleError("已有一项待批的延期申请，请先批准或不批准")
            share["extensions"].append(
                Extension(
                    requested_on=day,
                    new_due=target,
                    reason=reason,
                    decision="approved" if approved else "pending",
                    decided_on=day if approved else "",
                    recorded_by=self.settings()["operator"],
                )
            )
            verdict = "，已批准" if approved else "，待批准"
            self._event(share, "延期", day, f"申请延期至{dates.format_cn(target)}{verdict}：{reason}")

        return self._steps(number, units, verb="申请延期", command="extend", allowed=OPEN_STATUSES, apply=apply)

    def decide_extension(self, number: str, unit: str, *, approve: bool, on: str | None = None) -> Item:
        def apply(item: Doc, share: Doc) -> None:
            pending = [e for e in share["extensions"] if e["decision"] == "pending"]
            if not pending:
                raise RuleError("没有待批的延期申请")
            day = self._step_date(on, share)
            ext = pending[-1]
            ext["decision"] = "approved" if approve else "rejected"
            ext["decided_on"] = day
            word = "批准" if approve else "不批准"
            self._event(share, "延期", day, f"{word}延期至{dates.format_cn(ext['new_due'])}")

        verb = "批准延期" if approve else "驳回延期"
        return self._steps(number, [unit], verb=verb, command="extend", allowed=OPEN_STATUSES, apply=apply)

    def mark_done(
        self, number: str, units: Iterable[str] | None = None, *, on: str | None = None, note: str = ""
    ) -> Item:
        note = require_text("note", "办结说明", note, max_len=TEXT_MAX, multiline=True, allow_empty=True)

        def apply(item: Doc, share: Doc) -> None:
            day = self._step_date(on, share)
            share["status"] = "done"
            share["done_on"] = day
            late = day > effective_due(cast(Assignment, share))
            share["done_late"] = bool(share["done_late"]) or late
            self._event(share, "逾期办结" if late else "办结", day, note)

        return self._steps(number, units, verb="办结", command="done", allowed=OPEN_STATUSES, apply=apply)

    def reopen(
        self, number: str, units: Iterable[str] | None = None, *, reason: str = "", on: str | None = None
    ) -> Item:
        """退回 a finished share after a check, or resume a suspended or cancelled one."""
        reason = require_text("reason", "退回理由", reason, max_len=TEXT_MAX, multiline=True, allow_empty=True)

        def apply(item: Doc, share: Doc) -> None:
            day = self._step_date(on, share)
            was = share["status"]
            share["status"] = "returned" if was in DONE_STATUSES else "in_progress"
            share["done_on"] = ""
            share["closed_on"] = ""
            self._event(share, "退回" if was in DONE_STATUSES else "恢复办理", day, reason)

        return self._steps(
            number, units, verb="退回", command="reopen", allowed=DONE_STATUSES | INACTIVE_STATUSES, apply=apply
        )

    def close_out(
        self, number: str, units: Iterable[str] | None = None, *, on: str | None = None, note: str = ""
    ) -> Item:
        """销号: close a finished share after verification."""
        note = require_text("note", "销号说明", note, max_len=TEXT_MAX, multiline=True, allow_empty=True)

        def apply(item: Doc, share: Doc) -> None:
            day = self._step_date(on, share)
            if share["done_on"] and day < share["done_on"]:
                raise ValidationError("date", "销号日期不能早于办结日期")
            share["status"] = "closed"
            share["closed_on"] = day
            self._event(share, "销号", day, note)

        return self._steps(number, units, verb="销号", command="close", allowed={"done"}, apply=apply)

    def cancel(
        self,
        number: str,
        units: Iterable[str] | None = None,
        *,
        reason: str = "",
        suspend: bool = False,
        on: str | None = None,
    ) -> Item:
        """取消 (or 暂缓 with suspend=True) open shares; `reopen` brings them back."""
        reason = require_text("reason", "理由", reason, max_len=TEXT_MAX, multiline=True, allow_empty=True)
        word = "暂缓" if suspend else "取消"

        def apply(item: Doc, share: Doc) -> None:
            day = self._step_date(on, share)
            share["status"] = "suspended" if suspend else "cancelled"
            self._event(share, word, day, reason)

        return self._steps(
            number, units, verb=word, command="suspend" if suspend else "cancel", allowed=OPEN_STATUSES, apply=apply
        )

    # ----------------------------------------------------------------- milestones and dispatches

    def milestones(self) -> list[Milestone]:
        return sorted(cast(list[Milestone], self._all("milestones")), key=lambda m: m["date"])

    def add_milestone(self, name: str, when: str) -> Milestone:
        doc = {"name": require_text("name", "里程碑名称", name, max_len=60), "date": self.parse_date(when).iso}
        with self.transaction(f"新增里程碑 {doc['name']}", "milestone add"):
            milestone_id = self._next_id("milestones")
            self._put("milestones", milestone_id, doc)
        return cast(Milestone, self._get("milestones", milestone_id))

    def remove_milestone(self, milestone_id: int) -> None:
        doc = self._get("milestones", milestone_id)
        if doc is None:
            raise NotFoundError(f"没有编号为{milestone_id}的里程碑")
        with self.transaction(f"删除里程碑 {doc['name']}", "milestone remove"):
            self._delete("milestones", milestone_id)

    def dispatches(self) -> list[Dispatch]:
        return sorted(cast(list[Dispatch], self._all("dispatches")), key=lambda d: (d["year"], d["seq"]))

    def next_dispatch_number(self, day: date | None = None) -> str:
        """The number `issue_dispatch` would give next, for previews ('' when no prefix is set)."""
        settings = self.settings()
        prefix = settings["doc_prefix"] or settings["office_short"]
        day = day or self.today
        seq = int(self._meta()["dispatch_seq"].get(str(day.year), 0)) + 1
        return f"{prefix}〔{day.year}〕{seq}号" if prefix else ""

    def issue_dispatch(
        self, kind: str, title: str, unit_ids: Iterable[int], *, on: str | None = None, file: str = ""
    ) -> Dispatch:
        """Take the next document number of the year (机关代字〔2023〕5号) and register it; never reused."""
        prefix = self.settings()["doc_prefix"] or self.settings()["office_short"]
        if not prefix:
            raise ValidationError("doc_prefix", "请先在设置中填写发文机关代字（如“某妇儿工委办”）")
        day = self.parse_date(on, field="date").value if on else self.today
        with self.transaction(f"登记发文 {kind}", "dispatch"):
            seqs = dict(self._meta()["dispatch_seq"])
            seq = int(seqs.get(str(day.year), 0)) + 1
            seqs[str(day.year)] = seq
            self._set_meta(dispatch_seq=seqs)
            doc: Doc = {
                "number": f"{prefix}〔{day.year}〕{seq}号",
                "year": day.year,
                "seq": seq,
                "kind": require_text("kind", "文种", kind, max_len=20),
                "title": require_text("title", "标题", title, max_len=TITLE_MAX),
                "unit_ids": list(unit_ids),
                "date": day.isoformat(),
                "file": file,
            }
            dispatch_id = self._next_id("dispatches")
            self._put("dispatches", dispatch_id, doc)
        return cast(Dispatch, self._get("dispatches", dispatch_id))

    def set_dispatch_file(self, dispatch_id: int, file: str) -> None:
        doc = self._get("dispatches", dispatch_id)
        if doc is None:
            raise NotFoundError(f"没有编号为{dispatch_id}的发文")
        doc["file"] = file
        with self.transaction(f"登记发文文件 {doc['number']}", "dispatch"):
            self._put("dispatches", dispatch_id, doc)

    # ----------------------------------------------------------------- bulk load (demo, import)

    def is_empty(self) -> bool:
        return not any(self._raw(t) for t in ("units", "items", "meetings", "indicators"))


def new_assignment(unit_id: int, role: str, due: str, assigned_on: str, operator: str, note: str = "") -> Doc:
    return {
        "unit_id": unit_id,
        "role": role,
        "status": "assigned",
        "assigned_on": assigned_on,
        "due": due,
        "acknowledged_on": "",
        "done_on": "",
        "closed_on": "",
        "done_late": False,
        "progress": [],
        "reminders": [],
        "extensions": [],
        "events": [
            {
                "date": assigned_on,
                "action": "交办",
                "note": note,
                "recorded_by": operator,
                "recorded_at": dates.now_stamp(),
            }
        ],
    }


def normalise_number(text: str) -> str:
    """'2023-7', '2023－07' and ' 2023-07 ' all name item 2023-07."""
    import unicodedata

    s = unicodedata.normalize("NFKC", str(text)).strip()
    year, sep, seq = s.partition("-")
    if sep and year.isdigit() and seq.isdigit():
        return f"{int(year)}-{int(seq):02d}"
    return s


def _unit_name(units: dict[int, Unit], unit_id: int) -> str:
    unit = units.get(unit_id)
    return unit["name"] if unit else f"单位{unit_id}"


def _by_seq(entries: list[Entry], seq: int) -> Entry:
    for entry in entries:
        if entry.get("seq") == seq and entry.get("kind") == "do":
            return entry
    raise StorageError(f"修改记录中找不到第{seq}条")


def _merge(changes: list[Doc]) -> list[Doc]:
    """One change per record: the first 'before' and the last 'after' (a batch may touch a record twice)."""
    merged: dict[tuple[str, int], Doc] = {}
    for change in changes:
        key = (change["table"], change["id"])
        if key in merged:
            merged[key]["after"] = change["after"]
        else:
            merged[key] = dict(change)
    return [c for c in merged.values() if c["before"] != c["after"]]


def _check_calendar(value: Any) -> dict[str, dict[str, list[str]]]:
    if not isinstance(value, dict):
        raise ValidationError("calendar", "节假日设置格式不对")
    out: dict[str, dict[str, list[str]]] = {}
    for year, entry in value.items():
        y = require_year("calendar", year)
        days: dict[str, list[str]] = {}
        for kind in ("holidays", "workdays"):
            listed = []
            for text in entry.get(kind, []):
                d = dates.parse_iso(str(text), field="calendar")
                if d.year != y:
                    raise ValidationError("calendar", f"{d.isoformat()}不在{y}年内")
                listed.append(d.isoformat())
            days[kind] = sorted(set(listed))
        out[str(y)] = days
    return out

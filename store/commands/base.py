"""The ground every command stands on: the open database, the read cache, raw record access, transactions,
the history with undo and redo, the settings, and today's date with the calendar and policy built from them.

Every command is one transaction: one history entry, one file write, one undo step — a batch of steps inside an
outer transaction is still one. Records handed out are copies with their `id`; commands never mutate a stored
record in place. The command mixins (units, items, meetings, dispatch, monitoring) all subclass this class.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, Literal, Self, TypeVar, cast

from store.calendar import dates
from store.calendar.workdays import WorkCalendar
from store.errors import ConflictError, NotFoundError, RuleError, StorageError
from store.records.model import DEFAULT_SETTINGS, SCHEMA_VERSION, Settings
from store.records.text import echo
from store.records.values import json_copy
from store.rules.lights import Policy
from store.storage.database import Database, make_backup
from store.storage.history import Change, Entry, as_seq, stacks
from store.storage.lines import number_index
from store.storage.schema import COUNTERS, Meta, meta_of

Doc = dict[str, Any]
"""A stored record as TinyDB holds it: the commands know its shape from the table (see store.records.model)."""

Side = Literal["before", "after"]
T = TypeVar("T")


class Transaction:
    """The command being recorded: its label and every record it changed (before and after)."""

    __slots__ = ("changes", "command", "kind", "label", "meta_before", "target")

    def __init__(self, label: str, command: str, meta_before: Meta, kind: str = "do", target: int | None = None):
        self.label = label
        self.command = command
        self.meta_before = meta_before
        self.kind = kind
        self.target = target
        self.changes: list[Change] = []


class RepositoryBase:
    """One open database: raw records, transactions, history, settings and the calendar."""

    def __init__(self, database: Database, *, today: date | None = None) -> None:
        self.database = database
        self._today = today
        self._tx: Transaction | None = None
        self._tables: dict[str, list[Doc]] = {}
        self._calendar: WorkCalendar | None = None
        self._item_numbers: dict[str, int] | None = None
        self._epoch = 0  # bumped by every change: a cache built while a change happened is not kept

    @classmethod
    def open(
        cls,
        path: Path | str | None = None,
        *,
        readonly: bool = False,
        today: date | None = None,
        session: bool = True,
        lock_wait: float | None = None,
    ) -> Self:
        """Open a database: `session` False for the workbench, which takes the lock only for each write."""
        return cls(Database.open(path, readonly=readonly, session=session, lock_wait=lock_wait), today=today)

    def close(self) -> None:
        self.database.close()

    def reload(self) -> bool:
        """Take up another process's changes: read the file again if it changed on disk; True when it did."""
        if self._tx is not None or not self.database.reload():
            return False
        self._forget()
        return True

    def _forget(self) -> None:
        """Drop every cache built from the data (it was read again)."""
        self._epoch += 1
        self._tables.clear()
        self._item_numbers = None
        self._calendar = None

    @property
    def readonly(self) -> bool:
        return self.database.readonly

    # ----------------------------------------------------------------- time and policy

    @property
    def today(self) -> date:
        return self._today or dates.clock_today()

    def set_today(self, value: date | None) -> None:
        self._today = value

    def calendar(self) -> WorkCalendar:
        cal = self._calendar
        if cal is None:
            cal = self._calendar = WorkCalendar(self.settings()["calendar"])
        return cal

    def policy(self) -> Policy:
        return Policy(self.today, self.calendar(), int(self.settings()["yellow_days"]))

    def parse_date(self, text: str, *, field: str = "due", base: date | None = None) -> dates.ParsedDate:
        return dates.parse_date(
            text,
            today=self.today,
            base=base,
            calendar_=self.calendar(),
            field=field,
            period_on_workday=bool(self.settings()["period_on_workday"]),
        )

    def settings(self) -> Settings:
        stored = self._raw("settings").get("1") or {}
        merged = {**DEFAULT_SETTINGS, **stored}
        return cast(Settings, merged)

    def is_empty(self) -> bool:
        return not any(self._raw(t) for t in ("units", "items", "meetings", "indicators"))

    # ----------------------------------------------------------------- raw access

    def _raw(self, table: str) -> dict[str, Doc]:
        return cast(dict[str, Doc], self.database.data.get(table, {}))

    def _all(self, table: str) -> list[Doc]:
        cached = self._tables.get(table)
        if cached is None:
            epoch = self._epoch
            cached = [{**doc, "id": int(key)} for key, doc in list(self._raw(table).items())]
            if epoch == self._epoch:  # the TUI reads in a worker thread while commands run on the main one
                self._tables[table] = cached
        return cached

    def _item_index(self) -> dict[str, int]:
        """Item number → record id, kept until the items change."""
        index = self._item_numbers
        if index is None:
            epoch = self._epoch
            index = number_index(self._raw("items"))  # read from the lines, without decoding every item
            if epoch == self._epoch:
                self._item_numbers = index
        return index

    def _get(self, table: str, doc_id: int) -> Doc | None:
        doc = self._raw(table).get(str(doc_id))
        return None if doc is None else {**doc, "id": doc_id}

    def _record(self, table: str, doc_id: int, what: str) -> Doc:
        """The record with this id, or a NotFoundError naming what was asked for (单位, 会议, 指标…)."""
        doc = self._get(table, doc_id)
        if doc is None:
            raise NotFoundError(f"没有编号为{doc_id}的{what}")
        return doc

    def _meta(self) -> Meta:
        return meta_of(self.database.data)

    def _set_meta(self, **values: object) -> None:
        meta = json_copy({**self._meta(), **values})
        self.database.put("meta", 1, meta)

    def _next_id(self, table: str) -> int:
        counters = dict(self._meta()["next_id"])
        records = self._raw(table)
        value = int(counters.get(table, 1))
        if str(value) in records or value < 1:  # a counter behind the records (an older file): catch up once
            value = max((int(k) for k in records), default=0) + 1
        counters[table] = value + 1
        self._set_meta(next_id=counters)
        return value

    def _put(self, table: str, doc_id: int, doc: Mapping[str, object]) -> None:
        """Insert or replace a record, remembering before and after for the history."""
        tx = self._require_tx()
        after: Doc = json_copy({k: v for k, v in doc.items() if k != "id"})
        current = self._raw(table).get(str(doc_id))
        before = None if current is None else json_copy(current)
        self.database.put(table, doc_id, after)
        tx.changes.append({"table": table, "id": doc_id, "before": before, "after": after})
        index = self._item_numbers
        self._invalidate(table)
        if table == "items" and index is not None:  # kept up to date: a row import looks numbers up per row
            if current is not None:
                index.pop(str(current.get("number")), None)
            index[after["number"]] = doc_id
            self._item_numbers = index

    def _save(self, table: str, doc_id: int, doc: Mapping[str, object], label: str, command: str) -> None:
        """Replace one record as one command (joined to an outer one when a batch runs)."""
        with self.transaction(label, command):
            self._put(table, doc_id, doc)

    def _insert(self, table: str, doc: Mapping[str, object], label: str, command: str) -> int:
        """Add one record under the table's next number as one command; returns that number."""
        with self.transaction(label, command):
            doc_id = self._next_id(table)
            self._put(table, doc_id, doc)
        return doc_id

    def _delete(self, table: str, doc_id: int) -> None:
        tx = self._require_tx()
        current = self._raw(table).get(str(doc_id))
        if current is None:
            return
        before = json_copy(current)
        self.database.put(table, doc_id, None)
        tx.changes.append({"table": table, "id": doc_id, "before": before, "after": None})
        self._invalidate(table)

    def _set_raw(self, table: str, doc_id: int, doc: Doc | None) -> None:
        if doc is None:
            self._delete(table, doc_id)
        else:
            self._put(table, doc_id, doc)

    def _invalidate(self, table: str) -> None:
        self._epoch += 1
        self._tables.pop(table, None)
        if table == "items":
            self._item_numbers = None
        if table == "settings":
            self._calendar = None

    # ----------------------------------------------------------------- transactions

    def _require_tx(self) -> Transaction:
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
        tx = self._tx = Transaction(label, command or label, json_copy(self._meta()), kind, target)
        try:
            with self.database.storage.batch():  # the rollback's own writes stay in memory too
                try:
                    yield
                    if tx.changes:
                        self._commit(tx)
                except BaseException as exc:
                    self._rollback(tx)
                    if isinstance(exc, ConflictError):
                        self._tx = None
                        self.reload()  # the user redoes the step on what is on disk now
                    raise
        finally:
            self._tx = None

    def _commit(self, tx: Transaction) -> None:
        """Under the lock: check the file is the one read, append the log line, swap the file in."""
        database = self.database
        with database.writing():
            committed = as_seq(tx.meta_before["history_seq"])
            database.ensure_current(committed)
            self._write(tx, committed)
            database.written()

    def _write(self, tx: Transaction, committed: int) -> None:
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
        meta = self._meta()
        entry["counters"] = {k: meta[k] for k in COUNTERS}  # type: ignore[literal-required]
        try:
            database.history.append(entry)
            database.persist(seq)  # the working file, and any archive (年度台账) the command moved records to
        except BaseException:
            database.history.truncate_after(committed)
            raise
        database.pending_migration = None

    def _rollback(self, tx: Transaction) -> None:
        """Put memory back as it was; the file was not written."""
        changes, tx.changes = tx.changes, []
        for change in reversed(changes):
            self.database.put(change["table"], change["id"], change["before"])
            self._invalidate(change["table"])
        self.database.put("meta", 1, json_copy(dict(tx.meta_before)))
        self.database.archives.discard()

    # ----------------------------------------------------------------- history, undo, redo

    def history(self, limit: int | None = None) -> list[Entry]:
        entries = self.database.history.entries()
        return entries[-limit:] if limit else entries

    def can_undo(self) -> bool:
        return bool(stacks(self.database.history.entries())[0])

    def undo(self) -> str:
        """Undo the latest command still in force; returns its label."""
        return self._replay("undo")

    def redo(self) -> str:
        """Redo the latest undone command; returns its label."""
        return self._replay("redo")

    def _replay(self, kind: Literal["undo", "redo"]) -> str:
        """Put the records of the top entry of the undo (or redo) stack back to one side of the change."""
        entries = self.database.history.entries()
        undo_stack, redo_stack = stacks(entries)
        undoing = kind == "undo"
        verb = "撤销" if undoing else "重做"
        stack = undo_stack if undoing else redo_stack
        if not stack:
            raise RuleError(f"没有可以{verb}的操作")
        entry = _with_completions(entries, _by_seq(entries, stack[-1]))
        now: Side = "after" if undoing else "before"
        goal: Side = "before" if undoing else "after"
        self._check_unchanged(entry, now, verb)
        changes = reversed(entry["changes"]) if undoing else iter(entry["changes"])
        with self.transaction(f"{verb}：{entry['label']}", kind, kind=kind, target=entry["seq"]):
            for change in changes:
                self._apply_change(change, goal)
        return str(entry["label"])

    def _check_unchanged(self, entry: Entry, side: Side, verb: str) -> None:
        for change in entry["changes"]:
            if not self._change_holds(change, side):
                raise RuleError(f"「{entry['label']}」涉及的记录之后被改动过，不能{verb}")

    def _apply_change(self, change: Change, side: Side) -> None:
        """Put a recorded change's record as it was on one side (store.commands.archive adds moves between files)."""
        self._set_raw(change["table"], change["id"], change[side])

    def _change_holds(self, change: Change, side: Side) -> bool:
        """True when the record is now as it was on that side of the change."""
        return self._raw(change["table"]).get(str(change["id"])) == change[side]


def resolve_ref(
    ref: str | int,
    by_number: Callable[[int], T],
    search: Callable[[str], list[T]],
    what: str,
    shown: Callable[[T], str],
    hint: str,
    *,
    limit: int | None = None,
) -> T:
    """The record a reference names: by its number, else the one record `search` finds for the text.

    None or several found is a NotFoundError that names `what` was sought, lists the candidates and gives `hint`.
    """
    text = str(ref).strip()
    if text.isdigit():
        return by_number(int(text))
    found = search(text)
    if len(found) == 1:
        return found[0]
    if not found:
        raise NotFoundError(f"没有找到{what}「{echo(text)}」")
    raise NotFoundError(f"「{echo(text)}」对应多个{what}：{'、'.join(shown(x) for x in found[:limit])}，{hint}")


def _by_seq(entries: list[Entry], seq: int) -> Entry:
    for entry in entries:
        if entry.get("seq") == seq and entry.get("kind") == "do":
            return entry
    raise StorageError(f"修改记录中找不到第{seq}条")


def _with_completions(entries: list[Entry], entry: Entry) -> Entry:
    """A command together with the writes that completed it later (kind 'complete', e.g. documents marked
    issued once their files were written): undone and redone as one step."""
    later = [e for e in entries if e.get("kind") == "complete" and e.get("target") == entry["seq"]]
    if not later:
        return entry
    changes = [*entry["changes"], *(c for e in later for c in e["changes"])]
    return {**entry, "changes": _merge(changes)}


def _merge(changes: list[Change]) -> list[Change]:
    """One change per record: the first 'before' and the last 'after' (a batch may touch a record twice)."""
    merged: dict[tuple[str, int], Change] = {}
    for change in changes:
        key = (change["table"], change["id"])
        if key in merged:
            merged[key]["after"] = change["after"]
        else:
            merged[key] = change.copy()
    return [c for c in merged.values() if c["before"] != c["after"]]

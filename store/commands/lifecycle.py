"""The lifecycle of a share (承办): 签收, 进展, 催办, 延期 and its decision, 办结, 退回, 销号, 取消 and 暂缓.

Each step applies to the named units' shares of one item (every eligible share when none is named), all of
them or none, as one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from store.calendar import dates
from store.commands.dispatch import DispatchCommands
from store.commands.items import ItemCommands
from store.errors import NotFoundError, RuleError, ValidationError
from store.records.model import (
    DONE_STATUSES,
    STATUS_LABELS,
    Assignment,
    Event,
    Extension,
    Item,
    Progress,
    Reminder,
    Unit,
)
from store.records.text import TEXT_MAX, require_text
from store.rules.lights import effective_due
from store.rules.steps import STEP_STATUSES, step_shares


class LifecycleCommands(ItemCommands, DispatchCommands):
    """The steps that move a share through its statuses, each recorded as an event."""

    def _steps(
        self,
        number: str,
        unit_names: Iterable[str] | None,
        *,
        verb: str,
        command: str,
        apply: Callable[[Item, Assignment], None],
        label: str | None = None,
        prepare: Callable[[Item, list[Assignment]], None] | None = None,
    ) -> Item:
        """Apply one lifecycle step to the shares store.rules.steps picks: the named units' (each must accept the
        step), else every eligible share — as one command; `prepare` runs first in the same transaction with every
        share the step touches."""
        item = self._editable(number)
        units = self.units_by_id()
        names = [n for n in (unit_names or []) if str(n).strip()]
        shares = step_shares(item, command, [self.resolve_unit(name)["id"] for name in names] or None)
        if shares.missing:
            raise NotFoundError(f"事项{item['number']}没有交办给{_unit_name(units, shares.missing[0])}")
        allowed = "」「".join(STATUS_LABELS[s] for s in STATUS_LABELS if s in STEP_STATUSES.get(command, ()))
        which = f"只有「{allowed}」的承办才能{verb}" if allowed else ""  # what to do first (a walk-through asked)
        if shares.refused:
            share = shares.refused[0]
            raise RuleError(
                f"{_unit_name(units, share['unit_id'])}承办的事项{item['number']}"
                f"状态为「{STATUS_LABELS[share['status']]}」，不能{verb}" + (f"：{which}" if which else "")
            )
        targets = shares.targets
        if not targets:
            raise RuleError(f"事项{item['number']}没有可以{verb}的承办单位" + (f"（{which}）" if which else ""))
        shown = "、".join(_unit_name(units, a["unit_id"]) for a in targets[:3]) + ("等" if len(targets) > 3 else "")
        with self.transaction(label or f"{verb} {item['number']}（{shown}）", command):
            if prepare is not None:
                prepare(item, targets)
            for share in targets:
                apply(item, share)
            self._put("items", item["id"], item)
        return self.saved_item(item["id"])

    def _step_date(self, value: str | None, share: Assignment, field: str = "date") -> str:
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

    def _event(self, share: Assignment, action: str, day: str, note: str = "", by: str = "") -> None:
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

        def apply(item: Item, share: Assignment) -> None:
            day = self._step_date(on, share)
            share["status"] = "acknowledged"
            share["acknowledged_on"] = day
            self._event(share, "签收", day, note)

        return self._steps(number, units, verb="签收", command="ack", apply=apply)

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

        def apply(item: Item, share: Assignment) -> None:
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

        return self._steps(number, [unit], verb="登记进展", command="progress", apply=apply)

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

        claimed = {"number": doc_number}

        def prepare(item: Item, shares: list[Assignment]) -> None:
            """A typed document number is checked against the dispatch register (issue 10.4)."""
            if doc_number:
                day = self._step_date(on, shares[0]) if shares else self.today.isoformat()
                claimed["number"] = self.claim_doc_number(
                    doc_number, [a["unit_id"] for a in shares], kind=method, title=f"催办 {item['number']}", on=day
                )

        def apply(item: Item, share: Assignment) -> None:
            day = self._step_date(on, share)
            cited = claimed["number"]
            share["reminders"].append(
                Reminder(date=day, method=method, doc_number=cited, note=note, recorded_by=self.settings()["operator"])
            )
            self._event(share, "催办", day, f"第{len(share['reminders'])}次催办（{method}）{cited}")

        return self._steps(number, units, verb="催办", command="remind", apply=apply, prepare=prepare)

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

        def apply(item: Item, share: Assignment) -> None:
            day = self._step_date(on, share)
            current = effective_due(share)
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

        verb = "批准延期" if approved else "申请延期"  # the history says what happened: approved at once or asked
        return self._steps(number, units, verb=verb, command="extend", apply=apply)

    def decide_extension(self, number: str, unit: str, *, approve: bool, on: str | None = None) -> Item:
        def apply(item: Item, share: Assignment) -> None:
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
        return self._steps(number, [unit], verb=verb, command="extend", apply=apply)

    def mark_done(
        self, number: str, units: Iterable[str] | None = None, *, on: str | None = None, note: str = ""
    ) -> Item:
        note = require_text("note", "办结说明", note, max_len=TEXT_MAX, multiline=True, allow_empty=True)

        def apply(item: Item, share: Assignment) -> None:
            day = self._step_date(on, share)
            share["status"] = "done"
            share["done_on"] = day
            late = day > effective_due(share)
            share["done_late"] = bool(share["done_late"]) or late
            self._event(share, "逾期办结" if late else "办结", day, note)

        return self._steps(number, units, verb="办结", command="done", apply=apply)

    def reopen(
        self, number: str, units: Iterable[str] | None = None, *, reason: str = "", on: str | None = None
    ) -> Item:
        """退回 a finished share after a check, or resume a suspended or cancelled one."""
        reason = require_text("reason", "退回理由", reason, max_len=TEXT_MAX, multiline=True, allow_empty=True)

        def apply(item: Item, share: Assignment) -> None:
            day = self._step_date(on, share)
            was = share["status"]
            share["status"] = "returned" if was in DONE_STATUSES else "in_progress"
            share["done_on"] = ""
            share["closed_on"] = ""
            self._event(share, "退回" if was in DONE_STATUSES else "恢复办理", day, reason)

        return self._steps(number, units, verb="退回", command="reopen", apply=apply)

    def close_out(
        self, number: str, units: Iterable[str] | None = None, *, on: str | None = None, note: str = ""
    ) -> Item:
        """销号: close a finished share after verification."""
        note = require_text("note", "销号说明", note, max_len=TEXT_MAX, multiline=True, allow_empty=True)

        def apply(item: Item, share: Assignment) -> None:
            day = self._step_date(on, share)
            if share["done_on"] and day < share["done_on"]:
                raise ValidationError("date", "销号日期不能早于办结日期")
            share["status"] = "closed"
            share["closed_on"] = day
            self._event(share, "销号", day, note)

        return self._steps(number, units, verb="销号", command="close", apply=apply)

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

        def apply(item: Item, share: Assignment) -> None:
            day = self._step_date(on, share)
            share["status"] = "suspended" if suspend else "cancelled"
            self._event(share, word, day, reason)

        return self._steps(number, units, verb=word, command="suspend" if suspend else "cancel", apply=apply)


def _unit_name(units: dict[int, Unit], unit_id: int) -> str:
    unit = units.get(unit_id)
    return unit["name"] if unit else f"单位{unit_id}"

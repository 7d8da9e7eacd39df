"""督办事项: the item list with a live filter, filters by light/status/unit/meeting/key, sort, multi-select
and batch actions (remind, acknowledge, extend, mark done) that undo as one step.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Checkbox, Input, Select, Static

from store.errors import RuleError, SupervisorError
from store.records.choices import YES_NO
from store.records.model import LIGHT_LABELS, STATUS_LABELS
from store.records.text import clip
from store.records.units import did_you_mean, split_names, suggest_units
from store.rules.steps import STEP_VERBS
from store.views import batch as batch_views
from store.views import board as views
from tui.forms.base import FormScreen
from tui.forms.item_form import ItemForm
from tui.forms.simple_forms import ExtensionForm, ProgressForm, StepForm
from tui.screens.base import MainScreen
from tui.state import Filters
from tui.widgets.item_table import ItemTable
from tui.widgets.toggles import Tick

STATUS_CHOICES = [("全部状态", ""), ("逾期未办结", "overdue"), ("逾期办结", "done_late")] + [
    (label, code) for code, label in STATUS_LABELS.items()
]
LIGHT_CHOICES = [("全部灯色", "")] + [(f"{LIGHT_LABELS[k]}灯", k) for k in ("red", "yellow", "green", "blue", "grey")]


class ItemsScreen(MainScreen):
    MODE = "items"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_filter", "筛选"),
        Binding("escape", "leave_filter", "回到列表", show=False),
        Binding("n", "new_item", "新增", id="new-item"),
        Binding("r", "batch('remind')", "催办", id="remind"),
        Binding("k", "batch('ack')", "签收", id="ack"),
        Binding("d", "batch('done')", "办结", id="done"),
        Binding("e", "batch('extend')", "延期", id="extend"),
        Binding("p", "progress", "进展", id="progress"),
        Binding("x", "clear_filters", "清除筛选", show=False),
    ]
    EDIT_ACTIONS = frozenset({"new_item", "batch", "progress"})

    def __init__(self) -> None:
        super().__init__()
        self.filters = Filters()
        self._pending: dict[str, str] = {}  # filters asked for before the screen had its data
        self._options: dict[str, list[tuple[str, str]]] = {}
        self._row_order: list[int] = []
        self._row_order_key: tuple[object, ...] = ()

    def body(self) -> ComposeResult:
        with Horizontal(id="filter-row"):
            yield Input(placeholder="筛选：标题、编号、单位名或简拼（如 jyj）  按 / 到这里", id="filter", compact=True)
            yield Static("", id="count")
        with Horizontal(id="select-row"):
            yield Select(LIGHT_CHOICES, value="", allow_blank=False, id="light", compact=True)
            yield Select(STATUS_CHOICES, value="", allow_blank=False, id="status", compact=True)
            yield Select([("全部单位", "")], value="", allow_blank=False, id="unit", compact=True)
            yield Select([("全部会议", "")], value="", allow_blank=False, id="meeting", compact=True)
            yield Tick("只看重点", id="key-only", compact=True)
        yield ItemTable(id="items")
        yield Static("", id="item-hint")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(ItemTable).focus()

    # ------------------------------------------------------------------ data

    def refresh_data(self) -> None:
        boards = self.boards
        if boards is None or self.sv.repo is None:
            return
        repo = self.sv.repo
        units = [("全部单位", "")] + [(u["name"], str(u["id"])) for u in repo.units()]
        meetings = [("全部会议", "")] + [(f"{m['date']} {clip(m['title'], 30)}", str(m["id"])) for m in repo.meetings()]
        self._set_options("unit", units)
        self._set_options("meeting", meetings)
        for select_id, value in self._pending.items():
            self.query_one(f"#{select_id}", Select).value = value
            self._filter_by(select_id, value)
        self._pending.clear()
        self.apply_filters()

    def _set_options(self, select_id: str, options: list[tuple[str, str]]) -> None:
        select = self.query_one(f"#{select_id}", Select)
        current = select.value
        if self._options.get(select_id) == options:
            return
        self._options[select_id] = options
        with self.prevent(Select.Changed):
            select.set_options(options)
            select.value = current if any(v == current for _, v in options) else ""

    def apply_filters(self) -> None:
        boards = self.boards
        if boards is None:
            return
        table = self.query_one(ItemTable)
        f = self.filters
        if f.unit_id is not None and self.sv.repo is not None:
            # One unit's view: its own shares decide light, status and deadline, exactly as `list --unit` does.
            repo = self.sv.repo
            rows = views.filter_items(
                repo.items(),
                repo.policy(),
                boards.snapshot.units,
                unit_id=f.unit_id,
                status=f.status or None,
                light=f.light or None,
                meeting_id=f.meeting_id,
                key=True if f.key_only else None,
                text=f.text,
            )
            table.set_rows(rows)
        else:
            key = (boards.snapshot.version, id(boards.snapshot), table.sort_key, table.sort_reverse)
            if self._row_order_key != key:
                self._row_order = table.row_order(boards.snapshot.rows)
                self._row_order_key = key
            rows = boards.snapshot.filter(f, self._row_order)
            table.set_rows(rows, presorted=True)
        total = len(boards.snapshot.rows)
        marked = f"，已选{len(table.marked)}项" if table.marked else ""
        self.query_one("#count", Static).update(f"{len(rows)} / {total}{marked}")

    def show_only(self, select_id: str, value: str) -> None:
        """Open with one filter set: a light (the overview's boxes), a unit or a meeting (Enter on theirs). The
        filters set before are cleared: Enter on a unit after 看红灯 showed 2 of its 5 items (a walk-through)."""
        if not self.is_mounted or self.boards is None:
            self._pending[select_id] = value
            return
        self.action_clear_filters()
        self.query_one(f"#{select_id}", Select).value = value

    @on(Input.Changed, "#filter")
    def _text_changed(self, event: Input.Changed) -> None:
        self.filters.text = event.value
        self.apply_filters()

    @on(Input.Submitted, "#filter")
    def _text_submitted(self) -> None:
        self.query_one(ItemTable).focus()

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        self._filter_by(event.select.id or "", event.value if isinstance(event.value, str) else "")
        self.apply_filters()

    def _filter_by(self, select_id: str, value: str) -> None:
        if select_id == "light":
            self.filters.light = value
        elif select_id == "status":
            self.filters.status = value
        elif select_id == "unit":
            self.filters.unit_id = int(value) if value else None
        elif select_id == "meeting":
            self.filters.meeting_id = int(value) if value else None

    @on(Checkbox.Changed, "#key-only")
    def _key_changed(self, event: Checkbox.Changed) -> None:
        self.filters.key_only = event.value
        self.apply_filters()

    @on(ItemTable.Changed)
    def _table_changed(self) -> None:
        table = self.query_one(ItemTable)
        boards = self.boards
        if boards is not None:
            marked = f"，已选{len(table.marked)}项" if table.marked else ""
            self.query_one("#count", Static).update(f"{len(table.rows)} / {len(boards.snapshot.rows)}{marked}")
        row = table.current
        hint = ""
        if row is not None:
            partners = f"  配合：{'、'.join(row.partners)}" if row.partners else ""
            hint = f"{row.number} {row.title}  牵头：{row.lead}{partners}"
            if row.due and (unknown := self.repo.calendar().warning(date.fromisoformat(row.due), short=True)):
                hint = f"{row.number} 期限{row.due}：{unknown}"  # its working days counted Monday to Friday
        elif boards is not None and self.filters.text.strip():  # nothing found: perhaps a mistyped unit name
            hint = did_you_mean(suggest_units(self.filters.text, boards.snapshot.units.values()))
        self.query_one("#item-hint", Static).update(hint)

    @on(ItemTable.Opened)
    def _open(self, event: ItemTable.Opened) -> None:
        from tui.screens.item_detail import ItemDetailScreen

        self.app.push_screen(ItemDetailScreen(event.number))

    # ------------------------------------------------------------------ actions

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_leave_filter(self) -> None:
        self.query_one(ItemTable).focus()

    def action_clear_filters(self) -> None:
        self.filters = Filters()
        self.query_one("#filter", Input).value = ""
        for select_id in ("light", "status", "unit", "meeting"):
            self.query_one(f"#{select_id}", Select).value = ""
        self.query_one("#key-only", Checkbox).value = False
        self.apply_filters()

    def action_new_item(self) -> None:
        if not self.sv.can_edit():
            return
        repo = self.repo
        unit = repo.unit(self.filters.unit_id)["name"] if self.filters.unit_id else ""
        meeting = str(self.filters.meeting_id) if self.filters.meeting_id else ""

        def submit(values: dict[str, Any]) -> Any:
            return repo.add_item(
                values["title"],
                values["lead"],
                values["due"],
                partners=split_names(values["partners"]),
                meeting=values["meeting"] or None,
                key=values["key"],
                requirement=values["requirement"],
            )

        self.sv.open_form(
            ItemForm(repo, submit, initial={"lead": unit, "meeting": meeting}),
            lambda item: f"已新增督办事项 {item['number']}：{item['title']}",
        )

    def _targets(self) -> list[str]:
        return self.query_one(ItemTable).marked_or_current()

    def _unit_names(self) -> list[str] | None:
        """A unit filter, or a filter text naming one unit, limits steps to that unit's shares (store rule)."""
        unit_id = batch_views.scope_unit(self.filters.unit_id, self.filters.text, self.repo.units_by_id())
        return [self.repo.unit(unit_id)["name"]] if unit_id is not None else None

    def action_batch(self, kind: str) -> None:
        """A step on the selected items (or the one under the cursor): the form lists what it will touch."""
        if not self.sv.can_edit():
            return
        numbers = self._targets()
        if not numbers:
            self.notify("没有选中的事项", severity="warning")
            return
        repo = self.repo
        scope = batch_views.batch_scope(
            [repo.item(n) for n in numbers],
            kind,
            repo.units_by_id(),
            unit_id=self.filters.unit_id,
            text=self.filters.text,
        )
        word = STEP_VERBS[kind]
        if not scope.targets:  # say it now, not after the form was filled in
            reason = scope.skipped[0] if scope.skipped else f"没有可以{word}的承办单位"
            self.notify(reason, title=f"不能{word}", severity="warning", timeout=8)
            return
        intro = "\n".join([f"{word} {scope.headline()}：", *(f"  {line}" for line in scope.lines())])
        title = f"批量{word}" if len(scope.targets) > 1 else f"{word} {scope.targets[0][0]}"
        label = scope.label()
        form: FormScreen[Any]
        if kind == "extend":
            form = ExtensionForm(repo, lambda v: v, title=f"{title}：登记延期", intro=intro)
        else:
            extra = (
                (("method", "催办方式", "电话"), ("doc_number", "催办通知文号（可留空）", ""))
                if kind == "remind"
                else ()
            )
            note = {"done": "办结说明（可留空）"}.get(kind, "备注（可留空）")
            form = StepForm(repo, lambda v: v, title=f"{title}：登记{word}", intro=intro, note_label=note, extra=extra)

        def filled(values: dict[str, str] | None) -> None:
            if values:
                self._run_batch(scope, label, lambda number, units: self._step(kind, values, number, units))

        self.app.push_screen(form, filled)

    def _step(self, kind: str, values: dict[str, str], number: str, units: list[str]) -> None:
        """One item's part of a batch step, with the form's values, on exactly the units the scope listed."""
        repo = self.repo
        if kind == "remind":
            method, doc = values["method"] or "电话", values["doc_number"]
            repo.remind(number, units, on=values["date"], method=method, doc_number=doc, note=values["note"])
        elif kind == "ack":
            repo.acknowledge(number, units, on=values["date"], note=values["note"])
        elif kind == "done":
            repo.mark_done(number, units, on=values["date"], note=values["note"])
        elif kind == "extend":
            approved = YES_NO.is_yes(values["approved"])
            repo.request_extension(number, units, values["new_due"], values["reason"], approved=approved)

    def _run_batch(self, scope: batch_views.BatchScope, label: str, step: Callable[[str, list[str]], None]) -> None:
        """Every item of the scope in one transaction (one undo step); an item refused is skipped whole."""
        repo = self.repo
        word = STEP_VERBS[scope.step]
        skipped: list[str] = []

        def batch() -> int:
            done = 0
            skipped.clear()
            with repo.transaction(label, scope.step):
                for number, units in scope.targets:
                    try:
                        step(number, units)  # each item all or nothing: a refused step changes none of its shares
                        done += 1
                    except SupervisorError as exc:
                        skipped.append(f"{number}：{exc.message}")
            if not done:
                raise RuleError(skipped[0] if skipped else f"没有可以{word}的事项")
            return done

        def message(n: int) -> str:
            text = f"已{word}{n}项" + ("（可按 Ctrl+Z 撤销）" if n > 1 else "")
            if skipped:
                text += f"；{len(skipped)}项未处理：" + "；".join(skipped[:3]) + ("……" if len(skipped) > 3 else "")
            return text

        self.sv.act(batch, message)
        self.query_one(ItemTable).marked.clear()

    def action_progress(self) -> None:
        if not self.sv.can_edit():
            return
        table = self.query_one(ItemTable)
        if table.current is None:
            return
        repo = self.repo
        number = table.current.number
        units = self._unit_names()
        item = repo.item(number)
        unit = (
            units[0]
            if units
            else next(
                (repo.unit(a["unit_id"])["name"] for a in item["assignments"] if a["role"] == "lead"),
                repo.unit(item["assignments"][0]["unit_id"])["name"],
            )
        )
        self.sv.open_form(ProgressForm.for_share(repo, number, unit), f"已登记进展：{number}（{unit}）")

"""成员单位: per-unit figures ranked by 按期办结率; Enter drills into the unit's items."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Static

from store.errors import SupervisorError
from store.records.choices import UNIT_KIND
from store.records.model import Unit
from tui.forms.simple_forms import UnitForm, unit_saver
from tui.screens.base import MainScreen
from tui.screens.message_dialog import MessageScreen
from tui.widgets.receipts import UnitReceipts

# The board's counts, in column order (field of `views.board_by_unit` -> heading).
COUNT_COLUMNS = {
    "assigned": "承办",
    "done": "办结",
    "done_on_time": "按期",
    "done_late": "逾期办结",
    "open": "未办结",
    "yellow": "黄灯",
    "reminders": "催办",
}


class UnitsScreen(MainScreen):
    MODE = "units"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "drill", "看该单位事项"),
        Binding("n", "new_unit", "新增单位"),
        Binding("e", "edit_unit", "修改单位"),
        Binding("m", "message", "催办消息"),
    ]
    EDIT_ACTIONS = frozenset({"new_unit", "edit_unit"})

    def body(self) -> ComposeResult:
        yield Static(
            "各单位办理情况（按期办结率 = 按期办结数 ÷（已办结数 + 逾期未办结数），未到期的不计）",
            classes="screen-note",
        )
        yield DataTable(id="unit-board", cursor_type="row", zebra_stripes=True)
        yield Static("", id="unit-hint")
        yield UnitReceipts(id="unit-receipts")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("名次", "单位", "按期办结率", "逾期", *COUNT_COLUMNS.values(), "平均逾期天数", "联系人")
        super().on_mount()
        table.focus()

    def refresh_data(self) -> None:
        boards = self.boards
        repo = self.sv.repo
        if boards is None or repo is None:
            return
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        ranked = {b["unit_id"] for b in boards.units}
        for b in boards.units:
            unit = boards.snapshot.units.get(b["unit_id"])
            table.add_row(
                str(b["rank"]),
                b["unit"],
                b["on_time_rate_text"],
                f"[b red]{b['overdue']}[/]" if b["overdue"] else "0",
                *(str(b[name]) for name in COUNT_COLUMNS),
                f"{b['average_days_late']:g}",
                f"{unit['contact']} {unit['phone']}" if unit else "",
                key=str(b["unit_id"]),
            )
        for unit in repo.units():  # units with nothing assigned yet, after the ranked ones
            if unit["id"] not in ranked:
                zeros = ["0"] * (len(COUNT_COLUMNS) + 2)
                contact = f"{unit['contact']} {unit['phone']}"
                table.add_row("—", unit["name"], "—", *zeros, contact, key=str(unit["id"]))
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))
        self._show_receipts()

    @on(DataTable.RowHighlighted)
    def _show_receipts(self) -> None:
        repo = self.sv.repo
        unit_id = self._unit_id()
        if repo is not None and unit_id is not None:
            self.query_one(UnitReceipts).show(repo, unit_id)

    def action_message(self) -> None:
        """催办消息 for the unit under the cursor: copy, save, or record as sent."""
        unit_id = self._unit_id()
        if unit_id is None or self.sv.repo is None:
            return
        try:
            dialog = MessageScreen(self.repo, unit_id)
        except SupervisorError as exc:
            self.notify(exc.message, severity="warning")
            return

        def closed(count: int | None) -> None:
            if count:
                self.sv.data_changed()
                self.notify(f"已登记催办{count}项（Ctrl+Z 撤销）")

        self.app.push_screen(dialog, closed)

    def _unit_id(self) -> int | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return int(str(key.value))

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_drill()

    def action_drill(self) -> None:
        unit_id = self._unit_id()
        if unit_id is None:
            return
        self.show_items("unit", str(unit_id))

    def _submit(self, unit_id: int | None) -> Callable[[dict[str, str]], Unit]:
        return unit_saver(self.repo, unit_id)

    @staticmethod
    def _saved(unit: Unit) -> str:
        return f"已保存单位：{unit['name']}（简拼 {'/'.join(unit['initials'])}）"

    def action_new_unit(self) -> None:
        if self.sv.can_edit():
            self.sv.open_form(UnitForm(self._submit(None)), self._saved)

    def action_edit_unit(self) -> None:
        unit_id = self._unit_id()
        if unit_id is None or not self.sv.can_edit():
            return
        unit = self.repo.unit(unit_id)
        initial = {
            "name": unit["name"],
            "short": unit["short"],
            "kind": UNIT_KIND.label(unit["kind"]),
            "aliases": "、".join(unit["aliases"]),
            "contact": unit["contact"],
            "phone": unit["phone"],
        }
        form = UnitForm(self._submit(unit_id), initial=initial, title=f"修改单位：{unit['name']}")
        self.sv.open_form(form, self._saved)

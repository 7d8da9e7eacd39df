"""成员单位: per-unit figures ranked by 按期办结率; Enter drills into the unit's items."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Static

from store.errors import SupervisorError
from store.records.choices import UNIT_KIND
from store.records.model import Unit
from tui.forms.simple_forms import UnitForm
from tui.screens.base import MainScreen
from tui.screens.message_dialog import MessageScreen
from tui.widgets.receipts import UnitReceipts
from tui.widgets.table import Table

# The board's columns: (field, heading, shown at 80 columns too). At 80 columns the board keeps the ranking and
# the figures that explain it; the rest (on-time count, late days, contact) shows from 100 columns up.
COLUMNS = (
    ("rank", "名次", True),
    ("unit", "单位", True),
    ("on_time_rate_text", "按期办结率", True),
    ("overdue", "逾期", True),
    ("assigned", "承办", True),
    ("done", "办结", True),
    ("done_on_time", "按期", False),
    ("done_late", "逾期办结", False),
    ("open", "未办结", True),
    ("yellow", "黄灯", False),
    ("reminders", "催办", True),
    ("average_days_late", "平均逾期天数", False),
    ("contact", "联系人", False),
)
NARROW = 100


class UnitsScreen(MainScreen):
    MODE = "units"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "drill", "看该单位事项"),
        Binding("n", "new_unit", "新增单位"),
        Binding("e", "edit_unit", "修改单位"),
        Binding("m", "message", "催办消息"),
    ]
    EDIT_ACTIONS = frozenset({"new_unit", "edit_unit"})

    def __init__(self) -> None:
        super().__init__()
        self._narrow = False

    def body(self) -> ComposeResult:
        yield Static(
            "按期办结率＝按期办结数÷（已办结数＋逾期未办结数），未到期的不计",
            classes="screen-note",
        )
        yield Table(id="unit-board", cursor_type="row", zebra_stripes=True, enter="看该单位事项")
        yield Static("", id="unit-hint")
        yield UnitReceipts(id="unit-receipts")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(DataTable).focus()

    def on_resize(self) -> None:
        if self._narrow != (self.app.size.width < NARROW):
            self.refresh_data()

    def _columns(self) -> list[tuple[str, str, bool]]:
        return [c for c in COLUMNS if c[2] or not self._narrow]

    def refresh_data(self) -> None:
        boards = self.boards
        repo = self.sv.repo
        if boards is None or repo is None:
            return
        table = self.query_one(DataTable)
        keep = table.cursor_row
        narrow = self.app.size.width < NARROW
        if narrow != self._narrow or not table.columns:
            self._narrow = narrow
            table.clear(columns=True)
            table.add_columns(*(heading for _, heading, _ in self._columns()))
        table.clear()
        ranked = {b["unit_id"] for b in boards.units}
        for b in boards.units:
            unit = boards.snapshot.units.get(b["unit_id"])
            cells = {
                **{key: str(b.get(key, "")) for key, _, _ in COLUMNS},
                "overdue": f"[b red]{b['overdue']}[/]" if b["overdue"] else "0",
                "average_days_late": f"{b['average_days_late']:g}",
                "contact": f"{unit['contact']} {unit['phone']}" if unit else "",
            }
            table.add_row(*(cells[key] for key, _, _ in self._columns()), key=str(b["unit_id"]))
        for unit in repo.units():  # units with nothing assigned yet, after the ranked ones
            if unit["id"] not in ranked:
                cells = {key: "0" for key, _, _ in COLUMNS}
                cells.update(rank="—", unit=unit["name"], on_time_rate_text="—")
                cells["contact"] = f"{unit['contact']} {unit['phone']}"
                table.add_row(*(cells[key] for key, _, _ in self._columns()), key=str(unit["id"]))
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

    @staticmethod
    def _saved(unit: Unit) -> str:
        return f"已保存单位：{unit['name']}（简拼 {'/'.join(unit['initials'])}）"

    def action_new_unit(self) -> None:
        if self.sv.can_edit():
            self.sv.open_form(UnitForm(UnitForm.submitter(self.repo)), self._saved)

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
        form = UnitForm(UnitForm.submitter(self.repo, unit_id), initial=initial, title=f"修改单位：{unit['name']}")
        self.sv.open_form(form, self._saved)

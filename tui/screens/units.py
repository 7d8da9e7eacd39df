"""成员单位: per-unit figures ranked by 按期办结率; Enter drills into the unit's items."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Static

from store.records.model import UNIT_KINDS
from store.records.units import collective_of
from tui.forms.simple_forms import UnitForm
from tui.screens.base import MainScreen
from tui.widgets.fields import split_units

KIND_CODES = {label: code for code, label in UNIT_KINDS.items()}


class UnitsScreen(MainScreen):
    MODE = "units"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "drill", "看该单位事项"),
        Binding("n", "new_unit", "新增单位"),
        Binding("e", "edit_unit", "修改单位"),
    ]
    EDIT_ACTIONS = frozenset({"new_unit", "edit_unit"})

    def body(self) -> ComposeResult:
        yield Static(
            "各单位办理情况（按期办结率 = 按期办结数 ÷（已办结数 + 逾期未办结数），未到期的不计）",
            classes="screen-note",
        )
        yield DataTable(id="unit-board", cursor_type="row", zebra_stripes=True)
        yield Static("", id="unit-hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(
            "名次",
            "单位",
            "按期办结率",
            "逾期",
            "承办",
            "办结",
            "按期",
            "逾期办结",
            "未办结",
            "黄灯",
            "催办",
            "平均逾期天数",
            "联系人",
        )
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
        ranked = {b["unit_id"]: b for b in boards.units}
        rows: list[tuple[Any, ...]] = []
        for b in boards.units:
            unit = boards.snapshot.units.get(b["unit_id"])
            contact = f"{unit['contact']} {unit['phone']}" if unit else ""
            overdue = f"[b red]{b['overdue']}[/]" if b["overdue"] else "0"
            rows.append(
                (
                    str(b["rank"]),
                    b["unit"],
                    b["on_time_rate_text"],
                    overdue,
                    str(b["assigned"]),
                    str(b["done"]),
                    str(b["done_on_time"]),
                    str(b["done_late"]),
                    str(b["open"]),
                    str(b["yellow"]),
                    str(b["reminders"]),
                    f"{b['average_days_late']:g}",
                    contact,
                    b["unit_id"],
                )
            )
        for unit in repo.units():
            if unit["id"] not in ranked:
                rows.append(
                    (
                        "—",
                        unit["name"],
                        "—",
                        "0",
                        "0",
                        "0",
                        "0",
                        "0",
                        "0",
                        "0",
                        "0",
                        "0",
                        f"{unit['contact']} {unit['phone']}",
                        unit["id"],
                    )
                )
        for row in rows:
            table.add_row(*row[:-1], key=str(row[-1]))
        if rows:
            table.move_cursor(row=min(keep, len(rows) - 1))

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
        self.sv.switch_mode("items")
        items = self.sv.screen
        if hasattr(items, "filters"):
            from textual.widgets import Select

            items.query_one("#unit", Select).value = str(unit_id)

    def _submit(self, unit_id: int | None):  # type: ignore[no-untyped-def]
        repo = self.sv.repo

        def submit(values: dict[str, str]) -> Any:
            kind = KIND_CODES.get(values["kind"].strip(), values["kind"].strip())
            fields = dict(
                short=values["short"],
                kind=kind,
                contact=values["contact"],
                phone=values["phone"],
                aliases=split_units(values["aliases"]),
            )
            if collective_of(values["name"]):
                from store.errors import ValidationError

                raise ValidationError("name", f"「{values['name']}」是泛指，不能作为单位名称")
            if unit_id is None:
                return repo.add_unit(values["name"], **fields)
            return repo.edit_unit(unit_id, name=values["name"], **fields)

        return submit

    def _saved(self, result: Any) -> None:
        if result:
            self.sv.data_changed()
            self.notify(f"已保存单位：{result['name']}（简拼 {'/'.join(result['initials'])}）")

    def action_new_unit(self) -> None:
        if self.sv.can_edit():
            self.app.push_screen(UnitForm(self._submit(None)), self._saved)

    def action_edit_unit(self) -> None:
        unit_id = self._unit_id()
        if unit_id is None or not self.sv.can_edit():
            return
        unit = self.sv.repo.unit(unit_id)
        initial = {
            "name": unit["name"],
            "short": unit["short"],
            "kind": UNIT_KINDS.get(unit["kind"], unit["kind"]),
            "aliases": "、".join(unit["aliases"]),
            "contact": unit["contact"],
            "phone": unit["phone"],
        }
        self.app.push_screen(
            UnitForm(self._submit(unit_id), initial=initial, title=f"修改单位：{unit['name']}"), self._saved
        )

"""设置: office name, document prefix, contact, thresholds, milestones and entered holiday schedules."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, DataTable, Static

from store.calendar import dates
from store.calendar.workdays import holiday_source, holiday_years, package_covers
from store.commands.settings import setting_text
from store.errors import ValidationError
from store.records.settings_table import SETTINGS_TABLE, setting_spec
from store.views.board import milestone_countdown
from tui.forms.base import FormScreen, RecordForm
from tui.forms.checks import optional_text, required, setting_check, year_check
from tui.forms.confirm import AnswerScreen
from tui.screens.base import MainScreen
from tui.widgets.fields import Field, date_check
from tui.widgets.table import Table


class MilestoneForm(RecordForm[Any]):
    TITLE = "新增里程碑"

    def fields(self) -> ComposeResult:
        yield Field("name", "名称（如：中期评估、全面检查）", check=required("名称", 60))
        yield Field("date", "日期", check=date_check(self.repo))


class HolidayForm(FormScreen[Any]):
    TITLE = "录入某年的放假和调休安排"

    def __init__(self, submit: Callable[[dict[str, str]], Any], *, year: int) -> None:
        super().__init__(submit)
        self.year = year

    def fields(self) -> ComposeResult:
        def holiday_year(value: str) -> tuple[bool, str]:
            ok, message = year_check(value)  # the store's range (require_year)
            if not ok:
                return ok, message
            return True, f"{value.strip()}年：{holiday_source(int(value), ())}" + (
                "，录入的安排会覆盖它" if package_covers(int(value)) else ""
            )

        yield Field("year", "年份", value=str(self.year), check=holiday_year)
        yield Field(
            "holidays",
            "放假日期（逗号分隔，范围用 ..，如 2027-01-01, 2027-02-06..2027-02-12；只录调休上班日可留空）",
            check=optional_text("放假日期", 2000),
        )
        yield Field("workdays", "调休上班日期（周末上班的日子，可留空）", check=optional_text("调休上班日期", 2000))


class SettingsScreen(MainScreen):
    MODE = "settings"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "保存设置"),
        Binding("m", "add_milestone", "新增里程碑"),
        Binding("delete", "remove_milestone", "删除里程碑"),
        Binding("h", "holidays", "录入放假安排"),
    ]
    EDIT_ACTIONS = frozenset({"save", "add_milestone", "remove_milestone", "holidays"})

    def body(self) -> ComposeResult:
        with Horizontal(id="settings-columns"):
            with VerticalScroll(id="settings-form"):
                for spec in SETTINGS_TABLE:  # one table with `supervisor settings`; checked by the store's rule
                    yield Field(spec.key, spec.form_label, check=setting_check(spec.key))
                yield Button("保存设置 (Ctrl+S)", variant="primary", id="save-settings")
            with Vertical(id="settings-side"):
                yield Static("[b]里程碑[/]（m 新增，Delete 删除）", classes="screen-note")
                yield Table(id="milestones", cursor_type="row")
                yield Static("", id="calendar-status", classes="panel")

    def on_mount(self) -> None:
        self.query_one("#milestones", DataTable).add_columns("里程碑", "日期", "倒计时")
        self.sv.quit_guards.append(self.ask_before_quit)
        super().on_mount()

    def refresh_data(self) -> None:
        repo = self.sv.repo
        if repo is None:
            return
        settings = repo.settings()
        values: Mapping[str, object] = settings  # read by key name
        for spec in SETTINGS_TABLE:
            field = self.query_one(f"#field-{spec.key}", Field)
            text = setting_text(spec.key, values[spec.key])
            if not field.changed or field.initial == "":
                field.initial = text
                field.input.value = text
        table = self.query_one("#milestones", DataTable)
        table.clear()
        cal = repo.calendar()
        for m in repo.milestones():
            left = milestone_countdown(m, repo.today, cal)["phrase"]
            table.add_row(m["name"], dates.format_cn(m["date"]), left, key=str(m["id"]))
        lines = ["[b]法定节假日[/]（按 h 录入放假安排）"]
        for y in holiday_years(repo.today.year, settings["calendar"]):
            source = holiday_source(y, settings["calendar"])
            colour = "yellow" if source.startswith("未录入") else "green"
            lines.append(f"  {y}年：[{colour}]{source}[/]")
        self.query_one("#calendar-status", Static).update("\n".join(lines))

    @on(Button.Pressed, "#save-settings")
    def _save_pressed(self) -> None:
        self.action_save()

    def changed_fields(self) -> dict[str, Field]:
        """The fields typed in since the last load or save: only these are checked and saved, so an empty
        required setting (a database started before the office filled them in) never blocks another change."""
        return {f.field_name: f for f in self.query(Field) if f.changed}

    @property
    def dirty(self) -> bool:
        return bool(self.changed_fields())

    def action_save(self) -> bool:
        if not self.sv.can_edit():
            return False
        fields = self.changed_fields()
        if not fields:
            self.notify("设置没有修改")
            return True
        bad = [f for f in fields.values() if not f.run_check()]
        if bad:
            self.notify(f"{bad[0].label}：{bad[0].message}", severity="error")
            return False
        try:
            self.repo.update_settings(**{name: f.value for name, f in fields.items()})
        except ValidationError as exc:
            if exc.field in fields:
                fields[exc.field].show(exc.message, error=True)
            self.notify(exc.message, severity="error", title="未能保存")
            return False
        for f in fields.values():
            f.initial = f.value
        self.sv.data_changed()
        self.notify("设置已保存")
        return True

    def on_screen_suspend(self) -> None:
        """Leaving the page keeps what was typed (the page stays as it was); say so, so it is not forgotten."""
        if self.dirty:
            self.notify("设置有未保存的修改，已保留：回到设置页（7）按 Ctrl+S 保存", severity="warning")

    def ask_before_quit(self) -> bool:
        """Ctrl+Q with unsaved settings: 保存／放弃／继续编辑 instead of losing them silently."""
        if not self.dirty:
            return False
        names = "、".join(setting_spec(key).label for key in self.changed_fields())

        def answered(answer: str | None) -> None:
            if answer == "discard" or (answer == "save" and self.action_save()):
                self.app.exit()
            elif self.app.current_mode != self.MODE:
                self.sv.switch_mode(self.MODE)

        question = f"设置有未保存的修改：{names}。退出前保存吗？"
        self.app.push_screen(
            AnswerScreen(question, [("save", "保存"), ("discard", "放弃"), ("continue", "继续编辑")]), answered
        )
        return True

    def action_add_milestone(self) -> None:
        if not self.sv.can_edit():
            return
        repo = self.repo
        form = MilestoneForm(repo, lambda v: repo.add_milestone(v["name"], v["date"]))
        self.sv.open_form(form, lambda milestone: f"已新增里程碑：{milestone['name']}")

    def action_remove_milestone(self) -> None:
        table = self.query_one("#milestones", DataTable)
        if table.row_count == 0 or not self.sv.can_edit():
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        self.sv.act(lambda: self.repo.remove_milestone(int(str(key.value))), "已删除里程碑（可按 Ctrl+Z 撤销）")

    def action_holidays(self) -> None:
        if not self.sv.can_edit():
            return
        repo = self.repo

        def submit(values: dict[str, str]) -> Any:
            year = int(values["year"])
            off = dates.expand_days([values["holidays"]], year, field="holidays")
            work = dates.expand_days([values["workdays"]], year, field="workdays")
            if not off and not work:
                raise ValidationError("holidays", "请填写放假日期或调休上班日期")
            return repo.set_year_calendar(year, off, work)

        form = HolidayForm(submit, year=self.sv.today().year + 1)
        self.sv.open_form(form, "放假安排已录入，工作日和亮灯已按新安排计算")

"""设置: office name, document prefix, contact, thresholds, milestones and entered holiday schedules."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, DataTable, Static

from store.calendar import dates
from store.calendar.workdays import package_covers
from store.commands.settings import MONITORING_SETTINGS, setting_text
from store.errors import SupervisorError, ValidationError
from store.records.choices import BASIS
from store.records.fonts import FONT_ROLES
from tui.forms.base import FormScreen, RecordForm
from tui.forms.checks import optional_text, required, setting_check, whole_number, year_check
from tui.screens.base import MainScreen
from tui.widgets.fields import Field, date_check
from tui.widgets.table import Table

TEXT_SETTINGS = (
    ("office_name", "办公室全称（红头）", 60),
    ("office_short", "办公室简称", 30),
    ("doc_prefix", "发文机关代字（如：示妇儿工委办）", 20),
    ("contact_person", "联系人", 20),
    ("contact_phone", "联系电话", 40),
    ("operator", "记录人（默认记在谁名下）", 20),
)


def monitoring_fields() -> ComposeResult:
    """The monitoring settings (store.commands.settings.MONITORING_SETTINGS): which readings count, the evaluation
    year, when to start chasing data, and the units of measure compared in points."""
    labels = MONITORING_SETTINGS
    yield Field("checked_only", labels["checked_only"], check=setting_check("checked_only"))
    yield Field("evaluation_year", labels["evaluation_year"], check=evaluation_year_check)
    yield Field("chase_near_days", labels["chase_near_days"], check=whole_number("催报提前工作日数", 0, 250))
    yield Field("jump_points", labels["jump_points"], check=optional_text("按点数比较的计量单位", 200))


def evaluation_year_check(value: str) -> tuple[bool, str]:
    if value.strip() == "0":
        return True, "按规划的中期评估年份"
    return year_check(value)


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
        def year_check(value: str) -> tuple[bool, str]:
            if not value.strip().isdigit() or not 2000 <= int(value) <= 2099:
                return False, "请填写年份，如 2027"
            covered = "（chinese-calendar 已包含这一年，录入的安排会覆盖它）" if package_covers(int(value)) else ""
            return True, covered

        yield Field("year", "年份", value=str(self.year), check=year_check)
        yield Field(
            "holidays",
            "放假日期（逗号分隔，范围用 ..，如 2027-01-01, 2027-02-06..2027-02-12）",
            check=optional_text("放假日期", 2000),
        )
        yield Field("workdays", "调休上班日期（周末上班的日子）", check=optional_text("调休上班日期", 2000))


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
                for name, label, _ in TEXT_SETTINGS:
                    yield Field(name, label, check=setting_check(name))
                yield Field("yellow_days", "黄灯：期限前几个工作日亮黄灯", check=setting_check("yellow_days"))
                yield Field("report_days", "督办通知要求几个工作日内反馈", check=setting_check("report_days"))
                yield Field(
                    "rate_basis",
                    f"达标率分母（{'／'.join(BASIS.words())}）",
                    check=setting_check("rate_basis"),
                )
                yield Field(
                    "jump_threshold",
                    "数据与上年相比相对变化超过多少%时提醒核实",
                    check=setting_check("jump_threshold"),
                )
                yield from monitoring_fields()
                yield Field("cc", "督办通知的抄送（可留空）", check=setting_check("cc"))
                yield Field(
                    "period_on_workday",
                    "旬、月底、年底的期限落在休息日时，顺延到下一个工作日（是／否）",
                    check=setting_check("period_on_workday"),
                )
                for role in FONT_ROLES:  # the faces the Word documents name; empty restores the default
                    yield Field(role.key, f"{role.label}（“/”后为替代字体）", check=setting_check(role.key))
                yield Button("保存设置 (Ctrl+S)", variant="primary", id="save-settings")
            with Vertical(id="settings-side"):
                yield Static("[b]里程碑[/]（m 新增，Delete 删除）", classes="screen-note")
                yield Table(id="milestones", cursor_type="row")
                yield Static("", id="calendar-status", classes="panel")

    def on_mount(self) -> None:
        self.query_one("#milestones", DataTable).add_columns("里程碑", "日期", "倒计时")
        super().on_mount()

    def refresh_data(self) -> None:
        repo = self.sv.repo
        if repo is None:
            return
        settings = repo.settings()
        extra = (
            "yellow_days",
            "report_days",
            "rate_basis",
            "jump_threshold",
            "cc",
            "period_on_workday",
            *(r.key for r in FONT_ROLES),
            *MONITORING_SETTINGS,
        )
        for name, _, _ in (*TEXT_SETTINGS, *((n, "", 0) for n in extra)):
            field = self.query_one(f"#field-{name}", Field)
            value = settings[name]  # type: ignore[literal-required]
            text = BASIS.label(str(value)) if name == "rate_basis" else setting_text(name, value)
            if not field.changed or field.initial == "":
                field.initial = text
                field.input.value = text
        table = self.query_one("#milestones", DataTable)
        table.clear()
        cal = repo.calendar()
        for m in repo.milestones():
            day = dates.parse_iso(m["date"])
            days = (day - repo.today).days
            left = f"还有{days}天（{cal.workdays_between(repo.today, day)}个工作日）" if days >= 0 else f"已过{-days}天"
            table.add_row(m["name"], dates.format_cn(m["date"]), left, key=str(m["id"]))
        years = sorted({repo.today.year, repo.today.year + 1, *(int(y) for y in settings["calendar"])})
        lines = ["[b]法定节假日[/]（按 h 录入放假安排）"]
        for y in years:
            if str(y) in settings["calendar"]:
                source = "[green]办公室已录入[/]"
            elif package_covers(y):
                source = "[green]chinese-calendar 已包含[/]"
            else:
                source = "[yellow]未录入，暂按周一至周五计算[/]"
            lines.append(f"  {y}年：{source}")
        self.query_one("#calendar-status", Static).update("\n".join(lines))

    @on(Button.Pressed, "#save-settings")
    def _save_pressed(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        if not self.sv.can_edit():
            return
        fields = {f.field_name: f for f in self.query(Field)}
        bad = [f for f in fields.values() if not f.run_check()]
        if bad:
            self.notify(f"{bad[0].label}：{bad[0].message}", severity="error")
            return
        values = {name: f.value for name, f in fields.items()}
        try:
            self.repo.update_settings(**values)
        except ValidationError as exc:
            if exc.field in fields:
                fields[exc.field].show(exc.message, error=True)
            self.notify(exc.message, severity="error", title="未能保存")
            return
        for f in fields.values():
            f.initial = f.value
        self.sv.data_changed()
        self.notify("设置已保存")

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
            try:
                off = dates.expand_days([values["holidays"]], year, field="holidays")
                work = dates.expand_days([values["workdays"]], year, field="workdays")
            except SupervisorError:
                raise
            if not off:
                raise ValidationError("holidays", "请至少填写一个放假日期")
            return repo.set_year_calendar(year, off, work)

        form = HolidayForm(submit, year=self.sv.today().year + 1)
        self.sv.open_form(form, "放假安排已录入，工作日和亮灯已按新安排计算")

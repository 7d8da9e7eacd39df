"""First run on an empty database: load the sample county, or start blank with the office and its units."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from store.records.text import NAME_MAX
from store.records.units import guess_unit_kind, split_names
from tui.forms.base import FormScreen
from tui.forms.checks import required
from tui.screens.base import AppAccess
from tui.widgets.fields import Field
from tui.widgets.footer import KeyFooter


class BlankStartForm(FormScreen[bool]):
    TITLE = "从空白开始"

    def fields(self) -> ComposeResult:
        yield Field(
            "office_name",
            "办公室全称（印在红头上）",
            check=required("办公室全称", 60),
            placeholder="如：某县妇女儿童工作委员会办公室",
        )
        yield Field(
            "doc_prefix",
            "发文机关代字（文号的前半部分）",
            check=required("发文机关代字", 20),
            placeholder="如：某妇儿工委办",
        )
        yield Field("contact_person", "联系人", check=required("联系人", 20))
        yield Field("contact_phone", "联系电话", check=required("联系电话", 40))

        def units_check(value: str) -> tuple[bool, str]:
            names = split_names(value)
            if not names:
                return False, "请至少填写一个成员单位，用顿号分隔"
            long = [n for n in names if len(n) > NAME_MAX]
            if long:
                return False, f"单位名称太长：{long[0][:20]}…"
            if len(set(names)) != len(names):
                return False, "单位名称有重复"
            return True, f"共{len(names)}个单位"

        yield Field("units", "成员单位（用顿号分隔，如：县教育局、县卫健委、城关镇）", check=units_check)


class WelcomeScreen(AppAccess, ModalScreen[None]):
    """A newcomer sees a working board in one key."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "demo", "载入示例县"),
        Binding("2", "blank", "从空白开始"),
        Binding("3", "speech", "导入讲话稿"),
        Binding("escape", "dismiss", "以后再说"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog welcome"):
            yield Static("[b]欢迎使用督办台[/]", classes="dialog-title")
            yield Static(
                "督办台帮助办公室登记会议交办的工作，\n"
                "看清谁按期、谁逾期（红黄绿蓝灯），打印督办通知和检查清单。\n\n数据库现在是空的，请选择：\n"
            )
            yield Button(
                "1  载入示例县（示范县妇儿工委：26个单位、12项督办事项、18项指标）",
                id="demo",
                variant="primary",
                compact=True,
            )
            yield Button("2  从空白开始：填写办公室名称、发文机关代字和成员单位", id="blank", compact=True)
            yield Button("3  导入会议讲话稿：粘贴讲话，自动起草督办事项（需先有成员单位）", id="speech", compact=True)
            yield Static("\n以后可按 1–7 切换页面，F1 查看全部按键，Ctrl+P 打开命令面板。", classes="dim")
        yield KeyFooter()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "demo":
            self.action_demo()
        elif event.button.id == "speech":
            self.action_speech()
        else:
            self.action_blank()

    def action_speech(self) -> None:
        if not self.repo.units():
            self.notify("请先载入示例县或从空白开始录入成员单位，讲话中的单位才能对上号", severity="warning")
            return
        from tui.screens.speech_import import SpeechImportScreen

        self.dismiss(None)
        self.app.push_screen(SpeechImportScreen())

    def action_demo(self) -> None:
        from store.demo.loader import load_demo

        repo = self.repo
        if self.sv.act(lambda: load_demo(repo), "已载入示例县：按 2 查看督办事项，按 3 查看各单位办理情况") is not None:
            self.dismiss(None)

    def action_blank(self) -> None:
        repo = self.repo

        def submit(values: dict[str, str]) -> bool:
            with repo.transaction("开始使用：办公室与成员单位", "setup"):
                repo.update_settings(
                    office_name=values["office_name"],
                    office_short=values["office_name"][:30],
                    doc_prefix=values["doc_prefix"],
                    contact_person=values["contact_person"],
                    contact_phone=values["contact_phone"],
                )
                for name in split_names(values["units"]):
                    repo.add_unit(name, kind=guess_unit_kind(name))
            return True

        def saved(result: bool | None) -> None:
            if result:
                self.sv.data_changed()
                self.notify("已保存办公室和成员单位。按 2 到督办事项，按 n 新增事项。")
                self.dismiss(None)

        self.app.push_screen(BlankStartForm(submit), saved)

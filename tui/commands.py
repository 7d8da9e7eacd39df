"""The command palette (Ctrl+P): every action of the app, searchable by its Chinese name."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from rich.align import Align
from rich.text import Text
from textual.app import SystemCommand
from textual.command import CommandList, CommandPalette
from textual.screen import Screen
from textual.widgets.option_list import Option

from tui.widgets.nav import SCREENS

if TYPE_CHECKING:
    from tui.app import SupervisorApp


def palette_commands(app: SupervisorApp, screen: Screen[Any]) -> Iterator[SystemCommand]:
    for index, (mode, label) in enumerate(SCREENS, start=1):
        yield SystemCommand(
            f"打开：{label}", f"切换到第{index}页（按 {index}）", lambda mode=mode: app.action_switch_screen_to(mode)
        )

    def on_screen(mode: str, action: str) -> None:
        app.action_switch_screen_to(mode)
        app.call_after_refresh(lambda: app.screen.run_action(action))

    if not app.readonly:
        yield SystemCommand(
            "新增督办事项", "打开新增事项表单（督办事项页按 n）", lambda: on_screen("items", "new_item")
        )
        yield SystemCommand(
            "批量催办", "催办督办事项页中选中的事项（r）", lambda: on_screen("items", "batch('remind')")
        )
        yield SystemCommand("批量签收", "签收选中的事项（k）", lambda: on_screen("items", "batch('ack')"))
        yield SystemCommand("批量办结", "登记选中的事项办结（d）", lambda: on_screen("items", "batch('done')"))
        yield SystemCommand("批量延期", "登记选中的事项延期（e）", lambda: on_screen("items", "batch('extend')"))
        yield SystemCommand("登记进展", "为光标所在事项登记进展反馈（p）", lambda: on_screen("items", "progress"))
        yield SystemCommand("新增会议", "会议页按 n", lambda: on_screen("meetings", "new_meeting"))
        yield SystemCommand(
            "导入讲话稿", "粘贴会议讲话，起草督办事项（会议页按 i）", lambda: on_screen("meetings", "import_speech")
        )
        yield SystemCommand("新增成员单位", "成员单位页按 n", lambda: on_screen("units", "new_unit"))
        yield SystemCommand("录入指标数据", "指标页按 a", lambda: on_screen("indicators", "add_reading"))
        yield SystemCommand("新增里程碑", "设置页按 m", lambda: on_screen("settings", "add_milestone"))
        yield SystemCommand(
            "录入放假安排", "录入国务院公布的放假和调休（设置页按 h）", lambda: on_screen("settings", "holidays")
        )
        yield SystemCommand("撤销", "撤销上一步修改（Ctrl+Z）", app.action_undo)
        yield SystemCommand("重做", "重做刚撤销的修改（Ctrl+Y）", app.action_redo)
        yield SystemCommand("立即备份", "把数据库复制到备份文件夹", app.action_backup)
    yield SystemCommand("筛选督办事项", "到督办事项页的筛选框（/）", lambda: on_screen("items", "focus_filter"))
    yield SystemCommand("按键帮助", "列出全部按键（F1）", app.action_help)
    yield SystemCommand("退出", "退出督办台（Ctrl+Q）", app.exit)


class ChinesePalette(CommandPalette):
    """Textual's palette with its one English line ("No matches found") said in Chinese."""

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def show() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(Align.center(Text("没有匹配的命令", style="not bold")), disabled=True, id=self._NO_MATCHES)
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show)

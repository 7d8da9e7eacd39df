"""Every key, screen by screen, built from the bindings themselves so it cannot drift from them."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from store.records.text import fit

KEY_NAMES = {
    "slash": "/",
    "question_mark": "?",
    "escape": "Esc",
    "enter": "Enter",
    "space": "空格",
    "delete": "Delete",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "home": "Home",
    "end": "End",
    "up": "↑",
    "down": "↓",
}


def key_text(key: str) -> str:
    parts = [KEY_NAMES.get(k, k) for k in key.split("+")]
    if len(parts) > 1 and len(parts[-1]) == 1:
        parts[-1] = parts[-1].upper()  # Ctrl+Z, as the menus of Word and WPS write it
    return "+".join(p.capitalize() if len(p) > 1 and p.isascii() and p.islower() else p for p in parts)


KEY_WIDTH = 12


def binding_lines(bindings: list[BindingType]) -> list[str]:
    """One line per key: the key padded by display width (空格 is four cells), then what it does. A screen
    switch reads as its screen's name (1 总览 … 7 设置), not as the footer's "切换页面"."""
    from tui.widgets.nav import SCREENS

    names = dict(SCREENS)
    lines = []
    for b in bindings:
        if not isinstance(b, Binding) or not b.description:
            continue
        description = b.description
        if b.action.startswith("switch_screen_to("):
            description = names.get(b.action.split("'")[1], description)
        lines.append(f"  [b]{fit(key_text(b.key), KEY_WIDTH)}[/] {description}")
    return lines


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", "关闭"), Binding("f1", "dismiss", "关闭")]

    def compose(self) -> ComposeResult:
        from tui.app import SupervisorApp
        from tui.screens.documents import DocumentsScreen
        from tui.screens.indicators import IndicatorsScreen
        from tui.screens.item_detail import ItemDetailScreen
        from tui.screens.items import ItemsScreen
        from tui.screens.meetings import MeetingsScreen
        from tui.screens.overview import OverviewScreen
        from tui.screens.settings import SettingsScreen
        from tui.screens.speech_import import SpeechImportScreen
        from tui.screens.units import UnitsScreen
        from tui.widgets.item_table import ItemTable

        sections = [
            ("全局", SupervisorApp.BINDINGS),
            ("1 总览", OverviewScreen.BINDINGS),
            ("2 督办事项", ItemsScreen.BINDINGS + ItemTable.BINDINGS),
            ("事项详情", ItemDetailScreen.BINDINGS),
            ("3 成员单位", UnitsScreen.BINDINGS),
            ("4 指标", IndicatorsScreen.BINDINGS),
            ("5 会议", MeetingsScreen.BINDINGS),
            ("6 发文", DocumentsScreen.BINDINGS),
            ("导入讲话稿", SpeechImportScreen.BINDINGS),
            ("7 设置", SettingsScreen.BINDINGS),
        ]
        lines = ["[b]督办台按键一览[/]（Esc 关闭）"]
        moving = [  # not bindings of ours: a walk-through found the detail's tabs and the register by chance
            ("Tab", "到本页下一部分（列表、页签、发文登记簿）；Shift+Tab 回上一部分"),
            ("←/→", "切换页签（如详情页的进展反馈、催办与延期、办理经过）"),
        ]
        for title, bindings in sections:
            lines.append(f"\n[b u]{title}[/]")
            lines.extend(binding_lines(list(bindings)))
            if title == "全局":
                lines.extend(f"  [b]{fit(key, KEY_WIDTH)}[/] {what}" for key, what in moving)
        form = [
            ("Ctrl+S", "保存"),
            ("Esc", "取消（有修改时先确认）"),
            ("Tab", "单位栏：补全提示中的单位；没有可补全的：下一栏"),
            ("Ctrl+N", "单位栏：新增名录中没有的单位；期限栏：改为下一个工作日"),
        ]
        lines.append("\n[b u]表单[/]")
        lines.extend(f"  [b]{fit(key, KEY_WIDTH)}[/] {what}" for key, what in form)
        with VerticalScroll(classes="dialog help"):
            yield Static("\n".join(lines), id="help-text")

"""Textual's own key descriptions said in Chinese, so no English shows in the footer ("esc Dismiss menu" while a
dropdown is open) or anywhere a binding is listed.

Textual keeps its bindings as class attributes; `say_in_chinese()` replaces the descriptions once, at start-up
(tui.app imports this module). Bindings are frozen dataclasses, so each is replaced by a copy.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding
from textual.command import CommandPalette
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Button, Checkbox, DataTable, Input, OptionList, Select, SelectionList, Tabs, TextArea
from textual.widgets._select import SelectOverlay

DESCRIPTIONS = {
    "Dismiss menu": "关闭菜单",
    "Show menu": "打开菜单",
    "Exit the command palette": "关闭命令面板",
    "Next command": "下一条",
    "Previous command": "上一条",
    "Next page": "下一页",
    "Previous page": "上一页",
    "Go to top": "第一条",
    "Go to bottom": "最后一条",
    "Toggle option": "勾选",
    "Toggle": "勾选",
    "Press button": "按下",
    "Select": "选择",
    "Submit": "确定",
    "Cursor up": "上移",
    "Cursor down": "下移",
    "Cursor left": "左移",
    "Cursor right": "右移",
    "Page up": "上一页",
    "Page down": "下一页",
    "Page Up": "上一页",
    "Page Down": "下一页",
    "Up": "上移",
    "Down": "下移",
    "First": "第一项",
    "Last": "最后一项",
    "Top": "第一行",
    "Bottom": "最后一行",
    "Home": "第一项",
    "End": "最后一项",
    "Previous tab": "上一页签",
    "Next tab": "下一页签",
    "Focus Next": "下一栏",
    "Focus Previous": "上一栏",
    "Copy selected text": "复制",
    "Cut selected text": "剪切",
    "Paste text from the clipboard": "粘贴",
    "Copy": "复制",
    "Cut": "剪切",
    "Paste": "粘贴",
    "Undo": "撤销",
    "Redo": "重做",
    "Quit": "退出",
}

CLASSES: tuple[type, ...] = (
    SelectOverlay,
    Select,
    CommandPalette,
    Screen,
    Input,
    TextArea,
    DataTable,
    OptionList,
    SelectionList,
    Checkbox,
    Button,
    Tabs,
)


def _chinese(binding: object) -> object:
    """A binding (or its tuple form) with its description in Chinese; other entries unchanged."""
    if isinstance(binding, tuple):
        binding = Binding(*binding)
    if isinstance(binding, Binding):
        return replace(binding, description=DESCRIPTIONS.get(binding.description, binding.description))
    return binding


def say_in_chinese() -> None:
    """Replace the English descriptions of Textual's bindings (idempotent).

    Textual merges a class's bindings with its bases' when the class is created, so every subclass already
    defined merges again afterwards.
    """
    for cls in CLASSES:
        bindings = cls.__dict__.get("BINDINGS")
        if not bindings:
            continue
        cls.BINDINGS = [_chinese(b) for b in bindings]  # type: ignore[attr-defined]
    pending: list[type[DOMNode]] = [DOMNode]
    while pending:
        cls = pending.pop()
        cls._merged_bindings = cls._merge_bindings()
        pending.extend(cls.__subclasses__())

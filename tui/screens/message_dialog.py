"""催办消息: the short text for a unit, copied to the clipboard (OSC 52, where the terminal allows) or saved to a
file, and recorded as a 催办 (微信 or 短信) once the user says it was sent."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from store.commands.repository import Repository
from store.config import configured_out_dir
from store.errors import SupervisorError
from store.views.messages import Message
from tui.forms.confirm import ConfirmScreen


class MessageScreen(ModalScreen[int]):
    """Shows the message; returns how many 催办 were recorded (0 when none)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "关闭"),
        Binding("c", "copy", "复制"),
        Binding("s", "save", "保存为文件"),
        Binding("t", "switch_form", "短信/群消息"),
        Binding("w", "sent('微信')", "已发微信"),
        Binding("m", "sent('短信')", "已发短信"),
    ]

    def __init__(self, repo: Repository, unit_id: int) -> None:
        super().__init__()
        self.repo = repo
        self.unit_id = unit_id
        self.sms = False
        self.message: Message = repo.chase_message(unit_id)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            yield Static("", id="message-title", classes="dialog-title")
            yield Static("", id="message-text")
            yield Static("c 复制  s 存为文件  t 切换短信/群消息  w 已发微信  m 已发短信  Esc 关闭", classes="dim")
            yield Static("", id="message-status", classes="dim")
            with Horizontal(classes="buttons"):
                yield Button("复制", variant="primary", id="copy")
                yield Button("存文件", id="save")
                yield Button("已发微信", id="sent-wx")
                yield Button("已发短信", id="sent-sms")
                yield Button("关闭", id="close")

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        m = self.message
        form = "短信（70字以内）" if self.sms else "工作群消息（300字以内）"
        over = "" if m.fits else f"  [yellow]超过{m.limit}字：事项较多，可分条发送[/]"
        self.query_one("#message-title", Static).update(f"催办消息：{escape(m.unit)}  {form}  {m.length}字{over}")
        self.query_one("#message-text", Static).update(escape(m.text))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        actions = {"copy": self.action_copy, "save": self.action_save}
        if event.button.id in actions:
            actions[event.button.id]()
        elif event.button.id == "sent-wx":
            self.action_sent("微信")
        elif event.button.id == "sent-sms":
            self.action_sent("短信")
        else:
            self.action_close()

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.message.text)
        self._status("已复制到剪贴板（终端支持 OSC 52 时有效；不行时按 s 保存为文件）")

    def action_save(self) -> None:
        folder = configured_out_dir()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"催办消息-{self.message.unit}-{self.repo.today.isoformat()}.txt"
            Path(path).write_text(self.message.text + "\n", encoding="utf-8")
        except OSError as exc:
            self._status(f"[red]无法保存：{escape(str(exc))}[/]")
            return
        self._status(f"已保存：{escape(str(path))}")

    def action_switch_form(self) -> None:
        self.sms = not self.sms
        self.message = self.repo.chase_message(self.unit_id, sms=self.sms)
        self._show()

    def action_sent(self, method: str) -> None:
        question = f"确认已通过{method}发出？将为事项{'、'.join(self.message.numbers)}各登记一次催办（一次可撤销）。"

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                count = self.repo.record_message_sent(self.message, method)
            except SupervisorError as exc:
                self._status(f"[red]{escape(exc.message)}[/]")
                return
            self.dismiss(count)

        self.app.push_screen(ConfirmScreen(question, yes="已发出，登记", no="还没发"), answered)

    def action_close(self) -> None:
        self.dismiss(0)

    def _status(self, text: str) -> None:
        self.query_one("#message-status", Static).update(text)

"""The form pattern: fields checked as you type, Ctrl+S saves through a store command, Esc asks before
throwing away changes. A refused value from the store is shown under the field it names.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import ClassVar, Generic, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from store.commands.repository import Repository
from store.errors import SupervisorError, ValidationError
from tui.forms.confirm import ConfirmScreen
from tui.widgets.fields import Field, UnitInput
from tui.widgets.footer import KeyFooter

T = TypeVar("T")


class FormScreen(ModalScreen[T | None], Generic[T]):
    """Subclasses yield their Fields from `fields()` and turn the values into a result in `save()`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "关闭"),
        Binding("ctrl+s", "save", "保存"),
        # Priority: the app runs these before it hands the next key to a field, so keys typed fast after Tab
        # land in the field Tab moved to (a walk-through's "jyj" went into the title, its Tab past 牵头单位).
        Binding("tab", "next_field", show=False, priority=True),
        Binding("shift+tab", "previous_field", show=False, priority=True),
    ]
    TITLE = "表单"

    def __init__(self, submit: Callable[[dict[str, str]], T], *, title: str | None = None, intro: str = "") -> None:
        super().__init__()
        self.submit = submit
        self.form_title = title or self.TITLE
        self.intro = intro  # what the form will change, shown above the fields (a batch's items × units)
        self._error_field: str | None = None  # the field the error line speaks of ("" for the whole form)

    def fields(self) -> ComposeResult:
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            yield Static(self.form_title, classes="dialog-title")
            if self.intro:
                yield Static(self.intro, classes="form-intro", markup=False)
            with VerticalScroll(classes="form-body"):
                yield from self.fields()
            yield Static("", id="form-error")
            with Horizontal(classes="buttons"):
                yield Button("保存 (Ctrl+S)", variant="primary", id="save")
                yield Button("关闭 (Esc)", id="cancel")  # not 取消: a 取消：… form would have two
        yield KeyFooter()  # this form's keys, not the screen's underneath

    def on_mount(self) -> None:
        fields = list(self.query(Field))
        if fields:
            fields[0].input.focus()

    async def _typed_before(self) -> None:
        """Wait until the focused field has handled the keys the app gave it before this Tab (bounded: a field
        being removed never answers)."""
        widget = self.focused
        if widget is None:
            return
        handled = asyncio.Event()
        if widget.call_later(handled.set):
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(handled.wait(), timeout=1.0)

    async def action_next_field(self) -> None:
        """Tab: a unit field completes the name its hint offers and stays; otherwise on to the next field."""
        await self._typed_before()
        focused = self.focused
        if isinstance(focused, UnitInput) and focused.check_action("complete", ()):
            focused.action_complete()
        else:
            self.focus_next()

    async def action_previous_field(self) -> None:
        await self._typed_before()
        self.focus_previous()

    def values(self) -> dict[str, str]:
        return {f.field_name: f.value for f in self.query(Field)}

    @property
    def dirty(self) -> bool:
        return any(f.changed for f in self.query(Field))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        elif event.button.id == "cancel":
            self.action_cancel()

    def action_save(self) -> None:
        bad = [f for f in self.query(Field) if not f.run_check()]
        if bad:
            self._error(f"请先改正：{bad[0].label}——{bad[0].message}", bad[0].field_name)
            bad[0].input.focus()
            return
        try:
            result = self.submit(self.values())
        except ValidationError as exc:
            field = self._field(exc.field)
            self._error(exc.message, field.field_name if field is not None else "")
            if field is not None:
                field.show(exc.message, error=True)
                field.input.focus()
            return
        except SupervisorError as exc:
            self._error(exc.message, "")
            return
        self.dismiss(result)

    def on_input_changed(self, event: Input.Changed) -> None:
        """An error line goes once the field it speaks of is fixed by typing (a form-wide one at the next edit)."""
        if self._error_field is None:
            return
        field = next((f for f in self.query(Field) if f.input is event.input), None)
        if field is not None and self._error_field in ("", field.field_name) and field.ok:
            self._error("", None)

    def _field(self, name: str) -> Field | None:
        for field in self.query(Field):
            if field.field_name == name:
                return field
        return None

    def _error(self, message: str, field: str | None) -> None:
        self._error_field = field if message else None
        self.query_one("#form-error", Static).update(message)

    def action_cancel(self) -> None:
        if not self.dirty:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        question = "表单已修改，放弃这些修改吗？（再按 Esc 放弃）"
        self.app.push_screen(ConfirmScreen(question, yes="放弃修改", no="继续编辑", escape_means_yes=True), answered)


class RecordForm(FormScreen[T]):
    """A form whose fields check against the records (unit names, dates on the office's calendar)."""

    def __init__(
        self, repo: Repository, submit: Callable[[dict[str, str]], T], *, title: str | None = None, intro: str = ""
    ) -> None:
        super().__init__(submit, title=title, intro=intro)
        self.repo = repo

    def on_unit_input_add_unit(self, event: UnitInput.AddUnit) -> None:
        """新增单位「X」 from a unit field: the unit form opens with the name; once saved the field checks again."""
        from tui.forms.simple_forms import UnitForm

        event.stop()
        field = next((f for f in self.query(Field) if f.input is event.unit_input), None)

        def saved(unit: object) -> None:
            if unit and field is not None:
                self.notify(f"已新增单位：{event.name}")
                field.run_check()

        form = UnitForm(UnitForm.submitter(self.repo), initial={"name": event.name}, title=f"新增单位「{event.name}」")
        self.app.push_screen(form, saved)

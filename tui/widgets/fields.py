"""Form fields that check as you type: dates with a preview, units completed from names and initials."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Label, Static

from store.calendar import dates
from store.commands.repository import Repository
from store.errors import AmbiguousError, SupervisorError, UnknownUnitError
from store.records.model import Unit
from store.records.units import collective_of, did_you_mean, normalise, split_names


class Field(Vertical):
    """A label, an input and a hint line that shows the check result (red when the value is refused)."""

    DEFAULT_CSS = """
    Field { height: auto; margin: 0 0 0 0; }
    Field > Label.field-label { color: $text-muted; margin-top: 1; }
    Field > Input.-textual-compact { background: $boost; }
    Field > Input.-textual-compact:focus { background: $primary 25%; }
    Field > .field-hint { color: $text-muted; height: auto; }
    Field > .field-hint.-error { color: $error; }
    Field > .field-hint.-ok { color: $success; }
    """

    class Checked(Message):
        def __init__(self, field: Field) -> None:
            super().__init__()
            self.field = field

    def __init__(
        self,
        name: str,
        label: str,
        *,
        value: str = "",
        placeholder: str = "",
        check: Callable[[str], tuple[bool, str]] | None = None,
        input_cls: type[Input] = Input,
        **input_args: Any,
    ) -> None:
        super().__init__(id=f"field-{name}")
        self.field_name = name
        self.label = label
        self.check = check
        self.initial = value
        self.ok = True
        self.message = ""
        self.checked_value: str | None = None  # the text the hint and the offered keys were worked out for
        input_args.setdefault("compact", True)
        # Tabbing back into a filled field must not select it all: the next key would replace the whole text.
        input_args.setdefault("select_on_focus", False)
        self._input = input_cls(value=value, placeholder=placeholder, id=f"input-{name}", **input_args)

    def compose(self) -> ComposeResult:
        yield Label(self.label, classes="field-label")
        yield self._input
        yield Static("", classes="field-hint", id=f"hint-{self.field_name}")

    @property
    def input(self) -> Input:
        return self._input

    @property
    def value(self) -> str:
        return self._input.value

    @property
    def changed(self) -> bool:
        return self._input.value != self.initial

    def on_mount(self) -> None:
        if self._input.value:
            self.run_check()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input is self._input:
            self.run_check()

    def run_check(self) -> bool:
        self.checked_value = self._input.value
        if self.check is None:
            self.ok, self.message = True, ""
        else:
            self.ok, self.message = self.check(self._input.value)
        self.show(self.message, error=not self.ok)
        self._input.refresh_bindings()  # a key offered by the check (Ctrl+N) shows in the footer at once
        self.post_message(self.Checked(self))
        return self.ok

    def catch_up(self) -> None:
        """Check now if keys came faster than their Changed messages (a paste, a quick typist, a busy machine).

        Tab and Ctrl+N decide from the last check; without this, "jyj" then Tab at once moved on, uncompleted.
        """
        current = self._input.value
        if self.checked_value != current and (self.checked_value is not None or current != self.initial):
            self.run_check()  # a field never typed into is not checked (an empty one would turn red on entry)

    def show(self, message: str, *, error: bool) -> None:
        hint = self.query_one(".field-hint", Static)
        hint.update(message)
        hint.set_class(error and bool(message), "-error")
        hint.set_class(not error and bool(message), "-ok")


def date_check(
    repo: Repository,
    *,
    field: str = "due",
    base: date | None = None,
    optional: bool = False,
    deadline: bool = True,
) -> Callable[[str], tuple[bool, str]]:
    """Parse as you type and preview: 2026年12月20日，还有15个工作日 (the phrase only for deadlines).

    "Today" and the working-day calendar are the repository's, read at each check.
    """

    def check(value: str) -> tuple[bool, str]:
        if not value.strip():
            return (True, "") if optional else (False, f"请填写日期，如：{dates.ACCEPTED_FORMS}")
        try:
            parsed = repo.parse_date(value, field=field, base=base)
        except SupervisorError as exc:
            return False, exc.message
        phrase = f"，{dates.days_phrase(parsed.value, repo.today, repo.calendar())}" if deadline else ""
        notes = [parsed.warning, dates.off_day_note(parsed.value, repo.calendar()) if deadline else ""]
        warning = "".join(f"\n注意：{n}" for n in notes if n)
        return True, f"{dates.format_cn(parsed.value)}{phrase}{warning}"

    return check


def _catch_up(widget: Input) -> None:
    if isinstance(widget.parent, Field):
        widget.parent.catch_up()


class DateInput(Input):
    """A deadline input: Ctrl+N puts the next working day in place of a day off the preview warned about."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+n", "next_workday", "改为下一个工作日")]

    suggestion: str = ""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_workday":
            _catch_up(self)
            return bool(self.suggestion)
        return True

    def action_next_workday(self) -> None:
        if self.suggestion:
            self.value = self.suggestion
            self.cursor_position = len(self.value)


class DeadlineField(Field):
    """A deadline with its preview; on a day off the preview says so and Ctrl+N takes the next working day."""

    EXAMPLE = "如：7月中旬、年底、5个工作日、2026-12-20"

    def __init__(self, repo: Repository, name: str, label: str, *, optional: bool = False, **args: Any) -> None:
        self.repo = repo
        self._date_check = date_check(repo, field=name, optional=optional)
        args.setdefault("placeholder", self.EXAMPLE)  # every deadline shows how it may be written (延期至 did not)
        super().__init__(name, label, check=self.check_deadline, input_cls=DateInput, **args)

    def check_deadline(self, value: str) -> tuple[bool, str]:
        ok, message = self._date_check(value)
        date_input = cast(DateInput, self.input)
        date_input.suggestion = ""
        if ok and value.strip():
            day = self.repo.parse_date(value, field=self.field_name).value
            cal = self.repo.calendar()
            if not cal.is_workday(day):
                date_input.suggestion = cal.add_workdays(day, 0).isoformat()
                message += "（按 Ctrl+N 改为下一个工作日）"
        return ok, message


def unit_candidates(text: str, units: list[Unit], limit: int = 6) -> list[Unit]:
    """Units whose name, short name, alias or pinyin initials start with or contain the text."""
    key = normalise(text)
    if not key:
        return []
    ranked: list[tuple[int, Unit]] = []
    for unit in units:
        names = [normalise(unit["name"]), normalise(unit["short"]), *(normalise(a) for a in unit["aliases"])]
        if key in names:
            rank = 0
        elif any(i.startswith(key) for i in unit["initials"]):
            rank = 1
        elif any(n.startswith(key) for n in names if n):
            rank = 2
        elif any(key in n for n in names if n):
            rank = 3
        else:
            continue
        ranked.append((rank, unit))
    ranked.sort(key=lambda pair: (pair[0], pair[1]["order"]))
    return [u for _, u in ranked[:limit]]


class UnitInput(Input):
    """Tab completes the unit named in the hint; when there is nothing to complete Tab moves on as usual.

    Both kinds of unit field behave alike: Tab completes and stays, the next Tab (nothing left to complete)
    moves on. A list of units gets a 、 after the completed name, so the next name typed starts a new entry.
    The form's own Tab (FormScreen.action_next_field, a priority key) asks `complete` here.
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+n", "add_unit", "新增单位")]

    completion: str = ""
    unknown: str = ""  # a name the directory does not have: Ctrl+N adds it
    multiple: bool = False

    class AddUnit(Message):
        """Ctrl+N on a name the directory does not have."""

        def __init__(self, unit_input: UnitInput, name: str) -> None:
            super().__init__()
            self.unit_input = unit_input
            self.name = name

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("complete", "add_unit"):
            _catch_up(self)
        if action == "complete":
            return bool(self.completion) and self.completion != self._last_token()
        if action == "add_unit":
            return bool(self.unknown)
        return True

    def _last_token(self) -> str:
        if not self.multiple:
            return self.value.strip()
        return split_names(self.value)[-1] if split_names(self.value) else ""

    def action_complete(self) -> None:
        if not self.multiple:
            self.value = self.completion
            self.cursor_position = len(self.value)
            return
        tokens = split_names(self.value)
        tokens[-1:] = [self.completion]
        self.value = "、".join(tokens) + "、"
        self.cursor_position = len(self.value)

    def action_add_unit(self) -> None:
        if self.unknown:
            self.post_message(self.AddUnit(self, self.unknown))


class UnitField(Field):
    """One unit, or several separated by 、, resolved as it is typed; Tab completes the best candidate."""

    def __init__(
        self,
        repo: Repository,
        name: str,
        label: str,
        *,
        value: str = "",
        multiple: bool = False,
        optional: bool = False,
        allow_collective: bool = False,
    ) -> None:
        super().__init__(name, label, value=value, input_cls=UnitInput, check=self.check_units)
        self.repo = repo
        self.multiple = multiple
        self.optional = optional
        self.allow_collective = allow_collective
        self.unit_input = cast(UnitInput, self.input)
        self.unit_input.multiple = multiple

    def check_units(self, value: str) -> tuple[bool, str]:
        """Resolve each name; the last one typed offers its best candidate for Tab."""
        names = split_names(value) if self.multiple else ([value.strip()] if value.strip() else [])
        self.unit_input.completion = ""
        self.unit_input.unknown = ""
        if not names:
            return (True, "") if self.optional else (False, "请填写单位（全称、简称或简拼，如 jyj）")
        resolved: list[str] = []
        for index, name in enumerate(names):
            last = index == len(names) - 1
            if self.allow_collective and collective_of(name):
                resolved.append(name)
                continue
            try:
                resolved.append(self.repo.resolve_unit(name)["name"])
                if last:
                    self._offer(name)
            except AmbiguousError as exc:
                if last:
                    shown = "、".join(c["name"] for c in self._offer(name))
                    return False, f"「{name}」可能是：{shown}（Tab 补全第一个）"
                return False, exc.message
            except SupervisorError as exc:
                if last and (candidates := self._offer(name)):
                    shown = "、".join(c["name"] for c in candidates)
                    return False, f"「{name}」可能是：{shown}（Tab 补全第一个）"
                self.unit_input.unknown = name
                close = exc.suggestions if isinstance(exc, UnknownUnitError) else []
                if close:  # a typo: say which unit it means before offering a new one
                    if last:
                        self.unit_input.completion = close[0]
                    return False, f"单位名录中没有「{name}」。{did_you_mean(close)}（Tab 改用{close[0]}）"
                return False, f"单位名录中没有「{name}」。按 Ctrl+N 新增单位「{name}」"
        if len(set(resolved)) != len(resolved):
            return False, "单位重复"
        return True, "→ " + "、".join(resolved)

    def _offer(self, name: str) -> list[Unit]:
        candidates = unit_candidates(name, self.repo.units())
        self.unit_input.completion = candidates[0]["name"] if candidates else ""
        return candidates


class DayField(Field):
    """A date that is not a deadline, today when left empty: the preview says so instead of asking for a date."""

    def __init__(self, repo: Repository, name: str, label: str, *, value: str = "今天") -> None:
        self._day_check = date_check(repo, field=name, deadline=False)
        super().__init__(name, label, value=value, check=self.check_day)

    def check_day(self, value: str) -> tuple[bool, str]:
        ok, message = self._day_check(value.strip() or "今天")
        return ok, f"（留空即今天）{message}" if ok and not value.strip() else message

    @property
    def value(self) -> str:
        return self.input.value.strip() or "今天"


def day_field(repo: Repository, name: str, label: str, *, value: str = "今天") -> Field:
    """A date that is not a deadline (a meeting, a reply, a report): previewed without a countdown."""
    return DayField(repo, name, label, value=value)

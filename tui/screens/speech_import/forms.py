"""The dialogs a review edit opens: a draft's fields, the units a collective stands for, which unknown name
to act on, and which unit an unknown name is another name for."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, SelectionList, Static

from store.commands.repository import Repository
from store.exchange.speech import Draft
from store.records.model import Unit
from store.records.text import TEXT_MAX, TITLE_MAX
from tui.forms.base import RecordForm
from tui.forms.checks import required
from tui.widgets.fields import Field, UnitField, date_check
from tui.widgets.footer import KeyFooter
from tui.widgets.toggles import TickList

ALL_PARTS = ("title", "lead", "partners", "due", "requirement")
UNIT_PARTS = ("lead", "partners")
DUE_PARTS = ("due",)


class DraftForm(RecordForm[dict[str, str]]):
    """Edit a draft's fields (all of them, or only its units, or only its deadline); returns the values."""

    def __init__(self, repo: Repository, draft: Draft, base: date | None, parts: Iterable[str] = ALL_PARTS) -> None:
        self.parts = tuple(parts)
        what = {UNIT_PARTS: "承办单位", DUE_PARTS: "期限"}.get(self.parts, "草稿")
        super().__init__(repo, lambda values: values, title=f"修改{what}：草稿 {draft.index}")
        self.draft = draft
        self.base = base

    def fields(self) -> ComposeResult:
        repo, d = self.repo, self.draft
        if "title" in self.parts:
            yield Field("title", "事项标题", value=d.title, check=required("事项标题", TITLE_MAX))
        if "lead" in self.parts:
            yield UnitField(
                repo, "lead", "牵头单位（或“各成员单位”“各乡镇”；Tab 补全）", value=d.lead, allow_collective=True
            )
            yield UnitField(
                repo,
                "partners",
                "配合单位（顿号分隔；Tab 补全）",
                value="、".join(d.partners),
                multiple=True,
                optional=True,
                allow_collective=True,
            )
        if "due" in self.parts:
            said = f"（原文“{d.due_phrase}”）" if d.due_phrase else ""
            yield Field("due", f"期限{said}", value=d.due, check=date_check(repo, base=self.base))
        if "requirement" in self.parts:
            yield Field("requirement", "工作要求", value=d.requirement, check=required("工作要求", TEXT_MAX))


class AliasForm(RecordForm[Unit]):
    """「X」is another name for which unit? Saves X as that unit's alias."""

    def __init__(self, repo: Repository, name: str, suggestion: str = "") -> None:
        super().__init__(repo, self._save, title=f"设为别名：「{name}」")
        self.name_written = name
        self.suggestion = suggestion

    def fields(self) -> ComposeResult:
        label = f"「{self.name_written}」是哪个单位的另一种叫法？（全称、简称或简拼，Tab 补全）"
        yield UnitField(self.repo, "unit", label, value=self.suggestion)

    def _save(self, values: dict[str, str]) -> Unit:
        unit = self.repo.resolve_unit(values["unit"])
        return self.repo.edit_unit(unit["id"], aliases=[*unit["aliases"], self.name_written])


class ChoiceScreen(ModalScreen[str | None]):
    """Pick one of a few names (Enter), or Esc."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "取消")]

    def __init__(self, question: str, names: list[str]) -> None:
        super().__init__()
        self.question = question
        self.names = names

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog-title")
            yield OptionList(*self.names, id="choices")
        yield KeyFooter()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.names[event.option_index])


class NarrowScreen(ModalScreen[list[int] | None]):
    """The units a collective subject stands for: keep the ticked ones; the first ticked leads."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "取消"),
        Binding("ctrl+s", "save", "确定"),
        Binding("ctrl+a", "toggle_all", "全选/全不选"),
    ]

    def __init__(self, word: str, members: list[tuple[str, int]], ticked: bool) -> None:
        super().__init__()
        self.word = word
        self.members = members
        self.ticked = ticked

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog narrow"):
            yield Static(f"「{self.word}」具体指哪些单位？", classes="dialog-title")
            yield Static("空格勾选或取消；最先勾选的单位牵头，其余为配合。Ctrl+S 确定。", classes="screen-note")
            yield TickList(*((name, uid, self.ticked) for name, uid in self.members), id="members")
            yield Static("", id="form-error")
            with Horizontal(classes="buttons"):
                yield Button("确定 (Ctrl+S)", variant="primary", id="save")
                yield Button("取消 (Esc)", id="cancel")
        yield KeyFooter()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.dismiss(None)

    def action_toggle_all(self) -> None:
        members = self.query_one("#members", SelectionList)
        if members.selected:
            members.deselect_all()
        else:
            members.select_all()

    def action_save(self) -> None:
        chosen = list(self.query_one("#members", SelectionList).selected)
        if not chosen:
            self.query_one("#form-error", Static).update("请至少勾选一个单位")
            return
        self.dismiss(chosen)

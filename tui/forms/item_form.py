"""New or edited item: title, lead and partners (completed from names and initials), deadline with a
preview, meeting, key flag and the requirement text."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import ComposeResult
from textual.widgets import Checkbox

from store.commands.repository import Repository
from store.errors import SupervisorError
from store.records.text import TEXT_MAX, TITLE_MAX, clip
from tui.forms.base import RecordForm
from tui.forms.checks import required
from tui.widgets.fields import DeadlineField, Field, UnitField
from tui.widgets.toggles import Tick


def meeting_check(repo: Repository) -> Callable[[str], tuple[bool, str]]:
    def check(value: str) -> tuple[bool, str]:
        if not value.strip():
            return True, "（不关联会议）"
        try:
            meeting = repo.resolve_meeting(value)
        except SupervisorError as exc:
            shown = "；".join(f"{m['id']} {clip(m['title'], 30)}" for m in repo.meetings()[-5:])
            return False, f"{exc.message}。可选：{shown}" if shown else exc.message
        return True, f"→ {meeting['title']}（{meeting['date']}）"

    return check


class ItemForm(RecordForm[Any]):
    TITLE = "新增督办事项"

    def __init__(
        self,
        repo: Repository,
        submit: Callable[[dict[str, Any]], Any],
        *,
        initial: dict[str, str] | None = None,
        title: str | None = None,
        edit: bool = False,
    ) -> None:
        super().__init__(repo, submit, title=title)
        self.initial = initial or {}
        self.edit = edit

    def fields(self) -> ComposeResult:
        repo = self.repo
        v = self.initial
        yield Field(
            "title",
            "事项标题",
            value=v.get("title", ""),
            check=required("事项标题", TITLE_MAX),
            placeholder="如：落实学前教育毛入园率目标",
        )
        if not self.edit:
            yield UnitField(
                repo,
                "lead",
                "牵头单位（全称、简称或简拼；“各成员单位”“各乡镇”为每个单位各交办一份）",
                value=v.get("lead", ""),
                allow_collective=True,
            )
            yield UnitField(
                repo,
                "partners",
                "配合单位（多个用顿号分隔，可留空）",
                value=v.get("partners", ""),
                multiple=True,
                optional=True,
            )
        yield DeadlineField(
            repo,
            "due",
            "办理期限",
            value=v.get("due", ""),
            optional=self.edit,
        )
        yield Field(
            "meeting", "来源会议（编号或名称中的字，可留空）", value=v.get("meeting", ""), check=meeting_check(repo)
        )
        yield Field(
            "requirement",
            "工作要求（可留空）",
            value=v.get("requirement", ""),
            check=lambda text: (len(text) <= TEXT_MAX, "" if len(text) <= TEXT_MAX else "工作要求太长"),
        )
        yield Tick("重点事项", value=v.get("key") == "1", id="key")

    def values(self) -> dict[str, Any]:
        values: dict[str, Any] = super().values()
        values["key"] = self.query_one("#key", Checkbox).value
        return values

    @property
    def dirty(self) -> bool:
        return super().dirty or self.query_one("#key", Checkbox).value != (self.initial.get("key") == "1")

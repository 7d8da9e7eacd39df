"""Forms of the office's chasing work: 登记回执, 导入回执文件, 结转 (回头看)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import ComposeResult

from store.commands.repository import Repository
from store.records.choices import YES_NO
from store.records.text import TEXT_MAX
from tui.forms.base import RecordForm
from tui.forms.checks import choice_check, optional_text, required
from tui.widgets.fields import Field, day_field

PROGRESS_TOO = YES_NO.variant("progress", "同时登记为进展")
yes_no_check = choice_check(PROGRESS_TOO, optional=True)


def said_yes(value: str) -> bool:
    return PROGRESS_TOO.is_yes(value, empty=False)


def yes_no_or_default(value: str) -> bool | None:
    """是 → True, 否 → False, nothing → None (the store's default decides)."""
    return None if not value.strip() else said_yes(value)


class ReceiptForm(RecordForm[Any]):
    """登记回执 of one notice: when it came, who filled it in, what it said; optionally as progress."""

    def fields(self) -> ComposeResult:
        yield day_field(self.repo, "date", "收到日期")
        yield Field("contact", "联系人", check=optional_text("联系人", 30))
        yield Field("phone", "联系电话", check=optional_text("联系电话", 40))
        yield Field("text", "办理情况", check=optional_text("办理情况", TEXT_MAX))
        yield Field("problems", "存在问题", check=optional_text("存在问题", TEXT_MAX))
        yield Field("next_step", "下一步打算", check=optional_text("下一步打算", TEXT_MAX))
        yield Field(
            "progress",
            "同时登记为所列事项的进展（是/否）",
            check=yes_no_check,
            placeholder="不填：回执写了内容就登记",
        )


class ReceiptFileForm(RecordForm[Any]):
    """导入回执文件: the path of a filled .docx notice or .xlsx 回执 (a preview comes before anything is written)."""

    TITLE = "导入回执文件（单位填好的 .docx 通知或 .xlsx 回执）"

    def fields(self) -> ComposeResult:
        yield Field("path", "文件路径", check=required("文件路径", 500), placeholder="如：~/下载/回执-卫健委.docx")


class CarryForm(RecordForm[Any]):
    """结转 the open items of one meeting to a later one."""

    def __init__(self, repo: Repository, submit: Callable[[dict[str, str]], Any], *, title: str, target: str) -> None:
        super().__init__(repo, submit, title=title)
        self.target = target

    def fields(self) -> ComposeResult:
        yield Field("target", "结转到哪次会议（编号或名称）", value=self.target, check=required("会议", 200))

"""导入讲话稿: paste a text or read a .txt/.docx/.xlsx, analyse it off the UI thread, review the drafts, and
accept — the meeting and all accepted items are one undo step.

jieba (about a second to load) is warmed in a worker as soon as the screen opens, with a line saying so;
reading a file and the analysis run in workers too, so typing and scrolling never wait for them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import ClassVar, TypeVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Header, Input, Static, TextArea

from store.calendar import dates
from store.calendar.workdays import WorkCalendar
from store.errors import SupervisorError
from store.exchange import speech
from store.exchange.speech import Analysis, SourceDocument, review
from store.records.model import Indicator, Unit
from store.records.text import TITLE_MAX
from tui.forms.confirm import ConfirmScreen
from tui.screens.base import RecordScreen
from tui.screens.speech_import.review import ReviewPanel
from tui.widgets.fields import Field, date_check
from tui.widgets.footer import KeyFooter
from tui.workers import deliver

REVIEW_ACTIONS = frozenset(
    {"edit", "edit_units", "edit_due", "toggle_keep", "split", "merge", "narrow", "add_unit", "alias"}
)
T = TypeVar("T")
PASTE_NOTE = "粘贴讲话、会议纪要或任务分工方案（Ctrl+V），或在上面输入文件路径回车读取；然后按 Ctrl+R 分析。"


@dataclass(frozen=True)
class _Job:
    """What an analysis needs, read from the repository on the UI thread before the worker starts."""

    source: str | SourceDocument
    units: list[Unit]
    indicators: list[Indicator]
    meeting_date: date
    calendar: WorkCalendar
    digests: dict[str, str]
    period_on_workday: bool = False


class SpeechImportScreen(RecordScreen):
    PALETTE_LABEL = "导入讲话稿"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "返回"),
        Binding("ctrl+r", "analyse", "分析"),
        Binding("ctrl+s", "accept", "导入"),
        Binding("e", "edit", "修改"),
        Binding("u", "edit_units", "单位"),
        Binding("d", "edit_due", "期限"),
        Binding("x", "toggle_keep", "勾选/不导入"),
        Binding("space", "toggle_keep", "勾选/不导入", show=False),
        Binding("s", "split", "拆分"),
        Binding("m", "merge", "合并下条"),
        Binding("n", "narrow", "选定单位"),
        Binding("a", "add_unit", "新增单位"),
        Binding("l", "alias", "设为别名"),
    ]
    EDIT_ACTIONS = frozenset({"accept", "add_unit", "alias"})

    def __init__(self) -> None:
        super().__init__()
        self.analysis: Analysis | None = None
        self.document: SourceDocument | None = None  # the file read, while the text shown is still its text
        self.text = ""
        self.auto_title = ""  # the title we filled in, replaced by the next text's own
        self.status_text = ""
        self.file_name = ""

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        with Horizontal(id="speech-meta"):
            yield Field("meeting_title", "会议名称（默认取文本的标题）", check=lambda v: (len(v) <= TITLE_MAX, ""))
            yield Field(
                "meeting_date",
                "会议日期（“10个工作日”等从这天算）",
                value="今天",
                check=date_check(self.repo, field="date", deadline=False),
            )
            yield Field("file", "或读取文件：输入路径后回车", check=lambda v: (True, ""))
        yield Static("", id="speech-status")
        with Vertical(id="speech-paste"):
            yield TextArea(id="speech-text", soft_wrap=True)
        yield ReviewPanel()
        yield KeyFooter()

    @property
    def panel(self) -> ReviewPanel:
        return self.query_one(ReviewPanel)

    def on_mount(self) -> None:
        self.panel.display = False
        self.query_one("#speech-text", TextArea).focus()
        self._status("正在加载中文分词词典（第一次约需1–2秒），可以先粘贴讲话稿……")
        self._warm_up()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in REVIEW_ACTIONS and self.analysis is None:
            return False
        if action == "analyse" and self.analysis is not None:
            return False  # the drafts are being reviewed: Esc goes back to the text first
        return super().check_action(action, parameters)

    def _status(self, text: str, *, error: bool = False) -> None:
        self.status_text = text
        line = self.query_one("#speech-status", Static)
        line.update(text)
        line.set_class(error, "-error")

    # ------------------------------------------------------------------ workers

    @work(thread=True, exclusive=True, group="speech-warm")
    def _warm_up(self) -> None:
        deliver(self.app, "加载分词词典", speech.warm_up, lambda _: self._warmed())

    def _warmed(self) -> None:
        if self.analysis is None and self.status_text.startswith("正在加载"):
            self._status(f"分词词典已就绪。{PASTE_NOTE}")

    @work(thread=True, exclusive=True, group="speech-read")
    def _read(self, path: Path) -> None:
        from docx_templates.reader import read_document

        deliver(self.app, f"读取 {path.name}", lambda: _attempt(lambda: read_document(path)), self._read_done)

    @work(thread=True, exclusive=True, group="speech-analyse")
    def _analyse(self, job: _Job) -> None:
        deliver(self.app, "分析讲话", lambda: _attempt(lambda: _run(job)), self._analysed)

    # ------------------------------------------------------------------ stage 1: the text

    @on(Input.Submitted, "#input-file")
    def _read_file(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            self.notify("请输入文件路径，如 D:\\讲话.docx", severity="warning")
            return
        path = Path(event.value.strip().strip('"')).expanduser()
        self.file_name = path.name
        self._status(f"正在读取 {path.name}……")
        self._read(path)

    def _read_done(self, result: SourceDocument | str) -> None:
        if isinstance(result, str):
            self._status(result, error=True)
            self.notify(result, severity="error", title="未能读取")
            return
        self.document = result
        self.text = result.text()
        self.query_one("#speech-text", TextArea).text = self.text
        tables = f"，其中{len(result.tables)}个表格" if result.tables else ""
        self._status(f"已读取 {self.file_name}（{len(self.text)}字{tables}），按 Ctrl+R 分析")

    def action_analyse(self) -> None:
        repo = self.repo
        text = self.query_one("#speech-text", TextArea).text
        if not text.strip():
            self.notify("请先粘贴讲话稿或读取文件", severity="warning")
            return
        date_field = self.query_one("#field-meeting_date", Field)
        if not date_field.run_check():
            self.notify(date_field.message, severity="error")
            return
        if self.document is not None and text != self.document.text():
            self.document = None  # edited after reading: analyse what is shown
        self.text = text
        self._status("正在分析……")
        self._analyse(
            _Job(
                self.document or text,
                repo.units(),
                repo.indicators(),
                repo.parse_date(date_field.value, field="date").value,
                repo.calendar(),
                speech.known_digests(repo),
                bool(repo.settings()["period_on_workday"]),
            )
        )

    def _analysed(self, result: Analysis | str) -> None:
        if isinstance(result, str):
            self._status(result, error=True)
            self.notify(result, severity="error", title="未能分析")
            return
        self.analysis = result
        title = self.query_one("#input-meeting_title", Input)
        if not title.value.strip() or title.value == self.auto_title:
            title.value = self.auto_title = review.meeting_title(result)
        for warning in result.warnings:
            self.notify(warning, severity="warning", title="注意", timeout=10)
        self.query_one("#speech-paste").display = False
        self.panel.display = True
        self.panel.show(result)
        self._summary()
        self.refresh_bindings()

    # ------------------------------------------------------------------ stage 2: review

    def _summary(self) -> None:
        if self.analysis is None:
            return
        line = review.summary(self.analysis.drafts)
        milestones = "；".join(f"{m.name} {dates.format_cn(m.date)}" for m in self.analysis.milestones)
        if milestones:
            line += f"。里程碑：{milestones}（导入时一并添加）"
        self._status(line + "。F1 看全部按键")

    def on_review_panel_changed(self) -> None:
        self._summary()

    def refresh_data(self) -> None:
        """Another change (an undo of 新增单位, say): the drafts' names follow the directory as it now is."""
        self.panel.resolve_again()

    def action_edit(self) -> None:
        self.panel.edit()

    def action_edit_units(self) -> None:
        self.panel.edit_units()

    def action_edit_due(self) -> None:
        self.panel.edit_due()

    def action_toggle_keep(self) -> None:
        self.panel.toggle_keep()

    def action_split(self) -> None:
        self.panel.split()

    def action_merge(self) -> None:
        self.panel.merge()

    def action_narrow(self) -> None:
        self.panel.narrow()

    def action_add_unit(self) -> None:
        self.panel.add_unit()

    def action_alias(self) -> None:
        self.panel.alias()

    def action_accept(self) -> None:
        if self.analysis is None:
            self.action_analyse()
            return
        if not self.sv.can_edit():
            return
        ready = [d for d in self.analysis.drafts if d.ready]
        if not ready:
            self.notify("没有可以导入的草稿（每条都需要承办单位和期限，并且勾选导入）", severity="warning")
            return
        title = self.query_one("#field-meeting_title", Field).value.strip() or review.meeting_title(self.analysis)
        question = f"新建会议“{title}”，导入{len(ready)}项督办事项？"
        if self.analysis.warnings:
            question = self.analysis.warnings[0] + "\n" + question
        analysis = self.analysis

        def answered(yes: bool | None) -> None:
            if not yes or self.analysis is not analysis:
                return
            result = self.sv.act(
                lambda: speech.accept_drafts(
                    self.repo, analysis, meeting_title=title, meeting_date=analysis.meeting_date, source_text=self.text
                ),
                lambda r: f"已导入{len(r['items'])}项（{r['items'][0]}—{r['items'][-1]}），Ctrl+Z 可一次撤销",
            )
            if result is not None:
                self.app.pop_screen()

        self.app.push_screen(ConfirmScreen(question, yes="导入"), answered)

    def action_back(self) -> None:
        if self.analysis is None:
            self.app.pop_screen()
            return

        def back(yes: bool | None = True) -> None:
            if yes:
                self.analysis = None
                self.panel.display = False
                self.query_one("#speech-paste").display = True
                self.query_one("#speech-text", TextArea).focus()
                self._status(PASTE_NOTE)
                self.refresh_bindings()

        if self.panel.dirty:
            self.app.push_screen(ConfirmScreen("返回原文会丢掉对草稿的修改，确定吗？", yes="返回原文"), back)
        else:
            back()


def _attempt(compute: Callable[[], T]) -> T | str:
    """A refusal (a file too large, a text too long) comes back as its Chinese message, for the status line."""
    try:
        return compute()
    except SupervisorError as exc:
        return exc.message
    except OSError as exc:
        return f"无法读取文件：{exc.strerror or exc}"


def _run(job: _Job) -> Analysis:
    return speech.analyse(
        job.source,
        units=job.units,
        indicators=job.indicators,
        meeting_date=job.meeting_date,
        calendar=job.calendar,
        known_digests=job.digests,
        period_on_workday=job.period_on_workday,
    )

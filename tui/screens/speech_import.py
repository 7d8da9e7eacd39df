"""导入讲话稿: paste a speech (or read a .txt/.docx), review each drafted item next to its source sentence,
edit, merge, drop, and accept — the meeting and all accepted items are one undo step.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import ClassVar

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, DataTable, Header, Input, Static, TextArea

from store.calendar import dates
from store.commands.repository import Repository
from store.errors import SupervisorError
from store.exchange import speech
from store.records.text import TEXT_MAX, TITLE_MAX, clip
from tui.forms.base import RecordForm
from tui.forms.checks import required
from tui.forms.confirm import ConfirmScreen
from tui.screens.base import RecordScreen
from tui.widgets.fields import Field, UnitField, date_check, split_units
from tui.widgets.footer import KeyFooter
from tui.widgets.item_table import LIGHT_COLOURS
from tui.widgets.table import Table


class DraftForm(RecordForm[dict[str, str]]):
    """Edit one draft: what to do, who leads, who helps, by when."""

    def __init__(self, repo: Repository, draft: speech.Draft, base: date | None) -> None:
        super().__init__(repo, lambda values: values, title=f"修改草稿 {draft.index}")
        self.draft = draft
        self.base = base

    def fields(self) -> ComposeResult:
        repo, d = self.repo, self.draft
        yield Field("title", "事项标题", value=d.title, check=required("事项标题", TITLE_MAX))
        yield UnitField(repo, "lead", "牵头单位（或“各成员单位”“各乡镇”）", value=d.lead, allow_collective=True)
        yield UnitField(
            repo, "partners", "配合单位（顿号分隔）", value="、".join(d.partners), multiple=True, optional=True
        )
        yield Field("due", "期限", value=d.due, check=date_check(repo, base=self.base))
        yield Field("requirement", "工作要求", value=d.requirement, check=required("工作要求", TEXT_MAX))


class SpeechImportScreen(RecordScreen):
    PALETTE_LABEL = "导入讲话稿"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "返回"),
        Binding("ctrl+r", "analyse", "分析"),
        Binding("e", "edit", "修改草稿"),
        Binding("x", "toggle_drop", "不导入/恢复"),
        Binding("m", "merge", "与下一条合并"),
        Binding("ctrl+s", "accept", "导入"),
    ]
    EDIT_ACTIONS = frozenset({"accept"})

    def __init__(self) -> None:
        super().__init__()
        self.analysis: speech.Analysis | None = None
        self.text = ""

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        with Horizontal(id="speech-meta"):
            yield Field("meeting_title", "会议名称（默认取讲话第一行）", check=lambda v: (len(v) <= TITLE_MAX, ""))
            yield Field(
                "meeting_date",
                "会议日期（“10个工作日”等从这天算）",
                value="今天",
                check=date_check(self.repo, field="date", deadline=False),
            )
            yield Field("file", "或读取文件（.txt/.docx 路径，回车读取）", check=lambda v: (True, ""))
        with Vertical(id="speech-paste"):
            yield Static(
                "把讲话稿粘贴到下面（Ctrl+V），然后按 Ctrl+R 分析。什么都不会保存，直到您按 Ctrl+S 导入。",
                classes="screen-note",
            )
            yield TextArea(id="speech-text", soft_wrap=True)
        with Horizontal(id="speech-review"):
            yield Table(id="drafts", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="draft-detail-box"):
                yield Static("", id="draft-detail")
        with Horizontal(classes="buttons"):
            yield Button("分析 (Ctrl+R)", id="analyse")
            yield Button("导入可导入的草稿 (Ctrl+S)", variant="primary", id="accept")
        yield Static("", id="speech-summary")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#drafts", DataTable).add_columns("#", "状态", "牵头", "期限", "事项")
        self.query_one("#speech-review").display = False
        self.query_one("#speech-text", TextArea).focus()

    # ------------------------------------------------------------------ stage 1: text

    @on(Input.Submitted, "#input-file")
    def _read_file(self, event: Input.Submitted) -> None:
        path = Path(event.value.strip().strip('"')).expanduser()
        try:
            from docx_templates.reader import read_speech

            text = read_speech(path)
        except (SupervisorError, OSError) as exc:
            self.notify(str(exc), severity="error", title="未能读取")
            return
        self.query_one("#speech-text", TextArea).text = text
        self.notify(f"已读取 {path.name}，按 Ctrl+R 分析")

    @on(Button.Pressed, "#analyse")
    def _analyse_pressed(self) -> None:
        self.action_analyse()

    @on(Button.Pressed, "#accept")
    def _accept_pressed(self) -> None:
        self.action_accept()

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
        meeting_date = repo.parse_date(date_field.value, field="date").value
        title_field = self.query_one("#field-meeting_title", Field)
        if not title_field.value.strip():
            first = next((line.strip() for line in text.splitlines() if line.strip()), "")
            title_field.input.value = first[:60] if first and not first.endswith(("：", ":")) else "会议"
        self.text = text
        self.analysis = speech.analyse(
            text,
            units=repo.units(),
            indicators=repo.indicators(),
            meeting_date=meeting_date,
            meeting_title=title_field.value,
            calendar=repo.calendar(),
            known_digests=speech.known_digests(repo),
        )
        for warning in self.analysis.warnings:
            self.notify(warning, severity="warning", title="注意", timeout=10)
        self.query_one("#speech-paste").display = False
        self.query_one("#speech-review").display = True
        self._show_drafts()
        self.query_one("#drafts", DataTable).focus()

    # ------------------------------------------------------------------ stage 2: review

    def _show_drafts(self) -> None:
        assert self.analysis is not None
        table = self.query_one("#drafts", DataTable)
        keep = table.cursor_row
        table.clear()
        for d in self.analysis.drafts:
            if not d.keep:
                state = "[dim]不导入[/]"
            elif d.ready:
                state = f"[{LIGHT_COLOURS['green']}]可导入[/]"
            else:
                state = f"[{LIGHT_COLOURS['red']}]需处理[/]"
            lead = (d.lead + (f"等{len(d.partners) + 1}家" if d.partners else "")) if d.lead else "（未识别）"
            table.add_row(str(d.index), state, escape(lead), d.due, escape(clip(d.title, 36)), key=str(d.index))
        if self.analysis.drafts:
            table.move_cursor(row=min(keep, len(self.analysis.drafts) - 1))
        ready = sum(d.ready for d in self.analysis.drafts)
        milestones = "；".join(f"{m.name} {dates.format_cn(m.date)}" for m in self.analysis.milestones)
        self.query_one("#speech-summary", Static).update(
            f"共{len(self.analysis.drafts)}条草稿，可导入{ready}条。"
            + (f" 讲话提到的里程碑：{milestones}（导入时一并添加）" if milestones else "")
        )
        self._show_detail()

    def _current(self) -> speech.Draft | None:
        if self.analysis is None or not self.analysis.drafts:
            return None
        row = self.query_one("#drafts", DataTable).cursor_row
        return self.analysis.drafts[min(max(row, 0), len(self.analysis.drafts) - 1)]

    @on(DataTable.RowHighlighted, "#drafts")
    def _show_detail(self) -> None:
        d = self._current()
        if d is None:
            return
        names = {i["id"]: i["name"] for i in self.repo.indicators()}
        lines = [
            f"[b]草稿 {d.index}[/]  {escape(d.section)}",
            f"[b]原文[/]：{escape(d.source)}",
            f"[b]事项[/]：{escape(d.title)}",
            f"[b]要求[/]：{escape(d.requirement)}",
            f"[b]牵头[/]：{escape(d.lead or '（未识别）')}",
        ]
        if d.partners:
            lines.append(f"[b]配合[/]：{escape('、'.join(d.partners))}")
        due_from = f"（来自“{escape(d.due_phrase)}”）" if d.due_phrase else f"（{escape(d.due_note)}）"
        lines.append(f"[b]期限[/]：{dates.format_cn(d.due)}{due_from}")
        if d.indicator_ids:
            lines.append("[b]关联指标[/]：" + "、".join(escape(names.get(i, str(i))) for i in d.indicator_ids))
        if d.carried:
            lines.append("[dim]主语承接上一句[/]")
        for problem in d.problems:
            lines.append(f"[red]问题：{escape(problem)}[/]")
        for m in d.units:
            if m.candidates:
                lines.append(f"[yellow]「{escape(m.text)}」可能是：{escape('、'.join(m.candidates))}[/]")
        if not d.ready and d.keep:
            lines.append("[dim]按 e 修改单位或期限（名录中没有的单位，在表单的单位栏按 Ctrl+N 新增）；按 x 不导入[/]")
        self.query_one("#draft-detail", Static).update("\n".join(lines))

    def action_edit(self) -> None:
        d = self._current()
        if d is None:
            return
        repo = self.repo
        base = dates.parse_iso(self.analysis.meeting_date) if self.analysis else None

        def edited(values: dict[str, str] | None) -> None:
            if not values:
                return
            d.title = values["title"].strip()
            d.requirement = values["requirement"].strip()
            d.due = repo.parse_date(values["due"], base=base).iso
            d.due_phrase, d.due_note = "", "已人工修改"
            lead = values["lead"].strip()
            from store.records.units import collective_of

            d.collective = collective_of(lead)
            names = [] if d.collective else [lead]
            names += split_units(values["partners"])
            d.units = [speech.match_unit(n, repo.units()) for n in names]
            self._show_drafts()

        self.app.push_screen(DraftForm(repo, d, base), edited)

    def action_toggle_drop(self) -> None:
        d = self._current()
        if d is not None:
            d.keep = not d.keep
            self._show_drafts()

    def action_merge(self) -> None:
        d = self._current()
        if d is None or self.analysis is None:
            return
        drafts = self.analysis.drafts
        position = drafts.index(d)
        if position + 1 >= len(drafts):
            self.notify("这是最后一条，没有下一条可合并", severity="warning")
            return
        self.analysis.drafts = speech.merge(drafts, d.index, drafts[position + 1].index)
        self._show_drafts()

    def action_accept(self) -> None:
        if self.analysis is None:
            self.action_analyse()
            return
        if not self.sv.can_edit():
            return
        ready = [d for d in self.analysis.drafts if d.ready]
        if not ready:
            self.notify("没有可以导入的草稿", severity="warning")
            return
        title = self.query_one("#field-meeting_title", Field).value.strip() or "会议"
        question = f"新建会议“{title}”，导入{len(ready)}项督办事项？"
        if self.analysis.warnings:
            question = self.analysis.warnings[0] + "\n" + question

        def answered(yes: bool | None) -> None:
            if not yes or self.analysis is None:
                return
            analysis = self.analysis
            result = self.sv.act(
                lambda: speech.accept_drafts(
                    self.repo,
                    analysis,
                    meeting_title=title,
                    meeting_date=analysis.meeting_date,
                    source_text=self.text,
                ),
                lambda r: f"已导入{len(r['items'])}项（{r['items'][0]}—{r['items'][-1]}），Ctrl+Z 可一次撤销",
            )
            if result is not None:
                self.app.pop_screen()

        self.app.push_screen(ConfirmScreen(question, yes="导入"), answered)

    def action_back(self) -> None:
        if self.analysis is not None:
            self.analysis = None
            self.query_one("#speech-review").display = False
            self.query_one("#speech-paste").display = True
            self.query_one("#speech-text", TextArea).focus()
            return
        self.app.pop_screen()

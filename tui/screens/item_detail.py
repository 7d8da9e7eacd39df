"""Item detail: every share with its own status and light, its progress log, reminders, extensions and
steps, and the item's history. Keys record progress and move a share through its lifecycle.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Header, Static, TabbedContent, TabPane

from store.calendar import dates
from store.errors import SupervisorError
from store.records.choices import YES_NO
from store.records.model import OPEN_STATUSES, Item
from store.records.text import clip, display_width
from store.rules.lights import effective_due
from store.rules.steps import STEP_STATUSES, STEP_VERBS
from store.views import board as views
from tui.forms.item_form import ItemForm
from tui.forms.simple_forms import ExtensionForm, ProgressForm, StepForm
from tui.screens.base import RecordScreen
from tui.widgets.banner import ReadOnlyBanner
from tui.widgets.footer import KeyFooter
from tui.widgets.item_table import LIGHT_COLOURS
from tui.widgets.table import Table


class ItemDetailScreen(RecordScreen):
    PALETTE_LABEL = "事项详情"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "返回"),
        Binding("p", "progress", "进展"),
        Binding("k", "step('ack')", "签收"),
        Binding("r", "step('remind')", "催办"),
        Binding("d", "step('done')", "办结"),
        Binding("e", "extend", "延期"),
        Binding("a", "decide(True)", "批准延期", show=False),
        Binding("A", "decide(False)", "驳回延期", show=False),
        Binding("o", "step('reopen')", "退回"),
        Binding("c", "step('close')", "销号"),
        Binding("x", "step('cancel')", "取消", show=False),
        Binding("z", "step('suspend')", "暂缓", show=False),
        Binding("E", "edit", "修改"),
    ]
    EDIT_ACTIONS = frozenset({"progress", "step", "extend", "decide", "edit"})

    def __init__(self, number: str) -> None:
        super().__init__()
        self.number = number
        self.detail: dict[str, Any] = {}

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        yield ReadOnlyBanner()
        yield Static("", id="detail-head")
        yield Table(id="shares", cursor_type="row", zebra_stripes=True)
        yield Static("", id="share-urgency")
        with TabbedContent(id="detail-tabs"):
            with TabPane("进展反馈", id="tab-progress"), VerticalScroll():
                yield Static("", id="progress-log")
            with TabPane("催办与延期", id="tab-chase"), VerticalScroll():
                yield Static("", id="chase-log")
            with TabPane("办理经过", id="tab-events"), VerticalScroll():
                yield Static("", id="event-log")
            with TabPane("修改记录", id="tab-history"), VerticalScroll():
                yield Static("", id="history-log")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#shares", DataTable)
        table.add_columns("单位", "角色", "状态", "灯", "期限", "剩余/逾期", "催办", "紧迫度")
        self.refresh_data()
        table.focus()

    def refresh_data(self) -> None:
        repo = self.sv.repo
        if repo is None:
            return
        try:
            item = repo.item(self.number)
        except SupervisorError:
            self.query_one("#detail-head", Static).update(f"事项 {self.number} 已不存在（可能被撤销）。按 Esc 返回。")
            return
        units = repo.units_by_id()
        self.detail = views.item_detail(item, repo.policy(), units)
        d = self.detail
        colour = LIGHT_COLOURS[d["light"]]
        meeting = ""
        if item["meeting_id"] is not None:
            m = repo.meeting(item["meeting_id"])
            day = f"（{dates.format_cn(m['date'])}）"
            room = self.app.size.width - 4 - display_width(f"来源：{day}")
            meeting = f"\n来源：{escape(clip(m['title'], room))}{day}"
        indicators = ""
        if item["indicator_ids"]:
            indicators = "\n关联指标：" + "、".join(escape(repo.indicator(i)["name"]) for i in item["indicator_ids"])
        requirement = f"\n工作要求：{escape(item['requirement'])}" if item["requirement"] else ""
        warning = f"\n[dim]注：{d['calendar_warning']}[/]" if d["calendar_warning"] else ""
        late = "  [b]有逾期办结[/]" if d["done_late"] else ""
        self.query_one("#detail-head", Static).update(
            f"[b]督办事项 {item['number']}[/]{'  [b yellow]★重点[/]' if item['key'] else ''}  "
            f"[{colour}]● {d['light_label']}灯[/]  {d['status_label']}  {d['due_text']}{late}\n"
            f"[b]{escape(item['title'])}[/]{meeting}{requirement}{indicators}{warning}"
        )
        table = self.query_one("#shares", DataTable)
        row_index = table.cursor_row
        table.clear()
        for a in d["assignments"]:
            table.add_row(
                a["unit"],
                a["role_label"],
                views.status_text(a["status"], a["done_late"]),
                f"[{LIGHT_COLOURS[a['light']]}]●[/] {a['light_label']}",
                a["effective_due"],
                a["due_short"],
                str(len(a["reminders"])),
                str(a["urgency"]),
                key=str(a["unit_id"]),
            )
        if d["assignments"]:
            table.move_cursor(row=min(row_index, len(d["assignments"]) - 1))
        self._show_share()
        self._show_history(item)

    def _share(self) -> dict[str, Any] | None:
        table = self.query_one("#shares", DataTable)
        shares: list[dict[str, Any]] = self.detail.get("assignments", [])
        if not shares:
            return None
        return shares[min(max(table.cursor_row, 0), len(shares) - 1)]

    @on(DataTable.RowHighlighted, "#shares")
    def _highlighted(self) -> None:
        self._show_share()

    def _show_share(self) -> None:
        share = self._share()
        if share is None:
            return
        name = escape(share["unit"])
        progress = [f"[b]{name}[/] 的进展反馈（{len(share['progress'])}条）"]
        for p in reversed(share["progress"]):
            extra = "".join(
                f"\n    {label}：{escape(p[key])}"
                for key, label in (("next_step", "下一步"), ("problems", "问题"))
                if p[key]
            )
            source = f"，来源：{escape(p['source'])}" if p["source"] else ""
            who = f"[dim]{escape(p['recorded_by'])}记录{source}[/]"
            progress.append(f"  {dates.format_cn(p['date'])}  {escape(p['text'])}{extra}\n    {who}")
        if not share["progress"]:
            progress.append("  [dim]还没有进展反馈。按 p 登记。[/]")
        self.query_one("#progress-log", Static).update("\n".join(progress))
        chase = [f"[b]{name}[/] 催办{len(share['reminders'])}次"]
        for r in share["reminders"]:
            number = f" {escape(r['doc_number'])}" if r["doc_number"] else ""
            chase.append(f"  {dates.format_cn(r['date'])}  {escape(r['method'])}{number}  {escape(r['note'])}")
        if share["extensions"]:
            chase.append("\n[b]延期[/]")
        words = {
            "pending": "[yellow]待批准（按 a 批准，Shift+A 驳回）[/]",
            "approved": "[green]已批准[/]",
            "rejected": "[red]未批准[/]",
        }
        for e in share["extensions"]:
            chase.append(
                f"  {dates.format_cn(e['requested_on'])} 申请延期至 {dates.format_cn(e['new_due'])}，"
                f"{words[e['decision']]}：{escape(e['reason'])}"
            )
        self.query_one("#chase-log", Static).update("\n".join(chase))
        # The score's parts under the table, as the CLI's `show` prints them (one function: Urgency.explain).
        why = share["urgency_text"] or f"{share['status_label']}，不计紧迫度"
        self.query_one("#share-urgency", Static).update(f"{name}：{escape(why)}")
        events = [f"[b]{name}[/] 的办理经过"]
        for e in share["events"]:
            note = f"：{escape(e['note'])}" if e["note"] else ""
            events.append(f"  {dates.format_cn(e['date'])}  {e['action']}{note}  [dim]{escape(e['recorded_by'])}[/]")
        self.query_one("#event-log", Static).update("\n".join(events))

    def _show_history(self, item: Item) -> None:
        lines = ["[b]本事项的修改记录[/]"]
        for entry in self.repo.history():
            if any(c["table"] == "items" and c["id"] == item["id"] for c in entry.get("changes", [])):
                at = str(entry.get("at", ""))
                when = f"{at[:16].replace('T', ' ')}（{dates.elapsed_phrase(at)}）" if at else ""
                lines.append(f"  {when}  {escape(entry.get('label', ''))}")
        self.query_one("#history-log", Static).update("\n".join(lines))

    # ------------------------------------------------------------------ actions

    def _editable_share(self, step: str) -> dict[str, Any] | None:
        """The share under the cursor, when there is one, the data can be changed now and the share accepts the
        step (store.rules.steps) — said before a form opens, not when it is saved."""
        share = self._share()
        if share is None or not self.sv.can_edit():
            return None
        if share["status"] not in STEP_STATUSES[step]:
            word = STEP_VERBS[step]
            self.notify(
                f"{share['unit']}承办的这项工作状态为「{share['status_label']}」，不能{word}",
                title=f"不能{word}",
                severity="warning",
            )
            return None
        return share

    def action_progress(self) -> None:
        share = self._editable_share("progress")
        if share is not None:
            form = ProgressForm.for_share(self.repo, self.number, share["unit"])
            self.sv.open_form(form, f"已登记进展：{self.number}（{share['unit']}）")

    def action_step(self, kind: str) -> None:
        share = self._editable_share(kind)
        if share is None:
            return
        repo, number, unit = self.repo, self.number, [share["unit"]]
        word = STEP_VERBS[kind]
        extra: tuple[tuple[str, str, str], ...] = ()
        if kind == "remind":
            extra = (("method", "催办方式", "电话"), ("doc_number", "催办通知文号（可留空）", ""))
        note_label = {"reopen": "退回理由", "cancel": "取消理由", "suspend": "暂缓理由"}.get(kind, "备注（可留空）")

        def submit(values: dict[str, str]) -> Any:
            on, note = values["date"], values["note"]
            if kind == "ack":
                return repo.acknowledge(number, unit, on=on, note=note)
            if kind == "remind":
                method = values["method"] or "电话"
                return repo.remind(number, unit, on=on, method=method, doc_number=values["doc_number"], note=note)
            if kind == "done":
                return repo.mark_done(number, unit, on=on, note=note)
            if kind == "reopen":
                return repo.reopen(number, unit, reason=note, on=on)
            if kind == "close":
                return repo.close_out(number, unit, on=on, note=note)
            return repo.cancel(number, unit, reason=note, suspend=kind == "suspend", on=on)

        title = f"{word}：{number} {share['unit']}"
        form = StepForm(repo, submit, title=title, note_label=note_label, extra=extra)
        self.sv.open_form(form, f"已{word}：{number}（{share['unit']}）")

    def action_extend(self) -> None:
        share = self._editable_share("extend")
        if share is None:
            return
        repo, number, unit = self.repo, self.number, share["unit"]

        def submit(values: dict[str, str]) -> Any:
            approved = YES_NO.is_yes(values["approved"])
            return repo.request_extension(number, unit, values["new_due"], values["reason"], approved=approved)

        form = ExtensionForm(repo, submit, title=f"延期：{number} {unit}")
        self.sv.open_form(form, f"已登记延期：{number}（{unit}）")

    def action_decide(self, approve: bool) -> None:
        share = self._share()
        if share is None:
            return
        repo = self.repo
        word = "批准" if approve else "驳回"
        self.sv.act(
            lambda: repo.decide_extension(self.number, share["unit"], approve=approve),
            f"已{word}{share['unit']}的延期申请",
        )

    def action_edit(self) -> None:
        if not self.sv.can_edit():
            return
        repo = self.repo
        item = repo.item(self.number)
        meeting = str(item["meeting_id"]) if item["meeting_id"] is not None else ""

        def submit(values: dict[str, Any]) -> Any:
            changes: dict[str, Any] = {
                "title": values["title"],
                "requirement": values["requirement"],
                "key": values["key"],
                "meeting": values["meeting"] or None,
            }
            if values["due"].strip():
                changes["due"] = values["due"]
            return repo.edit_item(self.number, **changes)

        initial = {
            "title": item["title"],
            "requirement": item["requirement"],
            "meeting": meeting,
            "key": "1" if item["key"] else "",
            "due": "",
        }
        dues = sorted({effective_due(a) for a in item["assignments"] if a["status"] in OPEN_STATUSES})
        now = dates.format_cn(dues[0]) + (f"等{len(dues)}个" if len(dues) > 1 else "") if dues else "无"
        title = f"修改事项 {self.number}（期限现为{now}，留空则不改）"  # a walk-through could not see it
        self.sv.open_form(ItemForm(repo, submit, initial=initial, title=title, edit=True), f"已修改事项 {self.number}")

"""会议: the meetings and, for the one under the cursor, the items it assigned."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Static

from store.calendar import dates
from store.commands.carry import open_items_of
from store.config import configured_out_dir
from store.errors import SupervisorError
from store.records.model import LIGHT_LABELS, STATUS_LABELS
from tui.forms.office_forms import CarryForm
from tui.forms.simple_forms import MeetingForm
from tui.screens.base import MainScreen
from tui.widgets.item_table import LIGHT_COLOURS


class MeetingsScreen(MainScreen):
    MODE = "meetings"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_meeting", "新增会议"),
        Binding("enter", "open_items", "看会议事项"),
        Binding("i", "import_speech", "导入讲话稿"),
        Binding("c", "carry", "结转到新会议"),
        Binding("l", "review", "回头看清单"),
    ]
    EDIT_ACTIONS = frozenset({"new_meeting", "import_speech", "carry"})

    def body(self) -> ComposeResult:
        yield DataTable(id="meeting-table", cursor_type="row")
        yield Static("", id="meeting-items-title", classes="screen-note")
        yield DataTable(id="meeting-items", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one("#meeting-table", DataTable).add_columns(
            "编号", "日期", "类型", "会议", "事项", "红", "黄", "办结率"
        )
        self.query_one("#meeting-items", DataTable).add_columns(
            "灯", "编号", "事项", "牵头", "期限", "剩余/逾期", "状态"
        )
        super().on_mount()
        self.query_one("#meeting-table", DataTable).focus()

    def refresh_data(self) -> None:
        repo = self.sv.repo
        boards = self.boards
        if repo is None or boards is None:
            return
        table = self.query_one("#meeting-table", DataTable)
        keep = table.cursor_row
        table.clear()
        for m in repo.meetings():
            rows = [r for r in boards.snapshot.rows if r.meeting_id == m["id"]]
            active = [r for r in rows if r.light != "grey"]
            done = sum(r.light == "blue" for r in rows)
            rate = f"{done / len(active) * 100:.0f}%" if active else "—"
            table.add_row(
                str(m["id"]),
                dates.format_cn(m["date"]),
                m["kind"],
                m["title"],
                str(len(rows)),
                str(sum(r.light == "red" for r in rows)),
                str(sum(r.light == "yellow" for r in rows)),
                rate,
                key=str(m["id"]),
            )
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))
        self._show_items()

    def _meeting_id(self) -> int | None:
        table = self.query_one("#meeting-table", DataTable)
        if table.row_count == 0:
            return None
        return int(str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))

    @on(DataTable.RowHighlighted, "#meeting-table")
    def _highlighted(self) -> None:
        self._show_items()

    def _show_items(self) -> None:
        boards = self.boards
        meeting_id = self._meeting_id()
        items = self.query_one("#meeting-items", DataTable)
        items.clear()
        title = self.query_one("#meeting-items-title", Static)
        if boards is None or meeting_id is None:
            title.update("还没有会议。按 n 新增。")
            return
        rows = [r for r in boards.snapshot.rows if r.meeting_id == meeting_id]
        title.update(f"这次会议交办的事项（{len(rows)}项）：按 Enter 在督办事项中打开")
        for r in sorted(rows, key=lambda r: r.number):
            items.add_row(
                f"[{LIGHT_COLOURS[r.light]}]●[/] {LIGHT_LABELS[r.light]}",
                r.number,
                r.title,
                r.lead,
                r.due,
                r.due_text,
                STATUS_LABELS[r.status],
            )

    def action_open_items(self) -> None:
        meeting_id = self._meeting_id()
        if meeting_id is None:
            return
        self.show_items("meeting", str(meeting_id))

    def action_new_meeting(self) -> None:
        if not self.sv.can_edit():
            return
        repo = self.repo

        def submit(values: dict[str, str]) -> Any:
            return repo.add_meeting(values["title"], values["date"], kind=values["kind"] or "部署会")

        self.sv.open_form(MeetingForm(repo, submit), lambda meeting: f"已新增会议：{meeting['title']}")

    def action_import_speech(self) -> None:
        if not self.sv.can_edit():
            return
        from tui.screens.speech_import import SpeechImportScreen

        self.app.push_screen(SpeechImportScreen())

    def action_carry(self) -> None:
        """回头看: carry the open items of the meeting under the cursor to a later one (one undo step)."""
        meeting_id = self._meeting_id()
        if meeting_id is None or not self.sv.can_edit():
            return
        repo = self.repo
        source = repo.meeting(meeting_id)
        count = len(open_items_of(repo.items(), meeting_id))
        if not count:
            self.notify(f"「{source['title']}」没有未办结的事项，无需结转", severity="warning")
            return
        later = [m for m in repo.meetings() if m["date"] >= source["date"] and m["id"] != meeting_id]
        target = str(later[-1]["id"]) if later else ""

        def submit(values: dict[str, str]) -> Any:
            return repo.carry_over(meeting_id, values["target"])

        title = f"结转「{source['title'][:20]}」的{count}项未办结事项（编号和办理记录不变）"
        form = CarryForm(repo, submit, title=title, target=target)
        self.sv.open_form(form, lambda r: f"已结转{len(r.numbers)}项到「{r.target['title']}」（Ctrl+Z 撤销）")

    def action_review(self) -> None:
        """回头看清单 of the meeting under the cursor, written to the documents folder."""
        meeting_id = self._meeting_id()
        if meeting_id is None or self.sv.repo is None:
            return
        from docx_templates.kinds import Options, build_one, get

        try:
            path = build_one(get("review"), self.repo, None, configured_out_dir(), Options(meeting_id=meeting_id))
        except SupervisorError as exc:
            self.notify(exc.message, severity="error", title="未能生成")
            return
        self.notify(f"已生成回头看清单：{path}", timeout=10)

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
from store.records.model import LIGHT_LABELS
from store.records.text import clip
from store.views import board as views
from tui.forms.office_forms import CarryForm
from tui.forms.simple_forms import MeetingForm
from tui.screens.base import MainScreen
from tui.widgets.item_table import LIGHT_COLOURS
from tui.widgets.table import Table

ITEM_COLUMNS = ("灯", "编号", "事项", "牵头", "期限", "剩余/逾期", "状态")
ITEM_COLUMNS_NARROW = ("灯", "编号", "事项", "剩余/逾期", "状态")
NARROW = 100


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

    def __init__(self) -> None:
        super().__init__()
        self._width = 0  # the width the columns were set for
        self._meeting_room = self._item_room = 40
        self._item_columns: tuple[str, ...] = ITEM_COLUMNS

    def body(self) -> ComposeResult:
        yield Table(id="meeting-table", cursor_type="row", enter="看会议事项")
        yield Static("", id="meeting-items-title", classes="screen-note")
        yield Table(id="meeting-items", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#meeting-table", DataTable).focus()

    def on_resize(self) -> None:
        if self._width != self.app.size.width:
            self.refresh_data()

    def _set_columns(self) -> None:
        """Titles are clipped to the room the other columns leave (… after a whole phrase), so a line is never
        cut mid-word at the screen's edge; under 100 columns the item list drops 牵头 and 期限."""
        self._width = width = self.app.size.width
        narrow = width < NARROW
        self._meeting_room = max(12, width - 56)
        self._item_room = max(12, width - (47 if narrow else 77))
        meetings = self.query_one("#meeting-table", DataTable)
        meetings.clear(columns=True)
        meetings.add_columns("编号", "日期", "类型", "会议", "事项", "红", "黄", "办结率")
        items = self.query_one("#meeting-items", DataTable)
        items.clear(columns=True)
        self._item_columns = ITEM_COLUMNS_NARROW if narrow else ITEM_COLUMNS
        items.add_columns(*self._item_columns)

    def refresh_data(self) -> None:
        repo = self.sv.repo
        boards = self.boards
        if repo is None or boards is None:
            return
        if self._width != self.app.size.width:
            self._set_columns()
        table = self.query_one("#meeting-table", DataTable)
        keep = table.cursor_row
        table.clear()
        for m in repo.meetings():
            tally = views.meeting_tally([r for r in boards.snapshot.rows if r.meeting_id == m["id"]])
            table.add_row(
                str(m["id"]),
                dates.format_cn(m["date"]),
                m["kind"],
                clip(m["title"], self._meeting_room),
                str(tally["items"]),
                str(tally["lights"]["red"]),
                str(tally["lights"]["yellow"]),
                tally["done_rate_text"],
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

    @on(DataTable.RowSelected, "#meeting-table")
    def _selected(self) -> None:
        self.action_open_items()

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
            cells = {
                "灯": f"[{LIGHT_COLOURS[r.light]}]●[/] {LIGHT_LABELS[r.light]}",
                "编号": r.number,
                "事项": clip(r.title, self._item_room),
                "牵头": r.lead,
                "期限": r.due,
                "剩余/逾期": r.due_text,
                "状态": views.status_text(r.status, r.done_late),
            }
            items.add_row(*(cells[c] for c in self._item_columns))

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

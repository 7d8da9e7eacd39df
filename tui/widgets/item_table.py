"""A virtual table of items: it draws only the lines on screen, so 10,000 rows cost what 30 do.

Textual's DataTable builds every row up front; this keeps the rows as data and renders a line on demand
(the Line API), with a fixed header, a cursor, multi-select, sort by any column and mouse support.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from store.records.model import LIGHT_LABELS
from store.records.text import display_width, fit
from store.rules.lights import LATE_BEFORE_EXTENSION
from store.views.board import ItemRow, light_order, status_text

LIGHT_COLOURS = {"red": "#e5484d", "yellow": "#e2a400", "green": "#30a46c", "blue": "#3e63dd", "grey": "#8b8d98"}


def _number_key(number: str) -> tuple[int, int]:
    year, _, seq = number.partition("-")
    return (int(year), int(seq)) if year.isdigit() and seq.isdigit() else (0, 0)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: int
    min_total: int = 0  # hidden when the table is narrower than this
    sort: Callable[[ItemRow], Any] | None = None


COLUMNS: tuple[Column, ...] = (
    Column("mark", "", 2),
    Column("light", "灯", 4, sort=light_order),  # the store's one default order, as CLI `list`
    Column("number", "编号", 8, sort=lambda r: _number_key(r.number)),
    Column("title", "事项", 0, sort=lambda r: r.title),
    Column("lead", "牵头", 10, sort=lambda r: r.lead),
    Column("partners", "配合", 14, min_total=110, sort=lambda r: "、".join(r.partners)),
    Column("due", "期限", 10, min_total=92, sort=lambda r: r.due or "9999"),
    Column("due_text", "剩余/逾期", 14, sort=lambda r: r.due or "9999"),
    Column("status", "状态", 8, sort=lambda r: r.status),
)
TITLE_MIN = 14
DUE_TEXT_MAX = 28  # room for 还有10个工作日·延期前已逾期 when a row carries that mark


def _due_fit(text: str, width: int) -> str:
    """The days left cut before the 延期前已逾期 mark is: the mark is what the row must not lose."""
    head, mark, _ = text.partition(f"·{LATE_BEFORE_EXTENSION}")
    if not mark or display_width(text) <= width:
        return fit(text, width)
    return fit(head, max(0, width - display_width(mark))) + mark if width > display_width(mark) else fit(mark, width)


class ItemTable(ScrollView, can_focus=True):
    """Rows of items with a cursor; Enter opens, Space selects, clicking a header sorts."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", "上移", show=False),
        Binding("down", "cursor(1)", "下移", show=False),
        Binding("pageup", "page(-1)", "上一页", show=False),
        Binding("pagedown", "page(1)", "下一页", show=False),
        Binding("home", "jump(0)", "第一项", show=False),
        Binding("end", "jump(-1)", "最后一项", show=False),
        Binding("enter", "open", "详情"),
        Binding("space", "toggle_mark", "选中"),
        Binding("ctrl+a", "mark_all", "全选"),
        Binding("s", "sort_next", "排序"),
    ]

    DEFAULT_CSS = """
    ItemTable { height: 1fr; scrollbar-gutter: stable; }
    """

    cursor: reactive[int] = reactive(0, always_update=True)

    class Opened(Message):
        """Enter or a double click on a row."""

        def __init__(self, number: str) -> None:
            super().__init__()
            self.number = number

    class Changed(Message):
        """The cursor or the selection moved."""

    class Sorted(Message):
        """The sort column or direction changed."""

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.rows: list[ItemRow] = []
        self.due_text_width = 0  # more than its column while a row says 延期前已逾期 (a walk-through saw 还有10个工作…)
        self.marked: set[str] = set()
        self.sort_key = "light"
        self.sort_reverse = False

    # ------------------------------------------------------------------ data

    @property
    def current(self) -> ItemRow | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def marked_or_current(self) -> list[str]:
        """The selected numbers in table order, or the row under the cursor when none is selected."""
        if self.marked:
            return [r.number for r in self.rows if r.number in self.marked]
        return [self.current.number] if self.current else []

    def set_rows(self, rows: list[ItemRow], *, presorted: bool = False) -> None:
        """Show new rows in the current sort order, keeping the cursor on the same item when it is there.

        `presorted` rows are already in `row_order()` (the Items screen filters a pre-sorted list, so a
        keystroke in the filter does not sort 10,000 rows again).
        """
        keep = self.current.number if self.current else None
        self.rows = rows if presorted else self._sorted(rows)
        marked = [display_width(r.due_text) for r in self.rows if LATE_BEFORE_EXTENSION in r.due_text]
        self.due_text_width = min(DUE_TEXT_MAX, max([0, *marked]))
        visible = {r.number for r in self.rows}
        self.marked &= visible
        index = next((i for i, r in enumerate(self.rows) if r.number == keep), None) if keep else None
        self.virtual_size = Size(self.size.width, len(self.rows) + 1)
        self.cursor = index if index is not None else min(self.cursor, max(0, len(self.rows) - 1))
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.Changed())

    def sort_by(self, key: str) -> None:
        column = next((c for c in COLUMNS if c.key == key and c.sort), None)
        if column is None:
            return
        if self.sort_key == key:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_key, self.sort_reverse = key, False
        self.set_rows(self.rows)
        self.post_message(self.Sorted())

    def row_order(self, rows: list[ItemRow]) -> list[int]:
        """Indices of `rows` in the current sort order."""
        column = next(c for c in COLUMNS if c.key == self.sort_key)
        assert column.sort is not None
        key = column.sort
        return sorted(
            range(len(rows)), key=lambda i: (key(rows[i]), _number_key(rows[i].number)), reverse=self.sort_reverse
        )

    def _sorted(self, rows: list[ItemRow]) -> list[ItemRow]:
        return [rows[i] for i in self.row_order(rows)]

    # ------------------------------------------------------------------ actions

    def action_cursor(self, step: int) -> None:
        if self.rows:
            self.cursor = max(0, min(len(self.rows) - 1, self.cursor + step))

    def action_page(self, step: int) -> None:
        self.action_cursor(step * max(1, self.size.height - 2))

    def action_jump(self, index: int) -> None:
        if self.rows:
            self.cursor = index if index >= 0 else len(self.rows) - 1

    def action_open(self) -> None:
        if self.current:
            self.post_message(self.Opened(self.current.number))

    def action_toggle_mark(self) -> None:
        if self.current:
            self.marked ^= {self.current.number}
            self.refresh()
            self.post_message(self.Changed())
            self.action_cursor(1)

    def action_mark_all(self) -> None:
        numbers = {r.number for r in self.rows}
        self.marked = set() if numbers and numbers <= self.marked else numbers
        self.refresh()
        self.post_message(self.Changed())

    def action_sort_next(self) -> None:
        keys = [c.key for c in self._visible_columns() if c.sort]
        index = keys.index(self.sort_key) if self.sort_key in keys else -1
        self.sort_key, self.sort_reverse = keys[(index + 1) % len(keys)], False
        self.set_rows(self.rows)
        self.post_message(self.Sorted())
        self.notify(f"按「{self._label(self.sort_key)}」排序", timeout=1.5)

    def _label(self, key: str) -> str:
        return next(c.label for c in COLUMNS if c.key == key)

    def watch_cursor(self) -> None:
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.Changed())

    def _scroll_to_cursor(self) -> None:
        body = max(1, self.size.height - 1)
        top = int(self.scroll_offset.y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + body:
            self.scroll_to(y=self.cursor - body + 1, animate=False, immediate=True)

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.rows) + 1)
        self._scroll_to_cursor()

    # ------------------------------------------------------------------ mouse

    def on_click(self, event: events.Click) -> None:
        if event.y == 0:
            key = self._column_at(event.x)
            if key:
                self.sort_by(key)
            return
        index = int(self.scroll_offset.y) + event.y - 1
        if 0 <= index < len(self.rows):
            self.cursor = index
            if event.chain >= 2:
                self.action_open()

    def _column_at(self, x: int) -> str | None:
        start = 0
        for column, width in self._layout():
            if start <= x < start + width + 1:
                return column.key
            start += width + 1
        return None

    # ------------------------------------------------------------------ drawing

    def _visible_columns(self) -> list[Column]:
        total = self.size.width
        return [c for c in COLUMNS if total >= c.min_total]

    def _layout(self) -> list[tuple[Column, int]]:
        columns = self._visible_columns()
        fixed = sum(c.width for c in columns if c.key != "title") + len(columns) - 1
        room = self.scrollable_content_region.width - fixed - TITLE_MIN  # what the title can give up
        base = next(c.width for c in COLUMNS if c.key == "due_text")
        due = max(base, min(self.due_text_width, base + max(0, room)))
        title = max(TITLE_MIN, self.scrollable_content_region.width - fixed - (due - base))
        widths = {"title": title, "due_text": due}
        return [(c, widths.get(c.key, c.width)) for c in columns]

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        layout = self._layout()
        if y == 0:
            return self._header(layout, width)
        index = int(self.scroll_offset.y) + y - 1
        if index >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        return self._row(self.rows[index], index, layout, width)

    def _header(self, layout: list[tuple[Column, int]], width: int) -> Strip:
        style = Style(bold=True, color=self.styles.color.rich_color if self.styles.color else None, underline=True)
        parts = []
        for column, w in layout:
            label = column.label
            if column.key == self.sort_key and label:
                label += "↓" if not self.sort_reverse else "↑"
            parts.append(fit(label, w))
        text = " ".join(parts)
        return Strip([Segment(text, style)]).adjust_cell_length(width, self.rich_style)

    def _row(self, row: ItemRow, index: int, layout: list[tuple[Column, int]], width: int) -> Strip:
        base = self.rich_style
        if index == self.cursor:
            base = base + Style(bgcolor="#2d4f7c" if self.has_focus else "#3a3a48", color="#ffffff")
        elif row.number in self.marked:
            base = base + Style(bgcolor="#3b3320")
        segments: list[Segment] = []
        for position, (column, w) in enumerate(layout):
            if position:
                segments.append(Segment(" ", base))
            segments.append(self._cell(row, column.key, w, base))
        return Strip(segments).adjust_cell_length(width, base)

    def _cell(self, row: ItemRow, key: str, width: int, base: Style) -> Segment:
        if key == "mark":
            return Segment(fit("✓" if row.number in self.marked else "", width), base + Style(bold=True))
        if key == "light":
            label = "● " + LIGHT_LABELS[row.light]
            return Segment(fit(label, width), base + Style(color=LIGHT_COLOURS[row.light], bold=True))
        if key == "title":
            return Segment(fit(("★" if row.key else "") + row.title, width), base)
        if key == "partners":
            return Segment(fit("、".join(row.partners), width), base)
        if key == "status":
            return Segment(fit(status_text(row.status, row.done_late), width), base)
        if key == "due_text":
            colour = LIGHT_COLOURS[row.light] if row.light in ("red", "yellow") else None
            return Segment(_due_fit(row.due_text, width), base + Style(color=colour) if colour else base)
        value = str(getattr(row, key))
        return Segment(fit(value, width), base)

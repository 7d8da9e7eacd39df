"""总览: counts by light, milestone countdown, the units most behind, indicators off target, due this week."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.widgets import Static

from store.calendar import dates
from store.records.model import LIGHT_LABELS, LIGHT_MEANINGS
from tui.screens.base import MainScreen
from tui.widgets.item_table import LIGHT_COLOURS


def panel(title: str, entries: list[tuple[str, list[str]]], empty: str) -> str:
    """A titled list of entries (a line, then dim detail lines), or what to say when it is empty.

    Panels do not wrap (app.tcss): each detail is its own line, so a narrow column ends a line with … rather
    than breaking a word or a bracket in two.
    """
    lines = [title]
    if not entries:
        lines.append(empty)
    for line, details in entries:
        lines.append(f"  {line}")
        lines.extend(f"    [dim]{detail}[/]" for detail in details)
    return "\n".join(lines)


class LightBox(Static):
    """One big count; clicking it opens the item list filtered by that light."""

    def __init__(self, light: str) -> None:
        super().__init__(id=f"box-{light}", classes=f"light-box light-{light}")
        self.light = light

    def show(self, count: int) -> None:
        colour = LIGHT_COLOURS[self.light]
        self.update(
            f"[b {colour}]● {LIGHT_LABELS[self.light]}灯[/]\n[b]{count}[/] 项\n[dim]{LIGHT_MEANINGS[self.light]}[/]"
        )

    def on_click(self) -> None:
        if isinstance(self.screen, OverviewScreen):
            self.screen.action_show_light(self.light)


class OverviewScreen(MainScreen):
    MODE = "overview"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "show_light('red')", "看红灯"),
        Binding("y", "show_light('yellow')", "看黄灯"),
        Binding("g", "show_light('green')", "看绿灯", show=False),
        Binding("b", "show_light('blue')", "看已办结", show=False),
    ]

    def body(self) -> ComposeResult:
        with VerticalScroll(id="overview"):
            with Horizontal(id="light-boxes"):
                for light in ("red", "yellow", "green", "blue"):
                    yield LightBox(light)
            yield Static("正在载入数据…", id="milestones", classes="panel")
            with Grid(id="overview-grid"):
                yield Static("", id="behind", classes="panel")
                yield Static("", id="due-week", classes="panel")
                yield Static("", id="off-target", classes="panel")

    def refresh_data(self) -> None:
        boards = self.boards
        if boards is None:
            return
        data: dict[str, Any] = boards.overview
        for light in ("red", "yellow", "green", "blue"):
            self.query_one(f"#box-{light}", LightBox).show(data["lights"][light])
        self.query_one("#milestones", Static).update(self._milestones(data))
        self.query_one("#behind", Static).update(self._behind(data))
        self.query_one("#due-week", Static).update(self._due_week(data))
        self.query_one("#off-target", Static).update(self._off_target(data))

    def _milestones(self, data: dict[str, Any]) -> str:
        lines = [f"[b]里程碑倒计时[/]  共{data['items']}项督办事项"]
        if not data["milestones"]:
            lines.append("[dim]还没有里程碑（在 7 设置 中按 m 添加：中期评估、全面检查……）[/]")
        for m in data["milestones"][:4]:
            days = "就是今天" if m["days"] == 0 else f"还有 [b]{m['days']}[/] 天（{m['workdays']}个工作日）"
            lines.append(f"  {escape(m['name'])}：{dates.format_cn(m['date'])}，{days}")
        if data["calendar_note"]:
            lines.append(f"  [dim]注：{data['calendar_note']}（设置页按 h 录入）[/]")
        return "\n".join(lines)

    def _behind(self, data: dict[str, Any]) -> str:
        entries = [
            (
                f"[b]{escape(b['unit'])}[/] [red]逾期{b['overdue']}项[/] 按期率{b['on_time_rate_text']}",
                ["、".join(b["overdue_items"][:3]) + ("…" if len(b["overdue_items"]) > 3 else "")],
            )
            for b in data["behind"]
        ]
        text = panel("[b]最落后的单位[/]（逾期未办结）", entries, "[green]没有逾期未办结的单位[/]")
        late = data.get("late_receipts", [])
        if late:
            names = "、".join(escape(r["unit"]) for r in late[:4]) + ("等" if len(late) > 4 else "")
            count = sum(len(r["numbers"]) for r in late)
            text += f"\n[b]回执逾期未回[/] [red]{count}份[/]：{names}（3 成员单位页按 m 催办）"
        return text

    def _due_week(self, data: dict[str, Any]) -> str:
        entries = [
            (
                f"[{LIGHT_COLOURS[r['light']]}]●[/] {r['number']} {escape(r['lead'])} {r['due_text']}",
                [escape(r["title"])],
            )
            for r in data["due_this_week"][:8]
        ]
        return panel("[b]7天内到期[/]", entries, "[dim]7天内没有到期的事项[/]")

    def _off_target(self, data: dict[str, Any]) -> str:
        entries = [
            (
                f"{escape(ind['indicator'])} [{'red' if ind.get('verdict') == '未达标' else 'yellow'}]"
                f"{ind.get('verdict', '')}[/]",
                [f"目标{escape(ind['target'])}", f"最新{escape(ind['latest'])}"],
            )
            for ind in data["off_target"][:8]
        ]
        return panel("[b]滞后或未达标的指标[/]", entries, "[dim]按最新数据，没有滞后或未达标的指标[/]")

    def action_show_light(self, light: str) -> None:
        self.show_items("light", light)

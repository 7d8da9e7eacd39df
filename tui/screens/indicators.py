"""指标: target against the latest reading, 达标 judgement, a small trend of the yearly readings."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Static

from store import views
from store.rules import indicator_judgement
from tui.forms.simple_forms import DIRECTION_WORDS, IndicatorForm, ReadingForm
from tui.screens.base import MainScreen

BARS = "▁▂▃▄▅▆▇█"
JUDGEMENT_STYLE = {"已达标": "green", "未达标": "red", "无数据": "dim"}


def trend(values: list[float | None]) -> str:
    """A sparkline of the readings in year order; a gap shows as a space."""
    numbers = [v for v in values if v is not None]
    if not numbers:
        return ""
    low, high = min(numbers), max(numbers)
    span = high - low or 1.0
    return "".join(" " if v is None else BARS[min(7, int((v - low) / span * 7))] for v in values)


class IndicatorsScreen(MainScreen):
    MODE = "indicators"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add_reading", "录入数据"),
        Binding("n", "new_indicator", "新增指标"),
    ]
    EDIT_ACTIONS = frozenset({"add_reading", "new_indicator"})

    def body(self) -> ComposeResult:
        yield Static("监测指标：目标、基线、最新值与达标评判（定性指标由人工评判）", classes="screen-note")
        yield DataTable(id="indicator-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="indicator-hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("规划", "领域", "指标", "目标", "基线", "最新值", "评判", "趋势", "牵头单位", "重点")
        super().on_mount()
        table.focus()

    def refresh_data(self) -> None:
        repo = self.sv.repo
        if repo is None:
            return
        units = repo.units_by_id()
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        for ind in repo.indicators():
            judgement = indicator_judgement(ind)
            baseline = (
                "" if ind["baseline"] is None else f"{ind['baseline']:g}{ind['measure']}（{ind['baseline_year']}）"
            )
            values = [r["value"] for r in ind["readings"]]
            leads = "、".join(views.unit_label(units.get(u)) for u in ind["lead_unit_ids"])
            table.add_row(
                ind["plan"],
                ind["domain"],
                ind["name"],
                views.target_text(ind),
                baseline,
                views.reading_text(ind, views.latest_reading(ind)),
                f"[{JUDGEMENT_STYLE[judgement]}]{judgement}[/]",
                trend(values),
                leads,
                "★" if ind["key"] else "",
                key=str(ind["id"]),
            )
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))
        else:
            self.query_one("#indicator-hint", Static).update("还没有指标。")

    def action_add_reading(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count == 0 or not self.sv.can_edit():
            return
        repo = self.sv.repo
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        indicator = repo.indicator(int(str(key.value)))
        year = max((r["year"] for r in indicator["readings"]), default=repo.today.year - 1) + 1
        year = min(year, repo.today.year)

        def submit(values: dict[str, str]) -> Any:
            value = float(values["value"]) if values["value"].strip() else None
            return repo.add_reading(
                indicator["id"],
                int(values["year"]),
                value,
                note=values["note"],
                judgement=values.get("judgement", "").strip(),
            )

        def saved(result: Any) -> None:
            if result:
                self.sv.data_changed()
                self.refresh_data()
                self.notify(f"已录入：{indicator['name']}")

        self.app.push_screen(ReadingForm(submit, indicator=indicator, year=year), saved)

    def action_new_indicator(self) -> None:
        if not self.sv.can_edit():
            return
        repo = self.sv.repo
        from tui.widgets.fields import split_units

        def number(text: str) -> float | None:
            return float(text) if text.strip() else None

        def submit(values: dict[str, str]) -> Any:
            return repo.add_indicator(
                values["name"],
                plan=values["plan"],
                domain=values["domain"],
                measure=values["measure"],
                direction=DIRECTION_WORDS[values["direction"].strip()],
                target=number(values["target"]),
                target_text=values["target_text"],
                target_year=int(values["target_year"]),
                baseline=number(values["baseline"]),
                baseline_year=int(values["baseline_year"]),
                lead=split_units(values["lead"]),
                partners=split_units(values["partners"]),
            )

        def saved(result: Any) -> None:
            if result:
                self.sv.data_changed()
                self.refresh_data()
                self.notify(f"已新增指标：{result['name']}")

        self.app.push_screen(IndicatorForm(repo, submit), saved)

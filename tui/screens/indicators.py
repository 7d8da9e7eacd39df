"""指标: the monitoring system in five tabs — verdicts with the 口径 card, the year grid with entry and checks,
data-request tracking with the 催报 list, 达标率 summaries by 领域 and unit, and the inspection evidence.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Select, Static, TabbedContent, TabPane

from store.calendar import dates
from store.commands.monitoring import NeedsConfirmation
from store.errors import SupervisorError
from store.records.model import EVIDENCE_STATUSES
from store.rules.verdicts import DENOMINATORS, DIRECTION_LABELS, VERDICT_LIGHTS, VERDICTS
from store.views import monitoring
from tui.forms.confirm import ConfirmScreen
from tui.forms.monitoring_forms import EvidenceForm, OverrideForm, PublicityForm, ReadingForm, RequestForm
from tui.forms.simple_forms import DIRECTION_WORDS, IndicatorForm
from tui.screens.base import MainScreen
from tui.widgets.fields import split_units
from tui.widgets.item_table import LIGHT_COLOURS

BARS = "▁▂▃▄▅▆▇█"


def trend(values: list[float | None]) -> str:
    """A sparkline of the readings in year order; a gap shows as a space."""
    numbers = [v for v in values if v is not None]
    if not numbers:
        return ""
    low, high = min(numbers), max(numbers)
    span = high - low or 1.0
    return "".join(" " if v is None else BARS[min(7, int((v - low) / span * 7))] for v in values)


def coloured(verdict: str, text: str | None = None) -> str:
    """A verdict (or a value) in the colour of the verdict's light."""
    return f"[{LIGHT_COLOURS[VERDICT_LIGHTS[verdict]]}]{escape(text if text is not None else verdict)}[/]"


class IndicatorsScreen(MainScreen):
    MODE = "indicators"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "next_tab", "下一分页"),
        Binding("a", "add_reading", "录入数据"),
        Binding("v", "override", "人工评判"),
        Binding("k", "review(True)", "审核"),
        Binding("b", "review(False)", "退回"),
        Binding("n", "new", "新增"),
        Binding("r", "remind", "催报"),
        Binding("o", "open_request", "布置报送"),
        Binding("s", "evidence_status", "材料状态"),
        Binding("p", "publicity", "登记宣传"),
    ]
    EDIT_ACTIONS = frozenset(
        {"add_reading", "override", "review", "new", "remind", "open_request", "evidence_status", "publicity"}
    )
    TAB_ACTIONS: ClassVar[dict[str, set[str]]] = {
        "tab-verdicts": {"add_reading", "override", "review", "new"},
        "tab-grid": {"add_reading", "override", "review"},
        "tab-requests": {"remind", "open_request"},
        "tab-summary": set(),
        "tab-evidence": {"new", "evidence_status", "publicity"},
    }

    def __init__(self) -> None:
        super().__init__()
        self.data_year: int | None = None

    def body(self) -> ComposeResult:
        with Horizontal(id="ind-options"):
            yield Select([("最近一年", "")], value="", allow_blank=False, id="ind-year", compact=True)
            yield Select(
                [(f"达标率分母：{v}", k) for k, v in DENOMINATORS.items()],
                value="all",
                allow_blank=False,
                id="ind-basis",
                compact=True,
            )
            yield Select(
                [("按规划汇总", "plan"), ("按领域汇总", "domain"), ("按牵头单位汇总", "unit")],
                value="domain",
                allow_blank=False,
                id="ind-by",
                compact=True,
            )
        with TabbedContent(id="ind-tabs"):
            with TabPane("指标评判", id="tab-verdicts"), Horizontal():
                yield DataTable(id="indicator-table", cursor_type="row", zebra_stripes=True)
                with VerticalScroll(id="ind-card-box"):
                    yield Static("", id="ind-card")
            with TabPane("年度数据", id="tab-grid"):
                yield DataTable(id="ind-grid", cursor_type="cell", zebra_stripes=True, fixed_columns=1)
            with TabPane("数据报送", id="tab-requests"):
                yield Static("", id="req-head", classes="screen-note")
                yield DataTable(id="req-table", cursor_type="row", zebra_stripes=True)
            with TabPane("达标汇总", id="tab-summary"):
                yield DataTable(id="summary-table", cursor_type="row", zebra_stripes=True)
            with TabPane("迎检材料", id="tab-evidence"):
                yield DataTable(id="evidence-table", cursor_type="row", zebra_stripes=True)
                yield Static("", id="publicity-log", classes="panel")

    def on_mount(self) -> None:
        self.query_one("#indicator-table", DataTable).add_columns("指标", "目标", "现状值", "评判", "趋势")
        self.query_one("#req-table", DataTable).add_columns("单位", "状态", "已报/应报", "期限", "已催报", "下次催报")
        self.query_one("#summary-table", DataTable).add_columns("分组", "今年达标率", "上年达标率", "评判分布")
        self.query_one("#evidence-table", DataTable).add_columns("类别", "材料", "负责", "期限", "状态", "文件")
        super().on_mount()
        self.query_one("#indicator-table", DataTable).focus()

    # ------------------------------------------------------------------ data

    def _years(self) -> list[int]:
        repo = self.sv.repo
        return sorted({r["year"] for i in repo.indicators() for r in i["readings"]})

    def _year(self) -> int:
        if self.data_year:
            return self.data_year
        return monitoring.data_year(self.sv.repo.indicators(), self.sv.repo.today)

    def refresh_data(self) -> None:
        repo = self.sv.repo
        if repo is None:
            return
        select = self.query_one("#ind-year", Select)
        options = [("最近一年", "")] + [(f"{y}年数据", str(y)) for y in reversed(self._years())]
        if getattr(select, "_options_cache", None) != options:
            select._options_cache = options  # type: ignore[attr-defined]
            with self.prevent(Select.Changed):
                select.set_options(options)
                select.value = (
                    str(self.data_year)
                    if self.data_year and str(self.data_year) in dict((v, k) for k, v in options)
                    else ""
                )
        self._verdicts()
        self._grid()
        self._requests()
        self._summary()
        self._evidence()

    @on(Select.Changed)
    def _option_changed(self, event: Select.Changed) -> None:
        if event.select.id == "ind-year":
            self.data_year = int(event.value) if isinstance(event.value, str) and event.value else None
        self.refresh_data()

    def _verdicts(self) -> None:
        repo = self.sv.repo
        table = self.query_one("#indicator-table", DataTable)
        keep = table.cursor_row
        table.clear()
        rows = monitoring.verdict_board(repo.indicators(), repo.plans(), repo.units_by_id(), self._year(), repo.today)
        for r in rows:
            name = ("★" if r.key else "") + r.name
            table.add_row(
                name if len(name) <= 13 else name[:12] + "…",
                r.target.split("（")[0],
                r.value,
                coloured(r.verdict, r.verdict + ("·人工" if r.overridden else "")),
                trend(r.trend),
                key=str(r.indicator_id),
            )
        if rows:
            table.move_cursor(row=min(keep, len(rows) - 1))
        self._card()

    def _current_indicator(self) -> dict[str, Any] | None:
        table = self.query_one("#indicator-table", DataTable)
        if self._active_tab() == "tab-grid":
            table = self.query_one("#ind-grid", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return self.sv.repo.indicator(int(str(key.value)))

    def _grid_year(self) -> int:
        if self._active_tab() != "tab-grid":
            return self._year()
        grid = self.query_one("#ind-grid", DataTable)
        years = self._grid_years()
        column = grid.cursor_column - 1
        return years[column] if 0 <= column < len(years) else self._year()

    @on(DataTable.RowHighlighted, "#indicator-table")
    def _card(self) -> None:
        ind = self._current_indicator() if self._active_tab() == "tab-verdicts" else None
        repo = self.sv.repo
        if ind is None:
            return
        plans = repo.plans()
        plan = monitoring.plan_of(ind, plans)
        units = repo.units_by_id()
        names = lambda ids: "、".join(units[u]["name"] for u in ids if u in units) or "—"  # noqa: E731
        year = self._year()
        verdict = monitoring.verdict_for(ind, plans, year, repo.today)
        reading = monitoring.reading_for(ind, year)
        period = f"{plan['start_year']}—{plan['end_year']}年，中期{plan['midterm_year']}年" if plan else "未设置"
        lines = [
            f"[b]{escape(ind['name'])}[/]  {escape(ind['code'])}{'  [yellow]重点难点[/]' if ind['key'] else ''}",
            f"规划：{escape(ind['plan'])}（{period}）  领域：{escape(ind['domain'])}",
            f"方向：{DIRECTION_LABELS.get(ind['direction'], ind['direction'])}"
            f"  计量单位：{escape(ind['measure'] or '—')}  {'累计值' if ind['mode'] == 'cumulative' else '水平值'}",
            f"目标：{escape(monitoring.target_text(ind, plan))}"
            + (
                f"  中期目标：{monitoring.fmt(ind['midterm_target'])}{escape(ind['measure'])}"
                if ind["midterm_target"] is not None
                else ""
            ),
            "基线："
            + (
                f"{monitoring.fmt(ind['baseline'])}{escape(ind['measure'])}（{ind['baseline_year']}年）"
                if ind["baseline"] is not None
                else "—"
            ),
            f"牵头：{escape(names(ind['lead_unit_ids']))}  配合：{escape(names(ind['partner_unit_ids']))}",
            f"数据来源：{escape(ind['source'] or '—')}  统计周期：{ind['period_start_month']}月起"
            + ("  [dim]同时报上级主管部门[/]" if ind["reported_up"] else ""),
        ]
        if ind["definition"]:
            lines.append(f"口径：{escape(ind['definition'])}")
        lines.append("")
        lines.append(
            f"[b]{year}年[/]：{escape(monitoring.value_text(ind, reading))}"
            + (f"（{reading['status']}，{escape(reading['submitted_by'])}报送）" if reading else "")
        )
        lines.append(f"评判：{coloured(verdict.verdict)}——{escape(verdict.reason)}")
        without = monitoring.years_without_data(ind, year)
        if without >= 2:
            lines.append(f"[red]已连续{without}年没有数据[/]")
        self.query_one("#ind-card", Static).update("\n".join(lines))

    def _grid_years(self) -> list[int]:
        years = self._years()
        return years[-6:] if years else [self._year()]

    def _grid(self) -> None:
        repo = self.sv.repo
        grid = self.query_one("#ind-grid", DataTable)
        coordinate = grid.cursor_coordinate
        years = self._grid_years()
        grid.clear(columns=True)
        grid.add_columns("指标", *(f"{y}年" for y in years))
        plans = repo.plans()
        for ind in repo.indicators():
            cells = []
            for y in years:
                reading = monitoring.reading_for(ind, y)
                verdict = monitoring.verdict_for(ind, plans, y, repo.today)
                if reading is None:
                    text = "—"
                elif reading["value"] is None:
                    text = "无数据"
                else:
                    text = f"{monitoring.fmt(reading['value'])}{ind['measure'] if ind['measure'] in ('%', '‰') else ''}"
                status = (
                    {"未报": "", "已报": "", "已审核": "✓", "退回": "↩"}.get(reading["status"], "") if reading else ""
                )
                cells.append(coloured(verdict.verdict, text + status) if reading else "[dim]—[/]")
            name = ind["name"] if len(ind["name"]) <= 12 else ind["name"][:11] + "…"
            grid.add_row(name, *cells, key=str(ind["id"]))
        if grid.row_count:
            grid.move_cursor(row=min(coordinate.row, grid.row_count - 1), column=max(1, coordinate.column))

    def _requests(self) -> None:
        repo = self.sv.repo
        head = self.query_one("#req-head", Static)
        table = self.query_one("#req-table", DataTable)
        table.clear()
        requests = repo.requests()
        if not requests:
            head.update("还没有布置数据报送。按 o 布置（年份、截止日期、催报节奏）。")
            return
        req = requests[-1]
        states = monitoring.request_states(req, repo.indicators(), repo.units_by_id(), repo.today, repo.calendar())
        done = sum(s.status in ("已报", "已审核") for s in states)
        chase = monitoring.chase_list(states)
        due_now = [s.unit for s in chase if s.due_for_reminder]
        warning = monitoring.request_warning(req, states, repo.calendar())
        head.update(
            f"[b]{escape(req['title'])}[/]：截止{dates.format_cn(req['due'])}，{len(states)}个单位已报齐{done}个。"
            + (f"  [red]今天应催报：{escape('、'.join(due_now))}（按 r 登记催报）[/]" if due_now else "")
            + (f"\n[dim]注：{escape(warning)}[/]" if warning else "")
        )
        for s in sorted(states, key=lambda s: (s.status in ("已报", "已审核"), s.workdays)):
            status = f"[green]{s.status}[/]" if s.status in ("已报", "已审核") else f"[red]{s.status}[/]"
            next_text = (
                dates.format_cn(s.next_reminder) + ("（该催了）" if s.due_for_reminder else "")
                if s.next_reminder
                else ""
            )
            table.add_row(
                s.unit, status, f"{s.submitted}/{s.total}", s.phrase, str(s.reminders), next_text, key=str(s.unit_id)
            )

    def _summary(self) -> None:
        repo = self.sv.repo
        basis = self.query_one("#ind-basis", Select).value
        by = self.query_one("#ind-by", Select).value
        table = self.query_one("#summary-table", DataTable)
        table.clear()
        for s in monitoring.summaries(
            repo.indicators(), repo.plans(), repo.units_by_id(), self._year(), repo.today, by=str(by), basis=str(basis)
        ):
            spread = "、".join(f"{k}{v}" for k, v in sorted(s.counts.items(), key=lambda kv: VERDICTS.index(kv[0])))
            table.add_row(s.group, s.this_year.text(), s.last_year.text(), spread)

    def _evidence(self) -> None:
        repo = self.sv.repo
        units = repo.units_by_id()
        table = self.query_one("#evidence-table", DataTable)
        keep = table.cursor_row
        table.clear()
        today = repo.today.isoformat()
        for e in repo.evidence():
            late = e["status"] != "已完成" and e["due"] and e["due"] < today
            status = (
                "[green]已完成[/]"
                if e["status"] == "已完成"
                else f"[red]{e['status']}（逾期）[/]"
                if late
                else e["status"]
            )
            owner = units[e["owner_unit_id"]]["name"] if e["owner_unit_id"] in units else "办公室"
            table.add_row(
                e["category"], e["title"], owner, dates.format_cn(e["due"]), status, e["file_ref"], key=str(e["id"])
            )
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))
        lines = ["[b]宣传与知晓率[/]（p 登记）"]
        for p in repo.publicity():
            if p["kind"] == "survey":
                lines.append(
                    f"  {dates.format_cn(p['date'])} 调查：{escape(p['title'])}，样本{p['sample_size']}，"
                    f"知晓率[b]{p['awareness']:g}%[/]"
                )
            else:
                reach = f"，覆盖{p['reach']}人" if p["reach"] is not None else ""
                lines.append(f"  {dates.format_cn(p['date'])} 活动：{escape(p['title'])}{reach}")
        self.query_one("#publicity-log", Static).update("\n".join(lines))

    # ------------------------------------------------------------------ actions

    def _active_tab(self) -> str:
        return self.query_one("#ind-tabs", TabbedContent).active or "tab-verdicts"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not super().check_action(action, parameters):
            return False
        allowed = set().union(*self.TAB_ACTIONS.values())
        if action in allowed and self.is_mounted:
            return action in self.TAB_ACTIONS.get(self._active_tab(), set())
        return True

    def action_next_tab(self) -> None:
        order = list(self.TAB_ACTIONS)
        self._show_tab(order[(order.index(self._active_tab()) + 1) % len(order)])

    def _show_tab(self, pane: str) -> None:
        """Activate a pane and focus its table (focus left in a hidden pane would switch the tab back)."""
        self.query_one("#ind-tabs", TabbedContent).active = pane
        self.query_one(f"#{pane} DataTable", DataTable).focus()

    @on(TabbedContent.TabActivated)
    def _tab_changed(self, event: TabbedContent.TabActivated) -> None:
        pane = event.pane.id or "tab-verdicts"
        focused = self.app.focused
        if focused is None or not any(p.id == pane for p in focused.ancestors_with_self):
            self.query_one(f"#{pane} DataTable", DataTable).focus()
        self.refresh_bindings()
        self._card()

    def _saved(self, message: str):  # type: ignore[no-untyped-def]
        def done(result: Any) -> None:
            if result:
                self.sv.data_changed()
                self.refresh_data()
                self.notify(message)

        return done

    def action_add_reading(self) -> None:
        ind = self._current_indicator()
        if ind is None or not self.sv.can_edit():
            return
        repo = self.sv.repo
        year = self._grid_year()
        reading = monitoring.reading_for(ind, year)

        def submit(values: dict[str, str], confirm: bool = False) -> Any:
            return repo.record_reading(
                ind["id"],
                int(values["year"]),
                values["value"] or None,
                no_data_reason=values["no_data_reason"].strip(),
                numerator=values["numerator"] or None,
                denominator=values["denominator"] or None,
                caliber_changed=values["caliber_changed"].strip() == "是",
                submitted_by=values["submitted_by"],
                submitted_on=values["submitted_on"],
                note=values["note"],
                confirm=confirm,
            )

        def attempt(values: dict[str, str]) -> Any:
            try:
                return submit(values)
            except NeedsConfirmation as exc:
                self._ask_to_confirm(exc.message, lambda: submit(values, confirm=True))
                raise SupervisorError(f"需要确认：{exc.message}") from None

        self.app.push_screen(
            ReadingForm(repo, attempt, indicator=ind, year=year, reading=reading),
            self._saved(f"已录入：{ind['name']} {year}年"),
        )

    def _ask_to_confirm(self, message: str, retry: Any) -> None:
        """A jump beyond the threshold: ask, and save with confirmation when the user agrees (a note is needed)."""

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            if self.sv.act(retry, "已确认并保存") is not None and isinstance(self.app.screen, ReadingForm):
                self.app.screen.dismiss(None)
                self.refresh_data()

        self.app.push_screen(
            ConfirmScreen(f"{message}\n\n数值无误并已在说明中写明原因？", yes="确认保存", no="返回修改"), answered
        )

    def action_override(self) -> None:
        ind = self._current_indicator()
        if ind is None or not self.sv.can_edit():
            return
        repo = self.sv.repo
        year = self._grid_year()
        if monitoring.reading_for(ind, year) is None:
            self.notify(f"{ind['name']}还没有{year}年的数据，先按 a 录入", severity="warning")
            return
        computed = monitoring.verdict_for(ind, repo.plans(), year, repo.today).verdict

        def submit(values: dict[str, str]) -> Any:
            verdict = values["verdict"].strip() or None
            return repo.override_verdict(ind["id"], year, verdict, values["reason"])

        self.app.push_screen(
            OverrideForm(submit, indicator=ind, year=year, computed=computed),
            self._saved(f"已保存人工评判：{ind['name']} {year}年"),
        )

    def action_review(self, accept: bool) -> None:
        ind = self._current_indicator()
        if ind is None:
            return
        year = self._grid_year()
        note = "" if accept else "请核实后重新报送"
        word = "审核通过" if accept else "退回"
        if (
            self.sv.act(
                lambda: self.sv.repo.review_reading(ind["id"], year, accept=accept, note=note),
                f"已{word}：{ind['name']} {year}年",
            )
            is not None
        ):
            self.refresh_data()

    def action_new(self) -> None:
        if not self.sv.can_edit():
            return
        repo = self.sv.repo
        if self._active_tab() == "tab-evidence":

            def add_evidence(values: dict[str, str]) -> Any:
                return repo.add_evidence(
                    values["category"].strip(),
                    values["title"],
                    owner=values["owner"] or None,
                    due=values["due"],
                    status=values["status"].strip(),
                    file_ref=values["file_ref"],
                )

            self.app.push_screen(EvidenceForm(repo, add_evidence), self._saved("已新增佐证材料"))
            return

        def number(text: str) -> float | None:
            return float(text) if text.strip() else None

        def add_indicator(values: dict[str, str]) -> Any:
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

        self.app.push_screen(IndicatorForm(repo, add_indicator), self._saved("已新增指标"))

    def action_remind(self) -> None:
        repo = self.sv.repo
        if not repo.requests() or not self.sv.can_edit():
            return
        req = repo.requests()[-1]
        table = self.query_one("#req-table", DataTable)
        states = monitoring.request_states(req, repo.indicators(), repo.units_by_id(), repo.today, repo.calendar())
        due_now = [s.unit_id for s in monitoring.chase_list(states) if s.due_for_reminder]
        if not due_now and table.row_count:
            unit_id = int(str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))
            due_now = [unit_id]
        if (
            self.sv.act(
                lambda: repo.remind_request(req["year"], due_now), f"已登记催报{len(due_now)}个单位（可按 Ctrl+Z 撤销）"
            )
            is not None
        ):
            self.refresh_data()

    def action_open_request(self) -> None:
        if not self.sv.can_edit():
            return
        repo = self.sv.repo

        def submit(values: dict[str, str]) -> Any:
            return repo.open_request(
                int(values["year"]),
                values["due"],
                remind_before=int(values["remind_before"]),
                remind_every=int(values["remind_every"]),
            )

        self.app.push_screen(RequestForm(repo, submit, year=repo.today.year - 1), self._saved("已布置数据报送"))

    def action_evidence_status(self) -> None:
        table = self.query_one("#evidence-table", DataTable)
        if table.row_count == 0 or not self.sv.can_edit():
            return
        evidence_id = int(str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))
        current = next(e for e in self.sv.repo.evidence() if e["id"] == evidence_id)
        following = EVIDENCE_STATUSES[(EVIDENCE_STATUSES.index(current["status"]) + 1) % len(EVIDENCE_STATUSES)]
        if (
            self.sv.act(
                lambda: self.sv.repo.update_evidence(evidence_id, status=following), f"{current['title']}：{following}"
            )
            is not None
        ):
            self.refresh_data()

    def action_publicity(self) -> None:
        if not self.sv.can_edit():
            return
        repo = self.sv.repo

        def submit(values: dict[str, str]) -> Any:
            kind = "survey" if values["kind"].strip() == "调查" else "activity"
            return repo.add_publicity(
                kind,
                values["title"],
                values["date"],
                unit=values["unit"] or None,
                reach=values["reach"] or None,
                sample_size=values["sample_size"] or None,
                awareness=values["awareness"] or None,
            )

        self.app.push_screen(PublicityForm(repo, submit), self._saved("已登记"))

"""What the five tabs of 指标 show, computed in a worker thread from the store's monitoring views.

Nothing here touches a widget: `build_view` reads the repository once, computes verdicts, the year grid,
the request states, the 达标率 summaries and the evidence list, and returns rows ready for the tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.markup import escape

from store.calendar import dates
from store.commands.repository import Repository
from store.commands.settings import chase_near_days
from store.records.choices import MODE
from store.records.measures import value_text as measured
from store.records.model import Indicator, Unit
from store.rules.verdicts import DIRECTION_LABELS, VERDICT_LIGHTS
from store.views import documents, monitoring, requests
from tui.widgets.item_table import LIGHT_COLOURS

BARS = "▁▂▃▄▅▆▇█"
GRID_STATUS = {"未报": "", "已报": "", "已审核": "✓", "退回": "↩"}


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


@dataclass(frozen=True)
class Request:
    """What the tabs are asked to show: a data year (None: the boards' default), 达标率 basis and grouping."""

    year: int | None = None
    basis: str = "all"
    by: str = "domain"


@dataclass(frozen=True)
class Row:
    """One table row: its cells (Rich markup) and the key that names its record."""

    cells: tuple[str, ...]
    key: str | None = None


@dataclass
class IndicatorsView:
    """Everything the five tabs show for one version of the data."""

    year: int  # the data year of the verdicts, the card and the summaries
    years: list[int]  # every year with a reading, oldest first
    grid_years: list[int]  # the columns of the year grid
    default_year: int = 0  # the boards' default: the latest complete data year
    entry_year: int = 0  # the data year being collected (Snapshot.entry_year): where a first reading goes
    year_note: str = ""  # the data year's status when it is provisional
    verdicts: list[Row] = field(default_factory=list)
    cards: dict[int, str] = field(default_factory=dict)  # indicator id -> its 口径 card
    grid: list[Row] = field(default_factory=list)
    grid_heads: list[str] = field(default_factory=list)
    request_head: str = ""
    requests: list[Row] = field(default_factory=list)
    summary_head: str = ""
    summary_columns: tuple[str, ...] = ()
    summaries: list[Row] = field(default_factory=list)
    evidence: list[Row] = field(default_factory=list)
    publicity: str = ""


def build_view(repo: Repository, asked: Request) -> IndicatorsView:
    """Read the records once and compute every tab (runs in a worker thread)."""
    snap = monitoring.snapshot(repo)
    indicators, units = snap.indicators, snap.units
    years = sorted({r["year"] for i in indicators for r in i["readings"]})
    default = snap.board_year()
    year = snap.board_year(asked.year)
    status = snap.status(year)
    view = IndicatorsView(
        year,
        years,
        years[-6:] if years else [year],
        default,
        snap.entry_year(),
        status.note if status.provisional else "",
    )
    for r in snap.board(year):
        name = ("★" if r.key else "") + r.name
        verdict = coloured(r.verdict, r.verdict + ("·人工" if r.overridden else ""))
        cells = (
            name if len(name) <= 13 else name[:12] + "…",
            r.applies.split("（")[0],
            r.value + ("" if r.counted or r.value.startswith(("未报", "无数据")) else f"（{r.status}）"),
            verdict,
            trend(r.trend),
        )
        view.verdicts.append(Row(cells, str(r.indicator_id)))
    view.cards = {ind["id"]: card(ind, snap, year) for ind in indicators}
    view.grid_heads = [snap.status(y).label().replace("（暂定）", "·暂定") for y in view.grid_years]
    view.grid = [grid_row(ind, snap, view.grid_years) for ind in indicators]
    view.request_head, view.requests = request_rows(repo, snap, asked.year)
    view.summary_head = (
        f"[b]{status.label()}[/]数据与{year - 1}年比较"
        + ("（默认为数据已到报送期限的最近年度）" if asked.year is None else "")
        + (f"\n[yellow]{escape(status.note)}[/]" if status.provisional else "")
    )
    view.summary_columns = ("分组", f"{year}年达标率", f"{year - 1}年达标率", "评判分布")
    for s in snap.summaries(year, by=asked.by, basis=asked.basis):
        view.summaries.append(Row((s.group, s.this_year.text(), s.last_year.text(), s.spread())))
    view.evidence, view.publicity = evidence_rows(repo, units)
    return view


def card(ind: Indicator, snap: monitoring.Snapshot, year: int) -> str:
    """The 口径 card beside the verdict table: definition, targets, baseline, owners and this year's verdict."""
    plan = monitoring.plan_of(ind, snap.plans)
    units = snap.units

    def names(ids: list[int]) -> str:
        return "、".join(units[u]["name"] for u in ids if u in units) or "—"

    verdict = snap.verdict(ind, year)
    reading = monitoring.reading_for(ind, year)
    period = f"{plan['start_year']}—{plan['end_year']}年，中期{plan['midterm_year']}年" if plan else "未设置"
    midterm = monitoring.midterm_text(ind, plan)
    lines = [
        f"[b]{escape(ind['name'])}[/]  {escape(ind['code'])}{'  [yellow]重点难点[/]' if ind['key'] else ''}",
        f"规划：{escape(ind['plan'])}（{period}）  领域：{escape(ind['domain'])}",
        f"方向：{DIRECTION_LABELS.get(ind['direction'], ind['direction'])}"
        f"  计量单位：{escape(ind['measure'] or '—')}  {MODE.label(ind['mode'])}",
        f"目标：{escape(monitoring.target_text(ind, plan))}" + (f"  中期目标：{escape(midterm)}" if midterm else ""),
        "基线："
        + (
            f"{escape(measured(ind, ind['baseline']))}（{ind['baseline_year']}年）"
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
    status = snap.status(year)
    lines.append(
        f"[b]{status.label()}[/]：{escape(monitoring.value_text(ind, reading))}"
        + (f"（{reading['status']}，{escape(reading['submitted_by'])}报送）" if reading else "")
    )
    lines.append(f"评判：{coloured(verdict.verdict)}——{escape(verdict.reason)}")
    if status.provisional:
        lines.append(f"[yellow]{escape(status.note)}[/]")
    without = snap.without_data(ind, year)
    if without >= 2:
        lines.append(f"[red]已连续{without}年没有数据[/]")
    return "\n".join(lines)


def grid_row(ind: Indicator, snap: monitoring.Snapshot, years: list[int]) -> Row:
    """One indicator across the grid's years: each value (its decimals and unit) in its verdict's colour,
    ✓ reviewed, ↩ returned."""
    cells = []
    for y in years:
        reading = monitoring.reading_for(ind, y)
        if reading is None:
            cells.append("[dim]—[/]")
            continue
        verdict = snap.verdict(ind, y)
        text = "无数据" if reading["value"] is None else measured(ind, reading["value"])
        cells.append(coloured(verdict.verdict, text + GRID_STATUS.get(reading["status"], "")))
    name = ind["name"] if len(ind["name"]) <= 12 else ind["name"][:11] + "…"
    return Row((name, *cells), str(ind["id"]))


def request_rows(repo: Repository, snap: monitoring.Snapshot, year: int | None) -> tuple[str, list[Row]]:
    """Every open data request (overdue ones first; with a year chosen, that year's cycle first too): a head
    line per cycle (who to chase today) and one row per unit, late ones first. Row keys are "year:unit"."""
    if not snap.requests:
        return "还没有布置数据报送。按 o 布置（年份、截止日期、催报节奏）。", []
    calendar = repo.calendar()
    near = chase_near_days(snap.settings)
    every = requests.cycles(snap.requests, snap.indicators, snap.units, snap.today, calendar, near)
    shown = requests.shown_cycles(every)
    chosen = [c for c in every if c.year == year and c not in shown]
    heads, rows = [], []
    for cycle in chosen + shown:
        chase = [s.unit for s in cycle.chase]
        why = requests.not_yet_near(cycle, snap.today, near)
        warning = requests.request_warning(cycle.request, cycle.states, calendar)
        heads.append(
            f"[b]{escape(cycle.head())}[/]"
            + (f"  [red]催报清单：{escape('、'.join(chase))}（按 r 登记催报）[/]" if chase else "")
            + (f"  [dim]{escape(why)}[/]" if why else "")
            + (f"\n[dim]注：{escape(warning)}[/]" if warning else "")
        )
        for s in sorted(cycle.states, key=lambda s: (s.complete, s.workdays)):
            status = f"[green]{s.status}[/]" if s.complete else f"[red]{s.status}[/]"
            next_text = (
                dates.format_cn(s.next_reminder) + ("（该催了）" if s.due_for_reminder else "")
                if s.next_reminder
                else ""
            )
            cells = (
                f"{cycle.year}年",
                s.unit,
                status,
                f"{s.submitted}/{s.total}",
                s.phrase,
                str(s.reminders),
                next_text,
            )
            rows.append(Row(cells, f"{cycle.year}:{s.unit_id}"))
    return "\n".join(heads), rows


def evidence_rows(repo: Repository, units: dict[int, Unit]) -> tuple[list[Row], str]:
    """The inspection evidence (late ones in red) and the log of publicity and awareness surveys."""
    rows = []
    for e in documents.evidence_rows(repo.evidence(), units, repo.today):
        status = e["status"]
        if status == "已完成":
            status = "[green]已完成[/]"
        elif status.endswith("（逾期）"):
            status = f"[red]{status}[/]"
        due = "" if e["due"] == "—" else e["due"]
        file_ref = "" if e["file_ref"] == "—" else e["file_ref"]
        rows.append(Row((e["category"], escape(e["title"]), e["owner"], due, status, escape(file_ref)), e["id"]))
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
    return rows, "\n".join(lines)

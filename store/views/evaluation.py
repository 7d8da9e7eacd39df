"""The 中期自评估报告's figures: verdicts and 达标率 of the evaluation year (overall, per plan, per 领域 — every 领域
of each plan, with or without indicators), key indicators, the status of the year's data, data reporting, the
lagging indicators with their units and the items that chase them, the verdicts set by hand and the 口径 changes.

Plain Python from a monitoring Snapshot (no docx): docx_templates only lays these figures out, and every figure
equals what `supervisor verdicts --year Y --json` prints for the same year.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from store.calendar.workdays import WorkCalendar
from store.commands.settings import chase_near_days
from store.records.model import DONE_STATUSES, INACTIVE_STATUSES, DataRequest, Evidence, Indicator, Item, Plan, Unit
from store.rules.verdicts import ACHIEVED
from store.views.documents import evidence_totals, ordered_plans
from store.views.monitoring import Snapshot, Summary, VerdictRow, YearStatus
from store.views.requests import UnitRequestState, request_states

LAGGING = ("滞后", "未达标")


@dataclass
class DomainFigures:
    """One 领域 of a plan: its indicators (none for a 领域 the program has no indicator for) and their summary."""

    name: str
    indicators: list[Indicator]
    summary: Summary | None


@dataclass
class PlanFigures:
    """One plan's indicators (in report order), its 达标率 and every 领域 of the plan one by one."""

    key: str
    plan: Plan | None
    indicators: list[Indicator]
    summary: Summary
    domains: list[DomainFigures]


@dataclass
class KeyFigures:
    """重点难点指标 by verdict group; the groups add up to the total."""

    total: int
    achieved: int
    expected: int
    lagging: int
    pending: int
    no_data: int


@dataclass
class ReportingFigures:
    """The data-request cycle of the year: units asked, complete, and late ones (past the due date)."""

    request: DataRequest | None
    states: list[UnitRequestState]
    complete: int
    late: list[UnitRequestState]


@dataclass
class LaggingRow:
    """A 滞后 or 未达标 indicator with who answers for it and the 督办事项 that chase it."""

    indicator: Indicator
    row: VerdictRow
    items: list[str]


@dataclass
class Amendment:
    """A verdict set by hand or a 口径 change on one year's reading, with its reason."""

    indicator: Indicator
    year: int
    kind: str
    computed: str
    verdict: str
    reason: str
    by: str


@dataclass
class EvaluationFigures:
    """The 中期自评估报告's figures; `indicators` in report order (plan, 领域, code)."""

    data_year: int
    basis: str
    status: YearStatus
    status_sentence: str
    plans: list[Plan]  # the plan records in use, in the county's order
    plan_keys: list[str]  # ... and the keys of indicators whose plan has no record, last
    indicators: list[Indicator]
    verdicts: dict[int, VerdictRow]
    overall: Summary
    per_plan: list[PlanFigures]
    reporting: ReportingFigures
    evidence: dict[str, int]
    lagging: list[LaggingRow] = field(default_factory=list)
    amendments: list[Amendment] = field(default_factory=list)

    @property
    def behind(self) -> list[Indicator]:
        """滞后 or 未达标, in report order."""
        return [i for i in self.indicators if self.verdicts[i["id"]].verdict in LAGGING]

    @property
    def missing(self) -> list[Indicator]:
        """无数据 or 待评判, in report order."""
        return [i for i in self.indicators if self.verdicts[i["id"]].verdict in ("无数据", "待评判")]

    @property
    def key(self) -> KeyFigures | None:
        return key_figures(self.indicators, self.verdicts)

    def quality(self) -> dict[str, int]:
        """The data-quality counts of the year: 口径 changes, verdicts by hand, returned readings, long gaps."""
        rows = [self.verdicts[i["id"]] for i in self.indicators]
        year = self.data_year
        return {
            "caliber": sum(1 for a in self.amendments if a.kind == "口径变化" and a.year == year),
            "overridden": sum(1 for r in rows if r.overridden),
            "returned": sum(1 for r in rows if r.status == "退回"),
            "gaps": sum(1 for r in rows if r.years_without_data >= 2),
        }


def reporting_figures(
    request: DataRequest | None, indicators: list[Indicator], units: dict[int, Unit], snap: Snapshot, cal: WorkCalendar
) -> ReportingFigures:
    near = chase_near_days(snap.settings)
    states = request_states(request, indicators, units, snap.today, cal, near) if request is not None else []
    complete = sum(1 for s in states if s.complete)
    past_due = request is not None and snap.today.isoformat() > request["due"]
    late = [s for s in states if s.overdue] if past_due else []
    return ReportingFigures(request, states, complete, sorted(late, key=lambda s: (s.workdays, s.unit_id)))


def key_figures(indicators: list[Indicator], verdicts: Mapping[int, VerdictRow]) -> KeyFigures | None:
    key = [verdicts[i["id"]].verdict for i in indicators if i["key"]]
    if not key:
        return None
    return KeyFigures(
        total=len(key),
        achieved=sum(v in ACHIEVED for v in key),
        expected=sum(v == "预期可达标" for v in key),
        lagging=sum(v in LAGGING for v in key),
        pending=sum(v == "待评判" for v in key),
        no_data=sum(v == "无数据" for v in key),
    )


def lagging_rows(fig: EvaluationFigures, items: Iterable[Item]) -> list[LaggingRow]:
    """Each lagging indicator with the items linked to it (number, title and whether they are done)."""
    rows = []
    for ind in fig.behind:
        linked = [
            f"{item['number']} {item['title']}（{_item_state(item)}）"
            for item in sorted(items, key=lambda i: (i["year"], i["seq"]))
            if ind["id"] in item["indicator_ids"]
        ]
        rows.append(LaggingRow(ind, fig.verdicts[ind["id"]], linked))
    return rows


def _item_state(item: Item) -> str:
    """已办结 when every active share is done or closed, else 办理中."""
    active = [a for a in item["assignments"] if a["status"] not in INACTIVE_STATUSES]
    return "已办结" if active and all(a["status"] in DONE_STATUSES for a in active) else "办理中"


def amendments(indicators: Iterable[Indicator], snap: Snapshot, up_to: int) -> list[Amendment]:
    """Every verdict set by hand and every 口径 change up to the year, oldest first, with the reason on record."""
    out = []
    for ind in indicators:
        for reading in sorted(ind["readings"], key=lambda r: r["year"]):
            if reading["year"] > up_to:
                continue
            override = reading.get("override")
            if override:
                computed = snap.verdict(ind, reading["year"]).rule_verdict
                out.append(
                    Amendment(
                        ind,
                        reading["year"],
                        "人工评判",
                        computed,
                        override["verdict"],
                        override["reason"],
                        override.get("by", ""),
                    )
                )
            if reading.get("caliber_changed"):
                note = reading.get("note") or "（请补充口径变化的内容和原因）"
                out.append(Amendment(ind, reading["year"], "口径变化", "", "", note, reading.get("submitted_by", "")))
    return sorted(out, key=lambda a: (a.year, a.indicator["plan"], a.indicator["code"]))


def evaluation_figures(
    snap: Snapshot,
    year: int,
    *,
    basis: str,
    calendar: WorkCalendar,
    evidence: Iterable[Evidence],
    items: Iterable[Item] = (),
) -> EvaluationFigures:
    """Every figure of the report for the data year: verdicts, 达标率 this year and last (overall, per plan, per
    领域), key indicators, the status of the data, reporting, the lagging indicators with the items chasing them,
    verdicts by hand and 口径 changes, and the evidence totals."""
    indicators = snap.indicators
    used = {i["plan"] for i in indicators}
    in_use = ordered_plans([p for p in snap.plans if p["key"] in used])
    known = {p["key"] for p in in_use}
    plan_keys = [p["key"] for p in in_use] + sorted(used - known)  # indicators of a plan without a record last
    verdicts = {r.indicator_id: r for r in snap.board(year)}
    by_plan = {s.group: s for s in snap.summaries(year, by="plan", basis=basis)}
    by_domain = {s.group: s for s in snap.summaries(year, by="domain", basis=basis)}
    ordered = sorted(
        indicators, key=lambda i: (plan_keys.index(i["plan"]), _domain_rank(snap, i), i["domain"], i["code"], i["id"])
    )
    per_plan = []
    for key in plan_keys:
        members = [i for i in ordered if i["plan"] == key]
        plan = next((p for p in in_use if p["key"] == key), None)
        names = list(dict.fromkeys([*(plan["domains"] if plan else []), *(i["domain"] for i in members)]))
        domains = [
            DomainFigures(d, [i for i in members if i["domain"] == d], by_domain.get(f"{key}·{d}")) for d in names
        ]
        per_plan.append(PlanFigures(key, plan, members, by_plan[key], domains))
    request = next((r for r in snap.requests if r["year"] == year), None)
    reporting = reporting_figures(request, indicators, snap.units, snap, calendar)
    fig = EvaluationFigures(
        year,
        basis,
        snap.status(year),
        snap.status_sentence(year),
        in_use,
        plan_keys,
        ordered,
        verdicts,
        by_plan["全部"],
        per_plan,
        reporting,
        evidence_totals(evidence, snap.today),
    )
    fig.lagging = lagging_rows(fig, items)
    fig.amendments = amendments(ordered, snap, year)
    return fig


def _domain_rank(snap: Snapshot, ind: Indicator) -> int:
    """A 领域's place in its plan's list (domains the plan does not list come after, by name)."""
    plan = next((p for p in snap.plans if p["key"] == ind["plan"]), None)
    domains = plan["domains"] if plan else []
    return domains.index(ind["domain"]) if ind["domain"] in domains else len(domains)

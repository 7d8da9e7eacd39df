"""View-models for the Word documents: who gets a document by default, the data year and 达标率 basis a document
speaks of, the ordering of plans and indicators, and the figures of the 督查通报 (the 中期自评估报告's are in
store.views.evaluation).

Plain Python computed from records (no repository, no docx): docx_templates only lays these figures out, so a
screen or a command that shows the same figure calls the same function.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from store.calendar.dates import format_cn
from store.errors import ValidationError
from store.records.choices import NOTICE_SCOPE
from store.records.model import (
    DONE_STATUSES,
    OFFICE_OWNER,
    OPEN_STATUSES,
    Assignment,
    Evidence,
    Indicator,
    Item,
    Plan,
    Reading,
    Unit,
)
from store.rules.figures import ratio_text
from store.rules.lights import Policy, assignment_light
from store.rules.verdicts import DENOMINATORS
from store.views.board import board_by_unit, item_row
from store.views.carry import carried_out
from store.views.monitoring import Snapshot, evidence_progress, reading_for
from store.views.requests import UnitRequestState, chase_list

NamedPlan = TypeVar("NamedPlan", bound=Mapping[str, Any])
INACTIVE = ("suspended", "cancelled")
DONE_READINGS = ("已报", "已审核")

# ------------------------------------------------------------------ who gets a document by default


NOTICE_SCOPES = NOTICE_SCOPE.labels


def notice_scope(value: str | None) -> str:
    """Which shares a 督办通知 lists: red-yellow (the default: what offices chase) or every open one."""
    return NOTICE_SCOPE.parse(value, optional=True) or "red-yellow"


def in_notice_scope(share: Assignment, policy: Policy, scope: str = "red-yellow") -> bool:
    """An open share a notice of this scope lists."""
    if share["status"] not in OPEN_STATUSES:
        return False
    return scope == "open" or assignment_light(share, policy) in ("red", "yellow")


def notice_units(items: Iterable[Item], units: Iterable[Unit], policy: Policy, scope: str = "red-yellow") -> list[int]:
    """督办通知: units with an open assignment in the scope (red or yellow by default), in the unit list's order."""
    flagged = {
        share["unit_id"] for item in items for share in item["assignments"] if in_notice_scope(share, policy, scope)
    }
    return [u["id"] for u in units if u["id"] in flagged]


def self_assessment_units(
    indicators: Iterable[Indicator], evidence: Iterable[Evidence], items: Iterable[Item], units: Iterable[Unit]
) -> list[int]:
    """成员单位自评表: one per member unit with a part in the plans' work — an indicator (lead or partner), a piece
    of evidence to collect, or a share of a 督办事项 (not cancelled) — in the unit list's order."""
    owners = {u for ind in indicators for u in (*ind["lead_unit_ids"], *ind["partner_unit_ids"])}
    owners |= {e["owner_unit_id"] for e in evidence if e["owner_unit_id"] is not None}
    owners |= {a["unit_id"] for item in items for a in item["assignments"] if a["status"] != "cancelled"}
    return [u["id"] for u in units if u["id"] in owners]


def chase_units(states: Iterable[UnitRequestState]) -> list[int]:
    """催报通知: the 催报 list of a cycle, units due for a reminder first."""
    return [s.unit_id for s in chase_list(states)]


# ------------------------------------------------------------------ years, bases and orderings


def asked_year(value: int | str | None) -> int | None:
    """The data year a user typed (2025 or 2025年), checked; None when nothing was asked."""
    if value in (None, ""):
        return None
    try:
        year = int(str(value).strip().removesuffix("年"))
    except ValueError:
        raise ValidationError("year", f"数据年度应为四位年份，如2025：{value}") from None
    if not 1990 <= year <= 2100:
        raise ValidationError("year", f"数据年度{year}超出范围（1990—2100）")
    return year


def document_year(snap: Snapshot, value: int | str | None = None) -> int:
    """The data year of an evaluation document (report, self-assessment form, checklist): the one asked for, else
    the evaluation year (store.views.monitoring)."""
    return snap.evaluation_year(asked_year(value))


def rate_basis(settings: Mapping[str, Any]) -> str:
    """The 达标率 denominator the office chose in settings (all, numeric or with_data)."""
    basis = str(settings.get("rate_basis") or "all")
    return basis if basis in DENOMINATORS else "all"


def ordered_plans(plans: Iterable[NamedPlan]) -> list[NamedPlan]:
    """Plans in the order a county writes them: the women's plan before the children's (as in 妇女儿童), then
    the others by key."""

    def rank(plan: NamedPlan) -> tuple[int, str]:
        text = f"{plan['key']}{plan['name']}"
        return (0 if "妇女" in text else 1 if "儿童" in text else 2, plan["key"])

    return sorted(plans, key=rank)


def _plan_order(plans: Iterable[Plan]) -> dict[str, int]:
    return {p["key"]: n for n, p in enumerate(ordered_plans(plans))}


def unit_indicators(
    indicators: Iterable[Indicator], plans: Iterable[Plan], unit_id: int
) -> list[tuple[Indicator, str]]:
    """(indicator, 牵头|配合) for every indicator the unit leads or supports: lead ones first, then by plan
    (妇女 before 儿童, as in the report), 领域 and code."""
    order = _plan_order(plans)
    rows = []
    for ind in indicators:
        if unit_id in ind["lead_unit_ids"]:
            rows.append((ind, "牵头"))
        elif unit_id in ind["partner_unit_ids"]:
            rows.append((ind, "配合"))
    rows.sort(key=lambda r: (r[1] != "牵头", order.get(r[0]["plan"], len(order)), r[0]["domain"], r[0]["code"]))
    return rows


def missing_readings(
    indicators: Iterable[Indicator], plans: Iterable[Plan], unit_id: int, year: int
) -> list[tuple[Indicator, Reading | None]]:
    """The indicators a unit leads whose data for the year are not in (not reported, or returned), in the
    report's order, with the year's reading when there is one."""
    order = _plan_order(plans)
    ordered = sorted(indicators, key=lambda i: (order.get(i["plan"], len(order)), i["domain"], i["code"]))
    rows = []
    for ind in ordered:
        if unit_id not in ind["lead_unit_ids"]:
            continue
        reading = reading_for(ind, year)
        if reading is None or reading["status"] not in DONE_READINGS:
            rows.append((ind, reading))
    return rows


# ------------------------------------------------------------------ numbers, names and evidence


def percent(part: int, whole: int) -> str:
    """'45.5%', '100.0%', '—' for an empty whole: the one rounding of store.rules.figures."""
    return ratio_text(part, whole)


def unit_name(units: Mapping[int, Unit], unit_id: int, *, short: bool = False) -> str:
    """A unit's name (or short name) as printed; 单位N for a unit no longer on the list."""
    unit = units.get(unit_id)
    if unit is None:
        return f"单位{unit_id}"
    return (unit["short"] or unit["name"]) if short else unit["name"]


def evidence_owner(units: Mapping[int, Unit], owner_id: int | None, *, short: bool = False) -> str:
    """Who keeps a piece of evidence as printed: the unit, or 办公室 when the office keeps it itself."""
    return OFFICE_OWNER if owner_id is None else unit_name(units, owner_id, short=short)


def evidence_rows(
    evidence: Iterable[Evidence],
    units: Mapping[int, Unit],
    today: date,
    *,
    unit_id: int | None = None,
    short: bool = False,
) -> list[dict[str, str]]:
    """佐证材料 as table rows (every screen and document): all of them, or the ones a unit owns; overdue ones
    marked （逾期）; `id` is the record's number."""
    rows: list[dict[str, str]] = []
    for e in evidence:
        if unit_id is not None and e["owner_unit_id"] != unit_id:
            continue
        overdue = e["status"] != "已完成" and e["due"] and e["due"] < today.isoformat()
        rows.append(
            {
                "id": str(e.get("id", "")),
                "no": str(len(rows) + 1),
                "category": e["category"],
                "title": e["title"],
                "owner": evidence_owner(units, e["owner_unit_id"], short=short),
                "due": format_cn(e["due"]) or "—",
                "status": e["status"] + ("（逾期）" if overdue else ""),
                "file_ref": e["file_ref"] or "—",
            }
        )
    return rows


def evidence_totals(evidence: Iterable[Evidence], today: date) -> dict[str, int]:
    """Counts over every category: 已完成, 收集中, 未开始, 逾期 and 合计."""
    progress = evidence_progress(evidence, today)
    return {k: sum(c[k] for c in progress.values()) for k in ("已完成", "收集中", "未开始", "逾期", "合计")}


# ------------------------------------------------------------------ 督查通报


@dataclass
class MeetingTally:
    """The items of one meeting (None: items without a meeting); suspended and cancelled ones not counted."""

    meeting_id: int | None
    items: int
    units: int
    active: int
    done: int
    done_late: int
    open: int
    red: int
    yellow: int
    inactive: int
    done_percent: str
    open_percent: str
    carried: int = 0  # items carried on to a later meeting (counted there, not here)
    extended_late: int = 0  # items with a share 延期前已逾期 (store.rules.lights.overdue_before_extension)


@dataclass
class LateUnit:
    """A unit with open assignments past their deadline, and the items' numbers."""

    unit: str
    overdue: int
    items: list[str]


@dataclass
class BulletinFigures:
    meetings: list[MeetingTally]
    late_units: list[LateUnit]
    ranking: list[dict[str, Any]]

    @property
    def late_total(self) -> int:
        return sum(u.overdue for u in self.late_units)


def meeting_tally(meeting_id: int | None, items: list[Item], policy: Policy, units: dict[int, Unit]) -> MeetingTally:
    rows = [item_row(i, policy, units) for i in items]
    active = [r for r in rows if r.status not in INACTIVE]
    done = [r for r in active if r.status in DONE_STATUSES]
    open_rows = [r for r in active if r.status not in DONE_STATUSES]
    return MeetingTally(
        meeting_id=meeting_id,
        items=len(rows),
        units=len({a["unit_id"] for i in items for a in i["assignments"]}),
        active=len(active),
        done=len(done),
        done_late=sum(1 for r in done if r.done_late),
        open=len(open_rows),
        red=sum(1 for r in open_rows if r.light == "red"),
        yellow=sum(1 for r in open_rows if r.light == "yellow"),
        inactive=len(rows) - len(active),
        done_percent=percent(len(done), len(active)),
        open_percent=percent(len(open_rows), len(active)),
        extended_late=sum(1 for r in active if r.extended_late),
    )


def bulletin_figures(
    items: list[Item], policy: Policy, units: dict[int, Unit], meeting_id: int | None = None
) -> BulletinFigures:
    """Per meeting (in meeting order, items without a meeting last), the units behind (most overdue first) and
    the ranking by 按期办结率; with `meeting_id`, that meeting's items only."""
    everything = items
    if meeting_id is not None:
        items = [i for i in items if i["meeting_id"] == meeting_id]
    groups: dict[int | None, list[Item]] = {}
    for item in sorted(items, key=lambda i: (i["year"], i["seq"])):
        groups.setdefault(item["meeting_id"], []).append(item)
    meetings = [
        meeting_tally(mid, groups[mid], policy, units) for mid in sorted(groups, key=lambda m: (m is None, m or 0))
    ]
    for tally in meetings:
        if tally.meeting_id is not None:
            tally.carried = carried_out(everything, tally.meeting_id)
    board = board_by_unit(items, policy, units)
    behind = sorted((b for b in board if b["overdue"]), key=lambda b: (-b["overdue"], b["rank"]))
    late = [LateUnit(b["unit"], b["overdue"], list(b["overdue_items"])) for b in behind]
    return BulletinFigures(meetings=meetings, late_units=late, ranking=board)

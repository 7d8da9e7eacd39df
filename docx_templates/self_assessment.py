"""成员单位自评表: one unit's indicators (lead or partner) with the final and mid-term targets, the values of the last
five data years and the computed verdict (the rule's, never a verdict set by hand), blank columns for the unit's
own assessment (自评等次, 主要做法, 存在问题, 下一步措施), its 督办事项 and the evidence it keeps, and the sign-off
lines (kept on the page of the last table row). Landscape A4; not numbered (a form the unit fills in and returns).

Who gets one (`--all`): every member unit with a part in the plans' work — an indicator (lead or partner), a piece
of evidence to collect, or a share of a 督办事项 (store.views.documents.self_assessment_units).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from store.calendar import dates
from store.records.measures import value_text
from store.records.model import DONE_STATUSES, ROLE_LABELS, Indicator, Item
from store.rules.lights import effective_due
from store.views.documents import evidence_rows, self_assessment_units
from store.views.documents import unit_indicators as indicators_of_unit
from store.views.monitoring import Snapshot, VerdictRow, reading_for, snapshot

from . import common
from .checklist import share_state
from .kinds import DocumentKind, Options, build_one, one_unit

if TYPE_CHECKING:
    from store.commands.repository import Repository

KIND = "成员单位自评表"
SERIES_YEARS = 5
LEGEND = (
    "说明：{first}—{year}年数值为各年监测数据（“—”为没有数据，退回或未审核的注明状态）；{status}。计算评判由督办台"
    "按目标值和序时进度算出（提前达标、达标、预期可达标、滞后、未达标、待评判、无数据），中期目标适用于中期评估年份"
    "及以前。“自评等次”请对照计算评判填写，与计算评判不一致的，请在“存在问题”栏说明理由。"
)


def unit_indicators(repo: Repository, unit_id: int) -> list[tuple[Indicator, str]]:
    """(indicator, 牵头|配合) for every indicator the unit leads or supports: lead ones first, then by plan
    (妇女 before 儿童, as in the report), 领域 and code."""
    return indicators_of_unit(repo.indicators(), repo.plans(), unit_id)


@dataclass(kw_only=True)
class SelfAssessmentPlan(common.ForUnit):
    data_year: int
    title: str
    indicators: list[dict[str, str]]
    items: list[dict[str, str]]
    evidence: list[dict[str, str]]
    status: str
    today: date

    @property
    def empty(self) -> bool:
        return not self.indicators and not self.items and not self.evidence

    def context(self, doc_number: str = "") -> dict[str, Any]:
        first = self.data_year - SERIES_YEARS + 1
        return {
            "title": self.title,
            "unit_name": self.unit["name"],
            "data_year_text": f"{self.data_year}年",
            "series_header": f"{first}—{self.data_year}年数值",
            "indicators": self.indicators,
            "legend": LEGEND.format(first=first, year=self.data_year, status=self.status),
            "items": self.items,
            "evidence": self.evidence,
        }


def series_cell(ind: Indicator, year: int, snap: Snapshot) -> str:
    """The values of the five data years up to `year`, one line each, without the unit (the name cell gives it):
    2021年 54.4."""
    lines = []
    for y in range(year - SERIES_YEARS + 1, year + 1):
        reading = reading_for(ind, y)
        if reading is None:
            text = "—"
        elif reading["value"] is None:
            text = reading.get("no_data_reason") or "—"
        else:
            text = value_text(ind, reading["value"], measure=False)
            if not snap.counting.counts(reading):
                text += f"（{reading['status']}）"
        lines.append(f"{y}年 {text}")
    return "\n".join(lines)


def target_cell(row: VerdictRow) -> str:
    """The final target and, when there is one, the mid-term target, each with its year."""
    text = row.target.replace("（", "\n").rstrip("）")
    return text + ("\n中期" + row.midterm.replace("（", "\n").rstrip("）") if row.midterm else "")


def verdict_cell(row: VerdictRow) -> str:
    """The rule's verdict (never a person's), with the 序时进度 value when it decided it."""
    text = row.computed
    if row.expected and row.computed in ("预期可达标", "滞后"):
        text += f"\n序时应达{row.expected}"
    return text


def _item_rows(items: list[Item], repo: Repository, unit_id: int) -> list[dict[str, str]]:
    """Every share of the unit (not cancelled): open ones first, then by number."""
    policy = repo.policy()
    shares = [
        (item, share)
        for item in items
        for share in item["assignments"]
        if share["unit_id"] == unit_id and share["status"] != "cancelled"
    ]
    shares.sort(key=lambda p: (p[1]["status"] in DONE_STATUSES, p[0]["year"], p[0]["seq"]))
    rows = []
    for n, (item, share) in enumerate(shares, start=1):
        current, judgement = share_state(share, policy)
        rows.append(
            {
                "no": str(n),
                "number": item["number"],
                "title": item["title"],
                "role": ROLE_LABELS[share["role"]],
                "due": dates.format_cn(effective_due(share)),
                "state": f"{current}（{judgement}）" if judgement not in current else current,
            }
        )
    return rows


def plan_self_assessment(repo: Repository, unit_id: int, *, data_year: int | str | None = None) -> SelfAssessmentPlan:
    """What the form will list for one unit (nothing is written)."""
    unit = repo.unit(unit_id)
    snap = snapshot(repo)
    year = common.data_year(repo, data_year)
    board = {r.indicator_id: r for r in snap.board(year)}
    rows = []
    for n, (ind, role) in enumerate(unit_indicators(repo, unit_id), start=1):
        row = board[ind["id"]]
        rows.append(
            {
                "no": str(n),
                "name": ind["name"]
                + (f"（{ind['measure']}）" if ind["measure"] else "")
                + ("（重点难点）" if ind["key"] else "")
                + f"\n{ind['plan']}·{ind['domain']}",
                "role": role,
                "target": target_cell(row),
                "series": series_cell(ind, year, snap),
                "verdict": verdict_cell(row),
            }
        )
    used = {i["plan"] for i in snap.indicators}
    name, _period = common.plans_name(common.ordered_plans([p for p in snap.plans if p["key"] in used]))
    return SelfAssessmentPlan(
        unit=unit,
        data_year=year,
        title=f"{name}实施情况成员单位自评表",
        indicators=rows,
        items=_item_rows(repo.items(), repo, unit_id),
        evidence=evidence_rows(repo.evidence(), snap.units, repo.today, unit_id=unit_id, short=True),
        status=snap.status_sentence(year).rstrip("。"),
        today=repo.today,
    )


def default_units(repo: Repository) -> list[int]:
    """Every member unit with an indicator, a piece of evidence or a share of a 督办事项, in the unit list's order."""
    return self_assessment_units(repo.indicators(), repo.evidence(), repo.items(), repo.units())


class SelfAssessment(DocumentKind[SelfAssessmentPlan]):
    """成员单位自评表: one per member unit with indicators, evidence or 督办事项 (by default all of them)."""

    key = "self_assessment"
    label = KIND
    none_left = "所选单位都没有承担监测指标、迎检材料或督办事项，没有生成自评表"
    refusal = "{plan.label}没有承担监测指标、迎检材料或督办事项，不需要自评表"
    skip_reason = "没有承担监测指标、迎检材料或督办事项"

    def default_units(self, repo: Repository, options: Options) -> list[int]:
        return default_units(repo)

    def plan(self, repo: Repository, unit_id: int | None, options: Options) -> SelfAssessmentPlan:
        return plan_self_assessment(repo, one_unit(unit_id), data_year=options.data_year)

    def file_stem(self, plan: SelfAssessmentPlan, doc_number: str = "") -> str:
        return f"{KIND}-{plan.unit['name']}-{plan.data_year}年度"

    def combined_label(self, plans: list[SelfAssessmentPlan], dispatches: list[dict[str, Any]]) -> str:
        return f"{len(plans)}份-{plans[0].data_year}年度"


DOCUMENT = SelfAssessment()


def build_self_assessment(
    repo: Repository, unit_id: int, out_dir: Path | str, *, data_year: int | str | None = None
) -> Path:
    """Write one unit's self-assessment form for `data_year` (default: the evaluation year)."""
    return build_one(DOCUMENT, repo, unit_id, out_dir, Options(data_year=data_year))

"""成员单位自评表: one unit's indicators (lead or partner) with target, latest value and the computed verdict, blank
columns for the unit's own assessment (自评等次, 主要做法, 存在问题, 下一步措施), its open 督办事项 in brief, and
the sign-off lines. Landscape A4; not numbered (a form the unit fills in and returns)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from store.records.model import Indicator
from store.rules.verdicts import Verdict
from store.views.documents import indicator_units
from store.views.documents import unit_indicators as indicators_of_unit
from store.views.monitoring import plan_of, previous_reading, reading_for, target_text, value_text, verdict_for

from . import common, notice
from .kinds import DocumentKind, Options, build_one, one_unit

if TYPE_CHECKING:
    from store.commands.repository import Repository

KIND = "成员单位自评表"
LEGEND = (
    "说明：最新值为{year}年监测数据（未报送的注明最近一年的数值）；计算评判由督办台按目标值和序时进度算出"
    "（提前达标、达标、预期可达标、滞后、未达标、无数据）。“自评等次”请对照计算评判填写，与计算评判不一致的，"
    "请在“存在问题”栏说明理由。"
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
    today: date

    @property
    def empty(self) -> bool:
        return not self.indicators and not self.items

    def context(self, doc_number: str = "") -> dict[str, Any]:
        return {
            "title": self.title,
            "unit_name": self.unit["name"],
            "data_year_text": f"{self.data_year}年",
            "indicators": self.indicators,
            "legend": LEGEND.format(year=self.data_year),
            "items": self.items,
        }


def _value_cell(ind: Indicator, data_year: int) -> str:
    """The data year's value; when it is missing, the latest earlier value on a second line."""
    reading = reading_for(ind, data_year)
    text = f"{value_text(ind, reading)}\n{data_year}年"
    if reading is None or reading["value"] is None:
        earlier = previous_reading(ind, data_year)
        if earlier is not None:
            text += f"\n（{earlier['year']}年{common.fmt_number(earlier['value'])}{ind['measure']}）"
    return text


def _verdict_cell(verdict: Verdict) -> str:
    text = verdict.verdict + ("（人工）" if verdict.overridden else "")
    if verdict.expected is not None and verdict.verdict in ("预期可达标", "滞后") and not verdict.overridden:
        text += f"\n序时应达{common.fmt_number(verdict.expected)}"
    return text


def plan_self_assessment(repo: Repository, unit_id: int, *, data_year: int | str | None = None) -> SelfAssessmentPlan:
    """What the form will list for one unit (nothing is written)."""
    unit = repo.unit(unit_id)
    year = common.data_year(repo, data_year)
    all_plans = repo.plans()
    rows = []
    for n, (ind, role) in enumerate(unit_indicators(repo, unit_id), start=1):
        verdict = verdict_for(ind, all_plans, year, repo.today)
        rows.append(
            {
                "no": str(n),
                "name": ind["name"] + ("（重点难点）" if ind["key"] else "") + f"\n{ind['plan']}·{ind['domain']}",
                "role": role,
                "target": target_text(ind, plan_of(ind, all_plans)).replace("（", "\n").rstrip("）"),
                "value": _value_cell(ind, year),
                "verdict": _verdict_cell(verdict),
            }
        )
    items = [
        {
            "no": str(n),
            "number": share["number"],
            "title": share["title"],
            "role": share["role_label"],
            "due": share["due_text"],
            "state": f"{share['status_label']}，{share['days_text']}（{share['light_label']}灯）",
        }
        for n, share in enumerate(notice.open_shares(repo, unit_id), start=1)
    ]
    used = {i["plan"] for i in repo.indicators()}
    name, _period = common.plans_name(common.ordered_plans([p for p in all_plans if p["key"] in used]))
    return SelfAssessmentPlan(
        unit=unit,
        data_year=year,
        title=f"{name}实施情况成员单位自评表",
        indicators=rows,
        items=items,
        today=repo.today,
    )


def default_units(repo: Repository) -> list[int]:
    """Units with at least one indicator (lead or partner), in the unit list's order."""
    return indicator_units(repo.indicators(), repo.units())


class SelfAssessment(DocumentKind[SelfAssessmentPlan]):
    """成员单位自评表: one per unit with indicators or open items (by default the units with indicators)."""

    key = "self_assessment"
    label = KIND
    none_left = "所选单位都没有承担监测指标或督办事项，没有生成自评表"
    refusal = "{plan.label}没有承担监测指标，也没有未办结的督办事项，不需要自评表"
    skip_reason = "没有承担监测指标或未办结的督办事项"

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
    """Write one unit's self-assessment form for `data_year` (default: the latest year with data)."""
    return build_one(DOCUMENT, repo, unit_id, out_dir, Options(data_year=data_year))

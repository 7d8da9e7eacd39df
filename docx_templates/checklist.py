"""检查清单: indicators and items of one unit (or the whole county) for the inspection, with blank columns
for the inspector; the header row repeats on every page and rows never split."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from store.calendar import dates
from store.records.measures import value_text as measured
from store.records.model import (
    DONE_STATUSES,
    INACTIVE_STATUSES,
    STATUS_LABELS,
    Assignment,
    Indicator,
    Publicity,
    Reading,
    Unit,
)
from store.rules.lights import Policy, assignment_light, effective_due, is_done_late
from store.views.documents import evidence_rows
from store.views.monitoring import Snapshot, VerdictRow, previous_reading, reading_for, snapshot, value_text

from . import common
from .kinds import DocumentKind, Options, build_one

if TYPE_CHECKING:
    from store.commands.repository import Repository

KIND = "检查清单"
COUNTY_LABEL = "全体成员单位"
LEGEND = (
    "说明：现状值为{year}年监测数据（{status}）；该年没有数据的，括注此前最近一年的数值。达标情况按目标值和序时进度"
    "评判（提前达标、达标、预期可达标、滞后、未达标、待评判、无数据），人工评判优先；督办事项的达标情况为办理状态。"
    "“检查结果”“备注”两栏由检查人现场填写。"
)
PUBLICITY_KINDS = {"activity": "宣传活动", "survey": "知晓率调查"}


@dataclass
class ChecklistPlan:
    unit: Unit | None
    rows: list[dict[str, Any]]
    title: str
    today: date
    data_year: int
    status: str
    evidence: list[dict[str, str]] = field(default_factory=list)
    publicity: list[dict[str, str]] = field(default_factory=list)
    evidence_note: str = ""
    publicity_note: str = ""
    warnings: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.unit["name"] if self.unit else COUNTY_LABEL

    @property
    def empty(self) -> bool:
        return not (self.rows or self.evidence or self.publicity)

    def context(self, doc_number: str = "") -> dict[str, Any]:
        generated = f"本清单由督办台于{dates.format_cn(self.today)}生成。"
        return {
            "title": self.title,
            "unit_label": self.label,
            "rows": self.rows,
            "legend": LEGEND.format(year=self.data_year, status=self.status) + generated,
            "evidence": self.evidence,
            "evidence_note": self.evidence_note,
            "publicity": self.publicity,
            "publicity_note": self.publicity_note,
        }


def _current(ind: Indicator, reading: Reading | None, year: int, snap: Snapshot) -> str:
    """现状值 of the data year with the year on a second line (4.8‰ / 2025年); without a counted value, what there
    is and the latest earlier value in brackets."""
    if reading is not None and reading["value"] is not None and snap.counting.counts(reading):
        return f"{measured(ind, reading['value'])}\n{year}年"
    text = value_text(ind, reading) + (f"（{reading['status']}）" if reading and reading["value"] is not None else "")
    earlier = previous_reading(ind, year, snap.counting)
    if earlier is not None:
        text += f"\n（{earlier['year']}年{measured(ind, earlier['value'])}）"
    return f"{text}\n{year}年"


def _indicator_row(
    ind: Indicator, row: VerdictRow, units: dict[int, Unit], snap: Snapshot, year: int
) -> dict[str, str]:
    reading = reading_for(ind, year)
    qualitative = ind["direction"] == "qualitative" or ind["target"] is None
    if ind["baseline"] is None:
        baseline = "—"
    else:
        baseline = f"{measured(ind, ind['baseline'])}\n{ind['baseline_year']}年"
    if qualitative:
        evidence = f"{year}年工作方案、台账和总结"
    else:
        evidence = f"{year}年监测数据及来源说明"
    target = row.target.replace("（", "\n").rstrip("）")
    if row.midterm:
        target += "\n中期" + row.midterm.replace("（", "\n").rstrip("）")
    return {
        "domain": f"{ind['plan']}·{ind['domain']}",
        "name": ind["name"] + ("（重点难点）" if ind["key"] else ""),
        "target": target,
        "baseline": baseline,
        "current": _current(ind, reading, year, snap),
        "judgement": row.verdict,
        "evidence": evidence,
        "lead": "、".join(common.unit_short(units, u) for u in ind["lead_unit_ids"]) or "—",
        "partners": "、".join(common.unit_short(units, u) for u in ind["partner_unit_ids"]) or "—",
    }


def share_state(share: Assignment, policy: Policy) -> tuple[str, str]:
    """(现状值, 达标情况) for one assignment."""
    light = assignment_light(share, policy)
    status = STATUS_LABELS[share["status"]]
    if share["status"] in DONE_STATUSES:
        late = is_done_late(share)
        return f"{status}（{dates.format_cn(share['done_on'])}）", "逾期办结" if late else "按期办结"
    if share["status"] in INACTIVE_STATUSES:
        return status, status
    word = {"red": "逾期未办结", "yellow": "临近期限", "green": "正常推进"}.get(light, status)
    latest = share["progress"][-1]["text"] if share["progress"] else ""
    current = status + (f"：{latest}" if latest else "")
    return current, word


def _item_rows(repo: Repository, unit_id: int | None, units: dict[int, Unit]) -> list[dict[str, str]]:
    policy = repo.policy()
    rows = []
    for item in sorted(repo.items(), key=lambda i: (i["year"], i["seq"])):
        shares = [a for a in item["assignments"] if a["status"] != "cancelled"]
        mine = [a for a in shares if unit_id is None or a["unit_id"] == unit_id]
        if not mine:
            continue
        collective = common.collective_label(item)
        leads = [common.unit_short(units, a["unit_id"]) for a in item["assignments"] if a["role"] == "lead"]
        partners = [common.unit_short(units, a["unit_id"]) for a in item["assignments"] if a["role"] == "partner"]
        if unit_id is not None:
            share = mine[0]
            current, judgement = share_state(share, policy)
            due = effective_due(share)
        else:
            states = [share_state(a, policy) for a in mine]
            judgements = [j for _, j in states]
            order = ("逾期未办结", "临近期限", "正常推进", "逾期办结", "按期办结")
            judgement = next((w for w in order if w in judgements), judgements[0])
            done = sum(1 for a in mine if a["status"] in DONE_STATUSES)
            current = f"{len(mine)}个承办单位中已办结{done}个" if len(mine) > 1 else states[0][0]
            due = max(effective_due(a) for a in mine)
        rows.append(
            {
                "domain": "督办事项",
                "name": f"{item['number']} {item['title']}" + ("（重点）" if item["key"] else ""),
                "target": f"{dates.format_cn(due)}前办结",
                "baseline": "—",
                "current": current,
                "judgement": judgement,
                "evidence": "办理情况报告、相关文件和台账",
                "lead": collective or "、".join(leads) or "—",
                "partners": "、".join(partners) or "—",
            }
        )
    return rows


def _own_publicity(repo: Repository, unit_id: int | None) -> list[Publicity]:
    """宣传活动 and 知晓率调查: the county's, or the ones a unit ran."""
    return [p for p in repo.publicity() if unit_id is None or p["unit_id"] == unit_id]


def _publicity_rows(entries: list[Publicity], units: dict[int, Unit]) -> list[dict[str, str]]:
    """One row each: activities with their reach, surveys with sample size and result."""
    return [
        {
            "no": str(n),
            "kind": PUBLICITY_KINDS.get(p["kind"], p["kind"]),
            "title": p["title"],
            "date": dates.format_cn(p["date"]),
            "unit": common.unit_short(units, p["unit_id"]) if p["unit_id"] is not None else "办公室",
            "reach": f"{p['reach']}人" if p["reach"] is not None else "—",
            "sample": f"{p['sample_size']}份" if p["sample_size"] is not None else "—",
            "awareness": f"{common.fmt_number(p['awareness'])}%" if p["awareness"] is not None else "—",
            "note": p["note"],
        }
        for n, p in enumerate(entries, start=1)
    ]


def _evidence_note(rows: list[dict[str, str]]) -> str:
    done = sum(1 for r in rows if r["status"] == "已完成")
    overdue = sum(1 for r in rows if r["status"].endswith("（逾期）"))
    return f"共{len(rows)}项，已完成{done}项" + (f"，逾期未完成{overdue}项" if overdue else "") + "。"


def _publicity_note(entries: list[Publicity]) -> str:
    activities = [p for p in entries if p["kind"] == "activity"]
    surveys = [p for p in entries if p["kind"] == "survey"]
    reach = sum(p["reach"] or 0 for p in activities)
    parts = [
        f"宣传活动{len(activities)}次，覆盖{reach}人次" if activities else "",
        f"知晓率调查{len(surveys)}次" if surveys else "",
    ]
    return "共" + "；".join(p for p in parts if p) + "。"


def plan_checklist(repo: Repository, unit_id: int | None, *, data_year: int | str | None = None) -> ChecklistPlan:
    units = repo.units_by_id()
    unit = repo.unit(unit_id) if unit_id is not None else None
    snap = snapshot(repo)
    year = common.data_year(repo, data_year)
    indicators = [
        ind
        for ind in snap.indicators
        if unit_id is None or unit_id in ind["lead_unit_ids"] or unit_id in ind["partner_unit_ids"]
    ]
    board = {r.indicator_id: r for r in snap.board(year)}
    rows: list[dict[str, Any]] = [_indicator_row(ind, board[ind["id"]], units, snap, year) for ind in indicators]
    rows += _item_rows(repo, unit_id, units)
    for index, row in enumerate(rows, start=1):
        row["no"] = str(index)
    title = f"{unit['name']}指标和督办事项检查清单" if unit else "指标和督办事项检查清单（汇总）"
    evidence = evidence_rows(repo.evidence(), units, repo.today, unit_id=unit_id, short=True)
    entries = _own_publicity(repo, unit_id)
    publicity = _publicity_rows(entries, units)
    return ChecklistPlan(
        unit=unit,
        rows=rows,
        title=title,
        today=repo.today,
        data_year=year,
        status=snap.status_sentence(year).rstrip("。"),
        evidence=evidence,
        publicity=publicity,
        evidence_note=_evidence_note(evidence) if evidence else "",
        publicity_note=_publicity_note(entries) if entries else "",
    )


class Checklist(DocumentKind[ChecklistPlan]):
    """检查清单: one per unit (by default every unit), or the county's when no unit is given; not numbered."""

    key = "checklist"
    label = KIND
    none_left = "所选单位都没有承担指标、督办事项或佐证材料，没有生成检查清单"
    refusal = "{plan.label}没有承担指标、督办事项或佐证材料，不需要检查清单"
    skip_reason = "没有承担指标、督办事项或佐证材料"

    def plan(self, repo: Repository, unit_id: int | None, options: Options) -> ChecklistPlan:
        return plan_checklist(repo, unit_id, data_year=options.data_year)

    def file_stem(self, plan: ChecklistPlan, doc_number: str = "") -> str:
        return f"{KIND}-{plan.label}-{dates.format_cn(plan.today)}"

    def combined_label(self, plans: list[ChecklistPlan], dispatches: list[dict[str, Any]]) -> str:
        return f"{len(plans)}份-{dates.format_cn(plans[0].today)}"


DOCUMENT = Checklist()


def build_checklist(
    repo: Repository, unit_id: int | None, out_dir: Path | str, *, data_year: int | str | None = None
) -> Path:
    """Write the checklist of one unit, or of the whole county when unit_id is None: indicators (judged on one data
    year, the evaluation year by default) and items, then the evidence (佐证材料) and the publicity and 知晓率 log
    (the unit's own, or all of them for the county)."""
    return build_one(DOCUMENT, repo, unit_id, out_dir, Options(data_year=data_year))

"""The annexes of the 中期自评估报告 and the lines that name an indicator in its text: 附件1 indicator data (five
years, 中期目标, the year's 应达值, the change from the baseline, the data status), 附件2 the lagging indicators with
their lead and partner units and the items that chase them, 附件3 verdicts set by hand and 口径 changes with their
reasons (附件4, the evidence list, comes from store.views.documents)."""

from __future__ import annotations

from datetime import date
from typing import Any

from store.calendar import dates
from store.records.measures import value_text
from store.records.model import Indicator
from store.views.evaluation import EvaluationFigures
from store.views.monitoring import Snapshot, VerdictRow, missing_reasons, reading_for

ANNEX_TITLES = ("指标监测数据表", "滞后指标及督办情况表", "人工评判和口径变化说明", "佐证材料清单")
YEARS_SHOWN = 5


def who(ind: Indicator, row: VerdictRow) -> str:
    lead = "、".join(row.lead) or "未定牵头单位"
    return f"{ind['name']}（{ind['plan']}·{ind['domain']}，牵头单位：{lead}）"


def missing_text(ind: Indicator, row: VerdictRow, year: int, snap: Snapshot) -> str:
    """Why an indicator has no verdict: a value waiting for a person's judgement, or the years without data with
    the reason stated for each (a reason on record is kept; a year not yet due is not called missing)."""
    if row.verdict == "待评判":
        return row.reason.rstrip("。") + "。"
    streak = max(1, row.years_without_data)
    years = range(year - streak + 1, year + 1)
    reasons = missing_reasons(ind, years, {y: snap.status(y) for y in years})
    span = f"连续{streak}年无数据" if streak >= 2 else f"{year}年无数据"
    return f"{span}（{reasons}）。"


def _year_cell(ind: Indicator, year: int, latest: int) -> str:
    """A year's value; no record is "—" for past years and "未报" for the year being evaluated; a value that does
    not count is marked with its status."""
    reading = reading_for(ind, year)
    if reading is None:
        return "未报" if year == latest else "—"
    if reading["value"] is None:
        return reading.get("no_data_reason") or "未报"
    text = value_text(ind, reading["value"], measure=False)
    return text if reading["status"] in ("已报", "已审核") else f"{text}\n（{reading['status']}）"


def _data_rows(fig: EvaluationFigures) -> list[dict[str, Any]]:
    """附件1: one row per indicator."""
    year = fig.data_year
    first = year - YEARS_SHOWN + 1
    rows = []
    for n, ind in enumerate(fig.indicators, start=1):
        row = fig.verdicts[ind["id"]]
        baseline = (
            "—"
            if ind["baseline"] is None
            else f"{value_text(ind, ind['baseline'], measure=False)}\n{ind['baseline_year']}年"
        )
        target = row.target.replace("（", "\n").rstrip("）")
        if row.midterm:
            target += "\n中期" + row.midterm.replace("（", "\n").rstrip("）")
        rows.append(
            {
                "no": str(n),
                "name": ind["name"]
                + (f"（{ind['measure']}）" if ind["measure"] else "")
                + f"\n{ind['plan']}·{ind['domain']}",
                "target": target,
                "baseline": baseline,
                "y": [_year_cell(ind, y, year) for y in range(first, year + 1)],
                "expected": row.expected or "—",
                "change": row.change or "—",
                "status": row.status,
                "verdict": row.verdict + ("（人工）" if row.overridden else ""),
                "reason": row.reason,
            }
        )
    return rows


def _lagging_rows(fig: EvaluationFigures) -> list[dict[str, str]]:
    """附件2: the lagging indicators, their units and the items chasing them."""
    return [
        {
            "no": str(n),
            "name": lag.indicator["name"],
            "verdict": lag.row.verdict,
            "value": f"{lag.row.value}\n应达{lag.row.expected}" if lag.row.expected else lag.row.value,
            "lead": "、".join(lag.row.lead) or "—",
            "partners": "、".join(lag.row.partners) or "—",
            "chasing": "\n".join(lag.items) or "（尚无督办事项，请补充督办安排）",
        }
        for n, lag in enumerate(fig.lagging, start=1)
    ]


def _amendment_rows(fig: EvaluationFigures) -> list[dict[str, str]]:
    """附件3: verdicts set by hand and 口径 changes, with the reasons on record."""
    return [
        {
            "no": str(n),
            "name": a.indicator["name"],
            "year": f"{a.year}年",
            "kind": a.kind,
            "computed": a.computed or "—",
            "verdict": a.verdict or "—",
            "reason": a.reason,
            "by": a.by or "—",
        }
        for n, a in enumerate(fig.amendments, start=1)
    ]


def annex_rows(
    fig: EvaluationFigures, snap: Snapshot, today: date
) -> tuple[dict[str, list[dict[str, Any]]], dict[str, str]]:
    """The rows and notes of 附件1–3 (keys "1"–"3")."""
    year = fig.data_year
    first = year - YEARS_SHOWN + 1
    data_note = (
        f"数据年度{first}—{year}年，评判按{year}年数据（截至{dates.format_cn(today)}；{fig.status_sentence.rstrip('。')}）；"
        "“—”表示没有该年数据记录，“未报”表示尚未报送；应达值为按序时进度计算的当年应达到的数值；"
        "比基线变化为评判年度数值与基线年份数值之差；退回和未审核的数值注明状态，不计入评判。"
    )
    lagging = _lagging_rows(fig)
    amended = _amendment_rows(fig)
    rows: dict[str, list[dict[str, Any]]] = {"1": _data_rows(fig), "2": lagging, "3": amended}
    notes = {
        "1": data_note,
        "2": f"{year}年滞后和未达标指标共{len(lagging)}项；督办事项为关联该指标的事项编号和名称。"
        if lagging
        else f"{year}年没有滞后或未达标的指标。",
        "3": f"截至{year}年，人工评判和口径变化共{len(amended)}项，理由为录入时的记录。"
        if amended
        else f"截至{year}年，没有人工评判或口径变化。",
    }
    return rows, notes

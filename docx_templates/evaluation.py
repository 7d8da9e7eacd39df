"""中期自评估报告（框架）: the report skeleton with every figure the store knows filled in — summary counts and
达标率 with its denominator (this year against last year), a table per plan by 领域, the problems listed from
the data (滞后/未达标 indicators with their reasons, indicators without data, late reporting units) with
placeholders for the causes, placeholder measures, and two annex tables (indicator data, evidence checklist).

A report, not a numbered 公文: no red header and no document number (the office files the final text through
its own channel); title, subtitle 框架稿, body, signature and date, annexes in landscape.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from docx.document import Document as DocumentObject

from store.calendar import dates
from store.errors import ValidationError
from store.rules.verdicts import DENOMINATORS, VERDICTS, Rate
from store.views.monitoring import (
    chase_list,
    evidence_progress,
    plan_of,
    reading_for,
    request_states,
    summaries,
    target_text,
    verdict_board,
)

from . import common, render

KIND = "中期自评估报告"
CAUSE = "（请补充原因分析）"
ANNEX1_TITLE = "指标监测数据表"
ANNEX2_TITLE = "佐证材料清单"
YEARS_SHOWN = 5
MEASURES = [
    "（一）（请补充：推动滞后和未达标指标加快进度的具体措施，明确责任单位和时限）",
    "（二）（请补充：补齐缺失的监测数据、规范统计口径、提高数据报送时效和质量的措施）",
    "（三）（请补充：做好中期评估迎检和规划后半程实施的工作安排）",
]
VERDICT_KEYS = {"提前达标": "ahead", "达标": "met", "预期可达标": "expected", "滞后": "behind", "未达标": "missed"}


def counts_text(counts: dict[str, int]) -> str:
    """提前达标7项、达标2项、预期可达标2项、滞后1项、未达标1项、无数据5项 (every verdict, zeros included)."""
    return "、".join(f"{v}{counts.get(v, 0)}项" for v in VERDICTS)


def change_text(this: Rate, last: Rate) -> str:
    """提高22.2个百分点 / 下降… / 持平; empty when either year has no denominator."""
    if this.value is None or last.value is None:
        return ""
    diff = round((this.value - last.value) * 100, 1)
    if diff > 0:
        return f"提高{diff:g}个百分点"
    if diff < 0:
        return f"下降{-diff:g}个百分点"
    return "与上年持平"


def rate_sentence(this: Rate, last: Rate, data_year: int) -> str:
    """The 达标率 of the data year and the year before, each with its denominator, and the change."""
    text = f"{data_year}年达标率为{this.text()}，{data_year - 1}年为{last.text()}"
    change = change_text(this, last)
    return text + (f"，{change}" if change else "")


@dataclass
class EvaluationPlan:
    """Everything the report will say."""

    data_year: int
    basis: str
    title: str
    subtitle: str
    draft_note: str
    opening: str
    overview: list[dict[str, Any]]
    plans: list[dict[str, Any]]
    problems: list[dict[str, Any]]
    annex1: list[dict[str, Any]]
    annex1_note: str
    annex2: list[dict[str, Any]]
    annex2_note: str
    issue_date: date
    info: dict[str, str]
    today: date
    figures: dict[str, Any] = field(default_factory=dict)

    def context(self) -> dict[str, Any]:
        first = self.data_year - YEARS_SHOWN + 1
        return {
            "title": self.title,
            "subtitle": self.subtitle,
            "draft_note": self.draft_note,
            "opening": self.opening,
            "overview": self.overview,
            "plans": self.plans,
            "problems": self.problems,
            "measures": MEASURES,
            "annex1_title": ANNEX1_TITLE,
            "annex2_title": ANNEX2_TITLE,
            "signature": self.info["office_name"],
            "date_text": dates.format_cn(self.issue_date),
            "years": [f"{y}年" for y in range(first, self.data_year + 1)],
            "annex1": self.annex1,
            "annex1_note": self.annex1_note,
            "annex2": self.annex2,
            "annex2_note": self.annex2_note,
        }


def _section(heading_no: int, heading: str, lines: list[str]) -> dict[str, Any]:
    return {"heading": f"（{common.cn_number(heading_no)}）{heading}", "lines": lines}


def _year_cell(ind: dict[str, Any], data_year: int, latest: int) -> str:
    """A year's value; no record is "—" for past years and "未报" for the year being evaluated."""
    reading = reading_for(ind, data_year)
    if reading is None:
        return "未报" if data_year == latest else "—"
    if reading["value"] is None:
        return reading.get("no_data_reason") or "未报"
    return common.fmt_number(reading["value"])


def _evidence_rows(repo: Any, evidence: list[dict[str, Any]], units: dict[int, Any]) -> list[dict[str, str]]:
    today = repo.today.isoformat()
    rows = []
    for index, e in enumerate(evidence, start=1):
        overdue = e["status"] != "已完成" and e["due"] and e["due"] < today
        rows.append(
            {
                "no": str(index),
                "category": e["category"],
                "title": e["title"],
                "owner": common.unit_name(units, e["owner_unit_id"]) if e["owner_unit_id"] is not None else "办公室",
                "due": dates.format_cn(e["due"]) or "—",
                "status": e["status"] + ("（逾期）" if overdue else ""),
                "file_ref": e["file_ref"] or "—",
            }
        )
    return rows


def evidence_summary(repo: Any, evidence: list[dict[str, Any]]) -> str:
    """迎检佐证材料共12项，已完成5项、收集中4项、未开始3项，其中逾期未完成2项."""
    if not evidence:
        return "尚未登记迎检佐证材料。"
    progress = evidence_progress(evidence, repo.today)
    total = {k: sum(c[k] for c in progress.values()) for k in ("已完成", "收集中", "未开始", "逾期", "合计")}
    text = (
        f"迎检佐证材料共{total['合计']}项，已完成{total['已完成']}项、收集中{total['收集中']}项、"
        f"未开始{total['未开始']}项"
    )
    return text + (f"，其中逾期未完成{total['逾期']}项。" if total["逾期"] else "。")


def publicity_summary(entries: list[dict[str, Any]]) -> str:
    """开展宣传活动3次，覆盖16560人次；知晓率调查1次：……知晓率86.5%."""
    activities = [p for p in entries if p["kind"] == "activity"]
    surveys = [p for p in entries if p["kind"] == "survey"]
    parts = []
    if activities:
        reach = sum(p["reach"] or 0 for p in activities)
        parts.append(f"开展宣传活动{len(activities)}次" + (f"，覆盖{reach}人次" if reach else ""))
    for s in surveys:
        rate = "" if s["awareness"] is None else f"，知晓率{common.fmt_number(s['awareness'])}%"
        sample = f"样本{s['sample_size']}份" if s["sample_size"] else "样本量未登记"
        parts.append(f"{dates.format_cn(s['date'])}开展{s['title']}（{sample}）{rate}")
    if not parts:
        return "尚未登记宣传活动和知晓率调查。"
    return "；".join(parts) + "。"


def plan_evaluation(
    repo: Any, *, data_year: int | str | None = None, issue_date: date | str | None = None
) -> EvaluationPlan:
    """Gather the report's figures (nothing is written)."""
    info = common.office(repo)
    indicators = repo.indicators()
    if not indicators:
        raise ValidationError("indicators", "还没有监测指标，无法生成中期自评估报告（可用 supervisor indicator add）")
    year = common.data_year(repo, data_year)
    basis = common.rate_basis(repo)
    today = repo.today
    day = common.issue_day(repo, issue_date)
    units = repo.units_by_id()
    all_plans = repo.plans()
    used = {i["plan"] for i in indicators}
    plans = common.ordered_plans([p for p in all_plans if p["key"] in used])
    known = {p["key"] for p in plans}
    plan_keys = [p["key"] for p in plans] + sorted(used - known)  # indicators of a plan without a period last
    board = {r.indicator_id: r for r in verdict_board(indicators, all_plans, units, year, today)}
    by_plan = {s.group: s for s in summaries(indicators, all_plans, units, year, today, by="plan", basis=basis)}
    by_domain = {s.group: s for s in summaries(indicators, all_plans, units, year, today, by="domain", basis=basis)}
    overall = by_plan["全部"]
    ordered = sorted(indicators, key=lambda i: (plan_keys.index(i["plan"]), i["domain"], i["code"], i["id"]))

    name, period = common.plans_name(plans or [{"name": k} for k in plan_keys])
    refs = [f"《{p['name']}》" for p in plans] or [f"《{k}》" for k in plan_keys]
    short = f"{common.count_word(len(refs))}个规划" if len(refs) > 1 else "规划"
    title = f"{name}\n{period}中期自评估报告" if period else f"{name}中期自评估报告"
    denominator = DENOMINATORS[basis]
    draft_note = (
        f"【说明】本框架稿由督办台于{dates.format_cn(today)}根据已录入的监测数据生成：数据年度为{year}年，"
        f"达标评判按序时进度计算，达标率 =（提前达标 + 达标）÷ {denominator}。"
        "标有“（请补充……）”处请补充完善，定稿时删除本说明。"
    )
    opening = (
        f"根据中期评估工作安排，{info['office_short']}组织各成员单位对{''.join(refs)}"
        f"（以下简称“{short}”）实施情况开展了中期自评估。现将有关情况报告如下："
    )

    # ---- 一、总体情况
    plan_counts = [f"{_plan_label(all_plans, k)}{len([i for i in indicators if i['plan'] == k])}项" for k in plan_keys]
    lines = [
        f"{short}共设置监测指标{len(indicators)}项"
        + (f"，其中{'、'.join(plan_counts)}" if len(plan_keys) > 1 else "")
        + f"。按{year}年监测数据评判，{counts_text(overall.counts)}。",
        rate_sentence(overall.this_year, overall.last_year, year) + "。",
    ]
    key = [i for i in indicators if i["key"]]
    if key:
        achieved = sum(board[i["id"]].verdict in ("提前达标", "达标") for i in key)
        lagging = sum(board[i["id"]].verdict in ("滞后", "未达标") for i in key)
        lines.append(
            f"重点难点指标{len(key)}项中，提前达标和达标{achieved}项，滞后和未达标{lagging}项，"
            f"无数据或待评判{sum(board[i['id']].verdict == '无数据' for i in key)}项。"
        )
    overview = [_section(1, "主要指标监测情况", lines)]
    request = next((r for r in repo.requests() if r["year"] == year), None)
    states = request_states(request, indicators, units, today, repo.calendar()) if request is not None else []
    complete = [s for s in states if s.status in ("已报", "已审核")]
    late_states = [s for s in chase_list(states) if request is not None and today.isoformat() > request["due"]]
    if request is not None:
        report_line = (
            f"{year}年度监测数据要求各单位于{dates.format_cn(request['due'])}前报送。截至{dates.format_cn(today)}，"
            f"应报单位{len(states)}个，已报齐{len(complete)}个，尚未报齐{len(states) - len(complete)}个。"
        )
    else:
        report_line = f"尚未布置{year}年度监测数据报送。"
    overview.append(_section(2, "监测数据报送情况", [report_line]))
    evidence = repo.evidence()
    publicity = repo.publicity()
    overview.append(
        _section(
            3,
            "迎检准备和宣传工作",
            [evidence_summary(repo, evidence) + "清单见附件2。", publicity_summary(publicity)],
        )
    )
    overview.append(
        _section(
            4, "主要做法和成效", ["（请补充组织领导、制度建设、经费保障、部门协作、宣传动员等方面的主要做法和成效）"]
        )
    )

    # ---- 二、分领域
    plan_views = []
    for index, plan_key in enumerate(plan_keys, start=1):
        members = [i for i in ordered if i["plan"] == plan_key]
        summary = by_plan[plan_key]
        domains: list[str] = list(dict.fromkeys(i["domain"] for i in members))
        rows = [_domain_row(d, by_domain[f"{plan_key}·{d}"]) for d in domains]
        rows.append(_domain_row("合计", summary))
        label = _plan_label(all_plans, plan_key)
        plan_views.append(
            {
                "heading": f"（{common.cn_number(index)}）{label}",
                "summary": (
                    f"{label}共{len(members)}项指标，分布在{len(domains)}个领域。按{year}年数据评判，"
                    f"{counts_text(summary.counts)}；"
                    + rate_sentence(summary.this_year, summary.last_year, year)
                    + "。分领域情况如下表："
                ),
                "domains": rows,
                "note": f"注：达标率 =（提前达标 + 达标）÷ {denominator}；按{year}年数据评判。",
                "placeholder": f"（请补充{label}各领域的主要做法、成效和典型经验）",
            }
        )

    # ---- 三、问题
    problems = []
    behind = [i for i in ordered if board[i["id"]].verdict in ("滞后", "未达标")]
    if behind:
        lines = []
        for n, ind in enumerate(behind, start=1):
            row = board[ind["id"]]
            lines.append(f"{n}. {_who(ind, row)}：{row.verdict}。{_sentence(row.reason)}")
            lines.append(f"原因分析：{CAUSE}")
        problems.append(("部分指标进展滞后或未达标", lines))
    missing = [i for i in ordered if board[i["id"]].verdict == "无数据"]
    if missing:
        lines = []
        for n, ind in enumerate(missing, start=1):
            row = board[ind["id"]]
            lines.append(f"{n}. {_who(ind, row)}：{_missing_text(ind, row, year)}")
        lines.append(f"原因分析：{CAUSE}")
        problems.append(("部分指标缺少监测数据，无法评判", lines))
    if late_states:
        lines = []
        for n, s in enumerate(late_states, start=1):
            returned = f"、退回{s.returned}项" if s.returned else ""
            chased = f"，已催报{s.reminders}次" if s.reminders else ""
            lines.append(f"{n}. {s.unit}：应报{s.total}项指标数据，已报{s.submitted}项{returned}，{s.phrase}{chased}。")
        lines.append(f"原因分析：{CAUSE}")
        problems.append(("部分单位数据报送不及时", lines))
    problems.append(("其他方面", ["（请补充组织协调、经费保障、部门配合等方面存在的问题及原因分析）"]))
    problem_views = [_section(n, heading, lines) for n, (heading, lines) in enumerate(problems, start=1)]

    # ---- 附件
    first = year - YEARS_SHOWN + 1
    annex1 = []
    for n, ind in enumerate(ordered, start=1):
        row = board[ind["id"]]
        baseline = "—" if ind["baseline"] is None else f"{common.fmt_number(ind['baseline'])}\n{ind['baseline_year']}年"
        annex1.append(
            {
                "no": str(n),
                "domain": f"{ind['plan']}·{ind['domain']}",
                "name": ind["name"] + (f"（{ind['measure']}）" if ind["measure"] else ""),
                "target": target_text(ind, plan_of(ind, all_plans)).replace("（", "\n").rstrip("）"),
                "baseline": baseline,
                "y": [_year_cell(ind, y, year) for y in range(first, year + 1)],
                "verdict": row.verdict + ("（人工）" if row.overridden else ""),
                "reason": row.reason,
            }
        )
    annex1_note = (
        f"数据年度{first}—{year}年，评判按{year}年数据（截至{dates.format_cn(today)}）；"
        "“—”表示没有该年数据记录，“未报”表示尚未报送。"
    )
    annex2 = _evidence_rows(repo, evidence, units)
    return EvaluationPlan(
        data_year=year,
        basis=basis,
        title=title,
        subtitle="（框架稿）",
        draft_note=draft_note,
        opening=opening,
        overview=overview,
        plans=plan_views,
        problems=problem_views,
        annex1=annex1,
        annex1_note=annex1_note,
        annex2=annex2,
        annex2_note=evidence_summary(repo, evidence),
        issue_date=day,
        info=info,
        today=today,
        figures={
            "counts": dict(overall.counts),
            "this_year": overall.this_year,
            "last_year": overall.last_year,
            "behind": [i["name"] for i in behind],
            "missing": [i["name"] for i in missing],
            "late_units": [s.unit for s in late_states],
        },
    )


def _plan_label(plans: list[Any], key: str) -> str:
    """The plan's name without its period (示范县妇女发展规划); the key when the plan has no record."""
    plan = next((p for p in plans if p["key"] == key), None)
    if plan is None:
        return key
    name, _period = common.plans_name([plan])
    return name


def _domain_row(domain: str, summary: Any) -> dict[str, str]:
    counts = summary.counts
    row = {"domain": domain, "count": str(sum(counts.values())), "nodata": str(counts.get("无数据", 0))}
    for verdict, key in VERDICT_KEYS.items():
        row[key] = str(counts.get(verdict, 0))
    row["rate"] = common.rate_percent(summary.this_year.value)
    return row


def _who(ind: dict[str, Any], row: Any) -> str:
    lead = "、".join(row.lead) or "未定牵头单位"
    return f"{ind['name']}（{ind['plan']}·{ind['domain']}，牵头单位：{lead}）"


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith(("。", "！", "？")) else text + "。"


def _missing_text(ind: dict[str, Any], row: Any, year: int) -> str:
    reading = reading_for(ind, year)
    if reading is not None and reading["value"] is not None:  # a value without a verdict (qualitative)
        return _sentence(row.reason)
    if reading is None or (reading["status"] == "未报" and not reading.get("no_data_reason")):
        reason = "数据尚未报送"
    else:
        reason = reading.get("no_data_reason") or "未报数据"
    streak = row.years_without_data
    span = f"连续{streak}年无数据" if streak >= 2 else f"{year}年无数据"
    return f"{span}（{reason}）。"


def render_plan(plan: EvaluationPlan) -> DocumentObject:
    return render.render("evaluation", plan.context())


def file_stem(plan: EvaluationPlan) -> str:
    return f"{KIND}（框架）-{plan.data_year}年数据-{dates.format_cn(plan.today)}"


def build_evaluation_report(
    repo: Any, out_dir: Path | str, *, data_year: int | str | None = None, issue_date: date | str | None = None
) -> Path:
    """Write the mid-term self-evaluation report skeleton with the figures of `data_year` (default: the latest
    year with data); returns the file. Not numbered: nothing is registered."""
    plan = plan_evaluation(repo, data_year=data_year, issue_date=issue_date)
    folder = common.ensure_dir(out_dir)
    path = common.unique_path(folder, file_stem(plan))
    render.save(render_plan(plan), path)
    return path

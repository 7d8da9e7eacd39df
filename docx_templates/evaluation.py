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
from typing import TYPE_CHECKING, Any

from store.calendar import dates
from store.errors import ValidationError
from store.records.model import Indicator, Plan, Publicity
from store.rules.verdicts import DENOMINATORS, VERDICTS, Rate
from store.views.documents import EvaluationFigures, PlanFigures, evaluation_figures, evidence_rows
from store.views.monitoring import Summary, VerdictRow, plan_of, reading_for, target_text

from . import common
from .figures import add_domain_chart
from .kinds import DocumentKind, Options, build_one

if TYPE_CHECKING:
    from docx.document import Document as DocumentObject

    from store.commands.repository import Repository

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
    """Everything the report will say (every figure from store.views.documents.evaluation_figures)."""

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
    warnings: list[str] = field(default_factory=list)

    label = KIND
    empty = False

    def context(self, doc_number: str = "") -> dict[str, Any]:
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


def _year_cell(ind: Indicator, data_year: int, latest: int) -> str:
    """A year's value; no record is "—" for past years and "未报" for the year being evaluated."""
    reading = reading_for(ind, data_year)
    if reading is None:
        return "未报" if data_year == latest else "—"
    if reading["value"] is None:
        return reading.get("no_data_reason") or "未报"
    return common.fmt_number(reading["value"])


def evidence_summary(totals: dict[str, int]) -> str:
    """迎检佐证材料共12项，已完成5项、收集中4项、未开始3项，其中逾期未完成2项."""
    if not totals["合计"]:
        return "尚未登记迎检佐证材料。"
    text = (
        f"迎检佐证材料共{totals['合计']}项，已完成{totals['已完成']}项、收集中{totals['收集中']}项、"
        f"未开始{totals['未开始']}项"
    )
    return text + (f"，其中逾期未完成{totals['逾期']}项。" if totals["逾期"] else "。")


def publicity_summary(entries: list[Publicity]) -> str:
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


@dataclass
class _Wording:
    """What every part of the report refers to: the plans' references and short name, the year, the basis."""

    refs: list[str]
    short: str
    year: int
    denominator: str
    labels: dict[str, str]


def _wording(fig: EvaluationFigures, all_plans: list[Plan]) -> _Wording:
    refs = [f"《{p['name']}》" for p in fig.plans] or [f"《{k}》" for k in fig.plan_keys]
    short = f"{common.count_word(len(refs))}个规划" if len(refs) > 1 else "规划"
    labels = {k: _plan_label(all_plans, k) for k in fig.plan_keys}
    return _Wording(refs, short, fig.data_year, DENOMINATORS[fig.basis], labels)


def _front(fig: EvaluationFigures, w: _Wording, office_short: str, today: date) -> tuple[str, str, str]:
    """(title, draft note, opening)."""
    name, period = common.plans_name(fig.plans or [{"name": k} for k in fig.plan_keys])
    title = f"{name}\n{period}中期自评估报告" if period else f"{name}中期自评估报告"
    draft_note = (
        f"【说明】本框架稿由督办台于{dates.format_cn(today)}根据已录入的监测数据生成：数据年度为{w.year}年，"
        f"达标评判按序时进度计算，达标率 =（提前达标 + 达标）÷ {w.denominator}。"
        "标有“（请补充……）”处请补充完善，定稿时删除本说明。"
    )
    opening = (
        f"根据中期评估工作安排，{office_short}组织各成员单位对{''.join(w.refs)}"
        f"（以下简称“{w.short}”）实施情况开展了中期自评估。现将有关情况报告如下："
    )
    return title, draft_note, opening


def _indicator_lines(fig: EvaluationFigures, w: _Wording) -> list[str]:
    """（一）主要指标监测情况: how many indicators, the verdicts, 达标率 against last year, key indicators."""
    plan_counts = [f"{w.labels[p.key]}{len(p.indicators)}项" for p in fig.per_plan]
    lines = [
        f"{w.short}共设置监测指标{len(fig.indicators)}项"
        + (f"，其中{'、'.join(plan_counts)}" if len(fig.plan_keys) > 1 else "")
        + f"。按{w.year}年监测数据评判，{counts_text(fig.overall.counts)}。",
        rate_sentence(fig.overall.this_year, fig.overall.last_year, w.year) + "。",
    ]
    if fig.key is not None:
        lines.append(
            f"重点难点指标{fig.key.total}项中，提前达标和达标{fig.key.achieved}项，滞后和未达标{fig.key.lagging}项，"
            f"无数据或待评判{fig.key.no_data}项。"
        )
    return lines


def _overview(fig: EvaluationFigures, w: _Wording, publicity: list[Publicity], today: date) -> list[dict[str, Any]]:
    """一、规划实施总体情况."""
    reporting = fig.reporting
    if reporting.request is not None:
        states = reporting.states
        report_line = (
            f"{w.year}年度监测数据要求各单位于{dates.format_cn(reporting.request['due'])}前报送。"
            f"截至{dates.format_cn(today)}，应报单位{len(states)}个，已报齐{reporting.complete}个，"
            f"尚未报齐{len(states) - reporting.complete}个。"
        )
    else:
        report_line = f"尚未布置{w.year}年度监测数据报送。"
    evidence = [evidence_summary(fig.evidence) + "清单见附件2。", publicity_summary(publicity)]
    doings = ["（请补充组织领导、制度建设、经费保障、部门协作、宣传动员等方面的主要做法和成效）"]
    return [
        _section(1, "主要指标监测情况", _indicator_lines(fig, w)),
        _section(2, "监测数据报送情况", [report_line]),
        _section(3, "迎检准备和宣传工作", evidence),
        _section(4, "主要做法和成效", doings),
    ]


def _plan_view(index: int, plan: PlanFigures, w: _Wording) -> dict[str, Any]:
    """二、分领域实施情况 for one plan: a summary sentence and a table by 领域."""
    label = w.labels[plan.key]
    rows = [_domain_row(domain, summary) for domain, summary in plan.domains]
    rows.append(_domain_row("合计", plan.summary))
    return {
        "heading": f"（{common.cn_number(index)}）{label}",
        "summary": (
            f"{label}共{len(plan.indicators)}项指标，分布在{len(plan.domains)}个领域。按{w.year}年数据评判，"
            f"{counts_text(plan.summary.counts)}；"
            + rate_sentence(plan.summary.this_year, plan.summary.last_year, w.year)
            + "。分领域情况如下表："
        ),
        "domains": rows,
        "note": f"注：达标率 =（提前达标 + 达标）÷ {w.denominator}；按{w.year}年数据评判。",
        "placeholder": f"（请补充{label}各领域的主要做法、成效和典型经验）",
    }


def _listed(entries: list[str], *, cause_each: bool) -> list[str]:
    """Numbered entries with the placeholder for the causes after each one, or once at the end."""
    cause = f"原因分析：{CAUSE}"
    lines = []
    for n, entry in enumerate(entries, start=1):
        lines.append(f"{n}. {entry}")
        if cause_each:
            lines.append(cause)
    return lines if cause_each else [*lines, cause]


def _problems(fig: EvaluationFigures) -> list[dict[str, Any]]:
    """三、存在的问题及原因: lagging indicators, indicators without data, late reporting units, others."""
    verdict = fig.verdicts
    problems = []
    if fig.behind:
        entries = [
            f"{_who(i, verdict[i['id']])}：{verdict[i['id']].verdict}。{_sentence(verdict[i['id']].reason)}"
            for i in fig.behind
        ]
        problems.append(("部分指标进展滞后或未达标", _listed(entries, cause_each=True)))
    if fig.missing:
        entries = [
            f"{_who(i, verdict[i['id']])}：{_missing_text(i, verdict[i['id']], fig.data_year)}" for i in fig.missing
        ]
        problems.append(("部分指标缺少监测数据，无法评判", _listed(entries, cause_each=False)))
    if fig.reporting.late:
        entries = [
            f"{s.unit}：应报{s.total}项指标数据，已报{s.submitted}项"
            + (f"、退回{s.returned}项" if s.returned else "")
            + f"，{s.phrase}"
            + (f"，已催报{s.reminders}次" if s.reminders else "")
            + "。"
            for s in fig.reporting.late
        ]
        problems.append(("部分单位数据报送不及时", _listed(entries, cause_each=False)))
    problems.append(("其他方面", ["（请补充组织协调、经费保障、部门配合等方面存在的问题及原因分析）"]))
    return [_section(n, heading, lines) for n, (heading, lines) in enumerate(problems, start=1)]


def _annex1(fig: EvaluationFigures, all_plans: list[Plan]) -> list[dict[str, Any]]:
    """附件1 指标监测数据表: one row per indicator, the last five years' values, the verdict and its grounds."""
    year = fig.data_year
    first = year - YEARS_SHOWN + 1
    rows = []
    for n, ind in enumerate(fig.indicators, start=1):
        row = fig.verdicts[ind["id"]]
        baseline = "—" if ind["baseline"] is None else f"{common.fmt_number(ind['baseline'])}\n{ind['baseline_year']}年"
        rows.append(
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
    return rows


def _figures(fig: EvaluationFigures) -> dict[str, Any]:
    """The headline figures, for callers that show them without the document."""
    return {
        "counts": dict(fig.overall.counts),
        "this_year": fig.overall.this_year,
        "last_year": fig.overall.last_year,
        "behind": [i["name"] for i in fig.behind],
        "missing": [i["name"] for i in fig.missing],
        "late_units": [s.unit for s in fig.reporting.late],
        "domains": [(f"{p.key}·{d}", dict(s.counts)) for p in fig.per_plan for d, s in p.domains],  # the chart
    }


def plan_evaluation(
    repo: Repository, *, data_year: int | str | None = None, issue_date: date | str | None = None
) -> EvaluationPlan:
    """Gather the report's figures and word them (nothing is written)."""
    info = common.office(repo)
    indicators = repo.indicators()
    if not indicators:
        raise ValidationError("indicators", "还没有监测指标，无法生成中期自评估报告（可用 supervisor indicator add）")
    year = common.data_year(repo, data_year)
    today = repo.today
    day = common.issue_day(repo, issue_date)
    units = repo.units_by_id()
    all_plans = repo.plans()
    evidence = repo.evidence()
    fig = evaluation_figures(
        indicators,
        all_plans,
        units,
        year,
        today,
        basis=common.rate_basis(repo),
        requests=repo.requests(),
        calendar=repo.calendar(),
        evidence=evidence,
    )
    w = _wording(fig, all_plans)
    title, draft_note, opening = _front(fig, w, info["office_short"], today)
    first = year - YEARS_SHOWN + 1
    return EvaluationPlan(
        data_year=year,
        basis=fig.basis,
        title=title,
        subtitle="（框架稿）",
        draft_note=draft_note,
        opening=opening,
        overview=_overview(fig, w, repo.publicity(), today),
        plans=[_plan_view(n, p, w) for n, p in enumerate(fig.per_plan, start=1)],
        problems=_problems(fig),
        annex1=_annex1(fig, all_plans),
        annex1_note=(
            f"数据年度{first}—{year}年，评判按{year}年数据（截至{dates.format_cn(today)}）；"
            "“—”表示没有该年数据记录，“未报”表示尚未报送。"
        ),
        annex2=evidence_rows(evidence, units, today),
        annex2_note=evidence_summary(fig.evidence),
        issue_date=day,
        info=info,
        today=today,
        figures=_figures(fig),
    )


def _plan_label(plans: list[Plan], key: str) -> str:
    """The plan's name without its period (示范县妇女发展规划); the key when the plan has no record."""
    plan = next((p for p in plans if p["key"] == key), None)
    if plan is None:
        return key
    name, _period = common.plans_name([plan])
    return name


def _domain_row(domain: str, summary: Summary) -> dict[str, str]:
    counts = summary.counts
    row = {"domain": domain, "count": str(sum(counts.values())), "nodata": str(counts.get("无数据", 0))}
    for verdict, key in VERDICT_KEYS.items():
        row[key] = str(counts.get(verdict, 0))
    row["rate"] = common.rate_percent(summary.this_year.value)
    return row


def _who(ind: Indicator, row: VerdictRow) -> str:
    lead = "、".join(row.lead) or "未定牵头单位"
    return f"{ind['name']}（{ind['plan']}·{ind['domain']}，牵头单位：{lead}）"


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith(("。", "！", "？")) else text + "。"


def _missing_text(ind: Indicator, row: VerdictRow, year: int) -> str:
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


class Evaluation(DocumentKind[EvaluationPlan]):
    """中期自评估报告（框架）: one county-wide report, not numbered (the office files the final text itself)."""

    key = "evaluation"
    label = KIND
    per_unit = False

    def plan(self, repo: Repository, unit_id: int | None, options: Options) -> EvaluationPlan:
        return plan_evaluation(repo, data_year=options.data_year, issue_date=options.issue_date)

    def render(self, plan: EvaluationPlan, doc_number: str = "") -> DocumentObject:
        doc = super().render(plan, doc_number)
        add_domain_chart(doc, plan.figures.get("domains", []), plan.warnings)
        return doc

    def file_stem(self, plan: EvaluationPlan, doc_number: str = "") -> str:
        return f"{KIND}（框架）-{plan.data_year}年数据-{dates.format_cn(plan.today)}"


DOCUMENT = Evaluation()


def build_evaluation_report(
    repo: Repository, out_dir: Path | str, *, data_year: int | str | None = None, issue_date: date | str | None = None
) -> Path:
    """Write the mid-term self-evaluation report skeleton with the figures of `data_year` (default: the latest
    year with data); returns the file. Not numbered: nothing is registered."""
    return build_one(DOCUMENT, repo, None, out_dir, Options(issue_date=issue_date, data_year=data_year))

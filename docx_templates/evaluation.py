"""中期自评估报告（框架）: the report skeleton with every figure the store knows filled in — the data year and the
status of its data, summary counts and 达标率 with its denominator (this year against last year), every 领域 of
each plan with its main targets (placeholders for the measures), the problems listed from the data (滞后/未达标
indicators, indicators without data, late reporting units) with placeholders for the causes, placeholder
measures, and four annexes (indicator data with 中期目标, 应达值 and the change from the baseline; the lagging
indicators with their units and the items that chase them; verdicts by hand and 口径 changes; evidence).

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
from store.rules.verdicts import CATEGORIES, DENOMINATORS, Rate
from store.views.documents import evidence_rows
from store.views.evaluation import EvaluationFigures, PlanFigures, evaluation_figures
from store.views.monitoring import Snapshot, Summary, snapshot

from . import common
from .evaluation_annexes import ANNEX_TITLES, YEARS_SHOWN, annex_rows, missing_text, who
from .figures import add_domain_chart
from .kinds import DocumentKind, Options, build_one

if TYPE_CHECKING:
    from docx.document import Document as DocumentObject

    from store.commands.repository import Repository

KIND = "中期自评估报告"
CAUSE = "（请补充原因分析）"
MEASURES = [
    "（一）（请补充：推动滞后和未达标指标加快进度的具体措施，明确责任单位和时限）",
    "（二）（请补充：补齐缺失的监测数据、规范统计口径、提高数据报送时效和质量的措施）",
    "（三）（请补充：做好中期评估迎检和规划后半程实施的工作安排）",
]
VERDICT_KEYS = {
    "提前达标": "ahead",
    "达标": "met",
    "预期可达标": "expected",
    "滞后": "behind",
    "未达标": "missed",
    "待评判": "pending",
}


def counts_text(counts: dict[str, int]) -> str:
    """提前达标7项、达标2项、预期可达标2项、滞后1项、未达标1项、待评判0项、无数据5项 (every verdict, zeros
    included)."""
    return "、".join(f"{v}{counts.get(v, 0)}项" for v in CATEGORIES)


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
    """Everything the report will say (every figure from store.views.evaluation.evaluation_figures)."""

    data_year: int
    basis: str
    title: str
    subtitle: str
    draft_note: str
    opening: str
    overview: list[dict[str, Any]]
    plans: list[dict[str, Any]]
    problems: list[dict[str, Any]]
    annexes: dict[str, list[dict[str, Any]]]
    annex_notes: dict[str, str]
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
            **{f"annex{n}_title": title for n, title in enumerate(ANNEX_TITLES, start=1)},
            "signature": self.info["office_name"],
            "date_text": dates.format_cn(self.issue_date),
            "years": [f"{y}年" for y in range(first, self.data_year + 1)],
            **{f"annex{n}": rows for n, rows in self.annexes.items()},
            **{f"annex{n}_note": note for n, note in self.annex_notes.items()},
        }


def _section(heading_no: int, heading: str, lines: list[str]) -> dict[str, Any]:
    return {"heading": f"（{common.cn_number(heading_no)}）{heading}", "lines": lines}


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
    provisional = "（数据为暂定数，见“数据状态”）" if fig.status.provisional else ""
    draft_note = (
        f"【说明】本框架稿由督办台于{dates.format_cn(today)}根据已录入的监测数据生成：评估数据年度为{w.year}年"
        f"{provisional}，达标评判按序时进度计算，达标率 =（提前达标 + 达标）÷ {w.denominator}。"
        "标有“（请补充……）”处请补充完善，定稿时删除本说明。"
    )
    opening = (
        f"根据中期评估工作安排，{office_short}组织各成员单位对{''.join(w.refs)}"
        f"（以下简称“{w.short}”）实施情况开展了中期自评估。现将有关情况报告如下："
    )
    return title, draft_note, opening


def _counted_intro(fig: EvaluationFigures, w: _Wording) -> str:
    """Which indicators the verdict counts cover: all of them, or those in the denominator."""
    counted = sum(fig.overall.counts.values())
    if fig.basis == "all":
        return f"按{w.year}年监测数据评判，"
    return f"按{w.year}年监测数据评判，纳入达标率计算的{w.denominator}{counted}项中，"


def _indicator_lines(fig: EvaluationFigures, w: _Wording) -> list[str]:
    """（一）主要指标监测情况: how many indicators, the verdicts, 达标率 against last year, key indicators, the
    status and quality of the data."""
    plan_counts = [f"{w.labels[p.key]}{len(p.indicators)}项" for p in fig.per_plan]
    lines = [
        f"{w.short}共设置监测指标{len(fig.indicators)}项"
        + (f"，其中{'、'.join(plan_counts)}" if len(fig.plan_keys) > 1 else "")
        + f"。{_counted_intro(fig, w)}{counts_text(fig.overall.counts)}。",
        rate_sentence(fig.overall.this_year, fig.overall.last_year, w.year) + "。",
    ]
    key = fig.key
    if key is not None:
        lines.append(
            f"重点难点指标{key.total}项中，提前达标和达标{key.achieved}项，预期可达标{key.expected}项，"
            f"滞后和未达标{key.lagging}项，待评判{key.pending}项，无数据{key.no_data}项。"
        )
    lines.append(f"数据状态：{fig.status_sentence}。".replace("。。", "。"))
    q = fig.quality()
    lines.append(
        f"数据质量：{w.year}年口径有变化的指标{q['caliber']}项，人工评判{q['overridden']}项，"
        f"退回待重新报送{q['returned']}项，连续两年以上没有数据{q['gaps']}项（人工评判和口径变化的说明见附件3）。"
        "（请补充数据来源、审核和质量控制情况）"
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
    evidence = [evidence_summary(fig.evidence) + "清单见附件4。", publicity_summary(publicity)]
    doings = ["（请补充组织领导、制度建设、经费保障、部门协作、宣传动员等方面的主要做法和成效）"]
    return [
        _section(1, "主要指标监测情况", _indicator_lines(fig, w)),
        _section(2, "监测数据报送情况", [report_line]),
        _section(3, "迎检准备和宣传工作", evidence),
        _section(4, "主要做法和成效", doings),
    ]


def _domain_lines(plan: PlanFigures, fig: EvaluationFigures, w: _Wording) -> list[str]:
    """Every 领域 of the plan: its main targets and the year's verdicts, then a placeholder for the measures; a
    领域 without indicators gets placeholders only."""
    lines = []
    for n, domain in enumerate(plan.domains, start=1):
        head = f"{n}. {domain.name}领域。"
        if not domain.indicators:
            lines.append(head + "本领域暂未纳入监测指标。主要目标：（请补充）。主要措施和成效：（请补充）")
            continue
        targets = "；".join(_target_phrase(i, fig) for i in domain.indicators)
        counts = domain.summary.counts if domain.summary else {}
        spread = "、".join(f"{k}{v}项" for k, v in ((k, counts.get(k, 0)) for k in CATEGORIES) if v)
        lines.append(f"{head}主要目标：{targets}。{w.year}年评判：{spread or '—'}。主要措施和成效：（请补充）")
    return lines


def _target_phrase(ind: Indicator, fig: EvaluationFigures) -> str:
    """孕产妇死亡率≤12/10万（2030年）, with the mid-term target when there is one."""
    row = fig.verdicts[ind["id"]]
    return f"{ind['name']}{row.target}" + (f"，中期{row.midterm}" if row.midterm else "")


def _plan_view(index: int, plan: PlanFigures, fig: EvaluationFigures, w: _Wording) -> dict[str, Any]:
    """二、分领域实施情况 for one plan: a summary sentence, a table by 领域 and a paragraph per 领域."""
    label = w.labels[plan.key]
    rows = [_domain_row(d.name, d.summary) for d in plan.domains]
    rows.append(_domain_row("合计", plan.summary))
    with_indicators = sum(1 for d in plan.domains if d.indicators)
    return {
        "heading": f"（{common.cn_number(index)}）{label}",
        "summary": (
            f"{label}设{len(plan.domains)}个领域，其中{with_indicators}个领域纳入监测指标{len(plan.indicators)}项。"
            f"按{w.year}年数据评判，{counts_text(plan.summary.counts)}；"
            + rate_sentence(plan.summary.this_year, plan.summary.last_year, w.year)
            + "。分领域情况如下表："
        ),
        "domains": rows,
        "note": f"注：达标率 =（提前达标 + 达标）÷ {w.denominator}；按{w.year}年数据评判；“—”表示本领域暂无监测指标。",
        "lines": _domain_lines(plan, fig, w),
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


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith(("。", "！", "？")) else text + "。"


def _problems(fig: EvaluationFigures, snap: Snapshot) -> list[dict[str, Any]]:
    """三、存在的问题及原因: lagging indicators, indicators without data, late reporting units, others."""
    verdict = fig.verdicts
    problems = []
    if fig.behind:
        entries = [
            f"{who(i, verdict[i['id']])}：{verdict[i['id']].verdict}。{_sentence(verdict[i['id']].reason)}"
            for i in fig.behind
        ]
        problems.append(("部分指标进展滞后或未达标（督办情况见附件2）", _listed(entries, cause_each=True)))
    if fig.missing:
        entries = [
            f"{who(i, verdict[i['id']])}：{missing_text(i, verdict[i['id']], fig.data_year, snap)}" for i in fig.missing
        ]
        problems.append(("部分指标缺少监测数据或有待评判", _listed(entries, cause_each=False)))
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


def _figures(fig: EvaluationFigures) -> dict[str, Any]:
    """The headline figures, for callers that show them without the document."""
    return {
        "counts": dict(fig.overall.counts),
        "this_year": fig.overall.this_year,
        "last_year": fig.overall.last_year,
        "behind": [i["name"] for i in fig.behind],
        "missing": [i["name"] for i in fig.missing],
        "late_units": [s.unit for s in fig.reporting.late],
        "domains": [  # the chart of 达标 by 领域
            (f"{p.key}·{d.name}", dict(d.summary.counts)) for p in fig.per_plan for d in p.domains if d.summary
        ],
        "provisional": fig.status.provisional,
    }


def plan_evaluation(
    repo: Repository, *, data_year: int | str | None = None, issue_date: date | str | None = None
) -> EvaluationPlan:
    """Gather the report's figures and word them (nothing is written)."""
    info = common.office(repo)
    snap = snapshot(repo)
    if not snap.indicators:
        raise ValidationError("indicators", "还没有监测指标，无法生成中期自评估报告（可用 supervisor indicator add）")
    year = common.data_year(repo, data_year)
    today = repo.today
    evidence = repo.evidence()
    fig = evaluation_figures(
        snap, year, basis=common.rate_basis(repo), calendar=repo.calendar(), evidence=evidence, items=repo.items()
    )
    w = _wording(fig, snap.plans)
    title, draft_note, opening = _front(fig, w, info["office_short"], today)
    rows, notes = annex_rows(fig, snap, today)
    rows["4"] = evidence_rows(evidence, snap.units, today)
    notes["4"] = evidence_summary(fig.evidence)
    return EvaluationPlan(
        data_year=year,
        basis=fig.basis,
        title=title,
        subtitle="（框架稿）",
        draft_note=draft_note,
        opening=opening,
        overview=_overview(fig, w, repo.publicity(), today),
        plans=[_plan_view(n, p, fig, w) for n, p in enumerate(fig.per_plan, start=1)],
        problems=_problems(fig, snap),
        annexes=rows,
        annex_notes=notes,
        issue_date=common.issue_day(repo, issue_date),
        info=info,
        today=today,
        figures=_figures(fig),
        warnings=[fig.status.note] if fig.status.provisional else [],
    )


def _plan_label(plans: list[Plan], key: str) -> str:
    """The plan's name without its period (示范县妇女发展规划); the key when the plan has no record."""
    plan = next((p for p in plans if p["key"] == key), None)
    if plan is None:
        return key
    name, _period = common.plans_name([plan])
    return name


def _domain_row(domain: str, summary: Summary | None) -> dict[str, str]:
    counts = summary.counts if summary is not None else {}
    if summary is None:
        return {"domain": domain, "count": "—", "nodata": "—", "rate": "—", **dict.fromkeys(VERDICT_KEYS.values(), "—")}
    row = {"domain": domain, "count": str(sum(counts.values())), "nodata": str(counts.get("无数据", 0))}
    for verdict, key in VERDICT_KEYS.items():
        row[key] = str(counts.get(verdict, 0))
    row["rate"] = common.rate_percent(summary.this_year.value)
    return row


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
    """Write the mid-term self-evaluation report skeleton with the figures of `data_year` (default: the evaluation
    year); returns the file. Not numbered: nothing is registered."""
    return build_one(DOCUMENT, repo, None, out_dir, Options(issue_date=issue_date, data_year=data_year))

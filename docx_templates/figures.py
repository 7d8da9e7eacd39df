"""Where the charts go: the 督查通报's 按期办结率 by unit (end of 一、总体情况) and the 中期自评估报告's 达标 by 领域
(start of 二、分领域实施情况). Each kind calls one function here after rendering; a template without the heading
gets no chart, and a label the bundled font cannot draw becomes a warning of the plan."""

from __future__ import annotations

from typing import TYPE_CHECKING

from store.rules.verdicts import CATEGORIES, PENDING

from . import charts

if TYPE_CHECKING:
    from docx.document import Document as DocumentObject

VERDICT_COLOURS = {
    "提前达标": "#2e7d32",
    "达标": "#66bb6a",
    "预期可达标": "#9ccc65",
    "滞后": "#ffb300",
    "未达标": "#e53935",
    PENDING: "#7e57c2",  # data, judged by a person: not grey like 无数据
    "无数据": "#9e9e9e",
}
VERDICT_PARTS = tuple(charts.Part(name, VERDICT_COLOURS[name]) for name in CATEGORIES)
"""Every verdict of store.rules.verdicts.CATEGORIES, in its order (a new verdict without a colour fails here)."""


def add_rate_chart(doc: DocumentObject, rates: list[tuple[str, float]], warnings: list[str]) -> None:
    """督查通报: bars of 按期办结率 for the units that have one, before 二、存在的主要问题."""
    anchor = charts.heading(doc, "二、")
    if anchor is None or not rates:
        return
    _warn_missing([name for name, _ in rates], warnings)
    png = charts.rate_bars(rates, "各成员单位按期办结率", "按期办结率（%）")
    charts.insert_figure(doc, anchor, png, "图1　各成员单位按期办结率（尚无到期任务的单位未列入）")


def add_domain_chart(doc: DocumentObject, domains: list[tuple[str, dict[str, int]]], warnings: list[str]) -> None:
    """中期自评估报告: stacked bars of the verdicts of each 领域 (规划·领域), after 二、分领域实施情况."""
    anchor = charts.heading(doc, "二、")
    if anchor is None or not domains:
        return
    rows = [(label, [int(counts.get(part.name, 0)) for part in VERDICT_PARTS]) for label, counts in domains]
    _warn_missing([label for label, _ in rows], warnings)
    png = charts.stacked_bars(rows, VERDICT_PARTS, "各领域指标达标情况")
    charts.insert_figure(doc, anchor, png, "图1　各领域指标达标情况（指标数）", after=True)


def _warn_missing(labels: list[str], warnings: list[str]) -> None:
    missing = charts.missing_glyphs(labels)
    if missing:
        warnings.append(f"图表字体缺少这些字，图中会显示为方框：{missing}")

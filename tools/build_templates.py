"""Build the default Word templates (notice, checklist, bulletin, evaluation, self_assessment, data_chase .docx)
reproducibly into docx_templates/.

Run `python -m tools.build_templates [folder]` from the project folder after changing this file or
tools/template_parts.py; the committed .docx files must equal what it writes (a test checks it byte for byte).
Every Jinja tag sits whole in one run, so docxtpl never meets a tag that Word split. Offices restyle the result
in Word or WPS through the named styles.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from docx.document import Document as DocumentObject
from docx.oxml.xmlchemy import BaseOxmlElement

from docx_templates import layout as L

from .template_parts import (
    TAB,
    Line,
    blank,
    cell_text,
    closing_block,
    each,
    finish,
    if_any,
    keep_next,
    landscape_from_here,
    loop_table,
    new_document,
    official_document,
    par,
    requests,
    sections,
    tabbed,
    table,
    to_bytes,
    when,
)
from .template_review import build_review

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "docx_templates"
TEMPLATE_NAMES = ("notice", "checklist", "bulletin", "evaluation", "self_assessment", "data_chase", "review")

# ------------------------------------------------------------------ 督办通知

# 回执: (label, second label or None, the merged cell's text or None for a blank cell the unit writes in, height)
RECEIPT_ROWS: list[tuple[str, str | None, str | None, int]] = [
    ("单位名称（盖章）", None, "{{ unit_name }}", 680),
    ("联系人", "联系电话", None, 680),
    ("督办文号", None, "{{ doc_number }}", 680),
    ("督办事项", None, "{{ item_numbers }}", 680),
    ("办理情况", None, None, 2000),
    ("存在问题", None, None, 1300),
    ("下一步打算", None, None, 1300),
    ("填报日期", None, "　　　　年　　月　　日", 680),
]
RECEIPT_WIDTHS = [2500, 2172, 2000, 2173]


def receipt(doc: DocumentObject) -> None:
    """The 回执 form: label cells, the value across the other three columns (or two label/value pairs)."""
    made = table(doc, len(RECEIPT_ROWS), RECEIPT_WIDTHS)
    for index, (row, (label, second, value, height)) in enumerate(zip(made.rows, RECEIPT_ROWS, strict=True)):
        cells = row.cells
        if second is None:
            merged = cells[1].merge(cells[3])
            cell_text(cells[0], "表格标签", label)
            if value is not None:
                cell_text(merged, "表格文字", value)
            else:
                L.cell_valign(merged._tc, "top")
                merged.paragraphs[0].style = doc.styles["表格文字"]
        else:
            cell_text(cells[0], "表格标签", label)
            cell_text(cells[2], "表格标签", second)
            cell_text(cells[1], "表格文字")
            cell_text(cells[3], "表格文字")
        L.row_props(row._tr, height=height, exact=index >= 4)  # the rows written in by hand keep their height


def notice_body(doc: DocumentObject) -> None:
    par(doc, "一级标题", "一、督办事项")
    par(doc, "Normal", "{%p for it in items %}")
    par(doc, "二级标题", "{{ it.heading }}")
    par(doc, "正文", "{{ it.roles }}")
    when(doc, "it.requirement", "正文", "工作要求：", "{{ it.requirement }}")
    par(doc, "正文", "办理期限：", "{{ it.due }}", "；", "{{ it.state }}")
    when(doc, "it.progress", "正文", "最新进展：", "{{ it.progress }}")
    par(doc, "Normal", "{%p endfor %}")
    requests(doc, "二、反馈要求")


def build_notice() -> DocumentObject:
    return official_document(notice_body, receipt)


# ------------------------------------------------------------------ 督查通报


RANK_HEADERS = ["名次", "单位", "承办任务", "已办结", "按期办结", "逾期办结", "未办结", "其中逾期", "按期办结率"]
RANK_FIELDS = ["rank", "unit", "assigned", "done", "on_time", "late", "open", "overdue", "rate"]
RANK_WIDTHS = [600, 2145, 800, 750, 800, 800, 750, 800, 1400]


def bulletin_body(doc: DocumentObject) -> None:
    par(doc, "一级标题", "一、总体情况")
    each(doc, "m", "meetings")
    par(doc, "一级标题", "二、存在的主要问题")
    par(doc, "正文", "{{ lagging_intro }}")
    each(doc, "u", "lagging")
    par(doc, "一级标题", "三、下一步工作要求")
    each(doc, "r", "requirements")


def ranking(doc: DocumentObject) -> None:
    """附件 排名表: every unit by 按期办结率, in the 公文's own table styles."""
    widths, headers, fields = RANK_WIDTHS, RANK_HEADERS, RANK_FIELDS
    text, label = "表格文字", "表格标签"
    loop_table(
        doc, widths, headers, fields, "ranking", height=567, header_height=567, header_style=label, text_style=text
    )
    par(doc, "表格说明", "{{ ranking_note }}")


def build_bulletin() -> DocumentObject:
    return official_document(bulletin_body, ranking)


# ------------------------------------------------------------------ 检查清单


CHECK_HEADERS = [
    "序号",
    "领域",
    "指标或事项",
    "目标值",
    "基线",
    "现状值",
    "达标情况",
    "佐证材料",
    "牵头单位",
    "配合单位",
    "检查结果",
    "备注",
]
CHECK_FIELDS = [
    "no",
    "domain",
    "name",
    "target",
    "baseline",
    "current",
    "judgement",
    "evidence",
    "lead",
    "partners",
    None,
    None,
]
# 检查结果 and 备注 25 mm each: the columns the inspector writes in by hand (at least 25 mm each); a column
# with a four-character 五号 heading is 1020 twips, so the heading stays on one line.
CHECK_WIDTHS = [420, 750, 1636, 880, 850, 1300, 1020, 1020, 1020, 1020, 1420, 1420]
CHECK_ROW = 680  # twips, 12 mm: two lines of handwriting (at least 10 mm)


EVIDENCE_HEADERS = ["序号", "类别", "材料名称", "责任单位", "完成时限", "状态", "文件位置", "检查结果"]
EVIDENCE_FIELDS = ["no", "category", "title", "owner", "due", "status", "file_ref", None]
EVIDENCE_WIDTHS = [500, 1200, 2800, 1200, 1700, 1500, 1800, 2056]
PUBLICITY_HEADERS = ["序号", "类型", "名称", "日期", "组织单位", "覆盖人数", "样本量", "知晓率", "备注", "检查结果"]
PUBLICITY_FIELDS = ["no", "kind", "title", "date", "unit", "reach", "sample", "awareness", "note", None]
PUBLICITY_WIDTHS = [500, 1100, 2300, 1700, 1200, 1020, 900, 900, 1436, 1700]
# The unit and the date head every page (a repeating first row). The inspector's sign-off (签字栏) is a row under the
# data of the last table there is: Word and WPS keep it with the last data row (render.finish); LibreOffice keeps no
# row with the next, and then the page that holds the sign-off still starts with the unit, the date and the headings.
# The legend goes above the first table, so it never stands alone on a page either.
CHECK_BANNER = Line("表格说明", ("被检查单位：", "{{ unit_label }}", TAB, "检查时间：　　　　年　　月　　日"))
SIGN_OFF = ("检查人（签字）：", TAB, "被检查单位负责人（签字）：", TAB, "日期：　　年　　月　　日")
SIGN_OFF_STOPS = ((4000, "left"), (8700, "left"))


def sign_off(condition: str = "") -> Line:
    return Line("签字栏", SIGN_OFF, SIGN_OFF_STOPS, condition)


def build_checklist() -> DocumentObject:
    doc = new_document(landscape=True)
    par(doc, "公文标题", "{{ title }}")
    sheet = partial(loop_table, doc, height=CHECK_ROW, banner=CHECK_BANNER)
    main = partial(sheet, CHECK_WIDTHS, CHECK_HEADERS, CHECK_FIELDS, "rows", tail=(sign_off(LAST_MAIN),))
    if_any(doc, "rows", partial(main, left=("name", "current", "evidence")), lead=("表注", "{{ legend }}"))
    note = Line("表注", ("{{ evidence_note }}",))
    evidence = partial(sheet, EVIDENCE_WIDTHS, EVIDENCE_HEADERS, EVIDENCE_FIELDS, "evidence")
    evidence = partial(evidence, left=("title", "file_ref"), tail=(note, sign_off("not publicity")))
    if_any(doc, "evidence", evidence, title="佐证材料")
    note = Line("表注", ("{{ publicity_note }}",))
    publicity = partial(sheet, PUBLICITY_WIDTHS, PUBLICITY_HEADERS, PUBLICITY_FIELDS, "publicity")
    if_any(doc, "publicity", partial(publicity, left=("title", "note"), tail=(note, sign_off())), title=TITLE_PUB)
    finish(doc)
    return doc


LAST_MAIN = "not evidence and not publicity"
TITLE_PUB = "宣传活动和知晓率调查"


# ------------------------------------------------------------------ 中期自评估报告（框架）


DOMAIN_HEADERS = ["领域", "指标数", "提前达标", "达标", "预期可达标", "滞后", "未达标", "待评判", "无数据", "达标率"]
DOMAIN_FIELDS = ["domain", "count", "ahead", "met", "expected", "behind", "missed", "pending", "nodata", "rate"]
DOMAIN_WIDTHS = [1795, 700, 800, 700, 850, 700, 750, 750, 750, 1050]
ANNEX_DATA_HEADERS = [
    "序号",
    "指标（计量单位）\n规划·领域",
    "目标值",
    "基线",
    *(f"{{{{ years[{i}] }}}}" for i in range(5)),
    "应达值",
    "比基线变化",
    "数据状态",
    "评判",
    "评判依据",
]
ANNEX_DATA_FIELDS = [
    *("no", "name", "target", "baseline"),
    *(f"y[{i}]" for i in range(5)),
    *("expected", "change", "status", "verdict", "reason"),
]
ANNEX_DATA_WIDTHS = [400, 2000, 1250, 850, 700, 700, 700, 700, 700, 750, 1000, 650, 850, 1506]
ANNEX_LAG_HEADERS = ["序号", "指标", "评判", "现状值和应达值", "牵头单位", "配合单位", "督办事项"]
ANNEX_LAG_FIELDS = ["no", "name", "verdict", "value", "lead", "partners", "chasing"]
ANNEX_LAG_WIDTHS = [450, 1800, 900, 1500, 1400, 1800, 4906]
ANNEX_AMEND_HEADERS = ["序号", "指标", "年度", "类型", "计算结果", "人工评判", "理由或说明", "记录人"]
ANNEX_AMEND_FIELDS = ["no", "name", "year", "kind", "computed", "verdict", "reason", "by"]
ANNEX_AMEND_WIDTHS = [450, 1800, 900, 1100, 1000, 1000, 5506, 1000]
ANNEX_EVIDENCE_HEADERS = ["序号", "类别", "材料名称", "责任单位", "完成时限", "状态", "文件位置"]
ANNEX_EVIDENCE_FIELDS = ["no", "category", "title", "owner", "due", "status", "file_ref"]
ANNEX_EVIDENCE_WIDTHS = [500, 1300, 3000, 1300, 2000, 1700, 2956]
ANNEXES = (
    ("附件说明", "附件：1. ", "{{ annex1_title }}"),
    *(("附件说明续", f"{n}. ", f"{{{{ annex{n}_title }}}}") for n in range(2, 5)),
)


def build_evaluation() -> DocumentObject:
    doc = new_document()
    par(doc, "公文标题", "{{ title }}")
    par(doc, "副标题", "{{ subtitle }}")
    blank(doc)
    par(doc, "编者按", "{{ draft_note }}")
    par(doc, "正文", "{{ opening }}")
    par(doc, "一级标题", "一、规划实施总体情况")
    sections(doc, "overview")
    par(doc, "一级标题", "二、分领域实施情况")
    par(doc, "Normal", "{%p for pl in plans %}")
    par(doc, "二级标题", "{{ pl.heading }}")
    par(doc, "正文", "{{ pl.summary }}")
    loop_table(doc, DOMAIN_WIDTHS, DOMAIN_HEADERS, DOMAIN_FIELDS, "pl.domains", var="d", height=454, keep_together=True)
    par(doc, "表注", "{{ pl.note }}")
    each(doc, "line", "pl.lines")
    par(doc, "Normal", "{%p endfor %}")
    par(doc, "一级标题", "三、存在的问题及原因")
    sections(doc, "problems")
    par(doc, "一级标题", "四、下一步工作措施")
    each(doc, "m", "measures")
    closing_block(doc, ANNEXES, note=False)
    landscape_from_here(doc)
    annex(doc, 1, ANNEX_DATA_WIDTHS, ANNEX_DATA_HEADERS, ANNEX_DATA_FIELDS, ("name", "target", "change", "reason"))
    annex(doc, 2, ANNEX_LAG_WIDTHS, ANNEX_LAG_HEADERS, ANNEX_LAG_FIELDS, ("name", "value", "chasing"))
    annex(doc, 3, ANNEX_AMEND_WIDTHS, ANNEX_AMEND_HEADERS, ANNEX_AMEND_FIELDS, ("name", "reason"))
    annex(doc, 4, ANNEX_EVIDENCE_WIDTHS, ANNEX_EVIDENCE_HEADERS, ANNEX_EVIDENCE_FIELDS, ("title", "file_ref"))
    finish(doc)
    return doc


def annex(
    doc: DocumentObject, n: int, widths: list[int], headers: list[str], fields: list[str], left: tuple[str, ...]
) -> None:
    """附件n: its mark, title, note and table (the first one starts the landscape section, so no page break); an
    empty annex keeps its title and note."""
    mark = par(doc, "附件标识", f"附件{n}")
    if n == 1:
        L.put(L.ppr(mark), L.el("pageBreakBefore", val="0"), L._PPR_ORDER)  # the section break starts the page
    blank(doc)
    par(doc, "公文标题", f"{{{{ annex{n}_title }}}}")
    par(doc, "表注", f"{{{{ annex{n}_note }}}}")
    if_any(doc, f"annex{n}", partial(loop_table, doc, widths, headers, fields, f"annex{n}", left=left, height=454))


# ------------------------------------------------------------------ 成员单位自评表


SELF_HEADERS = [
    "序号",
    "指标（计量单位）",
    "承担方式",
    "目标值",
    "{{ series_header }}",
    "计算评判",
    "自评等次",
    "主要做法",
    "存在问题",
    "下一步措施",
]
SELF_FIELDS = ["no", "name", "role", "target", "series", "verdict", None, None, None, None]
SELF_WIDTHS = [400, 1600, 650, 1100, 1300, 1050, 650, 2002, 2002, 2002]  # the three columns written in: 35 mm each
SELF_ITEM_HEADERS = ["序号", "事项编号", "督办事项", "承担方式", "办理期限", "目前状态", "办理情况", "存在问题及下一步"]
SELF_ITEM_FIELDS = ["no", "number", "title", "role", "due", "state", None, None]
SELF_ITEM_WIDTHS = [450, 1000, 2700, 650, 1900, 2000, 2156, 1900]
SELF_EVIDENCE_HEADERS = ["序号", "类别", "材料名称", "完成时限", "状态", "文件位置", "情况说明"]
SELF_EVIDENCE_FIELDS = ["no", "category", "title", "due", "status", "file_ref", None]
SELF_EVIDENCE_WIDTHS = [450, 1100, 3000, 1700, 1500, 2200, 2806]


LEGEND = ("表注", "{{ legend }}")


def build_self_assessment() -> DocumentObject:
    doc = new_document(landscape=True)
    par(doc, "公文标题", "{{ title }}")
    stop = sum(SELF_WIDTHS) - 100
    tabbed(doc, [(stop, "right")], "填报单位（盖章）：", "{{ unit_name }}", TAB, "数据年度：", "{{ data_year_text }}")
    # the last part's last row (or its closing line) is kept with the sign-off, which never starts a page alone
    par(doc, "表题", "一、承担的监测指标")
    indicators = partial(loop_table, doc, SELF_WIDTHS, SELF_HEADERS, SELF_FIELDS, "indicators", height=1500)
    none = "本单位未承担监测指标。"
    left = ("name", "target", "series")
    if_any(doc, "indicators", partial(indicators, left=left), note=LEGEND, otherwise=none)
    par(doc, "表题", "二、承办的督办事项")
    items = partial(loop_table, doc, SELF_ITEM_WIDTHS, SELF_ITEM_HEADERS, SELF_ITEM_FIELDS, "items", height=850)
    ends = if_any(
        doc, "items", partial(items, left=("title", "state"), keep_last=True), otherwise="本单位没有承办的督办事项。"
    )
    evidence = partial(
        loop_table, doc, SELF_EVIDENCE_WIDTHS, SELF_EVIDENCE_HEADERS, SELF_EVIDENCE_FIELDS, "evidence", height=680
    )
    if_any(doc, "evidence", partial(evidence, left=("title", "file_ref"), keep_last=True), title="三、负责的迎检材料")
    unit_sign_off(doc, ends)
    finish(doc)
    return doc


def unit_sign_off(doc: DocumentObject, before: list[BaseOxmlElement]) -> None:
    """填报人 … 单位负责人（签字） and 单位（盖章） … 日期: one block kept whole and on the page of what precedes it
    (the paragraphs in `before`, and the last table's rows through keep-with-next)."""
    for p in before:
        keep_next(p)
    stops = [(4200, "left"), (8400, "left")]
    keep_next(par(doc, "Normal"))
    keep_next(tabbed(doc, stops, "填报人：", TAB, "联系电话：", TAB, "单位负责人（签字）："))
    keep_next(par(doc, "Normal"))
    tabbed(doc, stops, TAB, "单位（盖章）", TAB, "日期：　　年　　月　　日")


# ------------------------------------------------------------------ 催报通知


CHASE_HEADERS = [
    "序号",
    "指标",
    "计量单位",
    "目标值",
    "上年数值",
    "{{ value_header }}",
    "分子/分母",
    "数据来源",
    "备注",
]
CHASE_FIELDS = ["no", "name", "measure", "target", "previous", None, None, "source", None]
CHASE_WIDTHS = [450, 1800, 650, 1050, 900, 1000, 1100, 1000, 895]


def chase_body(doc: DocumentObject) -> None:
    par(doc, "一级标题", "一、尚未报送的指标")
    each(doc, "it", "indicators")
    requests(doc, "二、报送要求")


def report_form(doc: DocumentObject) -> None:
    """附件 监测数据报送表: one row per missing indicator, the value columns left for the unit."""
    par(doc, "表格说明", "填报单位（盖章）：", "{{ unit_name }}")
    loop_table(doc, CHASE_WIDTHS, CHASE_HEADERS, CHASE_FIELDS, "rows", left=("name", "target"), height=1020)
    par(doc, "表注", "{{ table_note }}")
    tabbed(doc, [(4500, "left")], "填报人：", TAB, "联系电话：")
    tabbed(doc, [(4500, "left")], "审核人：", TAB, "单位负责人（签字）：")


def build_data_chase() -> DocumentObject:
    return official_document(chase_body, report_form)


BUILDERS: dict[str, Callable[[], DocumentObject]] = {
    "notice": build_notice,
    "checklist": build_checklist,
    "bulletin": build_bulletin,
    "evaluation": build_evaluation,
    "self_assessment": build_self_assessment,
    "data_chase": build_data_chase,
    "review": build_review,
}


def build_all(out_dir: Path = TEMPLATES_DIR) -> list[Path]:
    """Write every default template into out_dir; returns the paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in TEMPLATE_NAMES:
        path = out_dir / f"{name}.docx"
        path.write_bytes(to_bytes(BUILDERS[name]()))
        paths.append(path)
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    out = Path(args[0]) if args else TEMPLATES_DIR
    for path in build_all(out):
        print(f"已生成模板：{path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

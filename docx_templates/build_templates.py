"""Build the default Word templates (notice, checklist, bulletin, evaluation, self_assessment, data_chase .docx)
reproducibly.

Run `python -m docx_templates.build_templates` after changing this file; the committed .docx files must
equal what it writes (a test checks it byte for byte). Every Jinja tag sits whole in one run, so docxtpl
never meets a tag that Word split. Offices restyle the result in Word or WPS through the named styles.
"""

from __future__ import annotations

import copy
import io
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

from . import layout as L
from .layout import Para

HERE = Path(__file__).resolve().parent
TEMPLATE_NAMES = ("notice", "checklist", "bulletin", "evaluation", "self_assessment", "data_chase")
TAB = "\t"  # a run holding a tab character becomes a <w:tab/>
_FIXED_TIME = (2026, 1, 1, 0, 0, 0)

# Paragraph styles: name → (format, font, size, colour). Names are Chinese so an office finds them in Word.
STYLES: list[tuple[str, Para, str, int, str | None]] = [
    ("正文", Para(first_line_chars=2), L.FANGSONG, L.SANHAO, None),
    ("红头", Para(align="center", line=None, before=1701, snap=False), L.XIAOBIAOSONG, 72, L.RED),
    ("发文字号", Para(align="center"), L.FANGSONG, L.SANHAO, None),
    ("公文标题", Para(align="center", snap=False), L.XIAOBIAOSONG, L.ERHAO, None),
    ("主送机关", Para(align="left"), L.FANGSONG, L.SANHAO, None),
    ("一级标题", Para(first_line_chars=2, keep_next=True), L.HEITI, L.SANHAO, None),
    ("二级标题", Para(first_line_chars=2, keep_next=True), L.KAITI, L.SANHAO, None),
    ("附件说明", Para(first_line_chars=2), L.FANGSONG, L.SANHAO, None),
    ("署名", Para(align="right", right_chars=2), L.FANGSONG, L.SANHAO, None),
    ("成文日期", Para(align="right", right_chars=4), L.FANGSONG, L.SANHAO, None),
    ("附注", Para(first_line_chars=2), L.FANGSONG, L.SANHAO, None),
    ("附件标识", Para(align="left", page_break_before=True), L.HEITI, L.SANHAO, None),
    ("版记", Para(align="left", left_chars=1, right_chars=1, char_size=L.SIHAO, snap=False), L.FANGSONG, L.SIHAO, None),
    ("表格文字", Para(align="center", line=400, snap=False, char_size=L.SIHAO), L.FANGSONG, L.SIHAO, None),
    ("表格标签", Para(align="center", line=400, snap=False, char_size=L.SIHAO), L.HEITI, L.SIHAO, None),
    ("表格文字小", Para(align="center", line=300, snap=False, char_size=L.WUHAO), L.FANGSONG, L.WUHAO, None),
    ("表格文字小左", Para(align="left", line=300, snap=False, char_size=L.WUHAO), L.FANGSONG, L.WUHAO, None),
    ("表头小", Para(align="center", line=300, snap=False, char_size=L.WUHAO), L.HEITI, L.WUHAO, None),
    ("表格说明", Para(align="left", line=L.LINE, snap=False), L.FANGSONG, L.SANHAO, None),
    ("页码", Para(align="right", line=None, snap=False, char_size=L.SIHAO), L.SONGTI, L.SIHAO, None),
    ("结束", Para(align="left", line=20, snap=False), L.FANGSONG, 2, None),
    ("副标题", Para(align="center"), L.KAITI, L.SANHAO, None),
    ("编者按", Para(first_line_chars=2), L.KAITI, L.SANHAO, None),
    ("附件说明续", Para(left_chars=5), L.FANGSONG, L.SANHAO, None),
    ("表题", Para(align="left", before=120, snap=False, keep_next=True), L.HEITI, L.SANHAO, None),
    ("表注", Para(align="left", line=400, snap=False, char_size=L.SIHAO), L.FANGSONG, L.SIHAO, None),
]


def new_document(*, landscape: bool = False) -> DocumentObject:
    """A blank document set up for GB/T 9704: A4, margins, fonts, styles, odd/even page-number footers."""
    doc = Document()
    L.set_defaults(doc)
    L.set_language(doc)
    normal = doc.styles["Normal"].element
    L.set_para(L.ppr(normal), Para())
    L.set_run(L.rpr_of(normal), east_asia=L.FANGSONG, size=L.SANHAO)
    for name, fmt, font, size, color in STYLES:
        L.paragraph_style(
            doc, name, fmt, font=font, latin=L.SONGTI if name == "页码" else L.LATIN, size=size, color=color
        )
    L.clean_theme_fonts(doc)
    L.set_page(doc, landscape=landscape)
    L.page_numbers(doc)
    props = doc.core_properties
    props.author = "督办台"
    props.last_modified_by = "督办台"
    props.title = ""
    props.comments = ""
    props.revision = 1
    from datetime import datetime

    props.created = datetime(2026, 1, 1)
    props.modified = datetime(2026, 1, 1)
    body = doc.element.body
    for p in body.findall(qn("w:p")):  # the default template's empty first paragraph
        body.remove(p)
    return doc


def par(doc: DocumentObject, style: str, *parts: str) -> BaseOxmlElement:
    """A paragraph whose parts are each one run (so a tag is never split); TAB makes a tab run."""
    paragraph = doc.add_paragraph(style=style)
    for part in parts:
        if part == TAB:
            r = OxmlElement("w:r")
            r.append(OxmlElement("w:tab"))
            paragraph._p.append(r)
        else:
            paragraph.add_run(part)
    return paragraph._p


def blank(doc: DocumentObject, count: int = 1) -> None:
    for _ in range(count):
        par(doc, "Normal")


def finish(doc: DocumentObject) -> None:
    """The last body paragraph: tiny, so the floating 版记 and a section break never add a page."""
    par(doc, "结束")


# ------------------------------------------------------------------ shared parts


def official_head(doc: DocumentObject) -> None:
    """The head every numbered document shares: red header and number, title, 主送机关, opening paragraph."""
    red_head(doc)
    par(doc, "公文标题", "{{ title }}")
    blank(doc)
    par(doc, "主送机关", "{{ addressee }}", "：")
    par(doc, "正文", "{{ opening }}")


def red_head(doc: DocumentObject) -> None:
    """发文机关标志, two blank lines, 发文字号 with the red rule 4 mm under it, two blank lines."""
    head = par(doc, "红头", "{{ office_name }}")
    for r in head.findall(qn("w:r")):  # red as direct formatting too: GB/T 9704 fixes the colour
        L.set_run(r.get_or_add_rPr(), east_asia=L.XIAOBIAOSONG, color=L.RED)
    blank(doc, 2)
    number = par(doc, "发文字号", "{{ doc_number }}")
    L.rule(L.ppr(number), color=L.RED, size=8, space=6)
    blank(doc, 2)


def _keep_next(p: BaseOxmlElement) -> BaseOxmlElement:
    L.put(L.ppr(p), OxmlElement("w:keepNext"), L._PPR_ORDER)
    return p


def closing_block(doc: DocumentObject) -> None:
    """附件说明, 署名, 成文日期 and the optional 附注 (contact), kept on one page with the last body
    paragraph so the signature never stands alone on a page."""
    texts = [(p, "".join(t.text or "" for t in p.iter(qn("w:t")))) for p in doc.element.body.findall(qn("w:p"))]
    _keep_next([p for p, text in texts if "{%" not in text][-1])
    _keep_next(par(doc, "Normal"))
    _keep_next(par(doc, "附件说明", "附件：", "{{ attachment_title }}"))
    _keep_next(par(doc, "Normal"))
    _keep_next(par(doc, "署名", "{{ signature }}"))
    par(doc, "成文日期", "{{ date_text }}")  # not kept with what follows: the 附件 page breaks anyway
    par(doc, "Normal", "{%p if note %}")
    par(doc, "附注", "{{ note }}")
    par(doc, "Normal", "{%p endif %}")


def attachment_head(doc: DocumentObject) -> None:
    par(doc, "附件标识", "附件")
    blank(doc)
    par(doc, "公文标题", "{{ attachment_title }}")
    blank(doc)


def record_block(doc: DocumentObject) -> None:
    """版记 at the foot of the last page: a table floated to the last two lines of the type area, 抄送 and
    印发 between black rules (0.35 mm first and last, 0.25 mm between). Without 抄送 the row is left out."""
    table = doc.add_table(rows=4, cols=1)
    # Word and WPS float it to the foot of the page; LibreOffice 7 lays a full-width floating table inline,
    # right after the last text (its PDFs show the 版记 there).
    L.table_props(
        table._tbl,
        [L.TEXT_W],
        borders={"top": (8, L.BLACK), "bottom": (8, L.BLACK), "insideH": (6, L.BLACK)},
        float_y=L.TEXT_H - 2 * L.LINE,
        align="left",
    )
    texts: list[Sequence[str]] = [
        ("{%tr if cc %}",),
        ("抄送：", "{{ cc }}", "。"),
        ("{%tr endif %}",),
        ("{{ printer }}", TAB, "{{ print_date }}", "印发"),
    ]
    for row, parts in zip(table.rows, texts, strict=True):
        p = row.cells[0].paragraphs[0]
        p.style = "版记"
        for part in parts:
            p.add_run(part)
        L.cell_valign(row.cells[0]._tc)
        L.row_props(row._tr, height=L.LINE, exact=True)
    last = table.rows[3].cells[0].paragraphs[0]
    L.add_tab(L.ppr(last._p), L.TEXT_W - 2 * 85 - L.SIHAO * 10, "right")


def _table(doc: DocumentObject, rows: int, widths: list[int], *, grid: bool = True):  # type: ignore[no-untyped-def]
    table = doc.add_table(rows=rows, cols=len(widths))
    borders = {side: (4, L.BLACK) for side in ("top", "left", "bottom", "right", "insideH", "insideV")} if grid else {}
    L.table_props(table._tbl, widths, borders=borders)
    return table


def _cell_text(cell, style: str, *parts: str) -> None:  # type: ignore[no-untyped-def]
    p = cell.paragraphs[0]
    p.style = style
    for part in parts:
        p.add_run(part)
    L.cell_valign(cell._tc)


# ------------------------------------------------------------------ 督办通知


def build_notice() -> DocumentObject:
    doc = new_document()
    official_head(doc)
    par(doc, "一级标题", "一、督办事项")
    par(doc, "Normal", "{%p for it in items %}")
    par(doc, "二级标题", "{{ it.heading }}")
    par(doc, "正文", "{{ it.roles }}")
    par(doc, "Normal", "{%p if it.requirement %}")
    par(doc, "正文", "工作要求：", "{{ it.requirement }}")
    par(doc, "Normal", "{%p endif %}")
    par(doc, "正文", "办理期限：", "{{ it.due }}", "；", "{{ it.state }}")
    par(doc, "Normal", "{%p if it.progress %}")
    par(doc, "正文", "最新进展：", "{{ it.progress }}")
    par(doc, "Normal", "{%p endif %}")
    par(doc, "Normal", "{%p endfor %}")
    par(doc, "一级标题", "二、反馈要求")
    par(doc, "正文", "{{ report_text }}")
    par(doc, "正文", "{{ closing }}")
    closing_block(doc)

    attachment_head(doc)
    widths = [2500, 2172, 2000, 2173]
    table = _table(doc, 8, widths)
    rows = table.rows
    labels = [
        ("单位名称（盖章）", None),
        ("联系人", "联系电话"),
        ("督办文号", None),
        ("督办事项", None),
        ("办理情况", None),
        ("存在问题", None),
        ("下一步打算", None),
        ("填报日期", None),
    ]
    heights = [680, 680, 680, 680, 2300, 1500, 1500, 680]
    for index, ((label, second), height) in enumerate(zip(labels, heights, strict=True)):
        row = rows[index]
        cells = row.cells
        if second is None:
            merged = cells[1].merge(cells[3])
            _cell_text(cells[0], "表格标签", label)
            if index == 0:
                _cell_text(merged, "表格文字", "{{ unit_name }}")
            elif label == "督办文号":
                _cell_text(merged, "表格文字", "{{ doc_number }}")
            elif label == "督办事项":
                _cell_text(merged, "表格文字", "{{ item_numbers }}")
            elif label == "填报日期":
                _cell_text(merged, "表格文字", "　　　　年　　月　　日")
            else:
                L.cell_valign(merged._tc, "top")
                merged.paragraphs[0].style = doc.styles["表格文字"]
        else:
            _cell_text(cells[0], "表格标签", label)
            _cell_text(cells[2], "表格标签", second)
            _cell_text(cells[1], "表格文字")
            _cell_text(cells[3], "表格文字")
        L.row_props(row._tr, height=height, exact=index >= 4)
    record_block(doc)
    finish(doc)
    return doc


# ------------------------------------------------------------------ 督查通报


RANK_HEADERS = ["名次", "单位", "承办任务", "已办结", "按期办结", "逾期办结", "未办结", "其中逾期", "按期办结率"]
RANK_FIELDS = ["rank", "unit", "assigned", "done", "on_time", "late", "open", "overdue", "rate"]
RANK_WIDTHS = [600, 2145, 800, 750, 800, 800, 750, 800, 1400]


def build_bulletin() -> DocumentObject:
    doc = new_document()
    official_head(doc)
    par(doc, "一级标题", "一、总体情况")
    par(doc, "Normal", "{%p for m in meetings %}")
    par(doc, "正文", "{{ m }}")
    par(doc, "Normal", "{%p endfor %}")
    par(doc, "一级标题", "二、存在的主要问题")
    par(doc, "正文", "{{ lagging_intro }}")
    par(doc, "Normal", "{%p for u in lagging %}")
    par(doc, "正文", "{{ u }}")
    par(doc, "Normal", "{%p endfor %}")
    par(doc, "一级标题", "三、下一步工作要求")
    par(doc, "Normal", "{%p for r in requirements %}")
    par(doc, "正文", "{{ r }}")
    par(doc, "Normal", "{%p endfor %}")
    closing_block(doc)

    attachment_head(doc)
    table = _table(doc, 4, RANK_WIDTHS)
    header, open_row, data, close_row = table.rows
    for cell, text in zip(header.cells, RANK_HEADERS, strict=True):
        _cell_text(cell, "表格标签", text)
    L.row_props(header._tr, header=True, height=567)
    _cell_text(open_row.cells[0], "表格文字", "{%tr for r in ranking %}")
    for cell, key in zip(data.cells, RANK_FIELDS, strict=True):
        _cell_text(cell, "表格文字", "{{ r." + key + " }}")
    L.row_props(data._tr, height=567)
    _cell_text(close_row.cells[0], "表格文字", "{%tr endfor %}")
    par(doc, "表格说明", "{{ ranking_note }}")
    record_block(doc)
    finish(doc)
    return doc


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
CHECK_WIDTHS = [560, 800, 1900, 1050, 1050, 1150, 1010, 1300, 1060, 1100, 1166, 610]


EVIDENCE_HEADERS = ["序号", "类别", "材料名称", "责任单位", "完成时限", "状态", "文件位置", "检查结果"]
EVIDENCE_FIELDS = ["no", "category", "title", "owner", "due", "status", "file_ref", None]
EVIDENCE_WIDTHS = [560, 1300, 2900, 1300, 2000, 1700, 1900, 1096]
PUBLICITY_HEADERS = ["序号", "类型", "名称", "日期", "组织单位", "覆盖人数", "样本量", "知晓率", "备注", "检查结果"]
PUBLICITY_FIELDS = ["no", "kind", "title", "date", "unit", "reach", "sample", "awareness", "note", None]
PUBLICITY_WIDTHS = [560, 1250, 2500, 2000, 1300, 1000, 900, 900, 1250, 1096]


def _loop_table(  # type: ignore[no-untyped-def]
    doc: DocumentObject,
    widths: list[int],
    headers: list[str],
    fields: list[str | None],
    loop: str,
    *,
    var: str = "r",
    left: tuple[str, ...] = (),
    height: int = 600,
    header_height: int = 600,
    keep_together: bool = False,
):
    """A table with a repeating header row and one data row repeated by `{%tr for var in loop %}`;
    a None field leaves the cell blank (for the inspector or the unit to fill in by hand). `keep_together`
    keeps a short table on one page (every row's paragraphs kept with the next)."""
    table = _table(doc, 4, widths)
    header, open_row, data, close_row = table.rows
    for cell, text in zip(header.cells, headers, strict=True):
        _cell_text(cell, "表头小", text)
    L.row_props(header._tr, header=True, height=header_height)
    _cell_text(open_row.cells[0], "表格文字小", f"{{%tr for {var} in {loop} %}}")
    for cell, key in zip(data.cells, fields, strict=True):
        if key:
            style = "表格文字小左" if key in left else "表格文字小"
            _cell_text(cell, style, "{{ " + var + "." + key + " }}")
        else:
            _cell_text(cell, "表格文字小")
    L.row_props(data._tr, height=height)
    _cell_text(close_row.cells[0], "表格文字小", "{%tr endfor %}")
    if keep_together:
        for row in (header, data):
            for cell in row.cells:
                _keep_next(cell.paragraphs[0]._p)
    return table


def build_checklist() -> DocumentObject:
    doc = new_document(landscape=True)
    par(doc, "公文标题", "{{ title }}")
    par(doc, "表格说明", "被检查单位：", "{{ unit_label }}", TAB, "检查时间：　　　　年　　月　　日")
    tabbed = doc.element.body.findall(qn("w:p"))[-1]
    L.add_tab(L.ppr(tabbed), sum(CHECK_WIDTHS) - 100, "right")
    par(doc, "Normal", "{%p if rows %}")
    table = _table(doc, 4, CHECK_WIDTHS)
    header, open_row, data, close_row = table.rows
    for cell, text in zip(header.cells, CHECK_HEADERS, strict=True):
        _cell_text(cell, "表头小", text)
    L.row_props(header._tr, header=True, height=600)
    _cell_text(open_row.cells[0], "表格文字小", "{%tr for r in rows %}")
    for cell, key in zip(data.cells, CHECK_FIELDS, strict=True):
        if key:
            style = "表格文字小左" if key in ("name", "current", "evidence") else "表格文字小"
            _cell_text(cell, style, "{{ r." + key + " }}")
        else:
            _cell_text(cell, "表格文字小")
    L.row_props(data._tr, height=680)
    _cell_text(close_row.cells[0], "表格文字小", "{%tr endfor %}")
    par(doc, "表格说明", "{{ legend }}")
    par(doc, "Normal", "{%p endif %}")
    par(doc, "Normal", "{%p if evidence %}")
    par(doc, "表题", "佐证材料")
    _loop_table(doc, EVIDENCE_WIDTHS, EVIDENCE_HEADERS, EVIDENCE_FIELDS, "evidence", left=("title", "file_ref"))
    par(doc, "表注", "{{ evidence_note }}")
    par(doc, "Normal", "{%p endif %}")
    par(doc, "Normal", "{%p if publicity %}")
    par(doc, "表题", "宣传活动和知晓率调查")
    _loop_table(doc, PUBLICITY_WIDTHS, PUBLICITY_HEADERS, PUBLICITY_FIELDS, "publicity", left=("title", "note"))
    par(doc, "表注", "{{ publicity_note }}")
    par(doc, "Normal", "{%p endif %}")
    par(doc, "表格说明", "检查人（签字）：", TAB, "被检查单位负责人（签字）：", TAB, "日期：　　年　　月　　日")
    signoff = doc.element.body.findall(qn("w:p"))[-1]
    L.add_tab(L.ppr(signoff), 4000, "left")
    L.add_tab(L.ppr(signoff), 8700, "left")
    finish(doc)
    return doc


# ------------------------------------------------------------------ 中期自评估报告（框架）


DOMAIN_HEADERS = ["领域", "指标数", "提前达标", "达标", "预期可达标", "滞后", "未达标", "无数据", "达标率"]
DOMAIN_FIELDS = ["domain", "count", "ahead", "met", "expected", "behind", "missed", "nodata", "rate"]
DOMAIN_WIDTHS = [1795, 800, 850, 850, 850, 850, 850, 850, 1150]
ANNEX_DATA_HEADERS = [
    "序号",
    "领域",
    "指标（计量单位）",
    "目标值",
    "基线",
    *(f"{{{{ years[{i}] }}}}" for i in range(5)),
    "评判",
    "评判依据",
]
ANNEX_DATA_FIELDS = ["no", "domain", "name", "target", "baseline", *(f"y[{i}]" for i in range(5)), "verdict", "reason"]
ANNEX_DATA_WIDTHS = [450, 1250, 2000, 1250, 950, 700, 700, 700, 700, 700, 1250, 2106]
ANNEX_EVIDENCE_HEADERS = ["序号", "类别", "材料名称", "责任单位", "完成时限", "状态", "文件位置"]
ANNEX_EVIDENCE_FIELDS = ["no", "category", "title", "owner", "due", "status", "file_ref"]
ANNEX_EVIDENCE_WIDTHS = [500, 1300, 3000, 1300, 2000, 1700, 2956]


def _sections(doc: DocumentObject, name: str) -> None:
    """A list of {heading, lines}: each heading a （一） 楷体 line, each line a body paragraph."""
    par(doc, "Normal", "{%p for s in " + name + " %}")
    par(doc, "二级标题", "{{ s.heading }}")
    par(doc, "Normal", "{%p for line in s.lines %}")
    par(doc, "正文", "{{ line }}")
    par(doc, "Normal", "{%p endfor %}")
    par(doc, "Normal", "{%p endfor %}")


def landscape_from_here(doc: DocumentObject) -> None:
    """End the portrait section with a tiny paragraph and turn the rest of the document landscape (the annex
    tables); both sections share the odd/even page-number footers and the numbers run on."""
    final = doc.element.body.find(qn("w:sectPr"))
    p = par(doc, "结束")
    L.put(L.ppr(p), copy.deepcopy(final), L._PPR_ORDER)
    L.put(final, L.el("pgSz", w=L.PAGE_H, h=L.PAGE_W, orient="landscape"), L._SECTPR_ORDER)
    margins = L.el(
        "pgMar",
        top=L.MARGIN_LEFT,
        right=L.MARGIN_TOP,
        bottom=L.MARGIN_RIGHT,
        left=L.MARGIN_BOTTOM,
        header=851,
        footer=L.FOOTER_DISTANCE,
        gutter=0,
    )
    L.put(final, margins, L._SECTPR_ORDER)


def build_evaluation() -> DocumentObject:
    doc = new_document()
    par(doc, "公文标题", "{{ title }}")
    par(doc, "副标题", "{{ subtitle }}")
    blank(doc)
    par(doc, "编者按", "{{ draft_note }}")
    par(doc, "正文", "{{ opening }}")
    par(doc, "一级标题", "一、规划实施总体情况")
    _sections(doc, "overview")
    par(doc, "一级标题", "二、分领域实施情况")
    par(doc, "Normal", "{%p for pl in plans %}")
    par(doc, "二级标题", "{{ pl.heading }}")
    par(doc, "正文", "{{ pl.summary }}")
    _loop_table(
        doc, DOMAIN_WIDTHS, DOMAIN_HEADERS, DOMAIN_FIELDS, "pl.domains", var="d", height=454, keep_together=True
    )
    par(doc, "表注", "{{ pl.note }}")
    par(doc, "正文", "{{ pl.placeholder }}")
    par(doc, "Normal", "{%p endfor %}")
    par(doc, "一级标题", "三、存在的问题及原因")
    _sections(doc, "problems")
    par(doc, "一级标题", "四、下一步工作措施")
    par(doc, "Normal", "{%p for m in measures %}")
    par(doc, "正文", "{{ m }}")
    par(doc, "Normal", "{%p endfor %}")
    texts = [(p, "".join(t.text or "" for t in p.iter(qn("w:t")))) for p in doc.element.body.findall(qn("w:p"))]
    _keep_next([p for p, text in texts if "{%" not in text][-1])
    _keep_next(par(doc, "Normal"))
    _keep_next(par(doc, "附件说明", "附件：1. ", "{{ annex1_title }}"))
    _keep_next(par(doc, "附件说明续", "2. ", "{{ annex2_title }}"))
    _keep_next(par(doc, "Normal"))
    _keep_next(par(doc, "署名", "{{ signature }}"))
    par(doc, "成文日期", "{{ date_text }}")
    landscape_from_here(doc)

    first = par(doc, "附件标识", "附件1")
    L.put(L.ppr(first), L.el("pageBreakBefore", val="0"), L._PPR_ORDER)  # the section break starts the page
    blank(doc)
    par(doc, "公文标题", "{{ annex1_title }}")
    par(doc, "表注", "{{ annex1_note }}")
    _loop_table(
        doc,
        ANNEX_DATA_WIDTHS,
        ANNEX_DATA_HEADERS,
        ANNEX_DATA_FIELDS,
        "annex1",
        left=("name", "target", "reason"),
        height=454,
    )
    par(doc, "附件标识", "附件2")
    blank(doc)
    par(doc, "公文标题", "{{ annex2_title }}")
    par(doc, "表注", "{{ annex2_note }}")
    _loop_table(
        doc,
        ANNEX_EVIDENCE_WIDTHS,
        ANNEX_EVIDENCE_HEADERS,
        ANNEX_EVIDENCE_FIELDS,
        "annex2",
        left=("title", "file_ref"),
        height=454,
    )
    finish(doc)
    return doc


# ------------------------------------------------------------------ 成员单位自评表


SELF_HEADERS = [
    "序号",
    "指标",
    "承担方式",
    "目标值",
    "最新值",
    "计算评判",
    "自评等次",
    "主要做法",
    "存在问题",
    "下一步措施",
]
SELF_FIELDS = ["no", "name", "role", "target", "value", "verdict", None, None, None, None]
SELF_WIDTHS = [450, 2000, 650, 1200, 1350, 1300, 900, 1750, 1550, 1606]
SELF_ITEM_HEADERS = ["序号", "事项编号", "督办事项", "承担方式", "办理期限", "目前状态", "办理情况", "存在问题及下一步"]
SELF_ITEM_FIELDS = ["no", "number", "title", "role", "due", "state", None, None]
SELF_ITEM_WIDTHS = [450, 1000, 2700, 650, 1900, 2000, 2156, 1900]


def build_self_assessment() -> DocumentObject:
    doc = new_document(landscape=True)
    par(doc, "公文标题", "{{ title }}")
    par(doc, "表格说明", "填报单位（盖章）：", "{{ unit_name }}", TAB, "数据年度：", "{{ data_year_text }}")
    tabbed = doc.element.body.findall(qn("w:p"))[-1]
    L.add_tab(L.ppr(tabbed), sum(SELF_WIDTHS) - 100, "right")
    par(doc, "表题", "一、承担的监测指标")
    par(doc, "Normal", "{%p if indicators %}")
    _loop_table(
        doc, SELF_WIDTHS, SELF_HEADERS, SELF_FIELDS, "indicators", left=("name", "target", "value"), height=1134
    )
    par(doc, "表注", "{{ legend }}")
    par(doc, "Normal", "{%p else %}")
    par(doc, "表格说明", "本单位未承担监测指标。")
    par(doc, "Normal", "{%p endif %}")
    par(doc, "表题", "二、承办的督办事项（未办结）")
    par(doc, "Normal", "{%p if items %}")
    _loop_table(
        doc, SELF_ITEM_WIDTHS, SELF_ITEM_HEADERS, SELF_ITEM_FIELDS, "items", left=("title", "state"), height=850
    )
    par(doc, "Normal", "{%p else %}")
    par(doc, "表格说明", "目前没有未办结的督办事项。")
    par(doc, "Normal", "{%p endif %}")
    blank(doc)
    par(doc, "表格说明", "填报人：", TAB, "联系电话：", TAB, "单位负责人（签字）：")
    line = doc.element.body.findall(qn("w:p"))[-1]
    L.add_tab(L.ppr(line), 4200, "left")
    L.add_tab(L.ppr(line), 8400, "left")
    blank(doc)
    par(doc, "表格说明", TAB, "单位（盖章）", TAB, "日期：　　年　　月　　日")
    line = doc.element.body.findall(qn("w:p"))[-1]
    L.add_tab(L.ppr(line), 4200, "left")
    L.add_tab(L.ppr(line), 8400, "left")
    finish(doc)
    return doc


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


def build_data_chase() -> DocumentObject:
    doc = new_document()
    official_head(doc)
    par(doc, "一级标题", "一、尚未报送的指标")
    par(doc, "Normal", "{%p for it in indicators %}")
    par(doc, "正文", "{{ it }}")
    par(doc, "Normal", "{%p endfor %}")
    par(doc, "一级标题", "二、报送要求")
    par(doc, "正文", "{{ report_text }}")
    par(doc, "正文", "{{ closing }}")
    closing_block(doc)

    attachment_head(doc)
    par(doc, "表格说明", "填报单位（盖章）：", "{{ unit_name }}")
    _loop_table(doc, CHASE_WIDTHS, CHASE_HEADERS, CHASE_FIELDS, "rows", left=("name", "target"), height=1020)
    par(doc, "表注", "{{ table_note }}")
    par(doc, "表格说明", "填报人：", TAB, "联系电话：")
    line = doc.element.body.findall(qn("w:p"))[-1]
    L.add_tab(L.ppr(line), 4500, "left")
    par(doc, "表格说明", "审核人：", TAB, "单位负责人（签字）：")
    line = doc.element.body.findall(qn("w:p"))[-1]
    L.add_tab(L.ppr(line), 4500, "left")
    record_block(doc)
    finish(doc)
    return doc


BUILDERS = {
    "notice": build_notice,
    "checklist": build_checklist,
    "bulletin": build_bulletin,
    "evaluation": build_evaluation,
    "self_assessment": build_self_assessment,
    "data_chase": build_data_chase,
}


def _fix_tabs(doc: DocumentObject) -> None:
    """python-docx writes a literal tab character into w:t; Word wants <w:tab/>."""
    for t in list(doc.element.body.iter(qn("w:t"))):
        if t.text == TAB:
            r = t.getparent()
            r.replace(t, OxmlElement("w:tab"))


def to_bytes(doc: DocumentObject) -> bytes:
    """Save with fixed zip timestamps so the same code always writes the same bytes."""
    _fix_tabs(doc)
    raw = io.BytesIO()
    doc.save(raw)
    raw.seek(0)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def build_all(out_dir: Path = HERE) -> list[Path]:
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
    out = Path(args[0]) if args else HERE
    for path in build_all(out):
        print(f"已生成模板：{path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

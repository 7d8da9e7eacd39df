"""Building blocks of the default Word templates: the GB/T 9704 page and named styles, paragraphs whose every Jinja
tag is one run, the official head and foot of a 公文, tables with a repeating header row, reproducible bytes.

Used by tools/build_templates.py (one function per template); not part of the installed program.
"""

from __future__ import annotations

import copy
import io
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

from docx_templates import fonts
from docx_templates import layout as L
from docx_templates.layout import Para
from store.records.model import DEFAULT_SETTINGS

TAB = "\t"  # a run holding a tab character becomes a <w:tab/>
_FIXED_TIME = (2026, 1, 1, 0, 0, 0)
RECORD_ROW = 550  # 版记 rows (twips): two rows, three rules and the 1 pt end paragraph fit in the last two lines
RECORD_LINE = RECORD_ROW - 40  # its text's line: lower than the row, or the text is clipped or pushed out
SIHAO = (L.FANGSONG, L.SIHAO, None)

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
    ("版记", Para(align="left", left_chars=1, right_chars=1, line=RECORD_LINE, char_size=L.SIHAO, snap=False), *SIHAO),
    ("表格文字", Para(align="center", line=400, snap=False, char_size=L.SIHAO), L.FANGSONG, L.SIHAO, None),
    ("表格标签", Para(align="center", line=400, snap=False, char_size=L.SIHAO), L.HEITI, L.SIHAO, None),
    ("表格文字小", Para(align="center", line=300, snap=False, char_size=L.WUHAO), L.FANGSONG, L.WUHAO, None),
    ("表格文字小左", Para(align="left", line=300, snap=False, char_size=L.WUHAO), L.FANGSONG, L.WUHAO, None),
    ("表头小", Para(align="center", line=300, snap=False, char_size=L.WUHAO), L.HEITI, L.WUHAO, None),
    ("表格说明", Para(align="left", line=L.LINE, snap=False), L.FANGSONG, L.SANHAO, None),
    ("签字栏", Para(align="left", line=L.LINE, snap=False), L.FANGSONG, L.SANHAO, None),
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


def keep_next(p: BaseOxmlElement) -> BaseOxmlElement:
    """Keep the paragraph on the page of the next one."""
    L.put(L.ppr(p), OxmlElement("w:keepNext"), L._PPR_ORDER)
    return p


ATTACHMENT = (("附件说明", "附件：", "{{ attachment_title }}"),)


def closing_block(doc: DocumentObject, attachments: Sequence[Sequence[str]] = ATTACHMENT, *, note: bool = True) -> None:
    """附件说明 (each line a style and its parts), 署名, 成文日期 and the optional 附注 (contact). The blank lines,
    附件说明 and 署名 are kept with what follows; render.finish() keeps the last body paragraph with them (here it
    may be a loop's paragraph, and every paragraph the loop writes would carry the keep)."""
    keep_next(par(doc, "Normal"))
    for style, *parts in attachments:
        keep_next(par(doc, style, *parts))
    keep_next(par(doc, "Normal"))
    keep_next(par(doc, "署名", "{{ signature }}"))
    par(doc, "成文日期", "{{ date_text }}")  # not kept with what follows: the 附件 page breaks anyway
    if note:
        when(doc, "note", "附注", "{{ note }}")


def each(doc: DocumentObject, var: str, seq: str, style: str = "正文") -> None:
    """One paragraph per element of `seq` (a list of strings)."""
    par(doc, "Normal", f"{{%p for {var} in {seq} %}}")
    par(doc, style, "{{ " + var + " }}")
    par(doc, "Normal", "{%p endfor %}")


def when(doc: DocumentObject, condition: str, style: str, *parts: str) -> None:
    """A paragraph left out when `condition` is empty."""
    par(doc, "Normal", f"{{%p if {condition} %}}")
    par(doc, style, *parts)
    par(doc, "Normal", "{%p endif %}")


def tabbed(doc: DocumentObject, stops: Sequence[tuple[int, str]], *parts: str) -> BaseOxmlElement:
    """A 表格说明 line whose TAB parts jump to the given tab stops (position in twips, alignment)."""
    p = par(doc, "表格说明", *parts)
    for position, align in stops:
        L.add_tab(L.ppr(p), position, align)
    return p


def requests(doc: DocumentObject, heading: str) -> None:
    """二、反馈要求 (or 报送要求): the heading, what to send by when, and the closing paragraph."""
    par(doc, "一级标题", heading)
    par(doc, "正文", "{{ report_text }}")
    par(doc, "正文", "{{ closing }}")


def official_document(
    body: Callable[[DocumentObject], None], attachment: Callable[[DocumentObject], None]
) -> DocumentObject:
    """A numbered 公文: red head, title, 主送机关 and opening; the kind's `body`; 附件说明, signature and date;
    the 附件 on a new page (its mark, title and the kind's `attachment`); the 版记 at the foot."""
    doc = new_document()
    official_head(doc)
    body(doc)
    closing_block(doc)
    attachment_head(doc)
    attachment(doc)
    record_block(doc)
    finish(doc)
    return doc


def if_any(
    doc: DocumentObject,
    condition: str,
    make_table: Callable[[], object],
    *,
    title: str = "",
    note: tuple[str, str] | None = None,
    otherwise: str = "",
    lead: tuple[str, str] | None = None,
) -> list[BaseOxmlElement]:
    """A table shown only when `condition` has rows: its 表题, a (style, text) `lead` line, the table and a note
    after it; else the `otherwise` line (or nothing). Returns the paragraphs that end either branch (the note,
    the `otherwise` line), for a caller that keeps what follows on their page."""
    ends: list[BaseOxmlElement] = []
    par(doc, "Normal", f"{{%p if {condition} %}}")
    if title:
        par(doc, "表题", title)
    if lead:
        keep_next(par(doc, *lead))
    make_table()
    if note:
        ends.append(par(doc, *note))
    if otherwise:
        par(doc, "Normal", "{%p else %}")
        ends.append(par(doc, "表格说明", otherwise))
    par(doc, "Normal", "{%p endif %}")
    return ends


def attachment_head(doc: DocumentObject) -> None:
    par(doc, "附件标识", "附件")
    blank(doc)
    par(doc, "公文标题", "{{ attachment_title }}")
    blank(doc)


def record_block(doc: DocumentObject) -> None:
    """版记 at the foot of the last page: a table floated to the foot of the type area, 抄送 and 印发 between
    black rules (0.35 mm first and last, 0.25 mm between). Without 抄送 the row is left out; a 抄送 that wraps
    grows the block upwards and its second line starts under the first name (GB/T 9704 7.4.2)."""
    made = record_table(doc, 4)
    texts: list[Sequence[str]] = [
        ("{%tr if cc %}",),
        ("抄送：", "{{ cc }}", "。"),
        ("{%tr endif %}",),
        ("{{ printer }}", TAB, "{{ print_date }}", "印发"),
    ]
    for row, parts in zip(made.rows, texts, strict=True):
        p = row.cells[0].paragraphs[0]
        p.style = "版记"
        for part in parts:
            p.add_run(part)
        L.cell_valign(row.cells[0]._tc)
        L.row_props(row._tr, height=RECORD_ROW)  # at least: the row grows when 抄送 wraps
    char = L.SIHAO * 10
    cc = made.rows[1].cells[0].paragraphs[0]
    L.put(L.ppr(cc._p), L.el("ind", left=4 * char, right=char, hanging=3 * char), L._PPR_ORDER)  # after 抄送：
    last = made.rows[3].cells[0].paragraphs[0]
    L.add_tab(L.ppr(last._p), L.TEXT_W - 2 * L.CELL_MARGIN - char, "right")


def record_table(doc: DocumentObject, rows: int) -> Any:
    """The 版记's table: as wide as the type area, black rules above, below and between, floated to its foot."""
    made = doc.add_table(rows=rows, cols=1)
    rules = {"top": (8, L.BLACK), "bottom": (8, L.BLACK), "insideH": (6, L.BLACK)}
    L.table_props(made._tbl, [L.TEXT_W], borders=rules, align="left")
    L.float_at_foot(made._tbl, 2 * RECORD_ROW)
    return made


GRID = {side: (4, L.BLACK) for side in ("top", "left", "bottom", "right", "insideH", "insideV")}


def table(doc: DocumentObject, rows: int, widths: list[int]) -> Any:
    """A table ruled on every side and between every cell, columns of the given widths (twips)."""
    made = doc.add_table(rows=rows, cols=len(widths))
    L.table_props(made._tbl, widths, borders=GRID)
    return made


def cell_text(cell: Any, style: str, *parts: str) -> None:
    p = cell.paragraphs[0]
    p.style = style
    for part in parts:
        p.add_run(part)
    L.cell_valign(cell._tc)


def loop_table(
    doc: DocumentObject,
    widths: list[int],
    headers: list[str],
    fields: Sequence[str | None],
    loop: str,
    *,
    var: str = "r",
    left: tuple[str, ...] = (),
    height: int = 600,
    header_height: int = 600,
    keep_together: bool = False,
    keep_last: bool = False,
    header_style: str = "表头小",
    text_style: str = "表格文字小",
    banner: Line | None = None,
    tail: Sequence[Line] = (),
) -> Any:
    """A table with a repeating header row and one data row repeated by `{%tr for var in loop %}`;
    a None field leaves the cell blank (for the inspector or the unit to fill in by hand), a `left` one is
    aligned left (表格文字小左). `keep_together` keeps a short table on one page (every row's paragraphs kept
    with the next); `keep_last` keeps only the last row on the page of what follows the table (a second loop over
    `loop[-1:]`, its row kept with the next paragraph), so a sign-off after it never starts a page alone. A
    `banner` line goes in a first row across the table that repeats on every page with the header row; the `tail`
    lines (a note, a sign-off) in rows across the table under the data rows, so a page that holds only them still
    starts with the banner and the headings."""
    loops = [f"{loop}[:-1]", f"{loop}[-1:]"] if keep_last else [loop]
    first = 1 if banner else 0
    made = table(doc, first + 1 + 3 * len(loops), widths)
    if banner:
        line_row(made.rows[0], sum(widths), banner, header=True)
    header = made.rows[first]
    for cell, text in zip(header.cells, headers, strict=True):
        cell_text(cell, header_style, text)
    L.row_props(header._tr, header=True, height=header_height)
    data_rows = []
    for n, each_loop in enumerate(loops):
        open_row, data, close_row = made.rows[first + 1 + 3 * n : first + 4 + 3 * n]
        cell_text(open_row.cells[0], text_style, f"{{%tr for {var} in {each_loop} %}}")
        for cell, key in zip(data.cells, fields, strict=True):
            if key:
                style = "表格文字小左" if key in left else text_style
                cell_text(cell, style, "{{ " + var + "." + key + " }}")
            else:
                cell_text(cell, text_style)
        L.row_props(data._tr, height=height)
        cell_text(close_row.cells[0], text_style, "{%tr endfor %}")
        data_rows.append(data)
    for line in tail:
        if line.condition:
            cell_text(made.add_row().cells[0], text_style, f"{{%tr if {line.condition} %}}")
        line_row(made.add_row(), sum(widths), line)
        if line.condition:
            cell_text(made.add_row().cells[0], text_style, "{%tr endif %}")
    kept = [header, *data_rows] if keep_together else data_rows[-1:] if keep_last else []
    for row in kept:
        for cell in row.cells:
            keep_next(cell.paragraphs[0]._p)
    return made


@dataclass(frozen=True)
class Line:
    """A line of text in a row across a table: its style, its parts (TAB jumps to the next stop), the tab stops
    (twips from the cell's text, alignment) and a Jinja condition that leaves the row out when false."""

    style: str
    parts: tuple[str, ...]
    stops: tuple[tuple[int, str], ...] = ()
    condition: str = ""


def line_row(row: Any, width: int, line: Line, *, header: bool = False) -> None:
    """One cell across the row holding `line`, without side rules: a repeating header row is ruled underneath
    (the banner over the headings), a row under the data rows (a note, a sign-off) not at all."""
    cell = row.cells[0].merge(row.cells[-1])
    cell_text(cell, line.style, *line.parts)
    for position, align in line.stops or ((width - 2 * L.CELL_MARGIN, "right"),):
        L.add_tab(L.ppr(cell.paragraphs[0]._p), position, align)
    L.cell_valign(cell._tc, "bottom" if header else "top")
    sides = L.el("tcBorders")
    for side in ("top", "left", "bottom", "right"):
        if not (header and side == "bottom"):
            sides.append(L.el(side, val="nil"))
    L.put(cell._tc.get_or_add_tcPr(), sides, L._TCPR_ORDER)
    L.row_props(row._tr, header=header, height=L.LINE)


def sections(doc: DocumentObject, name: str) -> None:
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


def _fix_tabs(doc: DocumentObject) -> None:
    """python-docx writes a literal tab character into w:t; Word wants <w:tab/>."""
    for t in list(doc.element.body.iter(qn("w:t"))):
        if t.text == TAB:
            r = t.getparent()
            r.replace(t, OxmlElement("w:tab"))


def to_bytes(doc: DocumentObject) -> bytes:
    """Save with fixed zip timestamps so the same code always writes the same bytes; the font table lists the
    default faces with their fallbacks (rendering renames them to the office's choice)."""
    _fix_tabs(doc)
    fonts.use_fonts(doc, DEFAULT_SETTINGS)
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

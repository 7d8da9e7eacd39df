"""GB/T 9704-2012 layout helpers: page, fonts, styles, rules, page-number footers.

python-docx writes Chinese font names only when told to put them in `w:eastAsia`, and the default template's
theme font attributes override any explicit name, so every font goes through `set_fonts`, which removes them.
The same helpers build the default templates (tools/build_templates.py) and the bare baseline in bench/.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

# ------------------------------------------------------------------ numbers from gbt9704.md

PAGE_W = 11906  # A4 in twips
PAGE_H = 16838
MARGIN_TOP = 2098  # 37 mm 天头
MARGIN_LEFT = 1587  # 28 mm 订口
MARGIN_RIGHT = 1474  # 26 mm
MARGIN_BOTTOM = 1984  # 35 mm
TEXT_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT  # 8845 twips = 156 mm
TEXT_H = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM  # 12756 twips = 225 mm
LINE = 579  # 28.95 pt: exactly 22 lines in the type area
CELL_MARGIN = 85  # twips left and right inside every table cell
FOOTER_DISTANCE = 1304  # 23 mm from the page edge: the number sits about 7 mm under the type area

FANGSONG = "仿宋_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONGTI = "宋体"
LATIN = "Times New Roman"

RED = "FF0000"
BLACK = "000000"

# Chinese size names in half-points (w:sz): 二号 22 pt, 三号 16 pt, 四号 14 pt, 五号 10.5 pt.
ERHAO = 44
SANHAO = 32
SIHAO = 28
WUHAO = 21

THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")

_PPR_ORDER = (
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
)
_RPR_ORDER = (
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
)
_TBLPR_ORDER = (
    "tblStyle",
    "tblpPr",
    "tblOverlap",
    "bidiVisual",
    "tblStyleRowBandSize",
    "tblStyleColBandSize",
    "tblW",
    "jc",
    "tblCellSpacing",
    "tblInd",
    "tblBorders",
    "shd",
    "tblLayout",
    "tblCellMar",
    "tblLook",
)
_SECTPR_ORDER = (
    "headerReference",
    "footerReference",
    "footnotePr",
    "endnotePr",
    "type",
    "pgSz",
    "pgMar",
    "paperSrc",
    "pgBorders",
    "lnNumType",
    "pgNumType",
    "cols",
    "formProt",
    "vAlign",
    "noEndnote",
    "titlePg",
    "textDirection",
    "bidi",
    "rtlGutter",
    "docGrid",
    "printerSettings",
    "sectPrChange",
)
_TRPR_ORDER = (
    "cnfStyle",
    "divId",
    "gridBefore",
    "gridAfter",
    "wBefore",
    "wAfter",
    "cantSplit",
    "trHeight",
    "tblHeader",
    "tblCellSpacing",
    "jc",
    "hidden",
)
_TCPR_ORDER = (
    "cnfStyle",
    "tcW",
    "gridSpan",
    "hMerge",
    "vMerge",
    "tcBorders",
    "shd",
    "noWrap",
    "tcMar",
    "textDirection",
    "tcFitText",
    "vAlign",
    "hideMark",
)


def el(tag: str, **attrs: str | int) -> BaseOxmlElement:
    """A new `w:` element; keyword `val` becomes `w:val`, and so on."""
    node = OxmlElement(f"w:{tag}")
    for key, value in attrs.items():
        node.set(qn(f"w:{key}"), str(value))
    return node


def put(parent: BaseOxmlElement, child: BaseOxmlElement, order: tuple[str, ...]) -> BaseOxmlElement:
    """Insert `child` in schema order, replacing an element of the same tag (Word rejects misordered XML)."""
    local = child.tag.split("}")[1]
    for old in parent.findall(qn(f"w:{local}")):
        parent.remove(old)
    rank = order.index(local)
    for index, existing in enumerate(parent):
        name = existing.tag.split("}")[1] if "}" in existing.tag else ""
        if name in order and order.index(name) > rank:
            parent.insert(index, child)
            return child
    parent.append(child)
    return child


def ppr(paragraph_element: BaseOxmlElement) -> BaseOxmlElement:
    """The w:pPr of a paragraph or a style, created when missing."""
    return paragraph_element.get_or_add_pPr()


def rpr_of(element: BaseOxmlElement) -> BaseOxmlElement:
    return element.get_or_add_rPr()


# ------------------------------------------------------------------ runs


def set_fonts(rpr: BaseOxmlElement, east_asia: str, latin: str = LATIN) -> None:
    """Name the Chinese face in w:eastAsia and the Latin one in ascii/hAnsi; drop theme attributes."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = put(rpr, el("rFonts"), _RPR_ORDER)
    for attr in THEME_ATTRS:
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")


def set_run(
    rpr: BaseOxmlElement,
    *,
    east_asia: str | None = None,
    latin: str = LATIN,
    size: int | None = None,
    bold: bool | None = None,
    color: str | None = None,
    scale: int | None = None,
    spacing: int | None = None,
) -> None:
    """Run properties in half-points (`size`), percent (`scale`, w:w) and twips (`spacing`)."""
    if east_asia:
        set_fonts(rpr, east_asia, latin)
    if bold is not None:
        put(rpr, el("b", val="1" if bold else "0"), _RPR_ORDER)
        put(rpr, el("bCs", val="1" if bold else "0"), _RPR_ORDER)
    if color:
        put(rpr, el("color", val=color), _RPR_ORDER)
    if spacing is not None:
        put(rpr, el("spacing", val=spacing), _RPR_ORDER)
    if scale is not None:
        put(rpr, el("w", val=scale), _RPR_ORDER)
    if size is not None:
        put(rpr, el("sz", val=size), _RPR_ORDER)
        put(rpr, el("szCs", val=size), _RPR_ORDER)


# ------------------------------------------------------------------ paragraphs


@dataclass(frozen=True)
class Para:
    """Paragraph format; indents in characters (as Word's 字符 unit), spacing in twips."""

    align: str = "both"
    first_line_chars: int = 0
    left_chars: int = 0
    right_chars: int = 0
    line: int | None = LINE  # exact line height in twips; None = single (auto)
    before: int = 0
    after: int = 0
    snap: bool = True
    page_break_before: bool = False
    keep_next: bool = False
    char_size: int = SANHAO  # half-points of the text, to turn characters into twips


def set_para(p: BaseOxmlElement, fmt: Para) -> None:
    """Write a Para into a w:pPr (of a paragraph or a style)."""
    unit = fmt.char_size * 10  # one character in twips (half-points × 10)
    if fmt.keep_next:
        put(p, el("keepNext"), _PPR_ORDER)
    if fmt.page_break_before:
        put(p, el("pageBreakBefore"), _PPR_ORDER)
    put(p, el("widowControl", val="0"), _PPR_ORDER)
    if not fmt.snap:
        put(p, el("snapToGrid", val="0"), _PPR_ORDER)
    if fmt.line is None:
        spacing = el("spacing", before=fmt.before, after=fmt.after, line=240, lineRule="auto")
    else:
        spacing = el("spacing", before=fmt.before, after=fmt.after, line=fmt.line, lineRule="exact")
    put(p, spacing, _PPR_ORDER)
    # Twips only: LibreOffice misplaces a first line that starts with "（" when w:firstLineChars is given.
    ind = el("ind", left=fmt.left_chars * unit, right=fmt.right_chars * unit, firstLine=fmt.first_line_chars * unit)
    put(p, ind, _PPR_ORDER)
    put(p, el("jc", val=fmt.align), _PPR_ORDER)


def set_right_indent(p: BaseOxmlElement, twips: int) -> None:
    """Right indent in twips, dropping a character-based value that would override it."""
    ind = p.find(qn("w:ind"))
    if ind is None:
        ind = put(p, el("ind"), _PPR_ORDER)
    ind.set(qn("w:right"), str(max(0, twips)))
    ind.attrib.pop(qn("w:rightChars"), None)


def rule(p: BaseOxmlElement, *, side: str = "bottom", color: str = RED, size: int = 8, space: int = 0) -> None:
    """A paragraph border as a rule as wide as the type area; `size` in eighths of a point."""
    borders = p.find(qn("w:pBdr"))
    if borders is None:
        borders = put(p, el("pBdr"), _PPR_ORDER)
    order = ("top", "left", "bottom", "right", "between", "bar")
    put(borders, el(side, val="single", sz=size, space=space, color=color), order)


def add_tab(p: BaseOxmlElement, pos: int, kind: str = "right") -> None:
    tabs = p.find(qn("w:tabs"))
    if tabs is None:
        tabs = put(p, el("tabs"), _PPR_ORDER)
    tabs.append(el("tab", val=kind, pos=pos))


# ------------------------------------------------------------------ styles


def clean_theme_fonts(doc: DocumentObject) -> None:
    """Remove every theme font attribute from styles.xml, so explicit names win in Word and WPS."""
    for fonts in doc.styles.element.iter(qn("w:rFonts")):
        for attr in THEME_ATTRS:
            fonts.attrib.pop(qn(attr), None)


def set_defaults(doc: DocumentObject) -> None:
    """docDefaults: 三号仿宋, Times New Roman digits, zh-CN, no paragraph spacing, exact 28.95 pt lines."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_run(rpr, east_asia=FANGSONG, size=SANHAO)
    put(rpr, el("lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA"), _RPR_ORDER)
    ppr_default = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    put(ppr_default, el("spacing", before=0, after=0, line=LINE, lineRule="exact"), _PPR_ORDER)
    clean_theme_fonts(doc)


def paragraph_style(
    doc: DocumentObject,
    name: str,
    fmt: Para,
    *,
    font: str = FANGSONG,
    latin: str = LATIN,
    size: int = SANHAO,
    bold: bool = False,
    color: str | None = None,
    base: str | None = "Normal",
) -> None:
    """Add (or redefine) a named paragraph style an office can restyle in Word."""
    styles = doc.styles.element
    element = styles.get_by_id(name)  # ids equal names here; by id is O(1)-ish, by name walks every style
    if element is None:
        element = styles.add_style_of_type(name, WD_STYLE_TYPE.PARAGRAPH, builtin=False)
    if base and name != base:
        element.basedOn_val = base
    element.qFormat_val = True
    set_para(ppr(element), fmt)
    set_run(rpr_of(element), east_asia=font, latin=latin, size=size, bold=bold, color=color or BLACK)


# ------------------------------------------------------------------ section and page numbers


def set_page(doc: DocumentObject, *, landscape: bool = False) -> None:
    """A4 with the GB/T 9704 margins; landscape turns the type area with the page (225 × 156 mm)."""
    section = doc.sections[0]
    sect = section._sectPr
    if landscape:
        width, height = PAGE_H, PAGE_W
        top, right, bottom, left = MARGIN_LEFT, MARGIN_TOP, MARGIN_RIGHT, MARGIN_BOTTOM
        size = el("pgSz", w=width, h=height, orient="landscape")
    else:
        width, height = PAGE_W, PAGE_H
        top, right, bottom, left = MARGIN_TOP, MARGIN_RIGHT, MARGIN_BOTTOM, MARGIN_LEFT
        size = el("pgSz", w=width, h=height)
    put(sect, size, _SECTPR_ORDER)
    put(
        sect,
        el("pgMar", top=top, right=right, bottom=bottom, left=left, header=851, footer=FOOTER_DISTANCE, gutter=0),
        _SECTPR_ORDER,
    )
    # A line grid only: LibreOffice misreads a character grid (w:charSpace) and spreads the text, so the
    # 28-characters-per-line grid is left to offices that want it (Word: 页面设置 → 文档网格).
    put(sect, el("docGrid", type="lines", linePitch=LINE), _SECTPR_ORDER)


def page_field(paragraph_element: BaseOxmlElement, font_size: int = SIHAO) -> None:
    """Append '— PAGE —' as runs: the em-dash text, a PAGE field (begin/instr/separate/result/end)."""

    def run(child: BaseOxmlElement | None = None, text: str | None = None) -> None:
        r = OxmlElement("w:r")
        rpr = OxmlElement("w:rPr")
        set_run(rpr, east_asia=SONGTI, latin=SONGTI, size=font_size)
        r.append(rpr)
        if child is not None:
            r.append(child)
        if text is not None:
            t = OxmlElement("w:t")
            t.set(qn("xml:space"), "preserve")
            t.text = text
            r.append(t)
        paragraph_element.append(r)

    run(text="— ")
    run(el("fldChar", fldCharType="begin"))
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    run(instr)
    run(el("fldChar", fldCharType="separate"))
    run(text="1")
    run(el("fldChar", fldCharType="end"))
    run(text=" —")


def page_numbers(doc: DocumentObject) -> None:
    """Odd pages: number on the right, one character in; even pages: on the left (separate footers)."""
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    for footer, align in ((section.footer, "right"), (section.even_page_footer, "left")):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.style = doc.styles["页码"]
        fmt = Para(
            align=align,
            right_chars=1 if align == "right" else 0,
            left_chars=1 if align == "left" else 0,
            line=None,
            snap=False,
            char_size=SIHAO,
        )
        set_para(ppr(paragraph._p), fmt)
        page_field(paragraph._p)
    # An empty header of each kind keeps Word from drawing its default header rule.
    for header in (section.header, section.even_page_header):
        header.is_linked_to_previous = False


def set_language(doc: DocumentObject) -> None:
    """zh-CN theme language in settings so punctuation takes the Chinese font."""
    settings = doc.settings.element
    lang = settings.find(qn("w:themeFontLang"))
    if lang is None:
        lang = OxmlElement("w:themeFontLang")
        settings.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


# ------------------------------------------------------------------ tables


def table_props(
    table_element: BaseOxmlElement,
    widths: Iterable[int],
    *,
    borders: dict[str, tuple[int, str]] | None = None,
    align: str = "center",
) -> None:
    """Fixed column widths (twips) and explicit borders {side: (eighths of a point, colour)}."""
    widths = list(widths)
    tbl_pr = table_element.tblPr
    for old in tbl_pr.findall(qn("w:tblStyle")):
        tbl_pr.remove(old)
    put(tbl_pr, el("tblW", w=sum(widths), type="dxa"), _TBLPR_ORDER)
    put(tbl_pr, el("jc", val=align), _TBLPR_ORDER)
    box = el("tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        size, color = (borders or {}).get(side, (0, "auto"))
        if size:
            box.append(el(side, val="single", sz=size, space=0, color=color))
        else:
            box.append(el(side, val="nil"))
    put(tbl_pr, box, _TBLPR_ORDER)
    put(tbl_pr, el("tblLayout", type="fixed"), _TBLPR_ORDER)
    margins = el("tblCellMar")
    for side, value in (("top", 0), ("left", CELL_MARGIN), ("bottom", 0), ("right", CELL_MARGIN)):
        margins.append(el(side, w=value, type="dxa"))
    put(tbl_pr, margins, _TBLPR_ORDER)
    grid = table_element.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=False):
        col.set(qn("w:w"), str(width))
    for tr in table_element.findall(qn("w:tr")):
        for tc, width in zip(tr.findall(qn("w:tc")), widths, strict=False):
            tc_pr = tc.get_or_add_tcPr()
            put(tc_pr, el("tcW", w=width, type="dxa"), _TCPR_ORDER)


def float_at_foot(table_element: BaseOxmlElement, height: int) -> None:
    """Float a table as wide as the type area to its foot (the 版记), `height` twips high.

    Measured in LibreOffice 7.4 (issue 15): `tblpYSpec="bottom"` relative to the margin puts the last rule on the
    foot whatever the rows hold; `horzAnchor="page"` with `tblpX` = the left margin is what makes LibreOffice float
    a full-width table at all (relative to the margin it lays it inline, under the last text). Word takes the same
    settings from its Table Positioning dialog (Vertical: Bottom, relative to Margin). `tblpY` (the type area's
    height less `height`) is for a reader that ignores `tblpYSpec`; render.finish() sets it for the rows left."""
    position = el(
        "tblpPr",
        leftFromText=0,
        rightFromText=0,
        topFromText=0,
        bottomFromText=0,
        vertAnchor="margin",
        horzAnchor="page",
        tblpX=MARGIN_LEFT,
        tblpY=TEXT_H - height,
        tblpYSpec="bottom",
    )
    put(table_element.tblPr, position, _TBLPR_ORDER)
    put(table_element.tblPr, el("tblOverlap", val="never"), _TBLPR_ORDER)


def row_props(
    tr: BaseOxmlElement,
    *,
    header: bool = False,
    cant_split: bool = True,
    height: int | None = None,
    exact: bool = False,
) -> None:
    """w:tblHeader repeats a header row on every page; w:cantSplit keeps a row on one page."""
    tr_pr = tr.get_or_add_trPr()
    if cant_split:
        put(tr_pr, el("cantSplit"), _TRPR_ORDER)
    if height:
        put(tr_pr, el("trHeight", val=height, hRule="exact" if exact else "atLeast"), _TRPR_ORDER)
    if header:
        put(tr_pr, el("tblHeader"), _TRPR_ORDER)


def cell_valign(tc: BaseOxmlElement, value: str = "center") -> None:
    put(tc.get_or_add_tcPr(), el("vAlign", val=value), _TCPR_ORDER)


def section_break(sect_pr: BaseOxmlElement, *, odd_page: bool = True, restart: bool = True) -> None:
    """Make a section start on a new (odd) page with page numbers from 1, for combined print files."""
    put(sect_pr, el("type", val="oddPage" if odd_page else "nextPage"), _SECTPR_ORDER)
    if restart:
        put(sect_pr, el("pgNumType", start=1), _SECTPR_ORDER)


# ------------------------------------------------------------------ text measure


def text_width_chars(text: str) -> float:
    """Width in 三号 characters: CJK and full-width count 1, ASCII (Times New Roman digits) about 0.5."""
    import unicodedata

    return sum(1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.5 for ch in text)

"""Paper that reads right (issue 15), measured on the LibreOffice PDF: no half-empty page of body text, the 版记's
印发 line on the foot of the last page whatever comes before it. The .docx-only checks run without LibreOffice."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from docx_templates import build_bulletin, build_checklist, build_notice, convert_to_pdf, layout, render, soffice_path
from store.commands.repository import Repository
from store.demo.loader import load_demo
from store.records.model import OPEN_STATUSES
from tools import template_parts as T
from tools.build_templates import TITLE_PUB

from .conftest import TODAY, styled
from .pdfpages import Page, poppler_missing, read_pages, rules, short_pages

needs_pdf = pytest.mark.skipif(
    soffice_path() is None or poppler_missing(), reason="LibreOffice (soffice) or poppler is not installed"
)
LINE_PT = layout.LINE / 20  # 28.95 pt
LINE_TEXT = "督办事项办理情况说明文字示例"  # one line of 正文 (2 + 14 of 28 characters)
PRINTER = "示范县妇女儿童工作委员会办公室"
MANY_ITEMS = 16  # open items of one unit whose numbers the 回执 lists (four lines)
LONG_CC = "县委办公室，县人大常委会办公室，县政府办公室，县政协办公室，县纪委监委，县妇儿工委各成员单位，各乡镇人民政府"

# name: (one-line body paragraphs under the title, one-line table rows after them, 抄送)
# The title is line 1: "text21" ends the body on line 21, one line short of the two the 版记 needs.
CASES: dict[str, tuple[int, int, str]] = {
    "short": (3, 0, "县委办公室，县政府办公室"),
    "text20": (19, 0, "县委办公室，县政府办公室"),
    "text21": (20, 0, "县委办公室，县政府办公室"),
    "table21": (15, 5, "县委办公室，县政府办公室"),
    "long": (30, 0, "县委办公室，县政府办公室"),
    "no_cc": (19, 0, ""),
    "long_cc": (10, 3, LONG_CC),
}


def record_case(folder: Path, name: str) -> Path:
    """A document built from the templates' own parts: title, body lines, a ruled table, the 版记; rendered."""
    lines, rows, cc = CASES[name]
    doc = T.new_document()
    T.par(doc, "公文标题", "关于版记位置的测试")
    for n in range(1, lines + 1):
        T.par(doc, "正文", f"{n:02d}{LINE_TEXT}")
    if rows:
        made = T.table(doc, rows, [2500, 6345])
        for n, row in enumerate(made.rows, start=1):
            T.cell_text(row.cells[0], "表格标签", f"表格第{n}行")
            T.cell_text(row.cells[1], "表格文字", "内容")
            layout.row_props(row._tr, height=layout.LINE, exact=True)
    T.record_block(doc)
    T.finish(doc)
    template = folder / f"template-{name}.docx"
    template.write_bytes(T.to_bytes(doc))
    rendered = render.render_file(template, {"cc": cc, "printer": PRINTER, "print_date": "2026年11月28日"})
    return render.save(rendered, folder / f"{name}.docx")


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, tuple[Path, list[Page]]]]:
    """The sample county's notice (with its 回执), bulletin and checklists, and the 版记 cases, as PDF pages."""
    folder = tmp_path_factory.mktemp("paper")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(render, "user_template_dirs", lambda: [])
        repo = Repository.open(folder / "db.json", today=TODAY)
        load_demo(repo)
        try:
            health = repo.resolve_unit("卫健委")["id"]
            docs = {
                "notice": build_notice(repo, health, folder),
                "bulletin": build_bulletin(repo, folder),
                "checklist": build_checklist(repo, None, folder),
                "unit_checklist": build_checklist(repo, health, folder),
            }
            for n in range(MANY_ITEMS - len(build_notice_items(repo, health))):
                repo.add_item(f"开展妇幼健康专项工作第{n + 1}项", "卫健委", "2026-12-25")
            docs["notice_many"] = build_notice(repo, health, folder)
        finally:
            repo.close()
        docs |= {name: record_case(folder, name) for name in CASES}
    made = convert_to_pdf(docs.values(), folder / "pdf")
    by_stem = {pdf.stem: pdf for pdf in made}
    yield {name: (by_stem[path.stem], read_pages(by_stem[path.stem])) for name, path in docs.items()}


def build_notice_items(repo: Repository, unit: int) -> list[str]:
    """The numbers of the unit's open items (what its notice's 回执 lists)."""
    shares = [(i["number"], a) for i in repo.items() for a in i["assignments"]]
    return [number for number, a in shares if a["unit_id"] == unit and a["status"] in OPEN_STATUSES]


# ------------------------------------------------------------------ 15.1 page fill


@needs_pdf
@pytest.mark.parametrize("name", ["notice", "bulletin", "checklist", "unit_checklist"])
def test_no_page_of_body_text_is_less_than_two_thirds_full(pdfs, name: str) -> None:  # type: ignore[no-untyped-def]
    _pdf, pages = pdfs[name]
    assert len(pages) >= 2
    assert short_pages(pages) == []


@needs_pdf
def test_bulletin_section_three_does_not_leave_the_page_before_half_empty(pdfs) -> None:  # type: ignore[no-untyped-def]
    """The old template kept every requirement with the next: 三、下一步工作要求 jumped to the next page with the
    signature, leaving the page before it half empty (50 %). Where section 三 starts, the page before is full."""
    _pdf, pages = pdfs["bulletin"]
    starts = [index for index, page in enumerate(pages) if page.find("三、下一步工作要求") is not None]
    assert len(starts) == 1
    if starts[0] > 0 and pages[starts[0]].lines[0].text.startswith("三、"):
        assert pages[starts[0] - 1].fill >= 0.75
    else:
        assert pages[starts[0]].fill >= 0.5  # 三 starts part-way down a page that text before it fills


def test_only_the_last_body_paragraph_is_kept_with_the_signature(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    doc = Document(str(build_bulletin(repo, out)))
    body = styled(doc, "正文")
    kept = [p for p in body if p.pPr.keepNext is not None]
    requirement = next(p for p in body if "".join(t.text for t in p.iter(qn("w:t"))).startswith("（三）"))
    assert kept == [requirement]
    signature = styled(doc, "署名")[0]
    between = list(requirement.itersiblings())[: list(requirement.itersiblings()).index(signature) + 1]
    assert all(p.pPr is not None and p.pPr.keepNext is not None for p in between)  # blank, 附件, blank, 署名


# ------------------------------------------------------------------ 15.2 版记 at the foot


def record_lines(page: Page) -> tuple[float, float]:
    """(top of the 抄送 or 印发 line, bottom of the 印发 line) on a page."""
    printed = page.find("日印发")
    assert printed is not None, f"no 印发 line on page {page.number}"
    cc = page.find("抄送：")
    return (cc.top if cc else printed.top), printed.bottom


@needs_pdf
@pytest.mark.parametrize("name", ["notice", "notice_many", "bulletin", *CASES])
def test_record_block_ends_on_the_foot_of_the_last_page(pdfs, name: str) -> None:  # type: ignore[no-untyped-def]
    pdf, pages = pdfs[name]
    last = pages[-1]
    assert all(page.find("日印发") is None for page in pages[:-1])
    top, bottom = record_lines(last)
    assert last.type_bottom - LINE_PT < bottom <= last.type_bottom  # the 印发 line is the last line of the page
    found = rules(pdf, last)
    assert found and abs(found[-1] - last.type_bottom) <= 3  # the last rule on the foot of the type area
    block = [y for y in found if y >= top - LINE_PT / 2]  # the top rule is just above the first line
    has_cc = CASES.get(name, (0, 0, "x"))[2] != ""
    assert (last.find("抄送：") is not None) == has_cc
    assert len(block) == (3 if has_cc else 2)  # a rule above, between the rows and under the block
    above = [line for line in last.lines if line.bottom < top]
    assert all(line.bottom <= block[0] for line in above)  # nothing runs into the block


@needs_pdf
def test_a_receipt_listing_many_items_stays_on_its_page(pdfs) -> None:  # type: ignore[no-untyped-def]
    """LibreOffice moves a whole table that reaches into the 版记's two lines to the next page: the 回执 is kept
    short enough that a unit with 16 items still gets 附件, the 回执 and the 版记 on one page."""
    _pdf, pages = pdfs["notice_many"]
    attachment = next(page for page in pages if page.first.replace(" ", "") == "附件")
    assert attachment is pages[-1]
    numbers = attachment.find("2026-")
    assert numbers is not None and attachment.find("填报日期") is not None


@needs_pdf
def test_body_ending_on_line_21_puts_the_record_block_on_a_new_page(pdfs) -> None:  # type: ignore[no-untyped-def]
    """Today's construction lost the 印发 line here: a blank page 2 with only its number."""
    _pdf, pages = pdfs["text21"]
    first = pages[0]
    ends = first.find(f"20{LINE_TEXT}")
    assert ends is not None and round((ends.bottom - first.type_top) / LINE_PT + 0.4) == 21
    assert len(pages) == 2 and pages[1].find("日印发") is not None
    _pdf, pages = pdfs["text20"]
    assert len(pages) == 1  # two lines left: the block fits under the body


@needs_pdf
def test_a_long_cc_wraps_under_the_first_name(pdfs) -> None:  # type: ignore[no-untyped-def]
    _pdf, pages = pdfs["long_cc"]
    last = pages[-1]
    cc = last.find("抄送：")
    assert cc is not None
    following = [line for line in last.lines if cc.bottom < line.top and "印发" not in line.text]
    assert following and following[0].left == pytest.approx(cc.left + 3 * 14, abs=2)  # after “抄送：”


def record_table(path: Path):  # type: ignore[no-untyped-def]
    body = Document(str(path)).element.body
    return next(t for t in body.iter(qn("w:tbl")) if "印发" in "".join(x.text or "" for x in t.iter(qn("w:t"))))


def test_record_block_floats_to_the_bottom_of_the_margin(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    """tblpYSpec="bottom" relative to the margin, horizontal position relative to the page (LibreOffice lays a
    full-width table floated relative to the margin inline); tblpY for the rows that are left."""
    with_cc = record_table(build_notice(repo, repo.resolve_unit("卫健委")["id"], out))
    repo.update_settings(office_name="示范县人民政府督查室", cc="")  # no committee to copy to: no 抄送 row
    without = record_table(build_bulletin(repo, out))
    for record, rows in ((with_cc, 2), (without, 1)):
        pos = record.tblPr.find(qn("w:tblpPr"))
        got = {k.split("}")[1]: v for k, v in pos.attrib.items()}
        assert got["vertAnchor"] == "margin" and got["tblpYSpec"] == "bottom"
        assert got["horzAnchor"] == "page" and got["tblpX"] == str(layout.MARGIN_LEFT)
        assert len(record.findall(qn("w:tr"))) == rows
        assert int(got["tblpY"]) == layout.TEXT_H - rows * T.RECORD_ROW


# ------------------------------------------------------------------ 15.3 checklists to write in


@needs_pdf
@pytest.mark.parametrize("name", ["checklist", "unit_checklist"])
def test_checklist_names_the_unit_and_date_on_every_page(pdfs, name: str) -> None:  # type: ignore[no-untyped-def]
    _pdf, pages = pdfs[name]
    assert len(pages) >= 3
    for page in pages:
        assert page.landscape
        line = page.find("被检查单位：")
        assert line is not None and "检查时间：" in line.text, f"page {page.number}"
        heads = [x.text for x in page.lines if x.top < line.top]  # page 1: the title and the legend
        assert page.number == 1 or heads in ([], ["佐证材料"], [TITLE_PUB]), f"page {page.number}: {heads}"


@needs_pdf
@pytest.mark.parametrize("name", ["checklist", "unit_checklist"])
def test_sign_off_comes_with_the_last_rows(pdfs, name: str) -> None:  # type: ignore[no-untyped-def]
    """The sign-off is a row under the last table's data, kept with the last data row."""
    _pdf, pages = pdfs[name]
    signed = [page for page in pages if page.find("检查人（签字）")]
    assert signed == [pages[-1]]
    page = signed[0]
    sign, banner = page.find("检查人（签字）"), page.find("被检查单位：")
    assert sign is not None and banner is not None
    between = [line for line in page.lines if banner.bottom < line.top and line.bottom < sign.top]
    assert len(between) >= 3  # the headings (two lines: 序/号) and at least one row of data

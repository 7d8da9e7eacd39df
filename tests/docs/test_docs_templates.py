"""The committed templates: reproducible, tags whole, declared variables, GB/T 9704 styles and page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docxtpl import DocxTemplate

from docx_templates import layout, render
from tools import build_templates

from .conftest import part_xml, parts

NAMES = build_templates.TEMPLATE_NAMES
OFFICIAL = {
    "office_name",
    "doc_number",
    "title",
    "addressee",
    "opening",
    "attachment_title",
    "signature",
    "date_text",
    "note",
    "cc",
    "printer",
    "print_date",
}
EXPECTED = {
    "notice": OFFICIAL | {"items", "report_text", "closing", "unit_name", "item_numbers"},
    "bulletin": OFFICIAL | {"meetings", "lagging_intro", "lagging", "requirements", "ranking", "ranking_note"},
    "checklist": {"title", "unit_label", "rows", "legend", "evidence", "evidence_note", "publicity", "publicity_note"},
    "evaluation": {
        "title",
        "subtitle",
        "draft_note",
        "opening",
        "overview",
        "plans",
        "problems",
        "measures",
        *(f"annex{n}_title" for n in range(1, 5)),
        "signature",
        "date_text",
        "years",
        *(f"annex{n}" for n in range(1, 5)),
        *(f"annex{n}_note" for n in range(1, 5)),
    },
    "self_assessment": {
        *("title", "unit_name", "data_year_text", "series_header", "indicators", "legend", "items", "evidence")
    },
    "data_chase": OFFICIAL
    | {"indicators", "report_text", "closing", "unit_name", "value_header", "rows", "table_note"},
    "review": {"title", "subtitle", "summary", "rows", "note"},
}


@pytest.mark.parametrize("name", NAMES)
def test_committed_template_is_what_the_build_script_writes(name: str, tmp_path: Path) -> None:
    build_templates.build_all(tmp_path)
    assert (tmp_path / f"{name}.docx").read_bytes() == (render.PACKAGE_DIR / f"{name}.docx").read_bytes(), (
        "run `python -m tools.build_templates` and commit the .docx files"
    )


@pytest.mark.parametrize("name", NAMES)
def test_undeclared_variables(name: str) -> None:
    tpl = DocxTemplate(str(render.PACKAGE_DIR / f"{name}.docx"))
    assert tpl.get_undeclared_template_variables(render.jinja_env()) == EXPECTED[name]


@pytest.mark.parametrize("name", NAMES)
def test_every_tag_sits_whole_in_one_run(name: str) -> None:
    path = render.PACKAGE_DIR / f"{name}.docx"
    xml = "".join(parts(path, "word/").values())
    texts = re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)
    joined = "".join(texts)
    tags = re.findall(r"\{[{%].*?[}%]\}", joined)
    assert tags
    for tag in tags:
        assert any(tag in t for t in texts), f"tag split across runs: {tag}"


@pytest.mark.parametrize("name", NAMES)
def test_styles_name_chinese_fonts_without_theme_attributes(name: str) -> None:
    path = render.PACKAGE_DIR / f"{name}.docx"
    styles_xml = part_xml(path, "word/styles.xml")
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        assert f"w:{attr}" not in styles_xml
    doc = Document(str(path))

    def font(style: str) -> tuple[str | None, int | None]:
        rpr = doc.styles[style].element.rPr
        size = rpr.find(qn("w:sz"))
        return rpr.rFonts.get(qn("w:eastAsia")), int(size.get(qn("w:val"))) if size is not None else None

    assert font("正文") == (layout.FANGSONG, 32)  # 三号仿宋 16 pt
    assert font("公文标题") == (layout.XIAOBIAOSONG, 44)  # 二号小标宋 22 pt
    assert font("一级标题") == (layout.HEITI, 32)
    assert font("二级标题") == (layout.KAITI, 32)
    assert font("版记") == (layout.FANGSONG, 28)  # 四号
    assert font("页码") == (layout.SONGTI, 28)
    red = doc.styles["红头"].element.rPr
    assert red.rFonts.get(qn("w:eastAsia")) == layout.XIAOBIAOSONG
    assert red.find(qn("w:color")).get(qn("w:val")) == "FF0000"
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(".//" + qn("w:lang"))
    assert lang.get(qn("w:eastAsia")) == "zh-CN"
    spacing = doc.styles["正文"].element.pPr.find(qn("w:spacing"))
    assert spacing.get(qn("w:lineRule")) == "exact" and spacing.get(qn("w:line")) == str(layout.LINE)
    assert doc.styles["正文"].element.pPr.find(qn("w:ind")).get(qn("w:firstLine")) == "640"


def office_checklist(folder: Path, paragraph: str) -> Path:
    """An office's own checklist template in `folder`: the default one with a paragraph added at the end."""
    folder.mkdir()
    doc = build_templates.build_checklist()
    doc.add_paragraph(paragraph)
    (folder / "checklist.docx").write_bytes(build_templates.to_bytes(doc))
    return folder


def test_an_office_template_overrides_the_default(tmp_path: Path, monkeypatch, repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    from docx_templates import build_checklist

    custom = office_checklist(tmp_path / "tpl", "本办公室自定义模板")
    monkeypatch.setattr(render, "user_template_dirs", lambda: [custom])
    assert render.template_path("checklist") == custom / "checklist.docx"
    assert render.template_path("notice") == render.PACKAGE_DIR / "notice.docx"
    path = build_checklist(repo, None, out)
    assert "本办公室自定义模板" in Document(str(path)).paragraphs[-1].text


def test_a_broken_office_template_gives_a_chinese_message(tmp_path: Path, monkeypatch, repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    from docx_templates import build_checklist
    from store.errors import SupervisorError

    custom = office_checklist(tmp_path / "tpl", "{{ no_such_field }}")
    monkeypatch.setattr(render, "user_template_dirs", lambda: [custom])
    with pytest.raises(SupervisorError, match=r"模板 checklist\.docx 有误"):
        build_checklist(repo, None, out)

"""The faces the documents name are settings (issue 15.5): written into the styles, the body and the footers, and
listed in the font table with fallbacks and the GB2312 character set, so a machine without them prints Chinese."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from lxml import etree

from docx_templates import build_checklist, build_notice, convert_to_pdf, layout, render, soffice_path
from store.errors import ValidationError
from store.records.fonts import FONT_DEFAULTS
from tools import build_templates

from .conftest import part_xml, unit_id

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def east_asia_faces(path: Path) -> set[str]:
    """Every w:eastAsia face in the styles, the body, the headers and footers."""
    names: set[str] = set()
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name in ("word/styles.xml", "word/document.xml") or name.startswith(("word/footer", "word/header")):
                root = etree.fromstring(z.read(name))
                names |= {f.get(f"{W}eastAsia") for f in root.iter(f"{W}rFonts") if f.get(f"{W}eastAsia")}
    return names


def font_table(path: Path) -> dict[str, dict[str, str]]:
    """name → {altName, charset, family, panose1, pitch} from word/fontTable.xml."""
    root = etree.fromstring(part_xml(path, "word/fontTable.xml").encode("utf-8"))
    return {
        font.get(f"{W}name"): {child.tag.replace(W, ""): child.get(f"{W}val") for child in font}
        for font in root.iter(f"{W}font")
    }


def test_defaults_are_the_windows_office_faces(repo) -> None:  # type: ignore[no-untyped-def]
    settings = repo.settings()
    assert {k: settings[k] for k in FONT_DEFAULTS} == {
        "font_body": "仿宋_GB2312/仿宋",
        "font_title": "方正小标宋简体/华文中宋/宋体",
        "font_heading": "黑体",
        "font_subheading": "楷体_GB2312/楷体",
    }


def test_default_documents_list_every_chinese_face_with_its_fallback(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    path = build_notice(repo, unit_id(repo, "卫健委"), out)
    faces = east_asia_faces(path)
    assert {layout.FANGSONG, layout.XIAOBIAOSONG, layout.HEITI, layout.KAITI, layout.SONGTI} <= faces
    table = font_table(path)
    assert table[layout.FANGSONG]["altName"] == "仿宋"
    assert table[layout.XIAOBIAOSONG]["altName"] == "华文中宋,宋体"
    assert table[layout.KAITI]["altName"] == "楷体"
    for face in faces:  # GB2312 and a Chinese PANOSE: Word substitutes a Chinese face, never a Western one
        assert table[face]["charset"] == "86", face
        assert table[face]["panose1"].startswith("020106"), face
    assert "ＭＳ 明朝" not in table  # the Japanese faces of python-docx's blank template are gone


def test_the_chosen_faces_are_written_everywhere(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    repo.update_settings(font_body="方正仿宋_GBK", font_title="方正小标宋_GBK / 方正小标宋简体", font_subheading="楷体")
    for path in (build_notice(repo, unit_id(repo, "卫健委"), out), build_checklist(repo, None, out)):
        faces = east_asia_faces(path)
        assert layout.FANGSONG not in faces and layout.KAITI not in faces
        assert "方正仿宋_GBK" in faces and "楷体" in faces
        table = font_table(path)
        assert table["方正仿宋_GBK"]["altName"] == "仿宋"
        assert "altName" not in table["楷体"]
        doc = Document(str(path))
        assert doc.styles["正文"].element.rPr.rFonts.get(qn("w:eastAsia")) == "方正仿宋_GBK"
        assert doc.styles["公文标题"].element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋_GBK"
        if "通知" in path.name:
            assert table["方正小标宋_GBK"]["altName"] == "方正小标宋简体,宋体"
            head = next(r for p in doc.element.body.iter(qn("w:p")) for r in p.iter(qn("w:r")))
            assert head.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋_GBK"  # the red header's direct font


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("a<b", "不能含有"),
        ("字" * 32, "太长"),
        ("甲/乙/丙/丁/戊", "最多写4种"),
    ],
)
def test_a_bad_font_setting_is_refused(repo, value: str, message: str) -> None:  # type: ignore[no-untyped-def]
    before = repo.settings()["font_body"]
    with pytest.raises(ValidationError, match=message):
        repo.update_settings(font_body=value)
    assert repo.settings()["font_body"] == before


def test_an_empty_font_setting_restores_the_default(repo) -> None:  # type: ignore[no-untyped-def]
    repo.update_settings(font_heading="方正黑体_GBK，黑体")
    assert repo.settings()["font_heading"] == "方正黑体_GBK/黑体"
    repo.update_settings(font_heading="  ")
    assert repo.settings()["font_heading"] == "黑体"


def test_every_template_lists_its_faces(tmp_path: Path) -> None:
    """The templates an office opens in Word already carry the fallbacks."""
    for path in build_templates.build_all(tmp_path):
        table = font_table(path)
        assert table[layout.FANGSONG]["altName"] == "仿宋", path.name


@pytest.mark.skipif(soffice_path() is None or shutil.which("pdffonts") is None, reason="no LibreOffice or poppler")
def test_libreoffice_prints_the_missing_faces_in_a_chinese_face(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    """Here neither 方正 nor the _GB2312 faces are installed: the PDF embeds CJK faces only for the Chinese text."""
    repo.update_settings(font_body="方正仿宋_GBK")
    path = build_notice(repo, unit_id(repo, "卫健委"), out)
    pdf = convert_to_pdf([path], out / "pdf")[0]
    listed = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    embedded = [line.split()[0] for line in listed.splitlines()[2:]]
    chinese = [name for name in embedded if "CJK" in name or "Hei" in name or "Song" in name or "Kai" in name]
    assert chinese, embedded
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "督办事项" in text and "\ufffd" not in text
    assert render.user_template_dirs() == []

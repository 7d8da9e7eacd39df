"""督办通知: content, numbering from the register, GB/T 9704 layout, hostile text."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from docx_templates import build_notice, layout, notice_preview, render
from store.commands.repository import Repository
from store.errors import ValidationError

from .conftest import GBT_MARGINS, TODAY, doc_text, margins, page_size, part_xml, parts, styled, unit_id

NUMBER = re.compile(r"示妇儿工委办〔2026〕(\d+)号")


def test_preview_lists_open_assignments_lead_first(repo) -> None:  # type: ignore[no-untyped-def]
    preview = notice_preview(repo, unit_id(repo, "人社局"), scope="open")
    assert preview["unit"]["name"] == "县人社局"
    roles = [i["role"] for i in preview["items"]]
    assert roles == sorted(roles, key=lambda r: r != "lead")
    assert "partner" in roles and "lead" in roles
    assert preview["next_number"] == "示妇儿工委办〔2026〕1号"
    assert preview["report_days"] == 5
    expected = repo.calendar().add_workdays(TODAY, 5)
    assert preview["report_by"] == expected.isoformat()
    assert preview["report_by_text"] == f"{expected.year}年{expected.month}月{expected.day}日"
    lights = {i["light"] for i in preview["items"]}
    assert lights <= {"red", "yellow", "green"}
    for item in preview["items"]:
        assert item["due_text"] and not re.search(r"年0|月0", item["due_text"])


def test_notice_content(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    uid = unit_id(repo, "卫健委")
    preview = notice_preview(repo, uid)
    path = build_notice(repo, uid, out)
    assert path.parent == out.resolve() and path.suffix == ".docx"
    text = doc_text(path)
    assert "示范县妇女儿童工作委员会办公室" in text
    assert "县卫健委：" in text
    assert "示妇儿工委办〔2026〕1号" in text
    for item in preview["items"]:
        assert f"事项{item['number']}" in text
        assert item["title"] in text
    assert "2026年11月28日" in text  # 成文日期 without leading zeros
    assert not re.search(r"\d{4}年0\d月|月0\d日", text)
    assert "亮红灯" in text and "亮黄灯" in text
    assert f"于{preview['report_by_text']}前（5个工作日内）" in text
    assert "（联系人：林晓雯，联系电话：0000-6123456）" in text
    assert "附件：督办事项办理情况回执" in text
    for label in ("单位名称（盖章）", "联系人", "联系电话", "办理情况", "存在问题", "下一步打算", "填报日期"):
        assert label in text
    assert "抄送：示范县妇女儿童工作委员会主任、副主任。" in text
    assert "示范县妇女儿童工作委员会办公室2026年11月28日印发" in text.replace("\t", "")
    # the lead items come before the partner ones, in the order of the preview
    positions = [text.index(f"事项{i['number']}：") for i in preview["items"]]
    assert positions == sorted(positions)
    # the register knows the file
    dispatch = repo.dispatches()[-1]
    assert dispatch["number"] == "示妇儿工委办〔2026〕1号" and dispatch["file"] == str(path)
    assert dispatch["unit_ids"] == [uid] and dispatch["kind"] == "督办通知"


def test_numbers_increase_and_are_never_reused(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    uid = unit_id(repo, "民政局")
    first = build_notice(repo, uid, out)
    second = build_notice(repo, uid, out)
    assert NUMBER.search(first.name)[1] == "1" and NUMBER.search(second.name)[1] == "2"
    assert repo.undo().startswith("生成督办通知")
    assert [(d["number"], d["state"]) for d in repo.dispatches()] == [
        ("示妇儿工委办〔2026〕1号", "issued"),
        ("示妇儿工委办〔2026〕2号", "void"),  # stays in the register as 作废, its file in the 作废 folder
    ]
    assert not second.exists() and (second.parent / "作废" / second.name).is_file()
    third = build_notice(repo, uid, out)
    assert NUMBER.search(third.name)[1] == "3"
    assert NUMBER.search(doc_text(third))[0] == "示妇儿工委办〔2026〕3号"


def test_issue_date_and_report_days_setting(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    repo.update_settings(report_days=3)
    path = build_notice(repo, unit_id(repo, "卫健委"), out, issue_date="2026-11-20")
    text = doc_text(path)
    due = repo.calendar().add_workdays(date(2026, 11, 20), 3)
    assert f"于{due.year}年{due.month}月{due.day}日前（3个工作日内）" in text
    assert "2026年11月20日" in text
    assert repo.dispatches()[-1]["date"] == "2026-11-20"


def test_unit_without_open_items_is_refused_and_nothing_registered(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    uid = repo.add_unit("县档案馆")["id"]
    before = len(repo.dispatches())
    with pytest.raises(ValidationError, match="没有未办结的督办事项"):
        build_notice(repo, uid, out)
    assert len(repo.dispatches()) == before
    assert not list(out.iterdir())


def test_layout_meets_gbt9704(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    path = build_notice(repo, unit_id(repo, "卫健委"), out)
    doc = Document(str(path))
    sect = doc.sections[0]._sectPr
    assert page_size(sect)[:2] == ("11906", "16838")
    got = margins(sect)
    assert got == GBT_MARGINS
    assert 11906 - got["left"] - got["right"] == pytest.approx(156 / 25.4 * 1440, abs=5)
    assert 16838 - got["top"] - got["bottom"] == pytest.approx(225 / 25.4 * 1440, abs=5)
    body = doc.element.body
    styles = {s.style_id: s.name for s in doc.styles}

    def paragraphs(style: str) -> list:  # type: ignore[type-arg]
        return styled(doc, style)

    head = paragraphs("红头")[0]
    runs = head.findall(qn("w:r"))
    assert runs and all(r.rPr.find(qn("w:color")).get(qn("w:val")) == "FF0000" for r in runs)
    assert all(r.rPr.rFonts.get(qn("w:eastAsia")) == layout.XIAOBIAOSONG for r in runs)
    scale = int(runs[0].rPr.find(qn("w:w")).get(qn("w:val")))
    size_pt = int(runs[0].rPr.find(qn("w:sz")).get(qn("w:val"))) / 2
    text = "".join(t.text for t in head.iter(qn("w:t")))
    assert len(text) * size_pt * scale / 100 <= layout.TEXT_W / 20  # fits one line of the type area
    number = paragraphs("发文字号")[0]
    bottom = number.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert bottom.get(qn("w:color")) == "FF0000" and bottom.get(qn("w:val")) == "single"
    assert "〔2026〕" in "".join(t.text for t in number.iter(qn("w:t")))
    assert len(paragraphs("公文标题")) == 2  # the notice's title and the 回执's
    signature, day = paragraphs("署名")[0], paragraphs("成文日期")[0]
    assert int(day.pPr.find(qn("w:ind")).get(qn("w:right"))) > int(signature.pPr.find(qn("w:ind")).get(qn("w:right")))
    # 版记: 四号 text in a table ruled in black
    record = next(tbl for tbl in body.iter(qn("w:tbl")) if "印发" in "".join(t.text for t in tbl.iter(qn("w:t"))))
    record_style = doc.styles["版记"].element.rPr.find(qn("w:sz")).get(qn("w:val"))
    assert record_style == "28"
    for p in record.iter(qn("w:p")):
        assert styles.get(p.pPr.pStyle.val) == "版记"
    borders = record.find(qn("w:tblPr")).find(qn("w:tblBorders"))
    assert borders.find(qn("w:top")).get(qn("w:color")) == "000000"
    assert borders.find(qn("w:bottom")).get(qn("w:sz")) == "8"
    # the 回执 starts a new page
    attachment = paragraphs("附件标识")[0]
    assert doc.styles["附件标识"].element.pPr.find(qn("w:pageBreakBefore")) is not None
    assert "".join(t.text for t in attachment.iter(qn("w:t"))) == "附件"


def test_page_numbers_odd_right_even_left(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    path = build_notice(repo, unit_id(repo, "卫健委"), out)
    assert "w:evenAndOddHeaders" in part_xml(path, "word/settings.xml")
    doc = Document(str(path))
    section = doc.sections[0]
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert odd.paragraph_format.alignment is not None
    assert odd._p.pPr.find(qn("w:jc")).get(qn("w:val")) == "right"
    assert even._p.pPr.find(qn("w:jc")).get(qn("w:val")) == "left"
    assert odd._p.pPr.find(qn("w:ind")).get(qn("w:right")) == "280"  # one 四号 character in
    assert even._p.pPr.find(qn("w:ind")).get(qn("w:left")) == "280"
    for footer in parts(path, "word/footer").values():
        assert "PAGE" in footer and 'w:fldCharType="begin"' in footer and "— " in footer and " —" in footer
        assert 'w:eastAsia="宋体"' in footer and 'w:sz w:val="28"' in footer


HOSTILE_TITLE = "A&B <b>粗体</b> \"引号\" '单' 😀 \x0b换行\x0c分页\x01控制"


def test_hostile_content_renders_safely(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    bad = repo.add_unit("../../x", short="")
    requirement = "要求" * 1000  # 2,000 characters
    item = repo.add_item(HOSTILE_TITLE, "../../x", "2026-12-01", requirement=requirement, partners=["卫健委"])
    path = build_notice(repo, bad["id"], out)
    assert path.parent == out.resolve()
    assert ".." not in path.name and "/" not in path.name
    text = doc_text(path)
    assert "A&B <b>粗体</b> \"引号\" '单' " in text and "😀" not in text
    assert requirement in text
    assert "../../x：" in text  # the unit's own name as 主送机关
    for ch in "\x0b\x0c\x01":
        assert ch not in text
    assert item["number"] in text
    # the partner's notice shows it too
    partner = build_notice(repo, unit_id(repo, "卫健委"), out)
    assert "A&amp;B &lt;b&gt;" in part_xml(partner, "word/document.xml")


def test_values_from_elsewhere_are_cleaned() -> None:
    """Text that did not pass through the store (a custom field, an import) is cleaned before Word sees it."""
    dirty = {"a": "x\x01y\x0bz\x0c\ud800", "b": ["\x1f", None, 3], "c": {"d": date(2026, 1, 5)}}
    cleaned = render.clean(dirty)
    assert cleaned == {"a": "xy\nz", "b": ["", "", 3], "c": {"d": "2026-01-05"}}


def test_long_office_name_still_fits_one_line(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    repo.update_settings(office_name="示范县妇女儿童工作委员会办公室暨示范县未成年人保护工作领导小组办公室")
    path = build_notice(repo, unit_id(repo, "卫健委"), out)
    doc = Document(str(path))
    head = doc.paragraphs[0]
    r = head.runs[0]._r
    scale = int(r.rPr.find(qn("w:w")).get(qn("w:val")))
    size_pt = int(r.rPr.find(qn("w:sz")).get(qn("w:val"))) / 2
    assert len(head.text) * size_pt * scale / 100 <= layout.TEXT_W / 20
    assert scale >= 50


def test_office_name_required(tmp_path: Path, out: Path) -> None:
    """A database whose office name was never entered cannot issue a notice (and the name cannot be blanked)."""
    repo = Repository.open(tmp_path / "bare.json", today=TODAY)
    repo.add_unit("县卫健委")
    repo.add_item("测试事项", "县卫健委", "2026-12-31")
    with pytest.raises(ValidationError, match="办公室全称"):
        build_notice(repo, unit_id(repo, "卫健委"), out)
    with pytest.raises(ValidationError, match="办公室全称不能为空"):
        repo.update_settings(office_name="")
    repo.close()

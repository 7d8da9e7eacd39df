"""检查清单: landscape A4, the columns, rows for a unit's indicators and items, header row repeated; the evidence
(佐证材料) and the publicity and 知晓率 log."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from docx_templates import build_checklist
from store.calendar import dates
from store.records.model import EVIDENCE_CATEGORIES
from store.records.text import document_text  # emoji leave documents (issue 15)
from store.views.monitoring import plan_of, target_text, verdict_for
from tools.build_templates import CHECK_HEADERS, EVIDENCE_HEADERS, PUBLICITY_HEADERS

from .conftest import doc_text, part_xml


def data_rows(table):  # type: ignore[no-untyped-def]
    """The rows under the unit's line and the headings that have a cell per column (not the note and sign-off)."""
    columns = len(table.columns)
    return [r for r in table.rows[2:] if len(r._tr.findall(qn("w:tc"))) == columns]


def test_unit_checklist(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    unit = repo.resolve_unit("卫健委")
    path = build_checklist(repo, unit["id"], out)
    doc = Document(str(path))
    sect = doc.sections[0]._sectPr
    size = sect.find(qn("w:pgSz"))
    assert (size.get(qn("w:w")), size.get(qn("w:h")), size.get(qn("w:orient"))) == ("16838", "11906", "landscape")
    mar = sect.find(qn("w:pgMar"))
    # the portrait type area turned with the page: 225 x 156 mm
    assert 16838 - int(mar.get(qn("w:left"))) - int(mar.get(qn("w:right"))) == 12756
    assert 11906 - int(mar.get(qn("w:top"))) - int(mar.get(qn("w:bottom"))) == 8845
    table = doc.tables[0]
    rows = [table.rows[1], *data_rows(table)]
    assert [c.text for c in rows[0].cells] == CHECK_HEADERS
    first = rows[0]._tr.trPr
    assert first.find(qn("w:tblHeader")) is not None and first.find(qn("w:cantSplit")) is not None
    for row in rows[1:]:
        assert row._tr.trPr.find(qn("w:cantSplit")) is not None
        assert row._tr.trPr.find(qn("w:tblHeader")) is None
    mine = [i for i in repo.indicators() if unit["id"] in i["lead_unit_ids"] + i["partner_unit_ids"]]
    items = [
        i
        for i in repo.items()
        if any(a["unit_id"] == unit["id"] and a["status"] != "cancelled" for a in i["assignments"])
    ]
    assert len(rows) == 1 + len(mine) + len(items)
    body = [[c.text for c in r.cells] for r in rows[1:]]
    assert [r[0] for r in body] == [str(n) for n in range(1, len(body) + 1)]
    names = [r[2] for r in body]
    for ind in mine:
        row = body[[n.startswith(ind["name"]) for n in names].index(True)]
        assert row[3].startswith(target_text(ind, plan_of(ind, repo.plans())).split("（")[0])
        assert row[6] == verdict_for(ind, repo.plans(), None, repo.today).verdict
        assert row[10] == "" and row[11] == ""  # 检查结果 and 备注 left for the inspector
        assert "年" in row[5] or row[5] == "无数据" or "无数据" in row[5]
    for item in items:
        assert any(n.startswith(item["number"]) for n in names)
    text = doc_text(path)
    assert "检查人（签字）" in text and "被检查单位负责人（签字）" in text and "日期：" in text
    assert "被检查单位：县卫健委" in text


def test_county_checklist_has_every_indicator_and_item(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    path = build_checklist(repo, None, out)
    assert "全体成员单位" in path.name
    table = Document(str(path)).tables[0]
    assert len(data_rows(table)) == len(repo.indicators()) + len(repo.items())
    assert "被检查单位：全体成员单位" in doc_text(path)


def _table_with(doc, first_headers: list[str]):  # type: ignore[no-untyped-def]
    """The table whose column headings (under the unit's line) are `first_headers`."""
    return next((t for t in doc.tables if [c.text for c in t.rows[1].cells] == first_headers), None)


def test_county_checklist_has_evidence_and_publicity(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    path = build_checklist(repo, None, out)
    doc = Document(str(path))
    assert len(doc.tables) == 3
    evidence = _table_with(doc, EVIDENCE_HEADERS)
    assert evidence is not None and evidence.rows[1]._tr.trPr.find(qn("w:tblHeader")) is not None
    rows = [[c.text for c in r.cells] for r in data_rows(evidence)]
    items = repo.evidence()
    assert len(rows) == len(items) == 12
    units = repo.units_by_id()
    for row, e in zip(rows, items, strict=True):
        assert row[1:3] == [e["category"], e["title"]]
        owner = units[e["owner_unit_id"]]["short"] if e["owner_unit_id"] else "办公室"
        assert row[3] == owner
        assert row[4] == dates.format_cn(e["due"])
        assert row[5].startswith(e["status"])
        assert row[6] == (e["file_ref"] or "—")
        assert row[7] == ""  # 检查结果 for the inspector
    assert {r[1] for r in rows} == set(EVIDENCE_CATEGORIES)  # every category: 组织领导 … 宣传
    overdue = [r for r in rows if r[5].endswith("（逾期）")]
    assert [r[2] for r in overdue] == ["各成员单位年度工作要点", "两个规划实施经费预算批复"]
    publicity = _table_with(doc, PUBLICITY_HEADERS)
    rows = [[c.text for c in r.cells] for r in data_rows(publicity)]
    assert len(rows) == len(repo.publicity()) == 4
    week = next(r for r in rows if r[2] == "“两个规划”进社区宣传周")
    assert week[1] == "宣传活动" and week[5] == "3200人" and week[6] == "—" and week[7] == "—"
    survey = next(r for r in rows if r[1] == "知晓率调查")
    assert survey[2] == "两个规划群众知晓率抽样调查" and survey[6] == "400份" and survey[7] == "86.5%"
    assert survey[5] == "—" and survey[8] == "城关镇、东河镇各200份" and survey[9] == ""
    text = doc_text(path)
    assert "佐证材料" in text and "宣传活动和知晓率调查" in text
    assert "共12项，已完成5项，逾期未完成2项。" in text
    assert "共宣传活动3次，覆盖16560人次；知晓率调查1次。" in text
    assert "达标情况按目标值和序时进度评判" in text


def test_unit_checklist_shows_only_its_own_evidence(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    unit = repo.resolve_unit("统计局")
    doc = Document(str(build_checklist(repo, unit["id"], out)))
    evidence = _table_with(doc, EVIDENCE_HEADERS)
    titles = [r.cells[2].text for r in data_rows(evidence)]
    assert titles == [e["title"] for e in repo.evidence() if e["owner_unit_id"] == unit["id"]]
    assert len(titles) == 3
    publicity = _table_with(doc, PUBLICITY_HEADERS)
    assert [r.cells[2].text for r in data_rows(publicity)] == ["两个规划群众知晓率抽样调查"]
    # a unit that owns no evidence and ran no activity: no empty sections
    health = build_checklist(repo, repo.resolve_unit("卫健委")["id"], out)
    doc = Document(str(health))
    assert len(doc.tables) == 1 and "佐证材料" not in doc_text(health).split("备注")[-1]


def test_unit_with_evidence_only(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    unit = repo.add_unit("县档案馆")
    repo.add_evidence("制度建设", "档案管理制度", owner="县档案馆", status="已完成")
    doc = Document(str(build_checklist(repo, unit["id"], out)))
    assert len(doc.tables) == 1 and [c.text for c in doc.tables[0].rows[1].cells] == EVIDENCE_HEADERS


def test_hostile_evidence_and_publicity(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    title = "材料 A&B <b>x</b> 😀"
    repo.add_evidence("宣传", title, owner="妇联", file_ref="共享盘/<迎检>&备份")
    repo.add_publicity("activity", "宣传 <script>&</script>", "2026-11-20", unit="妇联", reach=10)
    path = build_checklist(repo, repo.resolve_unit("妇联")["id"], out)
    text = doc_text(path)
    assert document_text(title) in text and "共享盘/<迎检>&备份" in text and "宣传 <script>&</script>" in text
    xml = part_xml(path, "word/document.xml")
    assert "材料 A&amp;B &lt;b&gt;x&lt;/b&gt;" in xml


MM = 1440 / 25.4  # twips per millimetre
WRITE_IN = ("检查结果", "备注")  # the columns the inspector writes in by hand


@pytest.mark.parametrize("unit", [None, "卫健委"])
def test_inspector_can_write_in_every_table(repo, out: Path, unit: str | None) -> None:  # type: ignore[no-untyped-def]
    """检查结果 and 备注 at least 25 mm wide, rows at least 10 mm high, the unit and date lines in a first row that
    repeats on every page with the column headings; landscape; county-wide and per unit."""
    unit_id = repo.resolve_unit(unit)["id"] if unit else None
    path = build_checklist(repo, unit_id, out)
    doc = Document(str(path))
    assert doc.sections[0]._sectPr.find(qn("w:pgSz")).get(qn("w:orient")) == "landscape"
    label = repo.unit(unit_id)["name"] if unit_id else "全体成员单位"
    assert len(doc.tables) == (3 if unit is None else 1)
    for table in doc.tables:
        banner, headings = table._tbl.findall(qn("w:tr"))[:2]
        rows = [r._tr for r in data_rows(table)]
        for repeated in (banner, headings):
            assert repeated.trPr.find(qn("w:tblHeader")) is not None
        line = "".join(t.text or "" for t in banner.iter(qn("w:t")))
        assert line.startswith(f"被检查单位：{label}") and "检查时间：" in line and "年" in line
        names = ["".join(t.text or "" for t in tc.iter(qn("w:t"))) for tc in headings.findall(qn("w:tc"))]
        widths = [int(w.get(qn("w:w"))) for w in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert sum(widths) == 12756  # the landscape type area, 225 mm
        for name in WRITE_IN:
            if name in names:
                assert widths[names.index(name)] >= 25 * MM, f"{name} {widths[names.index(name)] / MM:.1f} mm"
        assert "检查结果" in names
        assert rows
        for tr in rows:
            height = tr.trPr.find(qn("w:trHeight"))
            assert height.get(qn("w:hRule")) == "atLeast" and int(height.get(qn("w:val"))) >= 10 * MM
            assert tr.trPr.find(qn("w:cantSplit")) is not None
    main = [int(w.get(qn("w:w"))) for w in doc.tables[0]._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert [main[CHECK_HEADERS.index(n)] >= 25 * MM for n in WRITE_IN] == [True, True]


def test_sign_off_is_kept_with_the_last_data_row(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    for unit in (None, repo.resolve_unit("卫健委")["id"]):
        doc = Document(str(build_checklist(repo, unit, out)))
        signed = [t for t in doc.tables if "检查人（签字）" in "".join(x.text or "" for x in t._tbl.iter(qn("w:t")))]
        assert [t._tbl for t in signed] == [doc.tables[-1]._tbl]
        rows = signed[0]._tbl.findall(qn("w:tr"))
        last = rows.index(data_rows(signed[0])[-1]._tr)
        for tr in rows[last:-1]:
            assert all(p.pPr.keepNext is not None for p in tr.iter(qn("w:p")))
        assert all(p.pPr.keepNext is None for p in rows[last - 1].iter(qn("w:p")))

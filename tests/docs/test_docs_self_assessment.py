"""成员单位自评表: a unit's indicators (lead and partner) with target, latest value and computed verdict, blank
self-assessment columns, its open items, sign-off lines; landscape A4; batch over the units with indicators."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from docx_templates import build_batch, build_self_assessment, default_self_assessment_units, layout
from docx_templates.notice import open_shares
from store.errors import ValidationError
from store.records.text import document_text  # emoji leave documents (issue 15)
from store.views.monitoring import plan_of, target_text, verdict_for
from tools.build_templates import SELF_HEADERS, SELF_ITEM_HEADERS

from .conftest import doc_text, part_xml, parts, unit_id


def test_unit_form_lists_indicators_with_computed_verdicts(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    uid = unit_id(repo, "民政局")
    path = build_self_assessment(repo, uid, out)
    assert path.name == "成员单位自评表-县民政局-2025年度.docx"
    doc = Document(str(path))
    table = doc.tables[0]
    headers = [h.replace("{{ series_header }}", "2021—2025年数值") for h in SELF_HEADERS]
    assert [c.text for c in table.rows[0].cells] == headers
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    mine = [i for i in repo.indicators() if uid in i["lead_unit_ids"] + i["partner_unit_ids"]]
    assert len(rows) == len(mine) == 3
    assert [r[2] for r in rows] == ["牵头", "牵头", "配合"]  # lead ones first
    plans = repo.plans()
    for ind in mine:
        row = next(r for r in rows if r[1].startswith(ind["name"]))
        assert f"{ind['plan']}·{ind['domain']}" in row[1]
        assert row[3].startswith(target_text(ind, plan_of(ind, plans)).split("（")[0])
        assert row[5].split("\n")[0] == verdict_for(ind, plans, 2025, repo.today).rule_verdict
        assert row[6:] == ["", "", "", ""]  # 自评等次, 主要做法, 存在问题, 下一步措施 for the unit
    village = next(r for r in rows if r[1].startswith("村委会成员中女性比例"))
    assert village[1].startswith("村委会成员中女性比例（%）（重点难点）")
    # the 2021–2025 series, each value with the indicator's decimals; 2025 not reported yet
    assert village[4] == "2021年 24.6\n2022年 25.1\n2023年 25.6\n2024年 26.0\n2025年 —"
    assert village[5] == "无数据"
    marriage = next(r for r in rows if r[1].startswith("婚前医学检查率"))
    assert marriage[2] == "配合" and marriage[5] == "未达标"
    # the unit's items, open ones first, then the finished ones
    items = doc.tables[1]
    assert [c.text for c in items.rows[0].cells] == SELF_ITEM_HEADERS
    shares = open_shares(repo, uid)
    listed = [r.cells[1].text for r in items.rows[1:]]
    assert listed[: len(shares)] == sorted(s["number"] for s in shares)
    done = [
        i["number"] for i in repo.items() for a in i["assignments"] if a["unit_id"] == uid and a["status"] == "done"
    ]
    assert sorted(listed[len(shares) :]) == sorted(done) and done
    for row in items.rows[1:]:
        share = next(s for s in shares if s["number"] == row.cells[1].text) if row.cells[1].text not in done else None
        assert share is None or row.cells[2].text == share["title"]
        assert row.cells[6].text == "" and row.cells[7].text == ""
    text = doc_text(path)
    assert "填报单位（盖章）：县民政局" in text and "数据年度：2025年" in text
    for label in ("填报人：", "联系电话：", "单位负责人（签字）：", "单位（盖章）", "日期：　　年　　月　　日"):
        assert label in text
    assert "“自评等次”请对照计算评判填写" in text


def test_expected_value_shown_for_a_lagging_indicator(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    path = build_self_assessment(repo, unit_id(repo, "教育局"), out)
    rows = [[c.text for c in r.cells] for r in Document(str(path)).tables[0].rows[1:]]
    high = next(r for r in rows if r[1].startswith("高中阶段毛入学率"))
    assert high[5] == "滞后\n序时应达91.6%"
    assert "（重点难点）" in next(r for r in rows if r[1].startswith("学前教育毛入园率"))[1]


def test_layout_landscape(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    path = build_self_assessment(repo, unit_id(repo, "卫健委"), out)
    doc = Document(str(path))
    sect = doc.sections[0]._sectPr
    size = sect.find(qn("w:pgSz"))
    assert (size.get(qn("w:w")), size.get(qn("w:h")), size.get(qn("w:orient"))) == ("16838", "11906", "landscape")
    mar = sect.find(qn("w:pgMar"))
    assert 16838 - int(mar.get(qn("w:left"))) - int(mar.get(qn("w:right"))) == layout.TEXT_H
    assert 11906 - int(mar.get(qn("w:top"))) - int(mar.get(qn("w:bottom"))) == layout.TEXT_W
    for table in doc.tables:
        width = sum(int(g.get(qn("w:w"))) for g in table._tbl.tblGrid.findall(qn("w:gridCol")))
        assert width == layout.TEXT_H  # as wide as the turned type area
        for row in table.rows[1:]:
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None
    assert "w:evenAndOddHeaders" in part_xml(path, "word/settings.xml")
    for footer in parts(path, "word/footer").values():
        assert "PAGE" in footer and 'w:sz w:val="28"' in footer
    rpr = doc.styles["表格文字小"].element.rPr
    assert rpr.rFonts.get(qn("w:eastAsia")) == layout.FANGSONG and rpr.find(qn("w:sz")).get(qn("w:val")) == "21"
    spacing = doc.styles["表格文字小"].element.pPr.find(qn("w:spacing"))
    assert (spacing.get(qn("w:line")), spacing.get(qn("w:lineRule"))) == ("300", "exact")
    title = doc.styles["公文标题"].element.rPr
    assert title.rFonts.get(qn("w:eastAsia")) == layout.XIAOBIAOSONG and title.find(qn("w:sz")).get(qn("w:val")) == "44"
    assert doc.styles["表题"].element.rPr.rFonts.get(qn("w:eastAsia")) == layout.HEITI


def test_unit_without_indicators_or_items_is_refused(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    uid = repo.add_unit("县档案馆")["id"]
    with pytest.raises(ValidationError, match="没有承担监测指标"):
        build_self_assessment(repo, uid, out)
    assert not list(out.iterdir())


def test_unit_with_items_only(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    uid = repo.add_unit("县档案馆")["id"]
    repo.add_item("整理两个规划实施档案", "县档案馆", "2026-12-20")
    text = doc_text(build_self_assessment(repo, uid, out))
    assert "本单位未承担监测指标。" in text and "整理两个规划实施档案" in text


def test_batch_over_every_member_unit_with_a_part(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    calls: list[tuple[int, int, str]] = []
    history = len(repo.history())
    expected = default_self_assessment_units(repo)
    owners = {u for i in repo.indicators() for u in i["lead_unit_ids"] + i["partner_unit_ids"]}
    owners |= {e["owner_unit_id"] for e in repo.evidence() if e["owner_unit_id"] is not None}
    owners |= {a["unit_id"] for i in repo.items() for a in i["assignments"]}
    assert set(expected) == owners and len(expected) == len(repo.units()) == 26  # every member unit has a part
    result = build_batch(repo, "self_assessment", None, out, progress=lambda d, t, label: calls.append((d, t, label)))
    assert len(result.files) == len(expected) and result.combined is not None
    assert result.dispatches == [] and len(repo.history()) == history  # a form: nothing registered
    assert calls[-1][0] == calls[-1][1] and repo.unit(expected[0])["name"] in [c[2] for c in calls]
    combined = Document(str(result.combined))
    assert len(combined.sections) == len(expected)
    assert all(s._sectPr.find(qn("w:type")).get(qn("w:val")) == "oddPage" for s in combined.sections)


def test_hostile_indicator_name(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    name = "A&B <b>粗体</b> 😀"
    repo.add_indicator(name, plan="儿童", domain="安全", lead=["公安局"], direction="qualitative", target_text="<好>")
    path = build_self_assessment(repo, unit_id(repo, "公安局"), out)
    text = doc_text(path)
    assert document_text(name) in text and "<好>" in text
    assert "A&amp;B &lt;b&gt;" in part_xml(path, "word/document.xml")


def test_data_year(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    uid = unit_id(repo, "民政局")
    path = build_self_assessment(repo, uid, out, data_year=2024)
    assert path.name.endswith("2024年度.docx")
    assert "数据年度：2024年" in doc_text(path)
    rows = [[c.text for c in r.cells] for r in Document(str(path)).tables[0].rows[1:]]
    village = next(r for r in rows if r[1].startswith("村委会成员中女性比例"))
    ind = repo.resolve_indicator("村委会成员中女性比例")
    assert village[4].split("\n") == ["2020年 —", "2021年 24.6", "2022年 25.1", "2023年 25.6", "2024年 26.0"]
    assert village[5].split("\n")[0] == verdict_for(ind, repo.plans(), 2024, repo.today).rule_verdict

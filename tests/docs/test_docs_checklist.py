"""检查清单: landscape A4, the columns, rows for a unit's indicators and items, header row repeated."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.oxml.ns import qn

from docx_templates import build_checklist
from docx_templates.build_templates import CHECK_HEADERS
from store.monitoring import plan_of, target_text, verdict_for

from .conftest import doc_text


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
    rows = table.rows
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
    assert len(table.rows) == 1 + len(repo.indicators()) + len(repo.items())
    assert "被检查单位：全体成员单位" in doc_text(path)

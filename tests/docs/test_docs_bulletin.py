"""督查通报: totals and percentages per meeting, lagging units with item numbers, ranking table, number."""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn

from docx_templates import build_bulletin
from store.views.board import board_by_unit

from .conftest import doc_text


def test_bulletin(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    path = build_bulletin(repo, out)
    text = doc_text(path)
    assert "示妇儿工委办〔2026〕1号" in text
    assert "各成员单位：" in text
    m = re.search(r"共确定督办事项(\d+)项.*?已办结(\d+)项，占([\d.]+)%", text)
    assert m and int(m[1]) == 12
    assert float(m[3]) == round(int(m[2]) / 12 * 100, 1)
    board = board_by_unit(repo.items(), repo.policy(), repo.units_by_id())
    behind = [b for b in board if b["overdue"]]
    assert behind
    for b in behind:
        assert f"{b['unit']}：逾期未办结{b['overdue']}项（事项{'、'.join(b['overdue_items'])}）" in text
    table = Document(str(path)).tables[0]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    ranked = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert [r[1] for r in ranked] == [b["unit"] for b in board]
    assert ranked[0][8] == board[0]["on_time_rate_text"]
    assert "三、下一步工作要求" in text and "印发" in text
    assert repo.dispatches()[-1]["kind"] == "督查通报"


def test_bulletin_for_one_meeting(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    meeting = repo.meetings()[0]
    path = build_bulletin(repo, out, meeting_id=meeting["id"])
    assert meeting["title"] in doc_text(path)

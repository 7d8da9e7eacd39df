"""中期自评估报告（框架）: figures from the verdict summaries, 达标率 with its denominator, tables by 领域, the
problems listed from the data, the annex tables, GB/T 9704 layout (portrait body, landscape annexes)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from docx_templates import build_evaluation_report, convert_to_pdf, layout, soffice_path
from store.commands.repository import Repository
from store.errors import ValidationError
from store.records.text import document_text  # emoji leave documents (issue 15)
from store.rules.verdicts import CATEGORIES
from store.views.monitoring import summaries, verdict_board
from store.views.requests import chase_list, request_states
from tools.build_templates import ANNEX_EVIDENCE_HEADERS, DOMAIN_HEADERS

from .conftest import TODAY, doc_text, part_xml, parts

HOSTILE = "A&B <b>粗体</b> 😀 指标"


def table_rows(table) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return [[c.text for c in row.cells] for row in table.rows]


def figures(repo, year: int = 2025, basis: str = "all", by: str = "plan"):  # type: ignore[no-untyped-def]
    groups = summaries(repo.indicators(), repo.plans(), repo.units_by_id(), year, repo.today, by=by, basis=basis)
    return {s.group: s for s in groups}


def test_summary_counts_and_rate_with_its_denominator(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    path = build_evaluation_report(repo, out)
    text = doc_text(path)
    overall = figures(repo)["全部"]
    counts = "、".join(f"{v}{overall.counts.get(v, 0)}项" for v in CATEGORIES)
    assert f"按2025年监测数据评判，{counts}。" in text
    assert f"共设置监测指标{len(repo.indicators())}项" in text
    # the sentence states the rate, the fraction and what the denominator is, for this year and last year
    assert f"2025年达标率为{overall.this_year.text()}，2024年为{overall.last_year.text()}" in text
    m = re.search(r"2025年达标率为([\d.]+)%（(\d+)/(\d+)，分母为(全部指标)）", text)
    assert m is not None
    assert (int(m[2]), int(m[3])) == (overall.this_year.achieved, overall.this_year.denominator) == (9, 18)
    assert float(m[1]) == round(9 / 18 * 100, 1)
    diff = round((overall.this_year.value - overall.last_year.value) * 100, 1)
    assert f"提高{diff:g}个百分点" in text
    assert "达标率 =（提前达标 + 达标）÷ 全部指标" in text
    # a report, not a numbered 公文: nothing registered, no red header
    assert repo.dispatches() == []
    assert "〔2026〕" not in text.split("附件1")[0].replace("示妇儿工委〔2026〕2号", "")
    assert "示范县妇女和儿童发展规划" in text and "中期自评估报告" in text and "（框架稿）" in text


def test_denominator_follows_the_setting(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    repo.update_settings(rate_basis="with_data")
    text = doc_text(build_evaluation_report(repo, out))
    overall = figures(repo, basis="with_data")["全部"]
    assert overall.this_year.denominator < len(repo.indicators())
    assert f"2025年达标率为{overall.this_year.text()}" in text
    assert "分母为有数据的指标" in text and "分母为全部指标" not in text
    assert "÷ 有数据的指标" in text


def test_tables_by_domain_match_the_summaries(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    path = build_evaluation_report(repo, out)
    doc = Document(str(path))
    domain_tables = [t for t in doc.tables if [c.text for c in t.rows[0].cells] == DOMAIN_HEADERS]
    plans = sorted({i["plan"] for i in repo.indicators()})
    assert len(domain_tables) == len(plans)
    by_domain = figures(repo, by="domain")
    by_plan = figures(repo)
    keys = ["提前达标", "达标", "预期可达标", "滞后", "未达标", "待评判", "无数据"]
    seen_plans = []
    for table in domain_tables:
        rows = table_rows(table)[1:]
        total = rows[-1]
        assert total[0] == "合计"
        with_data = [r for r in rows[:-1] if r[1] != "—"]
        plan = next(p for p in plans if all(f"{p}·{r[0]}" in by_domain for r in with_data))
        seen_plans.append(plan)
        # every 领域 of the plan, in the plan's order; one without indicators shows dashes
        assert [r[0] for r in rows[:-1]] == repo.plan(plan)["domains"]
        for row in rows[:-1]:
            if row[1] == "—":
                assert set(row[1:]) == {"—"}
                assert not any(i["domain"] == row[0] and i["plan"] == plan for i in repo.indicators())
                continue
            s = by_domain[f"{plan}·{row[0]}"]
            assert row[1] == str(sum(s.counts.values()))
            assert row[2:9] == [str(s.counts.get(k, 0)) for k in keys]
            assert row[9] == f"{s.this_year.value:.1%}"
        s = by_plan[plan]
        assert total[1] == str(sum(s.counts.values())) and total[9] == f"{s.this_year.value:.1%}"
        assert sum(int(r[1]) for r in with_data) == int(total[1])
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert seen_plans == ["妇女", "儿童"]  # the women's plan first, as the county writes 妇女儿童
    text = doc_text(path)
    assert text.count("注：达标率 =（提前达标 + 达标）÷ 全部指标") == len(plans)


def test_problems_are_listed_with_placeholders(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    text = doc_text(build_evaluation_report(repo, out))
    problems = text.split("三、存在的问题及原因")[1].split("四、下一步工作措施")[0]
    board = verdict_board(repo.indicators(), repo.plans(), repo.units_by_id(), 2025, repo.today)
    behind = [r for r in board if r.verdict in ("滞后", "未达标")]
    assert {r.verdict for r in behind} == {"滞后", "未达标"}
    for r in behind:
        assert f"{r.name}（{r.plan}·{r.domain}，牵头单位：{'、'.join(r.lead)}）：{r.verdict}。{r.reason}" in problems
    assert problems.count("原因分析：（请补充原因分析）") >= len(behind) + 2
    for r in board:
        if r.verdict == "无数据":
            assert r.name in problems
    # the reason on record is kept, year by year
    assert "儿童溺水死亡率" in problems and "连续5年无数据（2021—2025年上级未反馈）" in problems
    req = repo.request(2025)
    late = chase_list(request_states(req, repo.indicators(), repo.units_by_id(), repo.today, repo.calendar()))
    assert [s.unit for s in late] == ["县民政局", "县人社局"]
    for s in late:
        assert f"{s.unit}：应报{s.total}项指标数据，已报{s.submitted}项，逾期{-s.workdays}个工作日" in problems
    assert "（三）部分单位数据报送不及时" in problems
    measures = text.split("四、下一步工作措施")[1].split("附件：")[0]
    assert measures.count("（请补充") == 3


def test_annex_tables(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    path = build_evaluation_report(repo, out)
    doc = Document(str(path))
    data = next(t for t in doc.tables if t.rows[0].cells[0].text == "序号" and "评判依据" in t.rows[0].cells[-1].text)
    header = [c.text for c in data.rows[0].cells]
    assert header[4:9] == [f"{y}年" for y in range(2021, 2026)]
    rows = table_rows(data)[1:]
    assert len(rows) == len(repo.indicators())
    board = {r.name: r for r in verdict_board(repo.indicators(), repo.plans(), repo.units_by_id(), 2025, repo.today)}
    for row in rows:
        name = row[1].split("\n")[0].rsplit("（", 1)[0]
        assert row[12].removesuffix("（人工）") == board[name].verdict
        assert row[13] == board[name].reason
    infant = next(r for r in rows if r[1].startswith("婴儿死亡率"))
    assert infant[4:9] == ["5.4", "5.3", "5.2", "5.2", "4.8"] and infant[1] == "婴儿死亡率（‰）\n儿童·健康"
    village = next(r for r in rows if r[1].startswith("村委会成员中女性比例"))
    assert village[8] == "未报"  # 县民政局 has not reported 2025
    assert data.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    evidence = next(t for t in doc.tables if [c.text for c in t.rows[0].cells] == ANNEX_EVIDENCE_HEADERS)
    rows = table_rows(evidence)[1:]
    assert [r[2] for r in rows] == [e["title"] for e in repo.evidence()]
    assert any(r[5] == "未开始（逾期）" for r in rows)
    assert evidence.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    text = doc_text(path)
    assert "附件：1. 指标监测数据表" in text and "4. 佐证材料清单" in text
    assert "附件1" in text and "附件2" in text and "附件3" in text and "附件4" in text


def test_layout_portrait_body_landscape_annexes(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    path = build_evaluation_report(repo, out)
    doc = Document(str(path))
    first, last = doc.sections[0], doc.sections[-1]
    assert len(doc.sections) == 2
    size = first._sectPr.find(qn("w:pgSz"))
    assert (size.get(qn("w:w")), size.get(qn("w:h")), size.get(qn("w:orient"))) == ("11906", "16838", None)
    mar = first._sectPr.find(qn("w:pgMar"))
    got = {k: int(mar.get(qn(f"w:{k}"))) for k in ("top", "left", "right", "bottom")}
    assert got == {"top": 2098, "left": 1587, "right": 1474, "bottom": 1984}
    size = last._sectPr.find(qn("w:pgSz"))
    assert (size.get(qn("w:w")), size.get(qn("w:h")), size.get(qn("w:orient"))) == ("16838", "11906", "landscape")
    mar = last._sectPr.find(qn("w:pgMar"))
    assert 16838 - int(mar.get(qn("w:left"))) - int(mar.get(qn("w:right"))) == layout.TEXT_H
    # both sections number their pages through the same odd/even footers
    assert "w:evenAndOddHeaders" in part_xml(path, "word/settings.xml")
    for section in (first, last):
        refs = {r.get(qn("w:type")) for r in section._sectPr.findall(qn("w:footerReference"))}
        assert {"default", "even"} <= refs
    assert first.footer.paragraphs[0]._p.pPr.find(qn("w:jc")).get(qn("w:val")) == "right"
    assert first.even_page_footer.paragraphs[0]._p.pPr.find(qn("w:jc")).get(qn("w:val")) == "left"
    for footer in parts(path, "word/footer").values():
        assert "PAGE" in footer and "— " in footer and 'w:eastAsia="宋体"' in footer
    # fonts and sizes by style, fixed line spacing, no red header
    styles = {s.style_id: s.name for s in doc.styles}
    used = {
        styles.get(p.pPr.pStyle.val)
        for p in doc.element.body.iter(qn("w:p"))
        if p.pPr is not None and p.pPr.pStyle is not None
    }
    assert {"公文标题", "副标题", "正文", "一级标题", "二级标题", "署名", "成文日期", "附件标识"} <= used
    assert "红头" not in used and "发文字号" not in used

    def font(style: str) -> tuple[str, int]:
        rpr = doc.styles[style].element.rPr
        return rpr.rFonts.get(qn("w:eastAsia")), int(rpr.find(qn("w:sz")).get(qn("w:val")))

    assert font("公文标题") == (layout.XIAOBIAOSONG, 44)
    assert font("正文") == (layout.FANGSONG, 32)
    assert font("一级标题") == (layout.HEITI, 32)
    assert font("二级标题") == (layout.KAITI, 32)
    assert font("副标题") == (layout.KAITI, 32)
    spacing = doc.styles["正文"].element.pPr.find(qn("w:spacing"))
    assert (spacing.get(qn("w:line")), spacing.get(qn("w:lineRule"))) == (str(layout.LINE), "exact")
    text = doc_text(path)
    assert "示范县妇女儿童工作委员会办公室\n2026年11月28日" in text


def test_data_year_and_issue_date(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    path = build_evaluation_report(repo, out, data_year=2024, issue_date="2026-12-01")
    text = doc_text(path)
    overall = figures(repo, year=2024)["全部"]
    assert f"2024年达标率为{overall.this_year.text()}，2023年为{overall.last_year.text()}" in text
    assert "2026年12月1日" in text
    data = next(t for t in Document(str(path)).tables if t.rows[0].cells[-1].text == "评判依据")
    header = [c.text for c in data.rows[0].cells]
    assert header[4:9] == [f"{y}年" for y in range(2020, 2025)]
    with pytest.raises(ValidationError, match="数据年度"):
        build_evaluation_report(repo, out, data_year="明年")


def test_hostile_text_renders_safely(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    ind = repo.add_indicator(
        HOSTILE, plan="妇女", domain="健康", lead=["卫健委"], measure="%", direction=">=", target=50, baseline=40
    )
    repo.record_reading(ind["id"], 2025, 42)
    repo.add_evidence("宣传", "材料 <i>x</i> & “引号” 😀", owner="妇联")
    path = build_evaluation_report(repo, out)
    text = doc_text(path)
    assert document_text(HOSTILE) in text and "材料 <i>x</i> & “引号” " in text and "😀" not in text
    xml = part_xml(path, "word/document.xml")
    assert "A&amp;B &lt;b&gt;粗体&lt;/b&gt;" in xml


def test_no_indicators_is_refused(tmp_path: Path, out: Path) -> None:
    repo = Repository.open(tmp_path / "empty.json", today=TODAY)
    repo.update_settings(office_name="某县妇儿工委办公室", doc_prefix="某妇儿工委办")
    with pytest.raises(ValidationError, match="还没有监测指标"):
        build_evaluation_report(repo, out)
    repo.close()


@pytest.mark.skipif(soffice_path() is None, reason="LibreOffice (soffice) is not installed")
def test_pdf_has_portrait_body_landscape_annexes_and_no_empty_page(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    path = build_evaluation_report(repo, out)
    pdf = convert_to_pdf([path], out / "pdf")[0]
    data = pdf.read_bytes()
    boxes = [
        tuple(round(float(v)) for v in m.split()[2:4])
        for m in re.findall(rb"/MediaBox\s*\[\s*([^\]]*)\]", data)
        if len(m.split()) == 4
    ]
    pages = [b for b in boxes if b in ((595, 842), (842, 595))]
    assert pages[0] == (595, 842) and pages[-1] == (842, 595)
    assert pages == sorted(pages)  # portrait pages first, then the landscape annexes
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True).stdout
        chunks = text.decode("utf-8").split("\f")
        assert all(chunk.strip() for chunk in chunks[: len(pages)])  # every page has something on it
        assert "附件1" in text.decode("utf-8").replace(" ", "")

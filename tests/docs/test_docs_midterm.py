"""Issue 16 on paper: the 中期自评估报告 speaks of the evaluation year and every figure in it is the command line's
(`verdicts --year 2025 --json`); it names the data status, every 领域 of both plans, 中期目标, 应达值 and the change
from the baseline, the lagging indicators with their units and chasing items, and the verdicts set by hand; the
checklist judges one data year with the indicators' decimals; the self-assessment forms are one per member unit,
show the rule's verdict, mid-term targets and 2021–2025, and their sign-off never starts a page."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from docx_templates import build_batch, build_checklist, build_evaluation_report, build_self_assessment
from docx_templates.pdf import convert_to_pdf, soffice_path
from supervisor import main

from .conftest import doc_text, unit_id


def cli_json(db: Path, capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    assert main(["--db", str(db), "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def rows_of(table: Any) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def test_every_figure_of_the_report_is_the_command_lines(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["--db", str(db_path), "reading", "婴儿死亡率", "2026", "--value", "4.5098"])  # an early 2026 reading
    assert main(["--db", str(db_path), "evaluation", "--out", str(tmp_path)]) == 0
    path = next(tmp_path.glob("*.docx"))
    assert "2025年数据" in path.name  # the evaluation year, although a 2026 reading exists
    capsys.readouterr()
    cli = cli_json(db_path, capsys, "verdicts", "--year", "2025")
    by_plan = {s["group"]: s for s in cli["summaries"]}
    by_domain = {
        s["group"]: s for s in cli_json(db_path, capsys, "verdicts", "--year", "2025", "--by", "domain")["summaries"]
    }
    text = doc_text(path)
    overall = by_plan["全部"]
    counts = "、".join(
        f"{v}{overall['counts'].get(v, 0)}项"
        for v in ("提前达标", "达标", "预期可达标", "滞后", "未达标", "待评判", "无数据")
    )
    assert f"按2025年监测数据评判，{counts}。" in text
    assert f"2025年达标率为{overall['this_year']}，2024年为{overall['last_year']}" in text
    for plan in ("妇女", "儿童"):
        assert f"2025年达标率为{by_plan[plan]['this_year']}，2024年为{by_plan[plan]['last_year']}" in text
    assert f"数据状态：{cli['status']}" in text
    doc = Document(str(path))
    plans = iter(("妇女", "儿童"))  # the domain tables come in the report's plan order
    for table in doc.tables:
        header = [c.text for c in table.rows[0].cells]
        if header[:2] == ["领域", "指标数"]:
            plan = next(plans)
            total = rows_of(table)[-1]
            assert total[9] == by_plan[plan]["this_year"].split("（")[0]
            for row in rows_of(table)[1:-1]:
                if row[1] == "—":
                    continue
                s = by_domain[f"{plan}·{row[0]}"]
                assert row[9] == s["this_year"].split("（")[0]
                assert [int(x) for x in row[2:9]] == [
                    s["counts"].get(v, 0)
                    for v in ("提前达标", "达标", "预期可达标", "滞后", "未达标", "待评判", "无数据")
                ]
        if header[-1] == "评判依据":  # 附件1: every indicator's value, 应达值, change, status, verdict and grounds
            board = {r["name"]: r for r in cli["indicators"]}
            for row in rows_of(table)[1:]:
                r = board[row[1].split("（")[0].split("\n")[0]]
                assert row[8] in r["value"]  # 4.8 in 4.8‰, 未报, 上级未反馈 in 无数据（上级未反馈）
                assert row[9] == (r["expected"] or "—") and row[10] == (r["change"] or "—")
                assert row[11] == r["status"] and row[12].removesuffix("（人工）") == r["verdict"]
                assert row[13] == r["reason"]


def test_the_report_lists_what_an_inspector_asks_for(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    path = build_evaluation_report(repo, out)
    text = doc_text(path)
    # 16.13: the key-indicator sentence adds up (预期可达标 is not dropped)
    m = re.search(
        r"重点难点指标(\d+)项中，提前达标和达标(\d+)项，预期可达标(\d+)项，滞后和未达标(\d+)项，待评判(\d+)项，无数据(\d+)项",
        text,
    )
    assert m is not None and int(m[1]) == sum(int(m[i]) for i in range(2, 7)) == 7 and m[3] == "1"
    # every 领域 of both plans, with placeholders where the program has no indicator
    for plan in repo.plans():
        for n, domain in enumerate(plan["domains"], start=1):
            assert f"{n}. {domain}领域。" in text
    assert "2. 教育领域。本领域暂未纳入监测指标。主要目标：（请补充）" in text
    assert "适龄妇女宫颈癌筛查率≥70%（2030年），中期≥65%（2025年）" in text
    doc = Document(str(path))
    data = next(t for t in doc.tables if t.rows[0].cells[-1].text == "评判依据")
    header = [c.text for c in data.rows[0].cells]
    assert header[9:13] == ["应达值", "比基线变化", "数据状态", "评判"]
    rows = {r[1].split("（")[0]: r for r in rows_of(data)[1:]}
    assert rows["适龄妇女宫颈癌筛查率"][2] == "≥70%\n2030年\n中期≥65%\n2025年"
    assert rows["高中阶段毛入学率"][9] == "91.6%" and rows["高中阶段毛入学率"][10] == "提高0.2个百分点"
    assert rows["孕产妇死亡率"][10] == "下降5.1/10万" and rows["婴儿死亡率"][10] == "下降0.6个千分点"
    assert rows["学前教育毛入园率"][11] == "已报"
    lagging = next(t for t in doc.tables if t.rows[0].cells[-1].text == "督办事项")
    lag = {r[1]: r for r in rows_of(lagging)[1:]}
    assert set(lag) == {"婚前医学检查率", "高中阶段毛入学率"}
    assert lag["婚前医学检查率"][4:6] == ["县卫健委", "县民政局"] and "2026-06" in lag["婚前医学检查率"][6]
    amended = next(t for t in doc.tables if t.rows[0].cells[-1].text == "记录人")
    (override,) = rows_of(amended)[1:]
    assert override[1:7] == ["出生人口性别比", "2024年", "人工评判", "待评判", "未达标", "仍高于107的正常上限"]
    assert "附件：1. 指标监测数据表" in text and "3. 人工评判和口径变化说明" in text


def test_the_checklist_judges_one_year_with_the_indicators_decimals(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    infant = repo.resolve_indicator("婴儿死亡率")["id"]
    repo.open_request(2026, "2027-04-30")
    repo.record_reading(infant, 2026, 4.5098)
    rows = {
        r[2].removesuffix("（重点难点）"): r
        for r in rows_of(Document(str(build_checklist(repo, None, out))).tables[0])[1:]
    }
    assert rows["婴儿死亡率"][5] == "4.8‰\n2025年"  # the evaluation year, not the early 2026 value
    assert (
        rows["村委会成员中女性比例"][5] == "未报\n（2024年26.0%）\n2025年"
        and rows["村委会成员中女性比例"][6] == "无数据"
    )
    assert rows["孕产妇死亡率"][4] == "16.9/10万\n2020年"
    rows = {
        r[2].removesuffix("（重点难点）"): r
        for r in rows_of(Document(str(build_checklist(repo, None, out / "y", data_year=2026))).tables[0])[1:]
    }
    assert rows["婴儿死亡率"][5] == "4.5‰\n2026年"  # never 4.5098‰
    assert "现状值为2026年监测数据" in doc_text(next((out / "y").glob("*.docx")))


def test_self_assessment_shows_the_rules_verdict_mid_term_targets_and_five_years(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    path = build_self_assessment(repo, unit_id(repo, "卫健委"), out, data_year=2024)
    rows = {r[1].split("（")[0]: r for r in rows_of(Document(str(path)).tables[0])[1:]}
    ratio = rows["出生人口性别比"]  # 2024 has a verdict set by hand (未达标); the column shows the rule's
    assert ratio[5] == "待评判" and "人工" not in ratio[5]
    assert ratio[4].split("\n") == ["2020年 —", "2021年 111.3", "2022年 110.7", "2023年 110.0", "2024年 109.3"]
    assert rows["适龄妇女宫颈癌筛查率"][3] == "≥70%\n2030年\n中期≥65%\n2025年"


@pytest.mark.skipif(
    soffice_path() is None or shutil.which("pdftotext") is None, reason="LibreOffice or pdftotext missing"
)
def test_no_sign_off_starts_a_page_or_splits(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    """Every member unit's form through LibreOffice: the page with 填报人 also has table rows above it, and the
    two sign-off lines are on one page."""
    result = build_batch(repo, "self_assessment", None, out)
    assert len(result.files) == 26
    pdf = convert_to_pdf([result.combined], out / "pdf")[0]
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True).stdout.decode()
    pages = text.split("\f")
    signed = 0
    for page in pages:
        if "填报人：" not in page:
            continue
        signed += 1
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        at = next(i for i, line in enumerate(lines) if line.startswith("填报人："))
        assert at > 0 and any(re.match(r"^\d+\s", line) for line in lines[:at]), page  # a table row above it
        assert any("单位（盖章）" in line and "日期：" in line for line in lines[at:]), page  # not split
    assert signed == 26

"""催报通知: the late units and their missing indicators, lateness in working days, what to send by when,
numbered from the register (one undo step), GB/T 9704 layout, hostile text, the command line."""

from __future__ import annotations

import argparse
import json
import re
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from cli.options_reports import document_options
from docx_templates import (
    build_batch,
    build_data_chase_notice,
    default_data_chase_units,
    layout,
)
from store.errors import NotFoundError, ValidationError
from store.records.text import document_text  # emoji leave documents (issue 15)
from store.views.requests import chase_list, request_states

from .conftest import GBT_MARGINS, TODAY, doc_text, margins, page_size, part_xml, parts, run_cli, styled, unit_id

NUMBER = re.compile(r"示妇儿工委办〔2026〕(\d+)号")


def states(repo):  # type: ignore[no-untyped-def]
    return request_states(repo.request(2025), repo.indicators(), repo.units_by_id(), repo.today, repo.calendar())


def test_default_units_are_the_chase_list(repo) -> None:  # type: ignore[no-untyped-def]
    expected = [s.unit_id for s in chase_list(states(repo))]
    assert default_data_chase_units(repo) == expected == [unit_id(repo, "民政局"), unit_id(repo, "人社局")]


def test_notice_content(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    uid = unit_id(repo, "民政局")
    state = next(s for s in states(repo) if s.unit_id == uid)
    path = build_data_chase_notice(repo, uid, out)
    assert path.name == "催报通知-县民政局-示妇儿工委办〔2026〕1号.docx"
    text = doc_text(path)
    assert "示范县妇女儿童工作委员会办公室" in text and "示妇儿工委办〔2026〕1号" in text
    assert "关于催报2025年度监测数据的通知" in text
    assert "县民政局：" in text
    assert "应于2026年11月16日前报送2025年度监测数据" in text
    assert state.workdays < 0
    assert f"已逾期{-state.workdays}个工作日" in text and "已逾期9个工作日" in text
    assert f"此前已催报{state.reminders}次" in text
    assert f"你单位负责报送的{state.total}项指标中，尚有2项指标数据未报送" in text
    for name in state.indicators:
        assert name in text
    assert "1. 村委会成员中女性比例（妇女·参与决策和管理）：尚未报送。数据来源：村委会换届统计。" in text
    due = repo.calendar().add_workdays(TODAY, 5)
    assert f"请你单位于{due.year}年{due.month}月{due.day}日前（5个工作日内）" in text
    assert "（联系人：林晓雯，联系电话：0000-6123456）" in text
    assert "附件：2025年度监测数据报送表" in text
    assert "抄送：示范县妇女儿童工作委员会主任、副主任。" in text
    assert "示范县妇女儿童工作委员会办公室2026年11月28日印发" in text.replace("\t", "")
    # the attached form: one row per missing indicator, value columns blank
    form = Document(str(path)).tables[0]
    header = [c.text for c in form.rows[0].cells]
    assert header[5] == "2025年数值" and form.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    rows = [[c.text for c in r.cells] for r in form.rows[1:]]
    assert [r[1] for r in rows] == ["村委会成员中女性比例", "农村留守儿童关爱服务覆盖率"]
    assert rows[0][4] == "26.0%\n2024年" and rows[0][5] == "" and rows[0][6] == ""  # the indicator's decimals
    dispatch = repo.dispatches()[-1]
    assert (dispatch["kind"], dispatch["unit_ids"], dispatch["file"]) == ("催报通知", [uid], str(path))


def test_numbers_increase_and_undo(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    first = build_data_chase_notice(repo, unit_id(repo, "民政局"), out)
    second = build_data_chase_notice(repo, unit_id(repo, "人社局"), out)
    assert NUMBER.search(first.name)[1] == "1" and NUMBER.search(second.name)[1] == "2"
    assert NUMBER.search(doc_text(second))[0] == "示妇儿工委办〔2026〕2号"
    assert repo.undo().startswith("生成催报通知")
    third = build_data_chase_notice(repo, unit_id(repo, "人社局"), out)
    assert NUMBER.search(third.name)[1] == "3"  # never reused


def test_remind_records_a_chase_with_the_number(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    uid = unit_id(repo, "人社局")
    before = len(repo.request(2025)["reminders"])
    build_data_chase_notice(repo, uid, out, remind=True, issue_date="2026-11-30")
    reminders = repo.request(2025)["reminders"]
    assert len(reminders) == before + 1
    last = reminders[-1]
    assert (last["unit_id"], last["method"], last["date"]) == (uid, "催报通知", "2026-11-30")
    assert "示妇儿工委办〔2026〕1号" in last["note"]
    assert repo.undo().startswith("生成催报通知")  # number and reminder in one undo step
    assert len(repo.request(2025)["reminders"]) == before and {d["state"] for d in repo.dispatches()} == {"void"}


def test_returned_data_and_units_up_to_date(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    uid = unit_id(repo, "卫健委")
    with pytest.raises(ValidationError, match="已报齐"):
        build_data_chase_notice(repo, uid, out)
    infant = repo.resolve_indicator("婴儿死亡率")
    repo.review_reading(infant["id"], 2025, accept=False, note="请核实分母口径")
    assert uid in default_data_chase_units(repo)
    text = doc_text(build_data_chase_notice(repo, uid, out))
    assert "其中退回待修改1项" in text
    assert "婴儿死亡率（儿童·健康）：已退回，请核实修改后重新报送（请核实分母口径）。" in text
    with pytest.raises(ValidationError, match="不在2025年数据报送范围内"):
        build_data_chase_notice(repo, unit_id(repo, "组织部"), out)
    with pytest.raises(NotFoundError):
        build_data_chase_notice(repo, uid, out, data_year=2019)


def test_before_the_due_date(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    repo.open_request(2026, "2027-01-08")
    # by default the overdue 2025 cycle is chased first, not the newest one
    assert "2025年度监测数据" in doc_text(build_data_chase_notice(repo, unit_id(repo, "人社局"), out))
    path = build_data_chase_notice(repo, unit_id(repo, "人社局"), out, data_year=2026)
    text = doc_text(path)
    days = repo.calendar().workdays_between(TODAY, date(2027, 1, 8))
    assert f"距报送截止还有{days}个工作日" in text and "2026年度监测数据" in text
    assert "此前已催报" not in text
    # asked for before the deadline, the data are due by the deadline, never earlier
    assert "请你单位于2027年1月8日前（报送截止日）" in text


def test_layout_meets_gbt9704(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    path = build_data_chase_notice(repo, unit_id(repo, "民政局"), out)
    doc = Document(str(path))
    sect = doc.sections[0]._sectPr
    assert page_size(sect)[:2] == ("11906", "16838")
    assert margins(sect) == GBT_MARGINS
    styles = {s.style_id: s.name for s in doc.styles}

    def paragraphs(style: str) -> list:  # type: ignore[type-arg]
        return styled(doc, style)

    head = paragraphs("红头")[0]
    runs = head.findall(qn("w:r"))
    assert all(r.rPr.find(qn("w:color")).get(qn("w:val")) == "FF0000" for r in runs)
    assert all(r.rPr.rFonts.get(qn("w:eastAsia")) == layout.XIAOBIAOSONG for r in runs)
    number = paragraphs("发文字号")[0]
    assert number.pPr.find(qn("w:pBdr")).find(qn("w:bottom")).get(qn("w:color")) == "FF0000"
    assert doc.styles["正文"].element.rPr.rFonts.get(qn("w:eastAsia")) == layout.FANGSONG
    spacing = doc.styles["正文"].element.pPr.find(qn("w:spacing"))
    assert (spacing.get(qn("w:line")), spacing.get(qn("w:lineRule"))) == (str(layout.LINE), "exact")
    signature, day = paragraphs("署名")[0], paragraphs("成文日期")[0]
    assert int(day.pPr.find(qn("w:ind")).get(qn("w:right"))) > int(signature.pPr.find(qn("w:ind")).get(qn("w:right")))
    assert "w:evenAndOddHeaders" in part_xml(path, "word/settings.xml")
    section = doc.sections[0]
    assert section.footer.paragraphs[0]._p.pPr.find(qn("w:jc")).get(qn("w:val")) == "right"
    assert section.even_page_footer.paragraphs[0]._p.pPr.find(qn("w:jc")).get(qn("w:val")) == "left"
    for footer in parts(path, "word/footer").values():
        assert "PAGE" in footer and 'w:fldCharType="begin"' in footer and "— " in footer and " —" in footer
    record = next(
        tbl for tbl in doc.element.body.iter(qn("w:tbl")) if "印发" in "".join(t.text for t in tbl.iter(qn("w:t")))
    )
    assert all(styles.get(p.pPr.pStyle.val) == "版记" for p in record.iter(qn("w:p")))


def test_batch_of_the_chase_list_is_one_undo_step(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    calls: list[tuple[int, int, str]] = []
    history = len(repo.history())
    result = build_batch(repo, "data_chase", None, out, progress=lambda d, t, label: calls.append((d, t, label)))
    assert [d["number"] for d in result.dispatches] == ["示妇儿工委办〔2026〕1号", "示妇儿工委办〔2026〕2号"]
    assert [d["unit_ids"] for d in result.dispatches] == [[uid] for uid in default_data_chase_units(repo)]
    assert result.combined is not None and len(Document(str(result.combined)).sections) == 2
    assert {"县民政局", "县人社局"} <= {c[2] for c in calls} and calls[-1][0] == calls[-1][1]
    assert len(repo.history()) == history + 2  # numbers reserved, then marked issued: one undo step
    assert repo.undo() == "批量生成催报通知 2 份"
    assert {d["state"] for d in repo.dispatches()} == {"void"}  # 作废, files moved
    # a unit whose data are in is skipped with a message
    again = build_batch(repo, "data_chase", [unit_id(repo, "卫健委"), unit_id(repo, "人社局")], out)
    assert again.skipped == ["县卫健委"] and len(again.files) == 1
    assert again.dispatches[0]["number"] == "示妇儿工委办〔2026〕3号"


def test_hostile_indicator_name(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    name = "A&B <b>粗体</b> 😀"
    repo.add_indicator(name, plan="妇女", domain="经济", lead=["人社局"], target=10, baseline=5, source="x<y & z")
    path = build_data_chase_notice(repo, unit_id(repo, "人社局"), out)
    text = doc_text(path)
    assert document_text(name) in text and "x<y & z" in text and "😀" not in text
    assert "A&amp;B &lt;b&gt;" in part_xml(path, "word/document.xml")


# ------------------------------------------------------------------ command line


def test_cli_data_chase(db_path: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "docs"
    assert run_cli("data_chase", ["--unit", "民政局", "--out", str(folder)], db_path) == 0
    shown = capsys.readouterr().out
    assert "已生成催报通知 1 份" in shown and "示妇儿工委办〔2026〕1号" in shown
    assert run_cli("data_chase", ["--all", "--remind", "--out", str(folder)], db_path, as_json=True) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["files"]) == 2 and data["combined"]
    assert [d["number"] for d in data["dispatches"]] == ["示妇儿工委办〔2026〕2号", "示妇儿工委办〔2026〕3号"]


def test_cli_evaluation_and_self_assessment(db_path: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "docs"
    assert run_cli("evaluation", ["--year", "2025", "--out", str(folder)], db_path) == 0
    assert "中期自评估报告" in capsys.readouterr().out
    assert run_cli("self_assessment", ["--unit", "卫健委", "--unit", "教育局", "--out", str(folder)], db_path) == 0
    shown = capsys.readouterr().out
    assert "已生成成员单位自评表 2 份" in shown and "合并打印文件" in shown
    parser = argparse.ArgumentParser()
    document_options("data_chase", parser)
    with pytest.raises(SystemExit):
        parser.parse_args([])

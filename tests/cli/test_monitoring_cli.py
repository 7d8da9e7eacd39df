"""The monitoring verbs: indicator, reading, request, verdicts, evidence, publicity."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from supervisor import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_verdicts_print_the_rate_with_its_denominator(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", str(db), "verdicts")
    assert code == 0 and "50.0%（9/18，分母为全部指标）" in out and "慢于序时进度" in out
    code, out, _ = run(capsys, "--db", str(db), "verdicts", "--by", "domain", "--basis", "numeric")
    assert code == 0 and "分母为有量化目标的指标" in out and "儿童·教育" in out
    code, out, _ = run(capsys, "--db", str(db), "--json", "verdicts", "--year", "2024")
    data = json.loads(out)
    assert data["year"] == 2024 and len(data["indicators"]) == 18


def test_the_card_shows_the_definition_and_every_year(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", str(db), "indicator", "show", "ET-JY-01")
    assert code == 0 and "学前教育毛入园率" in out and "2021—2030年，中期2025年" in out
    assert "2021年" in out and "2025年" in out and "按序时进度50%应达87.6%" in out


def test_reading_checks_and_override(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["--db", str(db), "reading", "学前教育毛入园率", "2026"]
    code, _, err = run(capsys, *base, "--value", "60")
    assert code == 1 and "下降28.9个百分点，超过5个百分点" in err and "低于基线" in err and "--confirm" in err
    code, out, _ = run(capsys, *base, "--value", "60", "--confirm", "--note", "口径调整")
    assert code == 0 and "已录入" in out
    code, out, _ = run(capsys, *base, "--verdict", "达标", "--reason", "口径调整后重新核定")
    assert code == 0 and "人工评判" in out and "达标" in out
    code, _, err = run(capsys, "--db", str(db), "reading", "婴儿死亡率", "2026", "--numerator", "5")
    assert code == 1 and "同时填写" in err


def test_request_status_remind_and_open(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", str(db), "request")
    assert code == 0 and "：县民政局（逾期9个工作日）、县人社局（逾期9个工作日）" in out
    code, out, _ = run(capsys, "--db", str(db), "request", "remind")
    assert code == 0 and "已登记2025年数据催报：县民政局、县人社局" in out
    code, out, _ = run(capsys, "--db", str(db), "request", "open", "2026", "--due", "2027-04-30")
    assert code == 0 and "6个单位" in out
    code, _, err = run(capsys, "--db", str(db), "request", "open", "2026", "--due", "2027-04-30")
    assert code == 1 and "已经有了" in err


def test_evidence_and_publicity(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", str(db), "evidence")
    assert code == 0 and "两个规划实施经费预算批复" in out and "（逾期）" in out
    code, out, _ = run(
        capsys,
        "--db",
        str(db),
        "evidence",
        "add",
        "--category",
        "宣传",
        "--title",
        "宣传展板照片",
        "--owner",
        "妇联",
        "--due",
        "12月10日",
    )
    assert code == 0 and "已新增佐证材料" in out
    evidence_id = out.split()[1].rstrip("：")
    code, out, _ = run(capsys, "--db", str(db), "evidence", "set", evidence_id.split("：")[0], "--status", "已完成")
    assert code == 0 and "已完成" in out
    code, out, _ = run(capsys, "--db", str(db), "publicity")
    assert code == 0 and "知晓率86.5%" in out
    code, _, err = run(
        capsys, "--db", str(db), "publicity", "add", "--kind", "survey", "--title", "抽样", "--awareness", "80"
    )
    assert code == 1 and "样本量" in err


def test_the_card_can_be_corrected(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "--db", str(db), "indicator", "edit", "高中阶段毛入学率", "--target", "91", "--source", "教育统计年报"
    )
    assert code == 0 and "已修改指标" in out
    code, out, _ = run(capsys, "--db", str(db), "--json", "indicator", "show", "高中阶段毛入学率")
    card = json.loads(out)
    assert card["target"] == 91 and card["source"] == "教育统计年报" and card["direction"] == ">="
    assert card["verdicts"][-1]["verdict"] == "达标"  # the 91.2 baseline already meets 91: kept, so 达标
    code, _, err = run(capsys, "--db", str(db), "indicator", "edit", "高中阶段毛入学率")
    assert code == 1 and "没有要修改的内容" in err
    code, out, _ = run(
        capsys,
        "--db",
        str(db),
        "indicator",
        "add",
        "新指标",
        "--plan",
        "儿童",
        "--domain",
        "安全",
        "--target",
        "5",
        "--direction",
        "<=",
    )
    assert code == 0
    code, out, _ = run(capsys, "--db", str(db), "--json", "indicator", "show", "新指标")
    assert json.loads(out)["measure"] == "%" and json.loads(out)["mode"] == "level"

"""Issue 16 on the command line: the data year boards and documents speak of, which readings count, when a data
cycle is chased and in which order, plan periods, qualitative values, data not yet due, precision, the big-change
check, evidence kept by the office — on the sample county as of Monday 30 November 2026, with a 2026 cycle open
and a few early 2026 readings (one of them returned), and on a county plan ending in 2025 made through the CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from supervisor import main

DAY = "2026-11-30"


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), "--today", DAY, *args])
    out, err = capsys.readouterr()
    return code, out, err


def data(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> Any:
    code, out, err = run(capsys, db, "--json", *args)
    assert code == 0, err
    return json.loads(out)


@pytest.fixture
def county(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The sample county on 2026-11-30 as the issue found it: the 2026 cycle open (due 2027-04-30), 2026 readings
    entered early, 学前教育毛入园率 2026 returned."""
    db = tmp_path / "county.json"
    for argv in (
        ["demo"],
        ["request", "open", "2026", "--due", "2027-04-30"],
        ["reading", "学前教育毛入园率", "2026", "--value", "95", "--confirm", "--reason", "新建两所乡镇幼儿园"],
        ["reading", "学前教育毛入园率", "2026", "--send-back", "--note", "与教育事业统计不一致"],
        ["reading", "婴儿死亡率", "2026", "--value", "4.5098"],
        [
            "reading",
            "孕产妇死亡率",
            "2026",
            "--numerator",
            "2",
            "--denominator",
            "10200",
            "--confirm",
            "--reason",
            "2例",
        ],
    ):
        code, _, err = run(capsys, db, *argv)
        assert code == 0, (argv, err)
    return db


def test_16_1_boards_default_to_the_latest_complete_year(county: Path, capsys: pytest.CaptureFixture[str]) -> None:
    verdicts = data(capsys, county, "verdicts")
    assert verdicts["year"] == 2025  # not 2026, although 2026 readings exist
    assert verdicts["provisional"] is True and "报送尚未结束" in verdicts["status"]  # the 2025 cycle is still open
    overall = next(s for s in verdicts["summaries"] if s["group"] == "全部")
    assert overall["this_year"] == "50.0%（9/18，分母为全部指标）"
    _, out, _ = run(capsys, county, "indicator", "list")
    assert out.startswith("2025年数据（暂定：")
    _, out, _ = run(capsys, county, "plan")
    assert "看板默认数据年度：2025年（暂定）" in out and "评估数据年度：2025年（暂定）（规划的中期评估年份）" in out
    # the 2026 year, asked for, says it is provisional and not yet due
    _, out, _ = run(capsys, county, "verdicts", "--year", "2026")
    assert "2026年（暂定）达标评判" in out and "2026年数据报送截止2027年4月30日，尚未到期" in out
    # the evaluation year is a setting of the plan cycle
    assert run(capsys, county, "settings", "evaluation_year", "2024")[0] == 0
    assert "评估数据年度：2024年（设置 evaluation_year）" in run(capsys, county, "plan")[1]
    assert data(capsys, county, "verdicts")["year"] == 2025  # boards keep their own default


def test_16_2_only_reported_and_reviewed_readings_count(county: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = {r["name"]: r for r in data(capsys, county, "verdicts", "--year", "2026")["indicators"]}
    preschool = rows["学前教育毛入园率"]
    assert preschool["verdict"] == "无数据" and preschool["status"] == "退回" and not preschool["counted"]
    assert "已退回，待重新报送（报送值95.0%不计入评判）" in preschool["reason"]
    assert rows["婴儿死亡率"]["verdict"] == "提前达标" and rows["婴儿死亡率"]["value"] == "4.5‰"
    _, out, _ = run(capsys, county, "verdicts", "--year", "2026")
    assert "2026年数据已报送2项，其中已审核0项；退回1项、未报送15项，不计入评判" in out
    # the office may require 已审核: the 2025 readings (已报) stop counting, the 2024 ones (已审核) still count
    assert run(capsys, county, "settings", "checked_only", "是")[0] == 0
    verdicts = data(capsys, county, "verdicts", "--year", "2025")
    assert "按设置只计已审核数据" in verdicts["status"]
    assert all(r["verdict"] in ("无数据",) for r in verdicts["indicators"])
    assert next(s for s in verdicts["summaries"] if s["group"] == "全部")["last_year"].startswith("27.8%")


def test_16_3_a_cycle_is_chased_only_near_its_deadline(county: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_dir = county.parent / "out"
    code, _, err = run(capsys, county, "chase-notice", "--all", "--year", "2026", "--out", str(out_dir))
    assert code == 1 and "还有109个工作日，尚未到催报时间（截止前5个工作日内才催报" in err
    assert not out_dir.exists() or not list(out_dir.iterdir())  # nothing issued
    cycles = data(capsys, county, "request")
    later = next(c for c in cycles if c["request"]["year"] == 2026)
    assert later["chase"] == []  # not on the 催报 list although every unit still owes 2026 data
    # by default the overdue 2025 cycle is chased: 民政局 and 人社局
    code, out, err = run(capsys, county, "chase-notice", "--all", "--out", str(out_dir))
    assert code == 0, err
    assert "催报通知-县民政局" in out and "催报通知-县人社局" in out and "〔2026〕3号" not in out
    # a unit chased today is not listed again the same day
    assert run(capsys, county, "request", "remind", "--unit", "民政局")[0] == 0
    earlier = next(c for c in data(capsys, county, "request") if c["request"]["year"] == 2025)
    assert earlier["chase"] == ["县人社局"]
    # "near" is a setting in working days
    assert run(capsys, county, "settings", "chase_near_days", "120")[0] == 0
    later = next(c for c in data(capsys, county, "request") if c["request"]["year"] == 2026)
    assert len(later["chase"]) == 6


def test_16_4_every_open_cycle_is_shown_overdue_ones_first(county: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, county, "request")
    assert code == 0
    first, second = out.index("2025年度两个规划监测数据报送"), out.index("2026年度监测数据报送")
    assert first < second and "逾期2个" in out[first:second]
    row = next(line for line in out[first:second].splitlines() if line.startswith("县民政局"))
    assert row.split()[:4] == ["县民政局", "未报", "0/2", "逾期8个工作日"]


def test_16_5_a_county_plan_ending_in_2025_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "plan2025.json"
    steps = [
        ["settings", "office_name", "某县妇女儿童工作委员会办公室"],
        ["unit", "add", "县教育局", "--short", "教育局"],
        ["plan", "set", "儿童", "--name", "某县儿童发展规划（2021—2025年）", "--start", "2021", "--end", "2025"],
        ["plan", "set", "儿童", "--midterm", "2023", "--domain", "健康", "--domain", "教育"],
        [
            *("indicator", "add", "学前三年毛入园率", "--plan", "儿童", "--domain", "教育", "--lead", "教育局"),
            *("--target", "90", "--midterm-target", "85", "--baseline", "80", "--baseline-year", "2020"),
        ],
    ]
    for argv in steps:
        code, _, err = run(capsys, db, *argv)
        assert code == 0, (argv, err)
    plans = data(capsys, db, "plan")["plans"]
    assert (plans[0]["start_year"], plans[0]["end_year"], plans[0]["midterm_year"]) == (2021, 2025, 2023)
    assert plans[0]["domains"] == ["健康", "教育"]
    card = data(capsys, db, "indicator", "show", "学前三年毛入园率")
    assert card["target_year"] == 2025  # the plan's end year by default
    for year, value in ((2021, 81.5), (2022, 83), (2023, 85.2), (2024, 87), (2025, 89.4)):
        assert run(capsys, db, "reading", "学前三年毛入园率", str(year), "--value", str(value))[0] == 0
    rows = {y: data(capsys, db, "verdicts", "--year", str(y))["indicators"][0] for y in (2023, 2025)}
    assert rows[2023]["verdict"] == "达标" and "目标≥85%（2023年）" in rows[2023]["reason"]  # mid-term target
    assert rows[2025]["verdict"] == "未达标" and "未达到目标≥90%（2025年）" in rows[2025]["reason"]  # final year
    # `indicator add --target-year` sets an earlier target within the plan
    code, _, _ = run(
        capsys, db, "indicator", "add", "控辍保学", "--plan", "儿童", "--domain", "教育", "--target", "99",
        "--target-year", "2024", "--baseline", "97",
    )  # fmt: skip
    assert code == 0 and data(capsys, db, "indicator", "show", "控辍保学")["target_year"] == 2024
    code, _, err = run(capsys, db, "plan", "set", "妇女")
    assert code == 1 and "需要起止年份" in err


def test_16_6_a_qualitative_value_is_data_waiting_for_a_judgement(
    county: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = {r["name"]: r for r in data(capsys, county, "verdicts", "--year", "2023")["indicators"]}
    ratio = rows["出生人口性别比"]
    assert ratio["verdict"] == "待评判" and ratio["value"] == "110.0（女=100）" and "需人工评判" in ratio["reason"]
    with_data = data(capsys, county, "verdicts", "--year", "2023", "--basis", "with_data")
    overall = next(s for s in with_data["summaries"] if s["group"] == "全部")
    assert overall["counts"]["待评判"] == 1 and sum(overall["counts"].values()) == int(
        overall["this_year"].split("/")[1].split("，")[0]
    )


def test_16_7_data_not_yet_due_is_not_missing(county: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, county, "indicator", "show", "儿童溺水死亡率")
    assert "截至2025年连续5年没有数据" in out and "连续6年" not in out
    _, out, _ = run(capsys, county, "indicator", "show", "农村卫生厕所普及率")
    assert "没有数据" not in out  # no 2026 reading yet, and 2026 is not due
    rows = {r["name"]: r for r in data(capsys, county, "verdicts", "--year", "2026")["indicators"]}
    assert rows["农村卫生厕所普及率"]["reason"] == "2026年数据尚未到报送期限"
    assert rows["农村卫生厕所普及率"]["years_without_data"] == 0


def test_16_9_the_big_change_check_in_points_and_against_the_baseline(
    county: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, county, "reading", "九年义务教育巩固率", "2026", "--value", "80")
    assert code == 1 and "与2025年（96.4%）相比下降16.4个百分点，超过5个百分点" in err
    code, _, err = run(capsys, county, "reading", "高中阶段毛入学率", "2026", "--value", "97.5")
    assert code == 1 and "上升6.1个百分点，超过5个百分点" in err
    code, _, err = run(capsys, county, "reading", "高中阶段毛入学率", "2026", "--value", "91.0")
    assert code == 1 and "低于基线91.2%（2020年）" in err  # small, but below where the plan started
    code, _, err = run(capsys, county, "reading", "高中阶段毛入学率", "2026", "--value", "91.0", "--confirm")
    assert code == 1 and "请写明这次变化的原因" in err
    assert run(capsys, county, "reading", "高中阶段毛入学率", "2026", "--value", "91.5")[0] == 0
    # /10万 is compared by its relative change (20%): 14.2 → 11.8 passed, 11.8 → 19.6 asks
    code, _, err = run(capsys, county, "reading", "孕产妇死亡率", "2027", "--value", "30")
    assert code == 1 and "超过20%（按相对变化计）" in err


def test_16_10_the_office_keeps_its_own_evidence(county: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys, county, "evidence", "add", "--category", "会议", "--title", "迎检工作方案", "--owner", "办公室"
    )
    assert code == 0, err
    listed = data(capsys, county, "evidence")["evidence"]
    assert next(e for e in listed if e["title"] == "迎检工作方案")["owner_unit_id"] is None
    _, out, _ = run(capsys, county, "evidence")
    assert any("迎检工作方案" in line and "办公室" in line for line in out.splitlines())
    assert (
        run(capsys, county, "evidence", "add", "--category", "会议", "--title", "x", "--owner", "县妇儿工委办")[0] == 0
    )


def test_16_13_counts_follow_the_basis(county: Path, capsys: pytest.CaptureFixture[str]) -> None:
    numeric = data(capsys, county, "verdicts", "--basis", "numeric")
    for summary in numeric["summaries"]:
        denominator = int(summary["this_year"].split("/")[1].split("，")[0]) if "/" in summary["this_year"] else 0
        assert sum(summary["counts"].values()) == denominator  # the distribution covers the denominator only
    overall = next(s for s in numeric["summaries"] if s["group"] == "全部")
    assert sum(overall["counts"].values()) == 14 < 18  # the 4 trend and qualitative indicators are left out

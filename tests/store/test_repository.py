"""Commands on the records: numbering, units, lifecycle steps, batches, undo and redo, bad input."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from store.commands.repository import Repository
from store.errors import AmbiguousError, NotFoundError, RuleError, ValidationError
from store.rules.lights import assignment_light, is_done_late, item_light

TODAY = date(2026, 11, 28)


@pytest.fixture
def units(repo: Repository) -> Repository:
    repo.add_unit("县教育局", short="教育局", aliases=["教育部门"])
    repo.add_unit("县卫健委", short="卫健委", aliases=["卫生部门"])
    repo.add_unit("县妇联", short="妇联", kind="organisation")
    repo.add_unit("城关镇", kind="township")
    repo.add_unit("东河镇", kind="township")
    return repo


def test_items_are_numbered_per_year_and_numbers_are_never_reused(units: Repository) -> None:
    first = units.add_item("一", "教育局", "2026-12-20")
    second = units.add_item("二", "教育局", "2026-12-20")
    assert (first["number"], second["number"]) == ("2026-01", "2026-02")
    units.undo()
    assert [i["number"] for i in units.items()] == ["2026-01"]
    assert units.add_item("三", "教育局", "2026-12-20")["number"] == "2026-03"


def test_the_meeting_year_gives_the_number(units: Repository) -> None:
    meeting = units.add_meeting("部署会", "2023-03-15")
    item = units.add_item("旧会议的事项", "教育局", "2023-07-20", meeting=meeting["id"])
    assert item["number"] == "2023-01"
    assert units.item("2023-1")["title"] == "旧会议的事项"
    with pytest.raises(ValidationError, match="早于会议日期"):
        units.add_item("期限早于会议", "教育局", "2023-03-01", meeting=meeting["id"])


def test_one_lead_and_partners(units: Repository) -> None:
    item = units.add_item("合作事项", "卫生部门", "2026-12-20", partners=["妇联", "jyj"])
    roles = [(units.unit(a["unit_id"])["name"], a["role"]) for a in item["assignments"]]
    assert roles == [("县卫健委", "lead"), ("县妇联", "partner"), ("县教育局", "partner")]
    with pytest.raises(ValidationError, match="已是牵头单位"):
        units.add_item("重复", "教育局", "2026-12-20", partners=["县教育局"])


def test_collective_subjects_become_one_share_per_unit(units: Repository) -> None:
    everyone = units.add_item("制定年度工作要点", "各成员单位", "2026-12-20")
    towns = units.add_item("结合乡村振兴", "各乡镇", "2026-12-20")
    assert len(everyone["assignments"]) == 5 and everyone["collective"] == "all_units"
    assert {units.unit(a["unit_id"])["name"] for a in towns["assignments"]} == {"城关镇", "东河镇"}


def test_units_resolve_by_name_short_name_alias_and_initials(units: Repository) -> None:
    for name in ("县教育局", "教育局", "教育部门", "jyj", "xjyj", "JYJ", "教育"):
        assert units.resolve_unit(name)["name"] == "县教育局"
    with pytest.raises(AmbiguousError) as err:
        units.resolve_unit("县")
    assert "县教育局" in err.value.candidates and "县卫健委" in err.value.candidates
    with pytest.raises(NotFoundError, match="没有找到单位"):
        units.resolve_unit("县审计局")


def test_duplicate_unit_names_are_refused(units: Repository) -> None:
    with pytest.raises(ValidationError, match="已有同名单位"):
        units.add_unit("县教育局")
    with pytest.raises(ValidationError, match="泛指"):
        units.add_unit("各乡镇")


def test_lifecycle_of_a_share(units: Repository) -> None:
    number = units.add_item("事项", "教育局", "2026-12-20", partners=["妇联"])["number"]
    units.acknowledge(number, ["教育局"])
    units.record_progress(number, "教育局", "已部署", next_step="督促", problems="经费", source="电话")
    units.remind(number, method="电话")
    item = units.mark_done(number, ["教育局"], note="完成")
    lead = item["assignments"][0]
    assert lead["status"] == "done" and lead["done_on"] == "2026-11-28"
    assert [e["action"] for e in lead["events"]] == ["交办", "签收", "催办", "办结"]
    assert lead["progress"][0]["source"] == "电话"
    assert item["assignments"][1]["status"] == "assigned"
    assert len(item["assignments"][1]["reminders"]) == 1
    with pytest.raises(RuleError, match="不能办结"):
        units.mark_done(number, ["教育局"])
    units.close_out(number, ["教育局"])
    assert units.item(number)["assignments"][0]["status"] == "closed"
    units.reopen(number, ["教育局"], reason="核查不实")
    assert units.item(number)["assignments"][0]["status"] == "returned"


def test_done_late_stays_flagged_after_a_reopen(units: Repository) -> None:
    meeting = units.add_meeting("推进会", "2026-10-09")
    number = units.add_item("事项", "教育局", "2026-11-10", meeting=meeting["id"], assigned_on="2026-10-09")["number"]
    item = units.mark_done(number, on="2026-11-20")
    assert is_done_late(item["assignments"][0])
    units.reopen(number)
    item = units.mark_done(number)
    assert item["assignments"][0]["done_late"] is True
    assert item_light(item, units.policy()) == "blue"


def test_extensions_need_a_later_date_and_a_decision(units: Repository) -> None:
    number = units.add_item("事项", "教育局", "2026-12-01")["number"]
    with pytest.raises(ValidationError, match="应晚于"):
        units.request_extension(number, "教育局", "2026-11-30", "理由")
    units.request_extension(number, "教育局", "2026-12-31", "招标未完成")
    share = units.item(number)["assignments"][0]
    assert assignment_light(share, units.policy()) == "yellow"  # pending: the old deadline stands
    with pytest.raises(RuleError, match="待批"):
        units.request_extension(number, "教育局", "2027-01-31", "再延")
    share = units.decide_extension(number, "教育局", approve=True)["assignments"][0]
    assert assignment_light(share, units.policy()) == "green"


def test_dates_of_steps_cannot_be_in_the_future(units: Repository) -> None:
    number = units.add_item("事项", "教育局", "2026-12-20")["number"]
    with pytest.raises(ValidationError, match="晚于今天"):
        units.mark_done(number, on="2026-12-01")


def test_a_batch_is_one_undo_step(units: Repository) -> None:
    numbers = [units.add_item(f"事项{n}", "教育局", "2026-11-20")["number"] for n in range(4)]
    with units.transaction("批量催办 4 项", "remind"):
        for number in numbers:
            units.remind(number)
    assert units.history()[-1]["label"] == "批量催办 4 项"
    assert all(len(units.item(n)["assignments"][0]["reminders"]) == 1 for n in numbers)
    assert units.undo() == "批量催办 4 项"
    assert all(units.item(n)["assignments"][0]["reminders"] == [] for n in numbers)
    assert units.redo() == "批量催办 4 项"
    assert all(len(units.item(n)["assignments"][0]["reminders"]) == 1 for n in numbers)


def test_a_batch_that_fails_half_way_changes_nothing(units: Repository, db_path: Path) -> None:
    a = units.add_item("事项A", "教育局", "2026-11-20")["number"]
    b = units.add_item("事项B", "教育局", "2026-11-20")["number"]
    units.mark_done(b)
    before = db_path.read_bytes()
    with pytest.raises(RuleError), units.transaction("批量办结", "done"):
        units.mark_done(a)
        units.mark_done(b)  # already done: refused
    assert units.item(a)["assignments"][0]["status"] == "assigned"
    assert db_path.read_bytes() == before


def test_undo_and_redo_walk_the_history(units: Repository) -> None:
    number = units.add_item("事项", "教育局", "2026-12-20")["number"]
    units.remind(number)
    units.mark_done(number)
    assert units.undo() == f"办结 {number}（县教育局）"
    assert units.undo() == f"催办 {number}（县教育局）"
    assert units.item(number)["assignments"][0]["reminders"] == []
    assert units.redo() == f"催办 {number}（县教育局）"
    # a new command clears the redo stack
    units.record_progress(number, "教育局", "新进展")
    with pytest.raises(RuleError, match="没有可以重做"):
        units.redo()
    kinds = [e["kind"] for e in units.history()]
    assert kinds[-4:] == ["undo", "undo", "redo", "do"]


def test_history_keeps_before_and_after(units: Repository) -> None:
    number = units.add_item("事项", "教育局", "2026-12-20")["number"]
    units.remind(number)
    entry = units.history()[-1]
    change = entry["changes"][0]
    assert change["table"] == "items"
    assert change["before"]["assignments"][0]["reminders"] == []
    assert len(change["after"]["assignments"][0]["reminders"]) == 1
    assert entry["at"].endswith("+08:00")


@pytest.mark.parametrize(
    ("title", "stored"),
    [
        ("A&B <b>加粗</b> \"引号\" 'x'", "A&B <b>加粗</b> \"引号\" 'x'"),
        ("表情😀与符号", "表情😀与符号"),
        ("第一行\x0b第二行\x0c第三行\x01\x07", "第一行 第二行 第三行"),
        ("../../etc/passwd", "../../etc/passwd"),
    ],
)
def test_hostile_titles_are_stored_safely(units: Repository, title: str, stored: str) -> None:
    assert units.add_item(title, "教育局", "2026-12-20")["title"] == stored


def test_requirements_keep_line_breaks_but_lose_control_characters(units: Repository) -> None:
    item = units.add_item("事项", "教育局", "2026-12-20", requirement="一、要求\x0b二、要求\x00\r\n三、要求")
    assert item["requirement"] == "一、要求\n二、要求\n三、要求"


@pytest.mark.parametrize(
    ("title", "message"),
    [("", "不能为空"), ("   \x01 ", "不能为空"), ("长" * 10_000, "太长：10000个字")],
)
def test_bad_titles_are_refused(units: Repository, title: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message) as err:
        units.add_item(title, "教育局", "2026-12-20")
    assert err.value.field == "title"


def test_settings_validate(units: Repository) -> None:
    with pytest.raises(ValidationError, match="整数"):
        units.update_settings(yellow_days="三")
    with pytest.raises(ValidationError, match="0到60"):
        units.update_settings(yellow_days=99)
    assert units.update_settings(yellow_days="5")["yellow_days"] == 5


def test_entered_holidays_change_the_lights(units: Repository) -> None:
    units.set_today(date(2026, 12, 30))
    number = units.add_item("跨年事项", "教育局", "2027-01-05")["number"]
    share = units.item(number)["assignments"][0]
    # Without 2027's calendar: Thu 31, Fri 1, Mon 4, Tue 5 = 4 working days -> green.
    assert assignment_light(share, units.policy()) == "green"
    units.set_year_calendar(2027, ["2027-01-01"], [])
    assert assignment_light(share, units.policy()) == "yellow"


def test_document_numbers_are_a_per_year_sequence_never_reused(units: Repository) -> None:
    units.update_settings(doc_prefix="示妇儿工委办")
    first = units.issue_dispatch("督办通知", "关于督办的通知", [1])
    units.undo()
    second = units.issue_dispatch("督办通知", "关于督办的通知", [1])
    assert first["number"] == "示妇儿工委办〔2026〕1号"
    assert second["number"] == "示妇儿工委办〔2026〕2号"
    assert units.issue_dispatch("督办通知", "t", [1], on="2027-01-04")["number"] == "示妇儿工委办〔2027〕1号"


def test_holiday_entries_add_up_and_can_start_afresh(units: Repository) -> None:
    units.set_year_calendar(2027, ["2027-01-01", "2027-02-08"], [])
    units.set_year_calendar(2027, [], ["2027-02-14", "2027-02-08"])  # a later entry can turn a day around
    assert units.settings()["calendar"]["2027"] == {
        "holidays": ["2027-01-01"],
        "workdays": ["2027-02-08", "2027-02-14"],
    }
    units.set_year_calendar(2027, ["2027-05-01"], [], replace=True)
    assert units.settings()["calendar"]["2027"] == {"holidays": ["2027-05-01"], "workdays": []}


def test_a_refused_step_says_which_statuses_it_takes(tmp_path: Path) -> None:
    """A walk-through pressed 销号 on a share still 办理中 and read only 「不能销号」, with no word on what to do."""
    from store.demo.loader import load_demo

    repo = Repository.open(tmp_path / "db.json", today=date(2026, 11, 28))
    load_demo(repo)
    open_item = next(i for i in repo.items() if all(a["status"] == "in_progress" for a in i["assignments"]))
    with pytest.raises(RuleError, match="没有可以销号的承办单位（只有「办结」的承办才能销号）"):
        repo.close_out(open_item["number"], None)
    lead = repo.unit(open_item["assignments"][0]["unit_id"])["name"]
    with pytest.raises(RuleError, match="状态为「办理中」，不能销号：只有「办结」的承办才能销号"):
        repo.close_out(open_item["number"], [lead])
    repo.close()

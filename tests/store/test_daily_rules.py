"""Issue 10, the rules behind a secretary's day: batch scope, required settings, urgency, order and rounding."""

from __future__ import annotations

import pytest

from store.commands.repository import Repository
from store.errors import ValidationError
from store.rules.figures import percent_text, ratio_text
from store.views import batch, board


def test_a_text_filter_naming_a_unit_limits_the_batch_to_that_units_shares(demo: Repository) -> None:
    """Point 3: `/wjw` then a batch step touches 县卫健委's shares only, as the unit filter does."""
    units = demo.units_by_id()
    items = [demo.item("2026-07"), demo.item("2026-09")]
    by_text = batch.batch_scope(items, "remind", units, text="wjw")
    wjw = demo.resolve_unit("卫健委")["id"]
    by_unit = batch.batch_scope(items, "remind", units, unit_id=wjw)
    assert by_text.targets == by_unit.targets == [("2026-07", ["县卫健委"]), ("2026-09", ["县卫健委"])]
    assert by_text.headline() == "2项 × 1个单位"
    everyone = batch.batch_scope(items, "remind", units)  # no unit named: every open share
    assert {"县检察院", "县财政局", "县总工会", "东河镇"} <= set(everyone.unit_names)  # what the issue saw reached
    assert everyone.headline() == "2项 × 7个单位，共8份承办"
    assert batch.batch_scope(items, "remind", units, text="局").unit_id is None  # names many units: no limit


def test_a_batch_lists_what_it_skips(demo: Repository) -> None:
    scope = batch.batch_scope([demo.item("2026-04")], "done", demo.units_by_id())
    assert scope.targets == [] and "没有可以办结的承办单位" in scope.skipped[0]


def test_required_settings_refuse_empty_values(demo: Repository) -> None:
    """Point 5: in the store, so every front end refuses."""
    for key, label in (("office_name", "办公室全称"), ("operator", "记录人"), ("doc_prefix", "发文机关代字")):
        with pytest.raises(ValidationError, match=f"{label}不能为空") as caught:
            demo.update_settings(**{key: "  "})
        assert caught.value.field == key
    assert demo.settings()["office_name"] == "示范县妇女儿童工作委员会办公室"
    assert demo.update_settings(cc="")["cc"] == ""  # optional ones may be empty


def test_finished_shares_score_no_urgency(demo: Repository) -> None:
    """Point 12: a key item's finished share scored 15 (the key flag); it scores nothing, with no parts."""
    police = demo.resolve_unit("妇联")["name"]
    item = demo.mark_done("2026-07", [police])
    detail = board.item_detail(item, demo.policy(), demo.units_by_id())
    shares = {a["unit"]: a for a in detail["assignments"]}
    assert shares[police]["urgency"] == 0 and shares[police]["urgency_parts"] == []
    assert shares[police]["urgency_text"] == ""
    lead = shares["县卫健委"]
    assert lead["urgency_text"].startswith(f"紧迫度 {lead['urgency']}＝逾期12天 +24，重点事项 +15")


def test_one_default_order_for_the_list(demo: Repository) -> None:
    """Point 19: light, then deadline; ★ only breaks a tie of the same day."""
    rows = board.filter_items(demo.items(), demo.policy(), demo.units_by_id())
    ordered = board.sort_rows(rows)
    keys = [(board.LIGHT_ORDER[r.light], r.due) for r in ordered]
    assert keys == sorted(keys)
    assert [r.number for r in ordered][:3] == ["2026-07", "2026-02", "2026-09"]


def test_one_percentage_rounding() -> None:
    """Point 19: 1 of 6 reads 16.7% everywhere (the TUI said 17%)."""
    assert ratio_text(1, 6) == "16.7%" and ratio_text(2, 2) == "100.0%" and ratio_text(1, 0) == "—"
    assert percent_text(None) == "—" and percent_text(0.5) == "50.0%"


def test_meeting_rate_uses_the_one_rounding(demo: Repository) -> None:
    rows = board.filter_items(demo.items(), demo.policy(), demo.units_by_id())
    assert board.meeting_tally(rows)["done_rate_text"] == "16.7%"


def test_a_deadline_on_a_day_off_is_said_and_the_next_working_day_offered(demo: Repository) -> None:
    """Point 11: 12月中旬 is 2026-12-20, a Sunday; by default it stays and the preview says so."""
    from store.calendar import dates

    parsed = demo.parse_date("12月中旬")
    assert parsed.iso == "2026-12-20"
    note = dates.off_day_note(parsed.value, demo.calendar())
    assert note == "2026年12月20日是星期日，不是工作日；下一个工作日是2026年12月21日（星期一）"
    assert dates.off_day_note(demo.parse_date("2026-12-21").value, demo.calendar()) == ""
    assert "法定节假日" in dates.off_day_note(demo.parse_date("2026-10-05").value, demo.calendar())  # 国庆


def test_a_setting_moves_period_ends_to_working_days(demo: Repository) -> None:
    """Point 11: with 顺延 on, 中旬/月底/年底 that fall on a day off land on the next working day."""
    demo.update_settings(period_on_workday="是")
    parsed = demo.parse_date("12月中旬")
    assert parsed.iso == "2026-12-21" and "按设置顺延到下一个工作日2026年12月21日" in parsed.warning
    assert demo.parse_date("2027年1月上旬").iso == "2027-01-11"  # 1月10日 is a Sunday
    assert demo.parse_date("2026-12-20").iso == "2026-12-20"  # a date typed in full is kept as typed
    with pytest.raises(ValidationError, match="应填“是”或“否”"):
        demo.update_settings(period_on_workday="也许")
    assert demo.update_settings(period_on_workday="否")["period_on_workday"] is False

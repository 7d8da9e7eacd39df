"""Excel / CSV / JSON exchange: round trips, refused files, hostile text.

What the xlsx and csv sheets carry, and so what the round-trip tests compare: units (every field), meetings
(title, date, kind), indicators with every reading, items (number, title, requirement, meeting, linked
indicators, key flag, collective subject) and per assignment: unit, role, status, 交办日期, original and
effective deadline, 签收/办结/销号 dates, 逾期办结, the number of reminders and the latest progress note.

What they do not carry: a meeting's speech text, the full progress log (only the latest note), the dates,
methods and document numbers of reminders, extension requests (only the deadline in force), the event log,
`created_at`, settings, milestones, the dispatch register and the history. The JSON export carries all of it.
"""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from store.commands.repository import Repository
from store.errors import SupervisorError
from store.exchange import files as exchange
from store.exchange.sheets import latest_progress
from store.rules.lights import effective_due, is_done_late
from store.views import board as views
from tests.conftest import TODAY


def open_repo(path: Path) -> Repository:
    return Repository.open(path, today=TODAY)


def snapshot(repo: Repository) -> dict[str, Any]:
    """Everything the sheets carry, keyed by names rather than database ids."""
    units = {u["id"]: u["name"] for u in repo.units(include_inactive=True)}
    indicators = {i["id"]: i["name"] for i in repo.indicators()}
    meetings = {m["id"]: m for m in repo.meetings()}
    policy = repo.policy()
    by_id = repo.units_by_id()
    items = []
    for item in sorted(repo.items(), key=lambda i: i["number"]):
        shares = []
        for a in item["assignments"]:
            note = latest_progress(a)
            shares.append(
                (
                    units[a["unit_id"]],
                    a["role"],
                    a["status"],
                    a["assigned_on"],
                    a["due"],
                    effective_due(a),
                    a["acknowledged_on"],
                    a["done_on"],
                    a["closed_on"],
                    is_done_late(a),
                    len(a["reminders"]),
                    (note["date"], note["text"]) if note else None,
                )
            )
        meeting = meetings.get(item["meeting_id"])
        row = views.item_row(item, policy, by_id)
        items.append(
            {
                "number": item["number"],
                "year": item["year"],
                "seq": item["seq"],
                "title": item["title"],
                "requirement": item["requirement"],
                "meeting": (meeting["title"], meeting["date"], meeting["kind"]) if meeting else None,
                "indicators": [indicators[i] for i in item["indicator_ids"]],
                "key": item["key"],
                "collective": item["collective"],
                "light": row.light,
                "status": row.status,
                "shares": shares,
            }
        )
    return {
        "units": sorted(
            (
                u["name"],
                u["short"],
                u["kind"],
                u["contact"],
                u["phone"],
                u["order"],
                tuple(u["initials"]),
                tuple(u["aliases"]),
                u["active"],
            )
            for u in repo.units(include_inactive=True)
        ),
        "meetings": sorted((m["title"], m["date"], m["kind"]) for m in repo.meetings()),
        "indicators": sorted(
            (
                {
                    **{k: v for k, v in i.items() if k not in ("id", "lead_unit_ids", "partner_unit_ids", "readings")},
                    "lead": [units[u] for u in i["lead_unit_ids"]],
                    "partners": [units[u] for u in i["partner_unit_ids"]],
                    # A verdict set by hand travels with its reason; who set it and when stay in the history.
                    "readings": [
                        {
                            **r,
                            "override": (r["override"]["verdict"], r["override"]["reason"]) if r["override"] else None,
                        }
                        for r in i["readings"]
                    ],
                }
                for i in repo.indicators()
            ),
            key=lambda d: (d["plan"], d["name"]),
        ),
        "items": items,
    }


def workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    """A workbook crafted cell by cell, the way a person would fill one in."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def csv_file(path: Path, rows: list[list[Any]], encoding: str = "utf-8-sig") -> Path:
    """A CSV file as Excel saves one (UTF-8 with BOM unless told otherwise)."""
    with open(path, "w", encoding=encoding, newline="") as f:
        csv.writer(f).writerows(rows)
    return path


ITEM_HEADER = ["编号", "标题", "牵头单位", "配合单位", "期限", "重点", "工作要求"]


# ------------------------------------------------------------------------------------------ round trips


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_sheets_round_trip_into_an_empty_database(demo: Repository, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / ("demo.xlsx" if fmt == "xlsx" else "demo-csv")
    result = exchange.export(demo, fmt, out)
    assert result["counts"]["督办事项"] == 12
    target = open_repo(tmp_path / "copy" / "copy.json")
    report = exchange.import_file(target, out, apply=True)
    assert report.ok, [str(e) for e in report.errors]
    assert report.written
    assert report.counts["items"]["new"] == 12 and report.counts["units"]["new"] == 26
    assert snapshot(target) == snapshot(demo)
    # New numbers continue after the imported ones.
    assert target._meta()["item_seq"] == demo._meta()["item_seq"]
    item = target.add_item("新事项", "教育局", "2026-12-31", meeting=target.meetings()[0]["id"])
    assert item["number"] == "2026-13"
    target.close()


def test_json_round_trip_is_exact_and_is_an_undo_barrier(demo: Repository, tmp_path: Path) -> None:
    out = tmp_path / "full.json"
    exchange.export(demo, "json", out)
    text = out.read_text(encoding="utf-8")
    assert "县教育局" in text and "\n  " in text  # readable: UTF-8 text, indented
    target = open_repo(tmp_path / "copy" / "copy.json")
    report = exchange.import_file(target, out, apply=True)
    assert report.ok and report.written
    source, copy = demo.database.data, target.database.data
    for table in source:
        if table == "meta":
            strip = {"history_seq"}
            assert {k: v for k, v in source["meta"]["1"].items() if k not in strip} == {
                k: v for k, v in copy["meta"]["1"].items() if k not in strip
            }
        else:
            assert copy[table] == source[table], table
    entry = target.history()[-1]
    assert entry["kind"] == "import" and entry["label"].startswith("导入全库数据 full.json")
    assert not target.can_undo()
    target.close()
    reopened = open_repo(tmp_path / "copy" / "copy.json")  # and it is on disk, not only in memory
    assert reopened.database.data["items"] == source["items"]
    reopened.close()


def test_reimporting_an_export_changes_nothing(demo: Repository, db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "demo.xlsx"
    exchange.export(demo, "xlsx", out)
    before = db_path.read_bytes()
    history = len(demo.history())
    report = exchange.import_file(demo, out, apply=True)
    assert report.ok and not report.written
    assert report.counts["items"] == {"new": 0, "updated": 0, "unchanged": 12}
    assert report.counts["assignments"]["unchanged"] == 74
    assert db_path.read_bytes() == before and len(demo.history()) == history


def test_import_is_one_undo_step(demo: Repository, tmp_path: Path) -> None:
    out = tmp_path / "demo.xlsx"
    exchange.export(demo, "xlsx", out)
    target = open_repo(tmp_path / "copy" / "copy.json")
    report = exchange.import_file(target, out, apply=True)
    assert report.label == "导入 demo.xlsx：单位26个、会议1次、指标18项、指标数据87条、事项12项"
    assert [e["label"] for e in target.history()] == [report.label]
    assert target.undo() == report.label
    assert exchange.counts_of(target) == dict.fromkeys(exchange.RECORD_TABLES, 0)
    target.close()


def test_a_dry_run_works_read_only_and_writes_nothing(demo: Repository, db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "demo.xlsx"
    exchange.export(demo, "xlsx", out)
    empty = tmp_path / "empty.json"
    readonly = Repository.open(empty, readonly=True, today=TODAY)
    report = exchange.import_file(readonly, out, apply=False)
    assert report.ok and report.dry_run and not report.written
    assert report.counts["items"]["new"] == 12
    assert any("新增事项 2026-01" in line for line in report.preview)
    assert not empty.exists() and readonly.is_empty()
    readonly.close()


# ------------------------------------------------------------------------------------------ refused files


def test_a_malformed_workbook_is_refused_with_row_numbers(demo: Repository, db_path: Path, tmp_path: Path) -> None:
    good = ["", "开展儿童防溺水专项检查", "教育局", "公安、水利局", "2026-12-20", "是", ""]
    rows = [ITEM_HEADER] + [good] * 5
    rows.append(["", "补齐托育服务短板", "卫健委", "", "下周", "否", ""])  # row 7
    rows.append(good)
    rows.append(["", "开展妇女儿童专项资金审计", "审计局", "", "2026-12-31", "", ""])  # row 9
    path = workbook(
        tmp_path / "bad.xlsx",
        {"督办事项": rows, "指标": [["规划", "领域", "指标名称", "方向"], ["妇女", "健康", "某指标", "≥"]]},
    )
    before = db_path.read_bytes()
    items_before = snapshot(demo)
    report = exchange.import_file(demo, path, apply=True)
    texts = [str(e) for e in report.errors]
    assert texts[0] == "指标 第2行 目标值：方向为≥或≤的指标必须填写目标值"
    assert texts[1].startswith("督办事项 第7行 期限：无法识别的日期「下周」")
    assert texts[2].startswith("督办事项 第9行 牵头单位：没有找到单位「审计局」")
    assert len(texts) == 3
    assert report.counts["items"]["new"] == 6  # the valid rows around the bad ones were checked all the way
    assert not report.written
    assert db_path.read_bytes() == before
    assert snapshot(demo) == items_before  # the rolled-back rows left nothing in memory either


def test_every_bad_cell_of_a_row_is_reported(repo: Repository, tmp_path: Path) -> None:
    units = [["名称", "类别", "排序"], ["县教育局", "部委", "第一"], ["县教育局", "部门", 1], ["各乡镇", "", ""]]
    readings = [["指标名称", "年份", "监测值"], ["不存在的指标", "去年", "很高"]]
    path = workbook(tmp_path / "cells.xlsx", {"成员单位": units, "指标数据": readings})
    texts = [str(e) for e in exchange.import_file(repo, path, apply=False).errors]
    assert "成员单位 第2行 类别：「部委」无效，应为：部门、乡镇、群团组织" in texts
    assert "成员单位 第2行 排序：排序必须是整数，表中为「第一」" in texts
    assert "成员单位 第4行 名称：「各乡镇」是泛指，不能作为单位名称" in texts
    assert any(t.startswith("指标数据 第2行 年份：") for t in texts)
    assert any(t.startswith("指标数据 第2行 监测值：监测值必须是数字") for t in texts)
    assert any(t.startswith("指标数据 第2行 指标名称：没有找到指标「不存在的指标」") for t in texts)


def test_a_file_without_any_known_sheet_is_refused(repo: Repository, tmp_path: Path) -> None:
    path = workbook(tmp_path / "other.xlsx", {"Sheet1": [["姓名", "电话"], ["张三", "123"]]})
    report = exchange.import_file(repo, path, apply=True)
    assert str(report.errors[0]).startswith("other.xlsx 没有可导入的表")
    assert report.ignored and "Sheet1" in report.ignored[0]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("broken.xlsx", b"not a zip file", "无法打开 Excel 文件 broken.xlsx"),
        ("old.xls", b"\xd0\xcf\x11\xe0", "旧的 .xls 格式"),
        ("notes.txt", b"hello", "不支持的文件类型"),
        ("broken.json", b"{nope", "不是有效的 JSON"),
        ("other.json", b'{"a": 1}', "不是可用的督办台数据"),
    ],
)
def test_unreadable_files_give_one_chinese_error(
    repo: Repository, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(SupervisorError, match=message):
        exchange.import_file(repo, path, apply=True)


def test_json_goes_only_into_an_empty_database(demo: Repository, db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "full.json"
    exchange.export(demo, "json", out)
    before = db_path.read_bytes()
    report = exchange.import_file(demo, out, apply=True)
    assert not report.written
    assert "只能导入空数据库" in str(report.errors[0]) and "单位26条" in str(report.errors[0])
    assert db_path.read_bytes() == before


def test_json_warns_before_replacing_changed_settings(demo: Repository, tmp_path: Path) -> None:
    exchange.export(demo, "json", tmp_path / "full.json")
    target = open_repo(tmp_path / "copy" / "copy.json")
    target.update_settings(office_name="另一个办公室")
    report = exchange.import_file(target, tmp_path / "full.json", apply=True)
    assert report.warnings == ["数据库现有的设置（办公室名称、发文机关代字等）将被文件中的设置替换"]
    assert report.written and target.settings()["office_name"] == "示范县妇女儿童工作委员会办公室"
    target.close()


def test_json_with_broken_references_is_refused(demo: Repository, tmp_path: Path) -> None:
    out = tmp_path / "full.json"
    exchange.export(demo, "json", out)
    document = exchange.orjson.loads(out.read_bytes())
    first = next(iter(document["tables"]["items"].values()))
    first["assignments"][0]["unit_id"] = 999
    first["assignments"][0]["due"] = "明天"
    out.write_bytes(exchange.orjson.dumps(document))
    target = open_repo(tmp_path / "copy" / "copy.json")
    report = exchange.import_file(target, out, apply=True)
    texts = [str(e) for e in report.errors]
    assert any("承办单位999不在单位名录中" in t for t in texts)
    assert any("事项2026-01的期限「明天」不是有效日期" in t for t in texts)
    assert not report.written and target.is_empty()
    target.close()


# ------------------------------------------------------------------------------------------ import rules


def test_units_defined_in_the_same_file_resolve_by_any_name(repo: Repository, tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "new.xlsx",
        {
            "督办事项": [
                ITEM_HEADER,
                ["", "开展专项资金审计", "sjj", "妇联", "12月中旬", "是", "重点审计儿童福利资金"],
                ["2026-07", "做好妇女儿童数据统计", "统计部门", "", datetime(2026, 12, 31), "", ""],
            ],
            "成员单位": [
                ["名称", "简称", "类别", "别名", "联系电话"],
                ["县审计局", "审计局", "部门", "审计部门", 13800000000],
                ["县妇联", "妇联", "群团组织", "", ""],
                ["县统计局", "统计局", "部门", "统计部门、统计", ""],
            ],
        },
    )
    report = exchange.import_file(repo, path, apply=True)
    assert report.ok, [str(e) for e in report.errors]
    audit = repo.item("2026-08")  # the row without 编号 is numbered after the kept 2026-07
    assert audit["title"] == "开展专项资金审计" and audit["key"] is True
    assert {repo.unit(a["unit_id"])["name"] for a in audit["assignments"]} == {"县审计局", "县妇联"}
    assert audit["assignments"][0]["due"] == "2026-12-20"
    stats = repo.item("2026-07")
    assert stats["assignments"][0]["due"] == "2026-12-31" and stats["assignments"][0]["status"] == "assigned"
    assert repo.resolve_unit("审计部门")["phone"] == "13800000000"
    assert repo._meta()["item_seq"] == {"2026": 8}


def test_an_existing_number_is_kept_when_equal_and_refused_when_different(demo: Repository, tmp_path: Path) -> None:
    item = demo.item("2026-02")
    same = [
        "2026-02",
        item["title"],
        "县民政局",
        "县人社局",
        views.item_row(item, demo.policy(), demo.units_by_id()).due,
    ]
    changed = ["2026-03", "改了标题", "卫健委", "", "2026-12-31"]
    path = workbook(tmp_path / "mixed.xlsx", {"督办事项": [ITEM_HEADER[:5], same, changed]})
    texts = [str(e) for e in exchange.import_file(demo, path, apply=True).errors]
    assert len(texts) == 1
    assert texts[0].startswith("督办事项 第3行 编号：事项2026-03已存在，表中的标题、期限与库中不同")


def test_numbers_must_look_like_numbers_and_not_repeat(repo: Repository, tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "numbers.xlsx",
        {
            "成员单位": [["名称"], ["县教育局"]],
            "督办事项": [
                ITEM_HEADER[:5],
                ["第七项", "甲", "县教育局", "", "2026-12-31"],
                ["2026-5", "乙", "县教育局", "", "2026-12-31"],
                ["2026-05", "丙", "县教育局", "", "2026-12-31"],
                [datetime(2026, 9, 1), "丁", "县教育局", "", "2026-12-31"],  # Excel turned 2026-09 into a date
            ],
        },
    )
    texts = [str(e) for e in exchange.import_file(repo, path, apply=False).errors]
    assert texts == [
        "督办事项 第2行 编号：编号「第七项」应写成“年份-序号”，如 2026-07；新增事项可留空",
        "督办事项 第4行 编号：编号2026-05与第3行重复",
    ]
    path = workbook(
        tmp_path / "numbers2.xlsx",
        {
            "成员单位": [["名称"], ["县教育局"]],
            "督办事项": [ITEM_HEADER[:5], [datetime(2026, 9, 1), "丁", "县教育局", "", "2026-12-31"]],
        },
    )
    assert exchange.import_file(repo, path, apply=True).ok
    assert repo.item("2026-09")["title"] == "丁"


SHARE_HEADER = ["编号", "单位", "角色", "状态", "交办日期", "期限", "现期限", "签收日期", "办结日期", "销号日期"]
SHARE_HEADER += ["催办次数", "进展日期", "最新进展"]
ASSIGNED, DUE = "2026-10-08", "2026-11-20"


def share_workbook(path: Path, water_closed_on: str) -> Path:
    """One item with a lead in progress (extended, chased twice), a partner done late, one closed."""
    lead = ["2026-03", "教育局", "牵头", "办理中", ASSIGNED, DUE, "2026-12-15", "2026-10-09", "", ""]
    police = ["2026-03", "公安局", "配合", "办结", ASSIGNED, DUE, "", "2026-10-09", "2026-11-25", ""]
    water = ["2026-03", "水利局", "配合", "销号", ASSIGNED, DUE, "", "", "2026-11-10", water_closed_on]
    return workbook(
        path,
        {
            "成员单位": [["名称", "简称"], ["县教育局", "教育局"], ["县公安局", "公安局"], ["县水利局", "水利局"]],
            "督办事项": [ITEM_HEADER[:5], ["2026-03", "防溺水专项检查", "教育局", "公安局、水利局", DUE]],
            "承办情况": [
                SHARE_HEADER,
                [*lead, 2, "", "已排查水域86处"],
                [*police, "", "", ""],
                [*water, 0, "", ""],
            ],
        },
    )


def test_assignments_keep_their_status_dates_and_counts(repo: Repository, tmp_path: Path) -> None:
    report = exchange.import_file(repo, share_workbook(tmp_path / "bad.xlsx", ""), apply=False)
    assert [str(e) for e in report.errors] == ["承办情况 第4行 销号日期：状态为「销号」，请填写销号日期"]
    report = exchange.import_file(repo, share_workbook(tmp_path / "ok.xlsx", "2026-11-12"), apply=True)
    assert report.ok, [str(e) for e in report.errors]
    item = repo.item("2026-03")
    lead, police, water = item["assignments"]
    assert (lead["status"], lead["due"], effective_due(lead), len(lead["reminders"])) == (
        "in_progress",
        DUE,
        "2026-12-15",
        2,
    )
    assert lead["progress"][0]["text"] == "已排查水域86处" and lead["progress"][0]["date"] == TODAY.isoformat()
    assert police["status"] == "done" and police["done_on"] == "2026-11-25" and is_done_late(police)
    assert water["status"] == "closed" and water["closed_on"] == "2026-11-12" and not is_done_late(water)
    assert [e["action"] for e in water["events"]] == ["交办", "办结", "销号"]
    assert views.item_row(item, repo.policy(), repo.units_by_id()).light == "green"


def test_assignments_must_match_the_item_row(repo: Repository, tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "mismatch.xlsx",
        {
            "成员单位": [["名称"], ["县教育局"], ["县公安局"], ["县水利局"]],
            "督办事项": [ITEM_HEADER[:5], ["2026-03", "防溺水", "县教育局", "县公安局、县水利局", "2026-12-20"]],
            "承办情况": [
                ["编号", "单位", "角色", "状态", "办结日期"],
                ["2026-03", "县教育局", "配合", "交办", ""],
                ["2026-03", "县公安局", "配合", "交办", "2026-11-01"],
                ["2026-04", "县公安局", "配合", "交办", ""],
                ["", "县公安局", "配合", "交办", ""],
            ],
        },
    )
    texts = [str(e) for e in exchange.import_file(repo, path, apply=False).errors]
    assert texts == [
        "承办情况 第2行 角色：与督办事项表不一致：县教育局在督办事项表中是牵头单位",
        "承办情况 第3行 办结日期：状态为「交办」，不应有办结日期",
        "承办情况 第4行 编号：没有编号为2026-04的事项（库中和督办事项表中都没有）",
        "承办情况 第5行 编号：请填写这条承办记录所属事项的编号",
    ]


def test_dates_in_every_accepted_form_and_real_excel_dates(repo: Repository, tmp_path: Path) -> None:
    forms = ["2026/12/5", "2026.12.6", "2026年12月7日", "12月8日", "12月下旬", "年底", "5个工作日", date(2026, 12, 9)]
    rows = [ITEM_HEADER[:5]] + [["", f"事项{i}", "县教育局", "", due] for i, due in enumerate(forms)]
    path = workbook(tmp_path / "dates.xlsx", {"成员单位": [["名称"], ["县教育局"]], "督办事项": rows})
    assert exchange.import_file(repo, path, apply=True).ok
    dues = {i["title"]: i["assignments"][0]["due"] for i in repo.items()}
    assert dues == {
        "事项0": "2026-12-05",
        "事项1": "2026-12-06",
        "事项2": "2026-12-07",
        "事项3": "2026-12-08",
        "事项4": "2026-12-31",
        "事项5": "2026-12-31",
        "事项6": "2026-12-04",
        "事项7": "2026-12-09",
    }


def test_units_are_updated_and_readings_replaced(demo: Repository, tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "update.xlsx",
        {
            "成员单位": [
                ["名称", "联系电话", "类别"],
                ["县教育局", "0000-1234567", "部门"],
                ["县公安局", demo.resolve_unit("公安局")["phone"], ""],
                ["东河镇", demo.resolve_unit("东河镇")["phone"], ""],  # a blank 类别 keeps 乡镇
            ],
            "指标数据": [
                ["指标名称", "年份", "监测值", "说明"],
                ["学前教育毛入园率", 2025, 89.4, "统计年鉴"],
                ["学前教育毛入园率", "2026年", "90.5", ""],
            ],
        },
    )
    report = exchange.import_file(demo, path, apply=True)
    assert report.ok, [str(e) for e in report.errors]
    assert report.counts["units"] == {"new": 0, "updated": 1, "unchanged": 2}
    assert report.counts["readings"] == {"new": 1, "updated": 1, "unchanged": 0}
    assert demo.resolve_unit("教育局")["phone"] == "0000-1234567"
    assert demo.resolve_unit("教育局")["aliases"] == ["教育部门", "教体局"]  # columns not in the sheet are kept
    assert demo.resolve_unit("东河镇")["kind"] == "township"
    ind = next(i for i in demo.indicators() if i["name"] == "学前教育毛入园率")
    assert [(r["year"], r["value"], r["note"]) for r in ind["readings"] if r["year"] >= 2024] == [
        (2024, 87.6, ""),
        (2025, 89.4, "统计年鉴"),
        (2026, 90.5, ""),
    ]
    assert "更新单位 县教育局（联系电话）" in " ".join(report.preview)
    assert "学前教育毛入园率 2025年：89.4%" in " ".join(report.preview)  # printed as on every screen, with its unit


def test_an_existing_indicator_with_another_target_is_refused(demo: Repository, tmp_path: Path) -> None:
    header = ["规划", "领域", "指标名称", "方向", "目标值"]
    path = workbook(
        tmp_path / "ind.xlsx",
        {"指标": [header, ["儿童", "教育", "学前教育毛入园率", "≥", 95], ["儿童", "教育", "新指标", ">=", ""]]},
    )
    texts = [str(e) for e in exchange.import_file(demo, path, apply=False).errors]
    assert texts[0].startswith("指标 第2行 指标名称：指标「学前教育毛入园率」已存在，表中的目标值与库中不同")
    assert texts[1] == "指标 第3行 目标值：方向为≥或≤的指标必须填写目标值"


# ------------------------------------------------------------------------------------------ csv specifics


def test_a_single_csv_is_recognised_by_its_header_and_gbk_is_read(repo: Repository, tmp_path: Path) -> None:
    units = csv_file(
        tmp_path / "从系统导出.csv",
        [["单位名称", "简称", "电话"], ["县教育局", "教育局", "0000-111"], ["县卫健委", "卫健委", "0000-222"]],
        encoding="gb18030",  # what Excel in China saves as "CSV"
    )
    report = exchange.import_file(repo, units, apply=True)
    assert report.ok and report.sheets == {"成员单位": 2}
    assert report.warnings == []
    assert repo.resolve_unit("jyj")["phone"] == "0000-111"


def test_csv_rows_are_numbered_like_excel_rows(repo: Repository, tmp_path: Path) -> None:
    rows = [["标题", "牵头单位", "期限", "备注"], ["第一项", "各成员单位", "2026-12-31", ""], ["", "", "", ""]]
    path = csv_file(tmp_path / "督办事项.csv", [*rows, ["多行\n标题", "不存在的局", "2026-12-31", ""]])
    report = exchange.import_file(repo, path, apply=False)
    assert [str(e) for e in report.errors] == [
        "督办事项 第2行 牵头单位：单位名录中没有各成员单位，请先录入单位",
        "督办事项 第4行 牵头单位：没有找到单位「不存在的局」。可用 `supervisor unit list` 查看单位名录",
    ]
    assert report.warnings == ["督办事项 未识别的列：备注（已忽略）"]


# ------------------------------------------------------------------------------------------ hostile text


HOSTILE = '儿童&<安全>"教育" 👩‍👧‍👦 =HYPERLINK("http://x") @SUM(1)'


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_markup_emoji_and_formula_text_survive_a_round_trip(repo: Repository, tmp_path: Path, fmt: str) -> None:
    repo.add_unit("县教育局", short="教育局")
    repo.add_item(HOSTILE, "教育局", "2026-12-31", requirement="=1+1\n-减号开头\n+加号开头")
    out = tmp_path / ("hostile.xlsx" if fmt == "xlsx" else "hostile-csv")
    exchange.export(repo, fmt, out)
    if fmt == "xlsx":
        cell = openpyxl.load_workbook(out)["督办事项"]["H2"]
        assert cell.data_type == "s" and cell.value == "=1+1\n-减号开头\n+加号开头"  # text, never a formula
    else:
        raw = (out / "督办事项.csv").read_text(encoding="utf-8-sig")
        assert "'=1+1" in raw  # Excel shows it as text instead of running it
    target = open_repo(tmp_path / "copy" / "copy.json")
    assert exchange.import_file(target, out, apply=True).ok
    item = target.item("2026-01")
    assert item["title"] == HOSTILE and item["requirement"] == "=1+1\n-减号开头\n+加号开头"
    target.close()


def test_control_characters_are_cleaned_and_a_huge_title_refused(repo: Repository, tmp_path: Path) -> None:
    header = ["标题", "牵头单位", "期限", "工作要求"]
    dirty = ["防溺水\x0b专项\x00检查\x1f", "县教育局", "2026-12-31", "第一段\x0c第二段\x07"]
    path = csv_file(tmp_path / "督办事项.csv", [header, dirty, ["长" * 10_000, "县教育局", "2026-12-31", ""]])
    repo.add_unit("县教育局")
    report = exchange.import_file(repo, path, apply=True)
    assert [str(e) for e in report.errors] == ["督办事项 第3行 标题：事项标题太长：10000个字，最多300个字"]
    path.write_text(
        "标题,牵头单位,期限,工作要求\n防溺水\x0b专项\x00检查\x1f,县教育局,2026-12-31,第一段\x0c第二段\x07\n",
        encoding="utf-8-sig",
    )
    assert exchange.import_file(repo, path, apply=True).ok
    item = repo.item("2026-01")
    assert item["title"] == "防溺水 专项检查" and item["requirement"] == "第一段\n第二段"


def test_export_never_writes_a_broken_workbook(repo: Repository, tmp_path: Path) -> None:
    """A record that slipped in with characters XML refuses (an old file, a hand edit) still exports."""
    repo.add_unit("县教育局")
    repo.add_item("正常标题", "县教育局", "2026-12-31")
    item = repo.item("2026-01")
    with repo.transaction("test", "test"):
        repo._put("items", item["id"], {**item, "title": "坏\x01字符\x1b标题", "requirement": "长" * 40_000})
    out = tmp_path / "x.xlsx"
    exchange.export(repo, "xlsx", out)
    ws = openpyxl.load_workbook(out)["督办事项"]
    assert ws["B2"].value == "坏字符标题" and len(ws["H2"].value) == 32_767
    exchange.export(repo, "csv", tmp_path / "csv")
    assert "坏字符标题" in (tmp_path / "csv" / "督办事项.csv").read_text(encoding="utf-8-sig")


def test_json_import_drops_control_characters(repo: Repository, tmp_path: Path) -> None:
    source = open_repo(tmp_path / "src" / "src.json")
    source.add_unit("县教育局")
    unit = source.unit(1)
    with source.transaction("test", "test"):
        source._put("units", 1, {**unit, "contact": "张\x00三\x1b"})
    exchange.export(source, "json", tmp_path / "full.json")
    source.close()
    assert exchange.import_file(repo, tmp_path / "full.json", apply=True).written
    assert repo.unit(1)["contact"] == "张三"


def test_export_format_is_guessed_from_the_path(tmp_path: Path) -> None:
    assert exchange.guess_format(tmp_path / "a.xlsx") == "xlsx"
    assert exchange.guess_format(tmp_path / "a.JSON") == "json"
    assert exchange.guess_format(tmp_path / "folder") == "csv"
    with pytest.raises(SupervisorError, match="无法从文件名"):
        exchange.guess_format(tmp_path / "a.docx")

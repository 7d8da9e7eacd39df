"""`supervisor export` and `supervisor import`: exit codes, one-line Chinese errors, nothing written on a dry
run or a refused file, and one undo step for a whole xlsx/csv import.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from supervisor import main


@pytest.fixture(autouse=True)
def _plain_output(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse refusals
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def exported(demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    out = tmp_path / "导出.xlsx"
    code, stdout, _ = run(capsys, "--db", str(demo_db), "export", "--format", "xlsx", "--out", str(out))
    assert code == 0 and "已导出 Excel 文件" in stdout and out.exists()
    return out


def test_export_every_format(demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = demo_db.read_bytes()
    code, out, _ = run(capsys, "--db", str(demo_db), "export", "--format", "csv", "--out", str(tmp_path / "表格"))
    assert code == 0 and "共7张表" in out
    assert (tmp_path / "表格" / "督办事项.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    code, out, _ = run(capsys, "--db", str(demo_db), "--json", "export", "--out", str(tmp_path / "全库.json"))
    summary = json.loads(out)
    assert code == 0 and summary["format"] == "json" and summary["counts"]["items"] == 12
    assert demo_db.read_bytes() == before  # export only reads


def test_export_with_an_unknown_suffix_is_one_line(demo_db: Path, tmp_path: Path, capsys) -> None:
    code, out, err = run(capsys, "--db", str(demo_db), "export", "--out", str(tmp_path / "x.docx"))
    assert code == 1 and out == ""
    assert err.startswith("错误：无法从文件名 x.docx 判断导出格式") and err.count("\n") == 1


def test_import_without_yes_is_a_dry_run(exported: Path, tmp_path: Path, capsys) -> None:
    db = tmp_path / "new" / "new.json"
    for extra in ([], ["--dry-run"]):
        code, out, err = run(capsys, "--db", str(db), "import", str(exported), *extra)
        assert code == 0 and err == ""
        assert out.startswith("预览：导入 导出.xlsx（只检查，没有写入任何数据）")
        assert "将新增：单位26个、会议1次、指标18项、指标数据87条、事项12项、承办74条" in out
        assert "督办事项 第2行：新增事项 2026-01" in out
        assert "忽略：工作表「单位看板」：由督办台计算的统计表，导入时忽略" in out
        assert not db.exists()


def test_import_yes_writes_one_step_and_undo_removes_it(exported: Path, tmp_path: Path, capsys) -> None:
    db = tmp_path / "new" / "new.json"
    code, out, _ = run(capsys, "--db", str(db), "import", str(exported), "--yes")
    assert code == 0 and "已完成：导入 导出.xlsx：单位26个" in out
    code, out, _ = run(capsys, "--db", str(db), "--json", "list")
    assert len(json.loads(out)) == 12
    code, out, _ = run(capsys, "--db", str(db), "undo")
    assert code == 0 and out.startswith("已撤销：导入 导出.xlsx")
    code, out, _ = run(capsys, "--db", str(db), "--json", "list")
    assert json.loads(out) == []
    code, out, _ = run(capsys, "--db", str(db), "--json", "unit", "list")
    assert json.loads(out) == []


def test_a_csv_folder_imports_and_undoes_in_one_step(demo_db: Path, tmp_path: Path, capsys) -> None:
    folder = tmp_path / "csv"
    assert run(capsys, "--db", str(demo_db), "export", "--out", str(folder))[0] == 0
    db = tmp_path / "new.json"
    code, out, _ = run(capsys, "--db", str(db), "--json", "import", str(folder), "--yes")
    summary = json.loads(out)
    assert code == 0 and summary["written"] and summary["counts"]["items"]["new"] == 12
    code, out, _ = run(capsys, "--db", str(db), "--json", "history")
    assert [e["label"] for e in json.loads(out)] == [summary["label"]]
    assert run(capsys, "--db", str(db), "undo")[0] == 0
    code, out, _ = run(capsys, "--db", str(db), "--json", "list")
    assert json.loads(out) == []


def test_a_malformed_file_is_refused_and_nothing_is_written(demo_db: Path, tmp_path: Path, capsys) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "督办事项"
    ws.append(["标题", "牵头单位", "期限"])
    for _ in range(5):
        ws.append(["开展儿童防溺水专项检查", "教育局", "2026-12-20"])
    ws.append(["补齐托育服务短板", "卫健委", "下周"])
    ws.append(["开展妇女儿童专项资金审计", "审计局", "2026-12-31"])
    path = tmp_path / "bad.xlsx"
    wb.save(path)
    before = demo_db.read_bytes()
    for extra in ([], ["--yes"]):
        code, out, err = run(capsys, "--db", str(demo_db), "import", str(path), *extra)
        assert code == 1
        assert err == "错误：bad.xlsx 中有2处错误，没有写入任何数据\n"
        assert "发现2处错误，没有写入任何数据：" in out
        assert "  督办事项 第7行 期限：无法识别的日期「下周」" in out
        assert "  督办事项 第8行 牵头单位：没有找到单位「审计局」" in out
        assert demo_db.read_bytes() == before
    code, out, err = run(capsys, "--db", str(demo_db), "--json", "import", str(path), "--yes")
    summary = json.loads(out)
    assert code == 1 and not summary["ok"] and not summary["written"]
    assert [(e["sheet"], e["row"], e["column"]) for e in summary["errors"]] == [
        ("督办事项", 7, "期限"),
        ("督办事项", 8, "牵头单位"),
    ]
    assert demo_db.read_bytes() == before


def test_json_full_import_only_into_an_empty_database(demo_db: Path, tmp_path: Path, capsys) -> None:
    full = tmp_path / "full.json"
    assert run(capsys, "--db", str(demo_db), "export", "--format", "json", "--out", str(full))[0] == 0
    before = demo_db.read_bytes()
    code, out, err = run(capsys, "--db", str(demo_db), "import", str(full), "--yes")
    assert code == 1 and "JSON 全库数据只能导入空数据库" in out
    assert err.startswith("错误：full.json 中有1处错误") and demo_db.read_bytes() == before
    db = tmp_path / "empty.json"
    code, out, _ = run(capsys, "--db", str(db), "import", str(full), "--yes")
    assert code == 0 and "全库导入不能撤销" in out
    code, out, err = run(capsys, "--db", str(db), "undo")
    assert code == 1 and err == "错误：没有可以撤销的操作\n"
    code, out, _ = run(capsys, "--db", str(db), "--json", "list")
    assert len(json.loads(out)) == 12


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["import", "不存在.xlsx"], 1, "错误：找不到文件：不存在.xlsx"),
        (["import", "x.xlsx", "--dry-run", "--yes"], 2, "错误：参数 --yes：不能与参数 --dry-run 同时使用"),
        (["export", "--format", "pdf", "--out", "x"], 2, "错误：参数 --format：无效的选项"),
    ],
)
def test_bad_arguments_give_one_chinese_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], code: int, message: str
) -> None:
    got, _, err = run(capsys, "--db", str(tmp_path / "db.json"), *args)
    assert got == code
    assert err.startswith(message) and err.count("\n") == 1


def test_export_never_overwrites_the_database_or_its_log(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "db.json"
    assert main(["--db", str(db), "demo"]) == 0
    before = db.read_bytes()
    for target in (db, tmp_path / "db.history.jsonl", tmp_path / "backups" / "x.json"):
        code = main(["--db", str(db), "export", "--format", "json", "--out", str(target)])
        assert code == 1 and "不能导出到督办台自己的数据文件" in capsys.readouterr().err
    assert db.read_bytes() == before

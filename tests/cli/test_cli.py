"""The command-line contract: Chinese text or UTF-8 JSON, one-line errors, nothing written on error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from supervisor import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _plain_output(monkeypatch: pytest.MonkeyPatch) -> None:
    """People's text without colour codes, as when piped."""
    monkeypatch.setenv("NO_COLOR", "1")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real command in a fresh process, as a script or another tool would."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run(
        [sys.executable, str(ROOT / "supervisor.py"), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=full_env,
        cwd=ROOT,
    )


def test_demo_refuses_a_database_with_data(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--db", str(demo_db), "demo")
    assert code == 1 and "已有数据" in err


def test_add_prints_the_new_number_and_list_finds_it(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "--db",
        str(demo_db),
        "add",
        "--title",
        "开展儿童防溺水专项检查",
        "--lead",
        "jyj",
        "--partner",
        "公安",
        "--partner",
        "水利部门",
        "--due",
        "5个工作日",
        "--key",
    )
    assert code == 0
    assert "已新增督办事项 2026-13" in out and "还有5个工作日" in out
    code, out, _ = run(capsys, "--db", str(demo_db), "list", "--unit", "公安局", "--json")
    rows = json.loads(out)
    assert "2026-13" in [r["number"] for r in rows]
    row = next(r for r in rows if r["number"] == "2026-13")
    assert row["partners"] == ["公安局", "水利局"] and row["key"] is True and row["light"] == "green"


def test_options_work_before_or_after_the_command(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = run(capsys, "--db", str(demo_db), "--json", "list", "--light", "red")
    b = run(capsys, "list", "--light", "红", "--db", str(demo_db), "--json")
    assert a == b and a[0] == 0
    assert {r["light"] for r in json.loads(a[1])} == {"red"}


def test_list_filters(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def numbers(*args: str) -> list[str]:
        code, out, err = run(capsys, "--db", str(demo_db), "--json", "list", *args)
        assert code == 0, err
        return sorted(r["number"] for r in json.loads(out))

    assert numbers("--light", "yellow") == ["2026-03", "2026-08"]
    assert numbers("--status", "逾期办结") == ["2026-05"]
    assert numbers("--unit", "wjw", "--light", "red") == ["2026-07", "2026-09"]
    assert numbers("--search", "幼儿园") == ["2026-01"]
    assert "2026-07" in numbers("--key")
    with pytest.raises(SystemExit) as refused:  # a word no status has: a usage error, like any unknown option value
        main(["--db", str(demo_db), "list", "--status", "奇怪"])
    err = capsys.readouterr().err
    assert refused.value.code == 2 and "状态「奇怪」无效，应为：交办、签收、办理中" in err and err.count("\n") == 1


def test_list_text_shows_lights_and_relative_days(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", str(demo_db), "list")
    assert code == 0
    assert "逾期12天" in out and "还有2个工作日" in out and "共12项（红3，黄2，绿5，蓝2）" in out
    assert "2027年法定节假日尚未录入" in out  # an item is due in January 2027


def test_show_lists_every_share_with_its_logs(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", str(demo_db), "show", "2026-7")
    assert code == 0
    assert "【牵头】县卫健委" in out and "【配合】县公安局" in out
    assert "紧迫度" in out and "已催办2次" in out and "示政督查〔2026〕3号" in out
    code, out, _ = run(capsys, "--db", str(demo_db), "show", "2026-07", "--json")
    detail = json.loads(out)
    assert detail["light"] == "red" and detail["assignments"][0]["role"] == "lead"
    code, out, _ = run(capsys, "--db", str(demo_db), "show", "2026-02")  # a note with its problem: one sentence
    assert "新纳入低保对象126人；问题：部分农村妇女" in out and "。；" not in out


def test_lifecycle_verbs(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = ["--db", str(demo_db)]
    assert (
        run(capsys, *db, "progress", "2026-02", "--unit", "人社局", "--text", "已完成养老保险摸底", "--source", "电话")[
            0
        ]
        == 0
    )
    code, out, _ = run(capsys, *db, "done", "2026-02")
    assert code == 0 and "已登记办结" in out and "蓝灯" in out
    code, _, err = run(capsys, *db, "done", "2026-02")
    assert code == 1 and "没有可以办结的承办单位" in err
    assert run(capsys, *db, "close", "2026-02")[0] == 0
    assert run(capsys, *db, "reopen", "2026-02", "--unit", "民政局", "--reason", "核查发现数据不全")[0] == 0
    assert run(capsys, *db, "extend", "2026-02", "--unit", "民政局", "--to", "12月底", "--reason", "补充材料")[0] == 0
    code, out, _ = run(capsys, *db, "extend", "2026-02", "--unit", "民政局", "--approve")
    assert code == 0 and "绿灯" in out
    assert run(capsys, *db, "cancel", "2026-06", "--suspend", "--reason", "等待上级政策")[0] == 0
    code, out, _ = run(capsys, *db, "--json", "show", "2026-06")
    assert json.loads(out)["status"] == "suspended"


def test_undo_redo_and_history(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = ["--db", str(demo_db)]
    run(capsys, *db, "remind", "2026-02", "--unit", "民政局", "--method", "电话")
    code, out, _ = run(capsys, *db, "undo")
    assert code == 0 and out.strip() == "已撤销：催办 2026-02（县民政局）"
    code, out, _ = run(capsys, *db, "redo")
    assert out.strip() == "已重做：催办 2026-02（县民政局）"
    code, out, _ = run(capsys, *db, "history")
    assert "载入示例数据" in out and "↶ 撤销：催办" in out


def test_boards(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = ["--db", str(demo_db)]
    code, out, _ = run(capsys, *db, "board")
    assert code == 0 and "按期办结率" in out and "县卫健委" in out
    code, out, _ = run(capsys, *db, "--json", "board", "--by", "unit")
    board = json.loads(out)
    rates = [b["on_time_rate"] for b in board if b["on_time_rate"] is not None]
    assert rates == sorted(rates, reverse=True)
    for by, word in (("due", "已逾期"), ("meeting", "部署会"), ("indicator", "学前教育毛入园率")):
        code, out, _ = run(capsys, *db, "board", "--by", by)
        assert code == 0 and word in out


def test_check_backup_and_restore(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = ["--db", str(demo_db)]
    code, out, _ = run(capsys, *db, "check")
    assert code == 0 and "检查通过" in out
    code, out, _ = run(capsys, *db, "backup")
    assert code == 0 and "已备份到" in out
    demo_db.write_text("{broken", encoding="utf-8")
    code, _, err = run(capsys, *db, "list")
    assert code == 1 and "无法解析" in err and "restore" in err
    code, out, _ = run(capsys, *db, "restore")
    assert code == 0 and "已用备份" in out
    assert run(capsys, *db, "check")[0] == 0


def test_holidays_can_be_entered_for_an_uncovered_year(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = ["--db", str(demo_db)]
    code, out, _ = run(
        capsys, *db, "holidays", "2027", "--off", "2027-01-01", "2027-02-06..2027-02-12", "--work", "2027-02-14"
    )
    assert code == 0 and "放假8天" in out and "调休上班1天" in out
    code, out, _ = run(capsys, *db, "list")
    assert "2027年法定节假日尚未录入" not in out


def test_settings_and_units(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = ["--db", str(demo_db)]
    code, out, _ = run(capsys, *db, "settings", "yellow_days", "5")
    assert code == 0 and "黄灯提前工作日数（yellow_days）：5" in out
    code, out, _ = run(capsys, *db, "unit", "add", "县审计局", "--short", "审计局")
    assert code == 0 and "sjj" in out
    code, out, _ = run(capsys, *db, "unit", "list")
    assert "县审计局" in out


# --- the contract as another program sees it: real processes, exit codes, bytes on disk --------


def test_errors_are_one_chinese_line_and_nothing_is_written(tmp_path: Path) -> None:
    db = tmp_path / "x.json"
    assert cli("--db", str(db), "demo").returncode == 0
    before = db.read_bytes()
    cases = [
        (["add", "--title", "t", "--lead", "jyj", "--due", "下下周三"], "无法识别的日期"),
        (["add", "--title", "t", "--lead", "jyj", "--due", "2026-02-30"], "不存在"),
        (["add", "--title", "t", "--lead", "审计局", "--due", "年底"], "没有找到单位"),
        (["add", "--title", "t", "--lead", "县", "--due", "年底"], "对应多个单位"),
        (["add", "--title", "", "--lead", "jyj", "--due", "年底"], "不能为空"),
        (["add", "--title", "长" * 10_000, "--lead", "jyj", "--due", "年底"], "太长"),
        (["add", "--lead", "jyj", "--due", "年底"], "缺少参数"),
        (["done", "2099-01"], "没有编号为"),
    ]
    for args, words in cases:
        result = cli("--db", str(db), *args)
        assert result.returncode != 0, args
        assert result.stdout == ""
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("错误：") and words in lines[0], (args, result.stderr)
    assert db.read_bytes() == before


def test_control_characters_are_stored_safely(tmp_path: Path) -> None:
    db = tmp_path / "x.json"
    cli("--db", str(db), "demo")
    result = cli(
        "--db", str(db), "--json", "add", "--title", "A&B<b>\x0b第二行\x01😀", "--lead", "jyj", "--due", "年底"
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["title"] == "A&B<b> 第二行😀"
    json.loads(db.read_text(encoding="utf-8"))


def test_json_is_utf8_not_escaped(tmp_path: Path) -> None:
    db = tmp_path / "x.json"
    cli("--db", str(db), "demo")
    result = cli("--db", str(db), "list", "--json")
    assert "\\u" not in result.stdout and "卫健委" in result.stdout


def test_today_option_and_environment_make_runs_repeatable(tmp_path: Path) -> None:
    db = tmp_path / "x.json"
    cli("--db", str(db), "--today", "2026-11-28", "demo")
    late = cli("--db", str(db), "--json", "--today", "2027-06-01", "list", "--light", "red")
    env_late = cli("--db", str(db), "--json", "list", "--light", "red", env={"SUPERVISOR_TODAY": "2027-06-01"})
    assert late.stdout == env_late.stdout
    assert len(json.loads(late.stdout)) > 3


def test_the_database_location_comes_from_the_environment(tmp_path: Path) -> None:
    target = tmp_path / "env" / "db.json"
    assert cli("demo", env={"SUPERVISOR_DB": str(target)}).returncode == 0
    assert target.exists()


def test_simple_commands_do_not_import_textual_or_word(tmp_path: Path) -> None:
    db = tmp_path / "x.json"
    cli("--db", str(db), "demo")
    code = (
        "import sys, supervisor\n"
        f"for args in (['--db', {str(db)!r}, 'list', '--unit', 'jyj'], "
        f"['--db', {str(db)!r}, 'add', '--title', 't', '--lead', 'jyj', '--due', '年底']):\n"
        "    assert supervisor.main(args) == 0\n"
        "heavy = sorted({n.split('.')[0] for n in sys.modules} & {'textual', 'docx', 'docxtpl', 'rich', 'pypinyin'})\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, encoding="utf-8")
    assert "HEAVY []" in out.stdout, out.stderr


def test_a_second_writer_gets_a_clear_message(tmp_path: Path) -> None:
    db = tmp_path / "x.json"
    cli("--db", str(db), "demo")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys,time; from store.commands.repository import Repository; "
            "r = Repository.open(sys.argv[1]); print('ok', flush=True); time.sleep(30)",
            str(db),
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ok"
        result = cli("--db", str(db), "remind", "2026-02", env={"SUPERVISOR_LOCK_WAIT": "0.3"})
        assert result.returncode == 3 and "等了0.3秒，另一个督办台或命令" in result.stderr
        assert "仍在修改这个数据库" in result.stderr and len(result.stderr.splitlines()) == 1
        assert cli("--db", str(db), "list").returncode == 0  # reading still works
    finally:
        holder.kill()
        holder.wait()

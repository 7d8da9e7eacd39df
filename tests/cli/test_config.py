"""The configuration is read once, from the environment, when `main()` runs; command-line options win; and
the command line loads only what the command in hand uses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from cli.context import Context
from store.calendar import dates
from store.config import ENV_DB, ENV_OUT, ENV_TEMPLATES, ENV_TODAY, Config, configured_out_dir
from supervisor import main

ROOT = Path(__file__).resolve().parents[2]


def test_supervisor_today_is_read_through_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(ENV_TODAY, "2027-03-01")
    monkeypatch.setenv(ENV_DB, str(tmp_path / "env.json"))
    config = Config.from_env()
    assert config.today == date(2027, 3, 1)
    assert config.database == tmp_path / "env.json"
    assert Context(config).today == date(2027, 3, 1)
    monkeypatch.setenv(ENV_TODAY, "2027-04-01")
    assert config.today == date(2027, 3, 1)  # read once: a frozen value, not a lookup


def test_without_a_fixed_day_today_is_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_TODAY)
    assert Config.from_env().today is None
    assert Context(Config()).today == dates.clock_today()


def test_today_option_overrides_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_TODAY, "2026-11-28")
    assert Config.from_env(today="2027-01-05").today == date(2027, 1, 5)
    assert Config.from_env(today="月底").today == date(2026, 11, 30)  # read against the configured day


def test_db_option_overrides_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(ENV_DB, str(tmp_path / "env.json"))
    assert Config.from_env(db=str(tmp_path / "option.json")).database == tmp_path / "option.json"


def test_main_reads_the_environment_when_it_runs(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    env_db, option_db = tmp_path / "env.json", tmp_path / "option.json"
    monkeypatch.setenv(ENV_DB, str(env_db))
    monkeypatch.setenv(ENV_TODAY, "2026-11-28")
    assert main(["demo"]) == 0 and env_db.exists()
    assert main(["--db", str(option_db), "demo"]) == 0 and option_db.exists()
    capsys.readouterr()
    monkeypatch.setenv(ENV_TODAY, "2027-06-01")
    assert main(["--json", "list", "--light", "red"]) == 0
    late = json.loads(capsys.readouterr().out)
    assert main(["--json", "--today", "2026-11-28", "list", "--light", "red"]) == 0
    assert len(json.loads(capsys.readouterr().out)) < len(late)


def test_a_bad_fixed_day_is_one_line_and_exit_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(ENV_TODAY, "not a date")
    assert main(["list"]) == 1
    assert capsys.readouterr().err.startswith("错误：日期「not a date」")


def test_documents_and_templates_folders(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(ENV_OUT, str(tmp_path / "x"))
    monkeypatch.setenv(ENV_TEMPLATES, str(tmp_path / "templates"))
    config = Config.from_env()
    assert config.documents == configured_out_dir() == tmp_path / "x"
    assert config.template_dirs[0] == tmp_path / "templates" and len(config.template_dirs) == 2
    monkeypatch.delenv(ENV_OUT)
    assert Config.from_env().documents.name == "督办台"
    assert configured_out_dir().name == "督办台"


def _modules_after(*code: str) -> set[str]:
    """Top-level packages loaded by a fresh interpreter after running `code`."""
    script = "\n".join(
        [
            "import sys, supervisor",
            *code,
            "print('MODULES', ' '.join(sorted({n.split('.')[0] for n in sys.modules} | set(sys.modules))))",
        ]
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, encoding="utf-8", env=env
    )
    line = next((x for x in out.stdout.splitlines() if x.startswith("MODULES ")), None)
    assert line is not None, out.stderr
    return set(line.split()[1:])


def test_help_imports_no_command_and_no_heavy_library() -> None:
    loaded = _modules_after("try:\n    supervisor.main(['--help'])\nexcept SystemExit:\n    pass")
    heavy = {"textual", "docx", "docxtpl", "openpyxl", "orjson", "tinydb", "chinese_calendar", "platformdirs"}
    assert not loaded & heavy
    assert not {m for m in loaded if m.startswith(("store.commands", "store.storage", "cli.items", "tui"))}
    assert "cli.parser" in loaded  # the test did parse


def test_add_loads_only_the_rooms_it_uses(tmp_path: Path) -> None:
    """Start-up is most of a small command's time (issue 14): `add` opens the item rooms, not the whole
    repository, and loads no rule, table or library it does not use; a top-level import added anywhere on its
    path shows here."""
    db = tmp_path / "x.json"
    assert main(["--db", str(db), "demo"]) == 0
    add = ["--db", str(db), "add", "--title", "核对台账", "--lead", "县教育局", "--due", "年底"]
    loaded = _modules_after(f"assert supervisor.main({add!r}) == 0")
    assert "store.commands.items" in loaded  # the test did add
    rooms = {"store.commands.repository", "store.commands.dispatch", "store.commands.lifecycle"}
    rooms |= {"store.commands.receipts", "store.commands.monitoring", "store.commands.archive"}
    rules = {"store.rules.verdicts", "store.rules.receipts", "store.records.choices", "store.views.monitoring"}
    libraries = {"difflib", "decimal", "shutil", "textual", "docx", "openpyxl", "jieba", "pypinyin", "platformdirs"}
    libraries |= {"orjson", "tinydb", "dataclasses", "hashlib", "random", "glob"}  # ~25 ms together
    assert not loaded & (rooms | rules | libraries), sorted(loaded & (rooms | rules | libraries))


def test_list_imports_neither_textual_nor_word_nor_excel(tmp_path: Path) -> None:
    db = tmp_path / "x.json"
    assert main(["--db", str(db), "demo"]) == 0
    loaded = _modules_after(f"assert supervisor.main(['--db', {str(db)!r}, 'list', '--unit', 'jyj']) == 0")
    assert "cli.items" in loaded
    assert not loaded & {"textual", "rich", "docx", "docxtpl", "openpyxl", "pypinyin", "tui"}
    assert not {m for m in loaded if m.startswith(("cli.monitoring", "cli.documents", "store.exchange"))}

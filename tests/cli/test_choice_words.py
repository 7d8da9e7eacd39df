"""Issue 11, point 4: --scope, --by and --sort are Choices (store/records/choices.py): Chinese words and the English
codes are both accepted, and --help lists the Chinese words."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.records.choices import NOTICE_SCOPE
from store.views.documents import notice_scope
from supervisor import main


def _run(db: Path, *args: str) -> int:
    return main(["--db", str(db), "--today", "2026-11-28", *args])


@pytest.mark.parametrize(
    ("args", "english"),
    [
        (["list", "--sort", "期限"], ["list", "--sort", "due"]),
        (["board", "--by", "会议"], ["board", "--by", "meeting"]),
        (["verdicts", "--by", "领域"], ["verdicts", "--by", "domain"]),
        (["message", "--all", "--scope", "全部未办结"], ["message", "--all", "--scope", "open"]),
    ],
)
def test_chinese_words_do_what_the_english_codes_do(
    demo_db: Path, capsys: pytest.CaptureFixture[str], args: list[str], english: list[str]
) -> None:
    capsys.readouterr()
    assert _run(demo_db, *args) == 0
    chinese = capsys.readouterr().out
    assert _run(demo_db, *english) == 0
    assert capsys.readouterr().out == chinese


@pytest.mark.parametrize(
    ("command", "shown"),
    [
        (["list"], "{灯色,紧迫度,期限,编号}"),
        (["board"], "{单位,期限,会议,指标}"),
        (["verdicts"], "{规划,领域,牵头单位}"),
        (["notice"], "{红灯和黄灯事项,全部未办结事项}"),
        (["message"], "{红灯和黄灯事项,全部未办结事项}"),
    ],
)
def test_help_lists_the_chinese_words(
    demo_db: Path, capsys: pytest.CaptureFixture[str], command: list[str], shown: str
) -> None:
    with pytest.raises(SystemExit):
        _run(demo_db, *command, "--help")
    assert shown in capsys.readouterr().out


def test_one_scope_parser_for_the_documents_and_the_command_line() -> None:
    for word in ("红黄", "red-yellow", "红灯和黄灯事项", "", None):
        assert notice_scope(word) == "red-yellow"
    for word in ("全部", "open", "全部未办结事项", "ＯＰＥＮ"):
        assert notice_scope(word) == NOTICE_SCOPE.parse(word) == "open"


def test_a_wrong_word_is_one_chinese_line(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        _run(demo_db, "board", "--by", "科室")
    assert "分组方式「科室」无效，应为：单位、期限、会议、指标" in capsys.readouterr().err

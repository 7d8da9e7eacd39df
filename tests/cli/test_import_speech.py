"""`supervisor import-speech`: drafts printed, nothing saved without --yes, .txt and .docx input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from supervisor import main
from tests.store.data.speeches import ARRANGEMENT, PROGRESS_MEETING


def test_drafts_are_printed_and_nothing_is_saved(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    speech = tmp_path / "讲话.txt"
    speech.write_text(PROGRESS_MEETING, encoding="utf-8")
    before = db.read_bytes()
    assert main(["--db", str(db), "import-speech", str(speech), "--date", "2026-03-15"]) == 0
    out = capsys.readouterr().out
    assert "共11条草稿（可导入9条，需处理2条）" in out
    assert "单位「审计部门」" in out and "尚未保存" in out
    assert db.read_bytes() == before


def test_json_and_yes(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    speech = tmp_path / "arrangement.txt"
    speech.write_bytes(ARRANGEMENT.encode("gb18030"))  # saved by Notepad on a Chinese Windows
    assert main(["--db", str(db), "--json", "import-speech", str(speech), "--date", "2026-03-15"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["saved"] is None and len(data["drafts"]) == 5
    assert data["drafts"][0]["lead"] == "县统计局" and data["drafts"][0]["due"] == "2026-07-10"
    assert main(["--db", str(db), "import-speech", str(speech), "--date", "2026-03-15", "--yes"]) == 0
    assert "已导入5项" in capsys.readouterr().out
    assert main(["--db", str(db), "import-speech", str(speech), "--date", "2026-03-15"]) == 0
    assert "这篇讲话已经导入过" in capsys.readouterr().out
    assert main(["--db", str(db), "undo"]) == 0
    assert "导入讲话" in capsys.readouterr().out


def test_a_word_file(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from docx import Document

    doc = Document()
    for line in ARRANGEMENT.splitlines():
        doc.add_paragraph(line)
    path = tmp_path / "安排.docx"
    doc.save(str(path))
    assert main(["--db", str(db), "import-speech", str(path), "--date", "2026-03-15"]) == 0
    out = capsys.readouterr().out
    assert "会议：关于落实妇女儿童发展规划中期评估迎检工作的安排意见" in out and "共5条草稿" in out


def test_missing_file_is_one_line(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db), "import-speech", "nope.txt"]) == 1
    assert capsys.readouterr().err.strip().startswith("错误：找不到文件")

"""Issue 11.10: what the user typed comes back safe, short and exactly as typed."""

from __future__ import annotations

from pathlib import Path

from docx import Document

from docx_templates.common import safe_filename
from store.records.text import echo
from tests.cli.test_cli import cli


def test_messages_quote_input_without_control_characters_and_shortened(demo_db: Path) -> None:
    typed = "\x1b[2J\x1b]0;标题\x07" + "县" * 10_000 + "\u202e"
    result = cli("--db", str(demo_db), "list", "--unit", typed)
    assert result.returncode == 1
    line = result.stderr.strip()
    assert "\x1b" not in line and "\x07" not in line and "\u202e" not in line
    assert len(line) < 120 and "县…" in line
    shown = cli("--db", str(demo_db), "show", "x" * 5000)
    assert shown.returncode == 1 and len(shown.stderr) < 120


def test_echo_is_the_one_quoting_rule() -> None:
    assert echo("a\x1bb\nc") == "a b c"
    assert echo("abc\u202egpj.exe") == "abcgpj.exe"
    assert echo("长" * 100) == "长" * 39 + "…"


def test_file_names_lose_bidi_controls_and_names_lose_them_on_entry(demo_db: Path, tmp_path: Path) -> None:
    assert safe_filename("督办通知-abc\u202egpj.exe") == "督办通知-abcgpj.exe"
    added = cli("--db", str(demo_db), "unit", "add", "县abc\u202egpj.exe局")
    assert added.returncode == 0 and "\u202e" not in added.stdout


def test_text_comes_out_as_typed_in_messages_and_documents(demo_db: Path, tmp_path: Path) -> None:
    name = "{_{ 7*7 }_}局"
    assert name in cli("--db", str(demo_db), "unit", "add", name).stdout
    item = cli("--db", str(demo_db), "add", "--title", "核对{_{ 7*7 }_}", "--lead", name, "--due", "2026-12-20")
    assert "核对{_{ 7*7 }_}" in item.stdout
    out = tmp_path / "out"
    assert cli("--db", str(demo_db), "notice", "--unit", name, "--scope", "open", "--out", str(out)).returncode == 0
    (path,) = out.glob("*.docx")
    text = "\n".join(p.text for p in Document(str(path)).paragraphs) + "".join(
        c.text for t in Document(str(path)).tables for r in t.rows for c in r.cells
    )
    assert "{_{ 7*7 }_}局" in text and "核对{_{ 7*7 }_}" in text and "{{ 7*7 }}" not in text


def test_a_title_pasted_with_terminal_colours_is_saved_without_their_remnants(demo_db: Path) -> None:
    """Before, the ESC alone was dropped and "[31m红色标题[0m" was saved, listed and printed in notices."""
    title = "\x1b[31m红色标题\x1b[0m与\x1b]0;窗口标题\x07续"
    added = cli("--db", str(demo_db), "add", "--title", title, "--lead", "妇联", "--due", "2026-12-20")
    assert added.returncode == 0 and "红色标题与续" in added.stdout
    listed = cli("--db", str(demo_db), "list", "--unit", "妇联").stdout
    assert "红色标题与续" in listed and "[31m" not in listed and "[0m" not in listed
    assert echo("\x1b[1;31m警告\x1b[0m") == "警告" and echo("\x1b]0;题\x07字") == "字"

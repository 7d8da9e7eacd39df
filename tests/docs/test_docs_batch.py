"""Batches: one file per unit plus a combined print file, progress, one undo step, safe names, PDF, CLI."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from importlib import import_module
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

import docx_templates
from cli import documents
from cli.options_reports import document_options
from docx_templates import build_batch, default_notice_units, pdf
from docx_templates.common import safe_filename, unique_path
from store.rules.lights import assignment_light

from .conftest import doc_text, run_cli


def test_default_units_are_those_with_red_or_yellow(repo) -> None:  # type: ignore[no-untyped-def]
    policy = repo.policy()
    expected = {
        a["unit_id"]
        for i in repo.items()
        for a in i["assignments"]
        if a["status"] in ("assigned", "acknowledged", "in_progress", "returned")
        and assignment_light(a, policy) in ("red", "yellow")
    }
    got = default_notice_units(repo)
    assert set(got) == expected and got
    assert got == [u["id"] for u in repo.units() if u["id"] in expected]


def test_notice_batch_all_units_one_undo_step(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    calls: list[tuple[int, int, str]] = []
    units = default_notice_units(repo)
    history_before = len(repo.history())
    result = build_batch(repo, "notice", None, out, progress=lambda d, t, label: calls.append((d, t, label)))
    assert len(result.files) == len(units)
    assert all(p.exists() and p.parent == out.resolve() for p in result.files)
    assert result.combined is not None and result.combined.exists()
    numbers = [d["number"] for d in result.dispatches]
    assert numbers == [f"示妇儿工委办〔2026〕{n}号" for n in range(1, len(units) + 1)]
    # numbers reserved in one write before the files, marked issued after them (issue 11.5): one undo step
    assert len(repo.history()) == history_before + 2
    assert repo.history(2)[0]["label"] == f"批量生成督办通知 {len(units)} 份"
    assert repo.history(1)[0]["kind"] == "complete"
    assert {d.get("state") for d in repo.dispatches()} == {"issued"}
    # progress: every unit by name, ends at done == total
    labels = [c[2] for c in calls]
    for uid in units:
        assert repo.unit(uid)["name"] in labels
    assert calls[-1][0] == calls[-1][1]
    assert all(0 <= d <= t for d, t, _ in calls)
    # the combined file: every notice, each one its own section on a new odd page, numbering from 1
    combined = Document(str(result.combined))
    text = doc_text(result.combined)
    for number in numbers:
        assert number in text
    sections = combined.sections
    assert len(sections) == len(units)
    for section in sections:
        sect = section._sectPr
        assert sect.find(qn("w:type")).get(qn("w:val")) == "oddPage"
        assert sect.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    # one undo removes every registration of the batch
    assert repo.undo() == f"批量生成督办通知 {len(units)} 份"
    assert {d["state"] for d in repo.dispatches()} == {"void"}  # listed as 作废, files in the 作废 folder
    assert all(Path(d["file"]).parent.name == "作废" and Path(d["file"]).is_file() for d in repo.dispatches())
    again = build_batch(repo, "notice", units[:1], out)
    assert again.dispatches[0]["number"] == f"示妇儿工委办〔2026〕{len(units) + 1}号"
    assert again.combined is None  # one notice needs no print file


def test_batch_failure_leaves_no_files_and_its_numbers_void(repo, out: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from docx_templates import render

    real = render.render
    calls = {"n": 0}

    def flaky(name, context):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 3:  # the third notice: two files and two numbers are already there
            raise OSError("disk full")
        return real(name, context)

    monkeypatch.setattr(render, "render", flaky)
    with pytest.raises(OSError):
        build_batch(repo, "notice", None, out)
    assert list(out.iterdir()) == []
    # the numbers were spent before the files: they stay in the register as void, never given again (11.5)
    spent = repo.dispatches()
    assert spent and {d["state"] for d in spent} == {"void"}
    monkeypatch.setattr(render, "render", real)
    again = build_batch(repo, "notice", None, out)
    assert not {d["number"] for d in again.dispatches} & {d["number"] for d in spent}


def test_checklist_batch(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    extra = repo.add_unit("县档案馆")  # nothing assigned: skipped with a message
    result = build_batch(repo, "checklist", None, out)
    assert len(result.files) == len(repo.units()) - 1
    assert "县档案馆" in result.skipped and any("县档案馆" in m for m in result.messages)
    assert result.combined is not None
    combined = Document(str(result.combined))
    assert len(combined.sections) == len(result.files)
    assert all(s._sectPr.find(qn("w:pgSz")).get(qn("w:orient")) == "landscape" for s in combined.sections)
    # every table keeps its repeating rows, the unit's line and the column headings (one indicator table per unit
    # with indicators or items, plus the evidence and publicity tables of the units that own some)
    tables = list(combined.element.body.iter(qn("w:tbl")))
    assert all(all(tr.trPr.find(qn("w:tblHeader")) is not None for tr in t.findall(qn("w:tr"))[:2]) for t in tables)
    headings = ["".join(x.text or "" for x in t.findall(qn("w:tr"))[1].iter(qn("w:t"))) for t in tables]
    assert sum("指标或事项" in h for h in headings) == len(result.files)
    assert extra["id"] not in [d for d in result.dispatches]


def test_bulletin_batch(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    result = build_batch(repo, "bulletin", None, out)
    assert len(result.files) == 1 and result.combined is None
    assert result.dispatches[0]["kind"] == "督查通报"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("../../x", "_x"),
        ("CON", "_CON"),
        ("nul.txt", "_nul.txt"),
        ('a\\b/c:d*e?f"g<h>i|j', "a_b_c_d_e_f_g_h_i_j"),
        ("  ..hidden. ", "_hidden"),
        ("x\x00y\x1fz", "x_y_z"),
        ("", "未命名"),
    ],
)
def test_safe_filename(raw: str, expected: str) -> None:
    assert safe_filename(raw) == expected


def test_file_names_are_bounded_and_unique(tmp_path: Path) -> None:
    long = "很长的单位名称" * 40
    assert len(safe_filename(long)) <= 75
    first = unique_path(tmp_path, "督办通知-县卫健委")
    first.write_bytes(b"x")
    second = unique_path(tmp_path, "督办通知-县卫健委")
    assert second.name == "督办通知-县卫健委（2）.docx"
    for name in (first.name, second.name, unique_path(tmp_path, long).name):
        assert len(name.encode("utf-8")) <= 255 and not re.search(r'[\\/:*?"<>|]', name)


def test_unit_named_dot_dot_stays_inside_out_dir(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    bad = repo.add_unit("../../x")
    repo.add_item("测试事项", "../../x", "2026-11-20")
    result = build_batch(repo, "notice", [bad["id"]], out)
    assert [p.parent for p in result.files] == [out.resolve()]
    assert not (out.parent.parent / "x").exists()


def test_pdf_without_libreoffice_is_a_message(repo, out: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(pdf, "soffice_path", lambda: None)
    result = build_batch(repo, "checklist", [repo.resolve_unit("卫健委")["id"]], out, pdf=True)
    assert result.files and result.pdfs == []
    assert any("LibreOffice" in m for m in result.messages)


# Each public name of the package and the module:attribute it stands for.
PUBLIC = {
    "notice_preview": "notice:notice_preview",
    "build_notice": "notice:build_notice",
    "build_checklist": "checklist:build_checklist",
    "build_bulletin": "bulletin:build_bulletin",
    "build_evaluation_report": "evaluation:build_evaluation_report",
    "build_self_assessment": "self_assessment:build_self_assessment",
    "build_data_chase_notice": "data_chase:build_data_chase_notice",
    "default_self_assessment_units": "self_assessment:default_units",
    "default_data_chase_units": "data_chase:default_units",
    "build_batch": "batch:build_batch",
    "BatchResult": "batch:BatchResult",
    "default_notice_units": "notice:default_units",
    "soffice_path": "pdf:soffice_path",
    "convert_to_pdf": "pdf:convert_to_pdf",
    "safe_filename": "common:safe_filename",
}


def test_lazy_exports() -> None:
    """`import docx_templates` loads no python-docx; each public name then resolves to its module's object."""
    code = "import sys, docx_templates; print(sorted({'docx', 'docxtpl'} & {m.split('.')[0] for m in sys.modules}))"
    root = Path(docx_templates.__file__).resolve().parent.parent
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root)
    assert loaded.stdout.strip() == "[]"
    assert sorted(docx_templates.__all__) == sorted(PUBLIC)
    for name, target in PUBLIC.items():
        module, _, attr = target.partition(":")
        assert getattr(docx_templates, name) is getattr(import_module(f"docx_templates.{module}"), attr), name
    with pytest.raises(AttributeError):
        docx_templates.no_such_name  # noqa: B018 - the lookup itself is what is tested


# ------------------------------------------------------------------ command-line handlers


def test_cli_notice_one_unit(db_path: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "docs"
    assert run_cli("notice", ["--unit", "卫健委", "--out", str(folder)], db_path) == 0
    shown = capsys.readouterr().out
    assert "已生成督办通知 1 份" in shown and "示妇儿工委办〔2026〕1号" in shown
    assert len(list(folder.glob("*.docx"))) == 1


def test_cli_notice_all_json(db_path: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    import json

    folder = tmp_path / "docs"
    assert run_cli("notice", ["--all", "--out", str(folder)], db_path, as_json=True) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["combined"] and len(data["files"]) == len(data["dispatches"]) >= 2


def test_cli_checklist_and_bulletin(db_path: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "docs"
    assert run_cli("checklist", ["--out", str(folder)], db_path) == 0
    assert "全体成员单位" in capsys.readouterr().out
    assert run_cli("bulletin", ["--out", str(folder), "--meeting", "1"], db_path) == 0
    assert "督查通报" in capsys.readouterr().out


def test_cli_requires_unit_or_all() -> None:
    parser = argparse.ArgumentParser()
    document_options("notice", parser)
    with pytest.raises(SystemExit):
        parser.parse_args([])
    with pytest.raises(SystemExit):
        parser.parse_args(["--unit", "x", "--all"])


def test_progress_bar_only_on_a_terminal() -> None:
    class Tty:
        def __init__(self) -> None:
            self.text = ""

        def isatty(self) -> bool:
            return True

        def write(self, s: str) -> None:
            self.text += s

        def flush(self) -> None:
            pass

    tty = Tty()
    bar = documents.progress_bar(tty)
    assert bar is not None
    bar(1, 2, "县卫健委")
    bar(2, 2, "完成")
    assert "1/2 县卫健委" in tty.text and tty.text.endswith("\n")

    class Pipe(Tty):
        def isatty(self) -> bool:
            return False

    assert documents.progress_bar(Pipe()) is None

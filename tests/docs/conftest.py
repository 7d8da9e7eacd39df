"""Fixtures for the Word-document tests: a demo county on a temp database, and readers for .docx files."""

from __future__ import annotations

import argparse
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn

from store.commands.repository import Repository
from store.demo.loader import load_demo

TODAY = date(2026, 11, 28)


@pytest.fixture(autouse=True)
def _default_templates(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests use the shipped templates, never an office's own copy in the user's data folder."""
    from docx_templates import render

    monkeypatch.setattr(render, "user_template_dirs", lambda: [])


@pytest.fixture
def repo(tmp_path: Path):  # type: ignore[no-untyped-def]
    """The sample county (26 units, 12 items in every light, 18 indicators) as of 2026-11-28."""
    r = Repository.open(tmp_path / "db.json", today=TODAY)
    load_demo(r)
    yield r
    r.close()


@pytest.fixture
def out(tmp_path: Path) -> Path:
    path = tmp_path / "out"
    path.mkdir()
    return path


def part_xml(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(name).decode("utf-8")


def parts(path: Path, prefix: str) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist() if n.startswith(prefix) and n.endswith(".xml")}


def doc_text(path: Path) -> str:
    """Every paragraph of the body, tables included, one per line."""
    doc = Document(str(path))
    lines: list[str] = []
    body = doc.element.body
    for p in body.iter(qn("w:p")):
        lines.append("".join(t.text or "" for t in p.iter(qn("w:t"))))
    return "\n".join(lines)


def unit_id(repo: Repository, name: str) -> int:
    return repo.resolve_unit(name)["id"]


# ------------------------------------------------------------------ page and styles

GBT_MARGINS = {"top": 2098, "left": 1587, "right": 1474, "bottom": 1984}  # twips: 天头 37 mm, 订口 28 mm


def page_size(sect: Any) -> tuple[str | None, str | None, str | None]:
    """(width, height, orientation) of a section's page, in twips as written."""
    size = sect.find(qn("w:pgSz"))
    return size.get(qn("w:w")), size.get(qn("w:h")), size.get(qn("w:orient"))


def margins(sect: Any) -> dict[str, int]:
    mar = sect.find(qn("w:pgMar"))
    return {k: int(mar.get(qn(f"w:{k}"))) for k in ("top", "left", "right", "bottom")}


def styled(doc: Any, style: str) -> list[Any]:
    """The body paragraphs (tables included) whose paragraph style is named `style`."""
    names = {s.style_id: s.name for s in doc.styles}
    return [
        p
        for p in doc.element.body.iter(qn("w:p"))
        if p.pPr is not None and p.pPr.pStyle is not None and names.get(p.pPr.pStyle.val) == style
    ]


# ------------------------------------------------------------------ command-line handlers


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """The sample county in a database file, closed, for the command-line handlers to open."""
    path = tmp_path / "cli.json"
    repo = Repository.open(path, today=TODAY)
    load_demo(repo)
    repo.close()
    return path


def run_cli(kind: str, argv: list[str], db: Path, as_json: bool = False) -> int:
    """Parse `argv` with the document command's options and run its handler on the database `db`."""
    from cli import documents
    from cli.context import Context
    from cli.options_reports import document_options
    from store.config import Config

    parser = argparse.ArgumentParser()
    document_options(kind, parser)
    args = parser.parse_args(argv)
    ctx = Context(Config(db_path=db, today=TODAY), as_json=as_json)
    handlers = {
        "notice": documents.cmd_notice,
        "checklist": documents.cmd_checklist,
        "bulletin": documents.cmd_bulletin,
        "evaluation": documents.cmd_evaluation,
        "self_assessment": documents.cmd_self_assessment,
        "data_chase": documents.cmd_data_chase,
    }
    try:
        return handlers[kind](ctx, args)
    finally:
        ctx.close()

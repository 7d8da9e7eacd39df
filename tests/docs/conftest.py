"""Fixtures for the Word-document tests: a demo county on a temp database, and readers for .docx files."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest
from docx import Document

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
    from docx.oxml.ns import qn

    for p in body.iter(qn("w:p")):
        lines.append("".join(t.text or "" for t in p.iter(qn("w:t"))))
    return "\n".join(lines)

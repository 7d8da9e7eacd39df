"""Fixtures of the command-line tests: a demo database made through the command line itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from supervisor import main


@pytest.fixture
def demo_db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "demo.json"
    assert main(["--db", str(path), "demo"]) == 0
    capsys.readouterr()
    return path


@pytest.fixture
def db(demo_db: Path) -> Path:
    """The same demo database, under the name the monitoring and speech tests use."""
    return demo_db

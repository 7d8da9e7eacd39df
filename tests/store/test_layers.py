"""Dependencies flow one way: supervisor.py -> cli | tui -> docx_templates -> store; types are checked.

The import contracts in pyproject.toml (lint-imports) and mypy (strict for store/) run here, so the README's one
test command checks them on every machine and in CI."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = {
    "store": {"textual", "docx", "docxtpl", "tui", "cli", "docx_templates", "supervisor", "rich", "argparse"},
    "docx_templates": {"textual", "tui", "cli", "supervisor", "argparse"},
    "tui": {"supervisor", "cli"},
    "cli": {"supervisor", "tui"},
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_import_direction(package: str) -> None:
    offenders = []
    for path in sorted((ROOT / package).rglob("*.py")):
        bad = imported_modules(path) & FORBIDDEN[package]
        if bad:
            offenders.append(f"{path.relative_to(ROOT)} imports {sorted(bad)}")
    assert not offenders, offenders


def test_importing_all_of_store_loads_neither_textual_nor_docx() -> None:
    code = (
        "import importlib, pkgutil, sys, store\n"
        "for m in pkgutil.walk_packages(store.__path__, 'store.'): importlib.import_module(m.name)\n"
        "print(sorted({n.split('.')[0] for n in sys.modules} & {'textual', 'docx', 'docxtpl', 'rich'}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


def test_the_command_mixins_build_on_the_base_without_a_cycle() -> None:
    """store.commands.repository only composes: no command module imports it (not even for type checking)."""
    offenders = []
    for path in sorted((ROOT / "store" / "commands").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "store.commands.repository":
                offenders.append(path.name)
    assert not offenders, offenders


def _tool(name: str) -> str:
    path = Path(sys.executable).with_name(name)
    return str(path) if path.exists() else name


def test_import_contracts_hold() -> None:
    """lint-imports checks the contracts in pyproject.toml over the whole import graph (not only direct imports)."""
    out = subprocess.run([_tool("lint-imports")], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]
    assert "broken" in out.stdout and "0 broken" in out.stdout


def test_types_check() -> None:
    """mypy with the settings in pyproject.toml: strict for store/, no repository typed as Any anywhere."""
    out = subprocess.run([sys.executable, "-m", "mypy"], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stdout[-4000:]


def test_no_repository_typed_as_any() -> None:
    offenders = []
    for package in ("store", "docx_templates", "cli", "tui"):
        for path in sorted((ROOT / package).rglob("*.py")):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if "repo: Any" in line or "repository: Any" in line:
                    offenders.append(f"{path.relative_to(ROOT)}:{number}")
    assert not offenders, offenders

"""Issue 16 (f-monitor) point 6: every public name of the monitoring and board modules is used somewhere (the old
counts_in_order, reading_status and SORTS were not)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MODULES = (
    "store/views/board.py",
    "store/views/monitoring.py",
    "store/views/evaluation.py",
    "store/rules/verdicts.py",
    "store/commands/readings.py",
    "cli/monitoring.py",
)
SOURCES = ("store", "cli", "tui", "docx_templates", "supervisor.py")


def _public_names(path: Path) -> list[str]:
    names = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef) and not node.name.startswith("_"):
            names.append(node.name)
        elif isinstance(node, ast.Assign):
            names += [t.id for t in node.targets if isinstance(t, ast.Name) and not t.id.startswith("_")]
    return names


def test_every_public_name_is_used() -> None:
    texts = []
    for source in SOURCES:
        base = ROOT / source
        for file in [base] if base.is_file() else sorted(base.rglob("*.py")):
            texts.append(file.read_text(encoding="utf-8"))
    corpus = "\n".join(texts)
    unused = []
    for module in MODULES:
        for name in _public_names(ROOT / module):
            if len(re.findall(rf"\b{re.escape(name)}\b", corpus)) < 2:  # the definition itself is one
                unused.append(f"{module}:{name}")
    assert unused == []

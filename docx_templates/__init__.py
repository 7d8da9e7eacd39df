"""Word documents of 督办台: 督办通知 (with 回执), 检查清单, 督查通报, 中期自评估报告（框架）, 成员单位自评表 and
催报通知, filled from .docx templates.

The public API is imported lazily so that `import docx_templates` does not load python-docx until a
document is actually made (the command line's other commands stay fast).

    notice_preview(repo, unit_id) -> dict
    build_notice(repo, unit_id, out_dir, *, issue_date=None, cc=None, remind=False) -> Path
    build_checklist(repo, unit_id | None, out_dir) -> Path
    build_bulletin(repo, out_dir, *, meeting_id=None, issue_date=None, cc=None) -> Path
    build_evaluation_report(repo, out_dir, *, data_year=None, issue_date=None) -> Path
    build_self_assessment(repo, unit_id, out_dir, *, data_year=None) -> Path
    build_data_chase_notice(repo, unit_id, out_dir, *, data_year=None, issue_date=None, cc=None, remind=False) -> Path
    default_self_assessment_units(repo) -> list[int]
    default_data_chase_units(repo, data_year=None) -> list[int]
    build_batch(repo, kind, unit_ids | None, out_dir, *, progress=None, pdf=False, ...) -> BatchResult
    default_notice_units(repo) -> list[int]
    soffice_path() -> str | None
    convert_to_pdf(paths, out_dir) -> list[Path]

Every kind follows one protocol (kinds.DocumentKind: key, label, numbered, default units, plan, render) and is
listed in kinds.registry(); the figures come ready from store.views.documents, the kinds only lay them out.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "notice_preview": "notice",
    "build_notice": "notice",
    "build_checklist": "checklist",
    "build_bulletin": "bulletin",
    "build_evaluation_report": "evaluation",
    "build_self_assessment": "self_assessment",
    "build_data_chase_notice": "data_chase",
    "default_self_assessment_units": "self_assessment:default_units",
    "default_data_chase_units": "data_chase:default_units",
    "build_batch": "batch",
    "BatchResult": "batch",
    "default_notice_units": "notice:default_units",
    "soffice_path": "pdf",
    "convert_to_pdf": "pdf",
    "safe_filename": "common",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    target = _EXPORTS.get(name)
    if target is None:
        raise AttributeError(f"module 'docx_templates' has no attribute {name!r}")
    module, _, attr = target.partition(":")  # "module:attribute" when the public name differs
    value = getattr(import_module(f".{module}", __name__), attr or name)
    globals()[name] = value
    return value

"""Documents for many units in one go: one file each, one combined file for printing, optional PDFs.

All the numbered documents of a batch take their numbers in one write before any file is written, so the batch is one
undo step and a batch killed half-way leaves its numbers spent (listed as 未完成), never reused; when anything fails,
the files already written are deleted and the numbers marked void (作废). Every kind goes through the same
steps (kinds.DocumentKind): which units, one plan each, skip the empty ones, write, combine, convert.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docx.oxml.ns import qn

from store.errors import SupervisorError, ValidationError

from . import common, kinds, layout, render
from .kinds import DocumentKind, Options
from .notice import default_units as default_notice_units
from .pdf import convert_to_pdf, soffice_path

if TYPE_CHECKING:
    from docx.document import Document as DocumentObject

    from store.commands.repository import Repository

__all__ = [
    "BatchResult",
    "build_batch",
    "combine",
    "convert_to_pdf",
    "default_notice_units",
    "soffice_path",
]

Progress = Callable[[int, int, str], None]


@dataclass
class BatchResult:
    """What a batch wrote: one file per unit, the combined print file, PDFs, and messages for the user."""

    kind: str
    files: list[Path] = field(default_factory=list)
    combined: Path | None = None
    pdfs: list[Path] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    dispatches: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """What was made, in one line: '已生成 Word 文件10份、合并打印文件1份、PDF 11份'."""
        made = [f"Word 文件{len(self.files)}份"]
        if self.combined:
            made.append("合并打印文件1份")
        if self.pdfs:
            made.append(f"PDF {len(self.pdfs)}份")
        return "已生成 " + "、".join(made)

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "files": [str(p) for p in self.files],
            "combined": str(self.combined) if self.combined else None,
            "pdfs": [str(p) for p in self.pdfs],
            "messages": self.messages,
            "dispatches": self.dispatches,
            "skipped": self.skipped,
        }


# ------------------------------------------------------------------ combined print file


def combine(docs: list[DocumentObject]) -> DocumentObject:
    """One document holding each given document as its own section: every one starts on a new odd page
    (so a double-sided print can be split by unit) with its page numbers restarting at 1.

    All documents come from the same template, so styles and footer relationships are shared."""
    if not docs:
        raise ValueError("nothing to combine")
    target = docs[0]  # already saved to its own file: extended in place
    body = target.element.body
    final = body.find(qn("w:sectPr"))
    layout.section_break(final)
    for doc in docs[1:]:
        last_p = [c for c in body if c.tag == qn("w:p")][-1]
        ppr = last_p.get_or_add_pPr()
        layout.put(ppr, copy.deepcopy(final), layout._PPR_ORDER)
        for child in doc.element.body:
            if child.tag == qn("w:sectPr"):
                continue
            final.addprevious(copy.deepcopy(child))
    return target


# ------------------------------------------------------------------ batch


def _tick(progress: Progress | None, done: int, total: int, label: str) -> None:
    if progress is not None:
        progress(done, total, label)


@dataclass
class _Run:
    """One batch under way: where it writes, what it has written (deleted again if anything fails)."""

    repo: Repository
    kind: DocumentKind[Any]
    options: Options
    folder: Path
    progress: Progress | None
    pdf: bool
    combined: bool
    result: BatchResult
    written: list[Path] = field(default_factory=list)


def build_batch(
    repo: Repository,
    kind: str,
    unit_ids: list[int] | None,
    out_dir: Path | str,
    *,
    progress: Progress | None = None,
    pdf: bool = False,
    issue_date: date | str | None = None,
    cc: str | None = None,
    remind: bool = False,
    meeting_id: int | None = None,
    combined: bool = True,
    data_year: int | str | None = None,
    scope: str = "",
    xlsx_receipt: bool = False,
) -> BatchResult:
    """Generate `kind` for the units (None: the default selection); one file each plus a combined print file.

    Kinds: "notice" (default: units with red or yellow assignments), "checklist" (every unit), "bulletin" and
    "evaluation" (one county-wide file each; unit_ids ignored), "self_assessment" (units with indicators),
    "data_chase" (the 催报 list of the data request for `data_year`, default the latest open one). Notices,
    bulletins and 催报通知 register their numbers; a batch of them is one undo step."""
    spec = kinds.get(kind)
    options = Options(
        issue_date=issue_date,
        cc=cc,
        remind=remind,
        meeting_id=meeting_id,
        data_year=data_year,
        scope=scope,
        xlsx_receipt=xlsx_receipt,
    )
    folder = common.ensure_dir(out_dir)
    run = _Run(repo, spec, options, folder, progress, pdf, combined, BatchResult(kind=kind))
    try:
        if spec.per_unit:
            _per_unit(run, _plans(run, unit_ids))
        else:
            _county_wide(run)
    except BaseException:
        for path in run.written:
            path.unlink(missing_ok=True)
        raise
    if pdf:
        _convert(run)
    return run.result


def _unit_ids(run: _Run, unit_ids: list[int] | None) -> list[int]:
    """The units asked for (each checked to exist, duplicates dropped), else the kind's default selection."""
    if unit_ids is None:
        return run.kind.default_units(run.repo, run.options)
    for uid in unit_ids:
        run.repo.unit(uid)  # NotFoundError for an unknown id
    return list(dict.fromkeys(unit_ids))


def _plans(run: _Run, unit_ids: list[int] | None) -> list[Any]:
    """One plan per unit with something to say; the others are skipped and the user told why."""
    spec, result = run.kind, run.result
    ids = _unit_ids(run, unit_ids)
    if not ids and spec.no_units:
        raise ValidationError("unit", spec.no_units)
    plans: list[Any] = []
    skipped: list[Any] = []
    for uid in ids:
        plan = spec.plan(run.repo, uid, run.options)
        (skipped if plan.empty else plans).append(plan)
    result.skipped = [plan.label for plan in skipped]
    result.messages.extend(spec.skipped_messages(skipped))
    if not plans:
        raise ValidationError("unit", spec.none_left)
    result.messages.extend(dict.fromkeys(w for plan in plans for w in plan.warnings))
    if note := kinds.dropped_note(plans):
        result.messages.append(note)
    return plans


def _per_unit(run: _Run, plans: list[Any]) -> None:
    """A file per plan, then the combined print file; numbered kinds reserve all their numbers first (one undo
    step) and mark them issued when every file is written (kinds.issuing)."""
    spec, result = run.kind, run.result
    make_combined = run.combined and len(plans) > 1
    total = len(plans) + make_combined + run.pdf
    docs: list[DocumentObject] = []
    with kinds.issuing(spec, run.repo, plans, run.folder, batch=True, remind=run.options.remind) as (slots, written):
        for index, (plan, slot) in enumerate(zip(plans, slots, strict=True)):
            _tick(run.progress, index, total, plan.label)
            done = spec.write(run.repo, plan, slot)
            written.append(done.path)
            run.written.append(done.path)
            result.files.append(done.path)
            if done.dispatch is not None:
                result.dispatches.append(done.dispatch)
            docs.append(done.doc)
        if make_combined:
            _tick(run.progress, len(plans), total, "合并打印文件")
            label = spec.combined_label(plans, result.dispatches)
            result.combined = common.unique_path(run.folder, f"{spec.label}-合并打印-{label}")
            render.save(combine(docs), result.combined)
            written.append(result.combined)
            run.written.append(result.combined)
    for entry in result.dispatches:
        entry["state"] = "issued"
    _tick(run.progress, len(plans) + make_combined, total, "完成")


def _county_wide(run: _Run) -> None:
    """The one file of a county-wide kind (unit_ids are ignored)."""
    spec = run.kind
    total = 1 + run.pdf
    _tick(run.progress, 0, total, spec.label)
    plan = spec.plan(run.repo, None, run.options)
    if note := kinds.dropped_note([plan]):
        run.result.messages.append(note)
    done = spec.write_one(run.repo, plan, run.folder, remind=run.options.remind)
    run.result.messages.extend(kinds.new_warnings(plan, run.result.messages))  # after writing: the chart's too
    run.written.append(done.path)
    run.result.files.append(done.path)
    run.result.dispatches = [done.dispatch] if done.dispatch is not None else []
    _tick(run.progress, 1, total, spec.label)


def _convert(run: _Run) -> None:
    """PDFs of every file and the print file; a missing LibreOffice or a failed file is a message, not an error."""
    result = run.result
    targets = result.files + ([result.combined] if result.combined else [])
    total = len(targets) + 1
    _tick(run.progress, total - 1, total, "转换PDF")
    try:
        result.pdfs = convert_to_pdf(targets, run.folder)
    except SupervisorError as exc:
        result.messages.append(str(exc))
    else:
        missing = len(targets) - len(result.pdfs)
        if missing:
            result.messages.append(f"有{missing}个文件未能转换为 PDF")
    _tick(run.progress, total, total, "转换PDF")

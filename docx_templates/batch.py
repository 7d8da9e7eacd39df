"""Documents for many units in one go: one file each, one combined file for printing, optional PDFs.

All the notices of a batch take their numbers in one transaction, so the batch is one undo step; when
anything fails, the files already written are deleted and no number is kept.
"""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from docx.document import Document as DocumentObject
from docx.oxml.ns import qn

from store.calendar import dates
from store.errors import SupervisorError, ValidationError
from store.records.model import OPEN_STATUSES
from store.rules.lights import assignment_light

from . import bulletin, checklist, common, data_chase, evaluation, layout, notice, render, self_assessment

Progress = Callable[[int, int, str], None]
KINDS = {
    "notice": notice.KIND,
    "checklist": checklist.KIND,
    "bulletin": bulletin.KIND,
    "evaluation": evaluation.KIND,
    "self_assessment": self_assessment.KIND,
    "data_chase": data_chase.KIND,
}
KIND_CHOICES = (
    "notice 督办通知、checklist 检查清单、bulletin 督查通报、evaluation 中期自评估报告、"
    "self_assessment 成员单位自评表、data_chase 催报通知"
)


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


def default_notice_units(repo: Any) -> list[int]:
    """Units with a red or yellow open assignment, in the unit list's order."""
    policy = repo.policy()
    flagged: set[int] = set()
    for item in repo.items():
        for share in item["assignments"]:
            if share["status"] in OPEN_STATUSES and assignment_light(share, policy) in ("red", "yellow"):
                flagged.add(share["unit_id"])
    return [u["id"] for u in repo.units() if u["id"] in flagged]


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


# ------------------------------------------------------------------ PDF through LibreOffice


def soffice_path() -> str | None:
    """LibreOffice's converter when installed (PATH, or the usual Windows and macOS places)."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    candidates = []
    if sys.platform == "win32":
        for root in (
            os.environ.get("PROGRAMFILES", r"C:\Program Files"),
            os.environ.get("PROGRAMFILES(X86)", r"C:\Program Files (x86)"),
        ):
            candidates.append(Path(root) / "LibreOffice" / "program" / "soffice.exe")
    elif sys.platform == "darwin":
        candidates.append(Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"))
    for path in candidates:
        if path.is_file():
            return str(path)
    return None


NO_SOFFICE = (
    "未找到 LibreOffice（soffice），不能转换为 PDF；Word 文件已生成，可用 Word 或 WPS 打开后另存为 PDF。"
    "安装 LibreOffice 后即可使用 --pdf"
)


def convert_to_pdf(paths: Iterable[Path | str], out_dir: Path | str) -> list[Path]:
    """Convert .docx files to PDF with `soffice --headless`; a private profile keeps it working while the
    user has LibreOffice open. Raises SupervisorError with a Chinese message when nothing could be made."""
    files = [Path(p) for p in paths]
    if not files:
        return []
    exe = soffice_path()
    if exe is None:
        raise SupervisorError(NO_SOFFICE)
    folder = common.ensure_dir(out_dir)
    with tempfile.TemporaryDirectory(prefix="supervisor-lo-") as profile:
        cmd = [
            exe,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *(str(p) for p in files),
        ]
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=120 + 30 * len(files), check=False)
        except subprocess.TimeoutExpired:
            raise SupervisorError("LibreOffice 转换 PDF 超时，请稍后重试或用 Word/WPS 另存为 PDF") from None
        except OSError as exc:
            raise SupervisorError(f"无法运行 LibreOffice（{exe}）：{exc.strerror or exc}") from None
    pdfs = [folder / f"{p.stem}.pdf" for p in files]
    made = [p for p in pdfs if p.is_file()]
    if not made:
        tail = (done.stderr or b"").decode("utf-8", "replace").strip().splitlines()[-1:]
        raise SupervisorError("LibreOffice 没有生成 PDF" + (f"：{tail[0]}" if tail else ""))
    return made


# ------------------------------------------------------------------ batch


def _tick(progress: Progress | None, done: int, total: int, label: str) -> None:
    if progress is not None:
        progress(done, total, label)


def _units(repo: Any, kind: str, unit_ids: list[int] | None, data_year: int | str | None = None) -> list[int]:
    if unit_ids is not None:
        for uid in unit_ids:
            repo.unit(uid)  # NotFoundError for an unknown id
        return list(dict.fromkeys(unit_ids))
    if kind == "notice":
        return default_notice_units(repo)
    if kind == "self_assessment":
        return self_assessment.default_units(repo)
    if kind == "data_chase":
        return data_chase.default_units(repo, data_year)
    return [u["id"] for u in repo.units()]


def build_batch(
    repo: Any,
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
) -> BatchResult:
    """Generate `kind` for the units (None: the default selection); one file each plus a combined print file.

    Kinds: "notice" (default: units with red or yellow assignments), "checklist" (every unit), "bulletin" and
    "evaluation" (one county-wide file each; unit_ids ignored), "self_assessment" (units with indicators),
    "data_chase" (the 催报 list of the data request for `data_year`, default the latest open one). Notices,
    bulletins and 催报通知 register their numbers; a batch of them is one undo step."""
    if kind not in KINDS:
        raise ValidationError("kind", f"没有这种文件：{kind}（可用：{KIND_CHOICES}）")
    folder = common.ensure_dir(out_dir)
    result = BatchResult(kind=kind)
    written: list[Path] = []
    docs: list[DocumentObject] = []
    try:
        if kind == "bulletin":
            _tick(progress, 0, 1 + pdf, bulletin.KIND)
            path = bulletin.build_bulletin(repo, folder, meeting_id=meeting_id, issue_date=issue_date, cc=cc)
            written.append(path)
            result.files.append(path)
            result.dispatches = [d for d in repo.dispatches() if d["file"] == str(path)]
            _tick(progress, 1, 1 + pdf, bulletin.KIND)
        elif kind == "evaluation":
            _tick(progress, 0, 1 + pdf, evaluation.KIND)
            path = evaluation.build_evaluation_report(repo, folder, data_year=data_year, issue_date=issue_date)
            written.append(path)
            result.files.append(path)
            _tick(progress, 1, 1 + pdf, evaluation.KIND)
        elif kind == "data_chase":
            _chases(
                repo,
                _units(repo, kind, unit_ids, data_year),
                folder,
                result,
                written,
                docs,
                progress,
                data_year=data_year,
                issue_date=issue_date,
                cc=cc,
                remind=remind,
                pdf=pdf,
                combined=combined,
            )
        elif kind == "self_assessment":
            _forms(
                repo,
                _units(repo, kind, unit_ids),
                folder,
                result,
                written,
                docs,
                progress,
                data_year=data_year,
                pdf=pdf,
                combined=combined,
            )
        elif kind == "notice":
            _notices(
                repo,
                _units(repo, kind, unit_ids),
                folder,
                result,
                written,
                docs,
                progress,
                issue_date=issue_date,
                cc=cc,
                remind=remind,
                pdf=pdf,
                combined=combined,
            )
        else:
            _checklists(
                repo, _units(repo, kind, unit_ids), folder, result, written, docs, progress, pdf=pdf, combined=combined
            )
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    if pdf:
        targets = result.files + ([result.combined] if result.combined else [])
        total = len(targets) + 1
        _tick(progress, total - 1, total, "转换PDF")
        try:
            result.pdfs = convert_to_pdf(targets, folder)
        except SupervisorError as exc:
            result.messages.append(str(exc))
        else:
            missing = len(targets) - len(result.pdfs)
            if missing:
                result.messages.append(f"有{missing}个文件未能转换为 PDF")
        _tick(progress, total, total, "转换PDF")
    return result


def _combined_file(kind: str, docs: list[DocumentObject], folder: Path, label: str) -> Path:
    path = common.unique_path(folder, f"{KINDS[kind]}-合并打印-{label}")
    render.save(combine(docs), path)
    return path


def _issue_numbered(
    repo: Any,
    kind: str,
    word: str,
    plans: list[Any],
    issue: Any,
    folder: Path,
    result: BatchResult,
    written: list[Path],
    docs: list[DocumentObject],
    progress: Progress | None,
    *,
    remind: bool,
    pdf: bool,
    combined: bool,
) -> None:
    """Numbered documents for each plan, registered in one transaction (one undo step), plus the print file."""
    for warning in dict.fromkeys(w for p in plans for w in p.warnings):
        result.messages.append(warning)
    make_combined = combined and len(plans) > 1
    total = len(plans) + make_combined + pdf
    with repo.transaction(f"批量生成{word} {len(plans)} 份", kind):
        for index, plan in enumerate(plans):
            _tick(progress, index, total, plan.unit["name"])
            path, doc, dispatch = issue(repo, plan, folder, remind=remind)
            written.append(path)
            result.files.append(path)
            result.dispatches.append(dispatch)
            docs.append(doc)
        if make_combined:
            _tick(progress, len(plans), total, "合并打印文件")
            first, last = result.dispatches[0], result.dispatches[-1]
            label = f"{len(plans)}份-{first['seq']}至{last['seq']}号"
            result.combined = _combined_file(kind, docs, folder, label)
            written.append(result.combined)
    _tick(progress, len(plans) + make_combined, total, "完成")


def _notices(
    repo: Any,
    unit_ids: list[int],
    folder: Path,
    result: BatchResult,
    written: list[Path],
    docs: list[DocumentObject],
    progress: Progress | None,
    *,
    issue_date: date | str | None,
    cc: str | None,
    remind: bool,
    pdf: bool,
    combined: bool,
) -> None:
    if not unit_ids:
        raise ValidationError("unit", "没有亮红灯或黄灯的单位，不需要发督办通知（可用 --unit 指定单位）")
    plans = []
    for uid in unit_ids:
        plan = notice.plan_notice(repo, uid, issue_date=issue_date, cc=cc)
        if plan.items:
            plans.append(plan)
        else:
            result.skipped.append(plan.unit["name"])
            result.messages.append(f"{plan.unit['name']}没有未办结的督办事项，已跳过")
    if not plans:
        raise ValidationError("unit", "所选单位都没有未办结的督办事项，没有生成督办通知")
    _issue_numbered(
        repo,
        "notice",
        "督办通知",
        plans,
        notice.issue,
        folder,
        result,
        written,
        docs,
        progress,
        remind=remind,
        pdf=pdf,
        combined=combined,
    )


def _checklists(
    repo: Any,
    unit_ids: list[int],
    folder: Path,
    result: BatchResult,
    written: list[Path],
    docs: list[DocumentObject],
    progress: Progress | None,
    *,
    pdf: bool,
    combined: bool,
) -> None:
    plans = []
    for uid in unit_ids:
        plan = checklist.plan_checklist(repo, uid)
        if not plan.empty:
            plans.append(plan)
        else:
            result.skipped.append(plan.label)
    if result.skipped:
        result.messages.append(
            f"{len(result.skipped)}个单位没有承担指标、督办事项或佐证材料，已跳过：{'、'.join(result.skipped)}"
        )
    if not plans:
        raise ValidationError("unit", "所选单位都没有承担指标、督办事项或佐证材料，没有生成检查清单")
    make_combined = combined and len(plans) > 1
    total = len(plans) + make_combined + pdf
    for index, plan in enumerate(plans):
        _tick(progress, index, total, plan.label)
        path = common.unique_path(folder, checklist.file_stem(plan))
        doc = checklist.render_plan(plan)
        render.save(doc, path)
        written.append(path)
        result.files.append(path)
        docs.append(doc)
    if make_combined:
        _tick(progress, len(plans), total, "合并打印文件")
        result.combined = _combined_file("checklist", docs, folder, f"{len(plans)}份-{dates.format_cn(repo.today)}")
        written.append(result.combined)
    _tick(progress, len(plans) + make_combined, total, "完成")


def _chases(
    repo: Any,
    unit_ids: list[int],
    folder: Path,
    result: BatchResult,
    written: list[Path],
    docs: list[DocumentObject],
    progress: Progress | None,
    *,
    data_year: int | str | None,
    issue_date: date | str | None,
    cc: str | None,
    remind: bool,
    pdf: bool,
    combined: bool,
) -> None:
    """催报通知 for each unit whose data are not all in, numbered in one transaction (one undo step)."""
    if not unit_ids:
        raise ValidationError("unit", "所有单位的监测数据都已报齐，不需要发催报通知（可用 --unit 指定单位）")
    plans = []
    for uid in unit_ids:
        plan = data_chase.plan_chase(repo, uid, data_year=data_year, issue_date=issue_date, cc=cc)
        if plan.missing:
            plans.append(plan)
        else:
            result.skipped.append(plan.unit["name"])
            result.messages.append(f"{plan.unit['name']}的{plan.data_year}年监测数据已报齐，已跳过")
    if not plans:
        raise ValidationError("unit", "所选单位的监测数据都已报齐，没有生成催报通知")
    _issue_numbered(
        repo,
        "data_chase",
        "催报通知",
        plans,
        data_chase.issue,
        folder,
        result,
        written,
        docs,
        progress,
        remind=remind,
        pdf=pdf,
        combined=combined,
    )


def _forms(
    repo: Any,
    unit_ids: list[int],
    folder: Path,
    result: BatchResult,
    written: list[Path],
    docs: list[DocumentObject],
    progress: Progress | None,
    *,
    data_year: int | str | None,
    pdf: bool,
    combined: bool,
) -> None:
    """成员单位自评表 for each unit with indicators or open items (not numbered: nothing is registered)."""
    plans = []
    for uid in unit_ids:
        plan = self_assessment.plan_self_assessment(repo, uid, data_year=data_year)
        if not plan.empty:
            plans.append(plan)
        else:
            result.skipped.append(plan.unit["name"])
    if result.skipped:
        result.messages.append(
            f"{len(result.skipped)}个单位没有承担监测指标或未办结的督办事项，已跳过：{'、'.join(result.skipped)}"
        )
    if not plans:
        raise ValidationError("unit", "所选单位都没有承担监测指标或督办事项，没有生成自评表")
    make_combined = combined and len(plans) > 1
    total = len(plans) + make_combined + pdf
    for index, plan in enumerate(plans):
        _tick(progress, index, total, plan.unit["name"])
        path = common.unique_path(folder, self_assessment.file_stem(plan))
        doc = self_assessment.render_plan(plan)
        render.save(doc, path)
        written.append(path)
        result.files.append(path)
        docs.append(doc)
    if make_combined:
        _tick(progress, len(plans), total, "合并打印文件")
        label = f"{len(plans)}份-{plans[0].data_year}年度"
        result.combined = _combined_file("self_assessment", docs, folder, label)
        written.append(result.combined)
    _tick(progress, len(plans) + make_combined, total, "完成")

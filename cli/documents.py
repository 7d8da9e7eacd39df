"""Command handlers for `supervisor notice | checklist | bulletin | evaluation | self-assessment | chase-notice`.

One routine makes every kind: several units (or --all) go through the batch, which adds a print file; one unit
or a county-wide document is built alone. Files go to --out, else the configured documents folder
($SUPERVISOR_OUT, else the user's Documents folder /督办台). python-docx loads only when a document is made.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from cli.context import Context
from store.errors import RuleError, SupervisorError

if TYPE_CHECKING:
    from docx_templates.batch import BatchResult
    from store.commands.repository import Repository

OPTION_NAMES = {
    "date": "issue_date",
    "cc": "cc",
    "remind": "remind",
    "year": "data_year",
    "scope": "scope",
    "xlsx_receipt": "xlsx_receipt",
}
TITLES = {"evaluation": "中期自评估报告（框架）"}  # how the result line names a kind, where it differs from its label


class Terminal(Protocol):
    """Where the progress bar is drawn (stderr, or a stand-in in the tests)."""

    def isatty(self) -> bool: ...

    def write(self, text: str, /) -> object: ...

    def flush(self) -> None: ...


def progress_bar(stream: Terminal | None = None) -> Callable[[int, int, str], None] | None:
    """A one-line bar on stderr when it is a terminal; nothing otherwise (logs and pipes stay clean)."""
    out: Terminal = stream or sys.stderr
    if not getattr(out, "isatty", lambda: False)():  # sys.stderr is None under pythonw
        return None

    def show(done: int, total: int, label: str) -> None:
        width = 24
        filled = int(width * done / total) if total else width
        out.write(f"\r[{'█' * filled}{'·' * (width - filled)}] {done}/{total} {label}\x1b[K")
        if total and done >= total:
            out.write("\n")
        out.flush()

    return show


def make_documents(ctx: Context, args: argparse.Namespace, kind: str) -> int:
    """Several units or --all: the batch (with a print file); else the one document, as the options ask."""
    from docx_templates.batch import BatchResult, build_batch
    from docx_templates.kinds import Options, build_one, get

    spec = get(kind)
    repo = ctx.repo(write=spec.numbered)
    folder = Path(args.out).expanduser() if args.out else ctx.config.documents
    options = {name: getattr(args, option) for option, name in OPTION_NAMES.items() if hasattr(args, option)}
    if getattr(args, "meeting", None):
        options["meeting_id"] = repo.resolve_meeting(args.meeting)["id"]
    if kind == "bulletin":  # its --year is the items' year, not a monitoring data year
        options["years"] = options.pop("data_year", None)
    if spec.numbered and spec.key == "notice":
        _refuse_repeats(ctx, args, repo, options)
    if spec.per_unit and (args.all or len(args.unit or []) > 1):
        ids = None if args.all else [repo.resolve_unit(name)["id"] for name in args.unit]
        result = build_batch(repo, kind, ids, folder, progress=progress_bar(), pdf=args.pdf, **options)
    else:
        unit_id = repo.resolve_unit(args.unit[0])["id"] if spec.per_unit and args.unit else None
        notes: list[str] = []
        path = build_one(spec, repo, unit_id, folder, Options(**options), notes)
        result = BatchResult(kind=kind, files=[path], messages=notes)
        if spec.numbered:
            result.dispatches = [dict(d) for d in repo.dispatches() if d["file"] == str(path)]
        if args.pdf:
            _pdf([path], path.parent, result)
    _print_result(ctx, result, TITLES.get(kind, spec.label))
    return 0


def _refuse_repeats(ctx: Context, args: argparse.Namespace, repo: Repository, options: dict[str, Any]) -> None:
    """A unit that already has a 督办通知 for the same items (still within its 反馈期限) gets another only with
    --yes; the warnings are printed either way, before any number is taken."""
    from docx_templates.numbering import numbering

    ids = None if args.all else [repo.resolve_unit(name)["id"] for name in args.unit or []]
    found = numbering(repo, "notice", ids, **options)
    if not found.warnings:
        return
    for warning in found.warnings:
        sys.stderr.write(f"注意：{warning}\n")
    if not getattr(args, "yes", False):
        raise RuleError(f"没有生成，也没有占用文号；确认仍要再发{len(found.numbers)}份（{found.span}），请加 --yes")


def _pdf(paths: list[Path], folder: Path, result: BatchResult) -> None:
    from docx_templates.pdf import convert_to_pdf

    try:
        result.pdfs = convert_to_pdf(paths, folder)
    except SupervisorError as exc:
        result.messages.append(str(exc))


def _print_result(ctx: Context, result: BatchResult, title: str) -> None:
    out = ctx.out
    if out.as_json:
        out.json(result.as_json())
        return
    numbers = {d["file"]: d["number"] for d in result.dispatches}
    out.line(f"已生成{title} {len(result.files)} 份：")
    for path in result.files:
        number = numbers.get(str(path))
        out.line(f"  {number + '  ' if number else ''}{path}")
        sheet = path.with_suffix(".回执.xlsx")
        if sheet.exists():
            out.line(f"    Excel 回执：{sheet}")
    if result.combined:
        out.line(f"合并打印文件（每份从奇数页起）：{result.combined}")
    for pdf in result.pdfs:
        out.line(f"PDF：{pdf}")
    for message in result.messages:
        out.line(f"注意：{message}")
    if result.dispatches:
        out.line("文号已登记到发文登记簿；如需作废本次发文，可运行 supervisor undo（整批撤销）")


# The handlers the parser names: notice --unit U | --all (one numbered notice per unit), checklist [--unit U |
# --all] (no unit: county-wide), bulletin [--meeting ID], evaluation [--year Y], self-assessment --unit U | --all,
# chase-notice --unit U | --all (a numbered 催报通知 per late unit; --all takes the 催报 list).
cmd_notice = partial(make_documents, kind="notice")
cmd_checklist = partial(make_documents, kind="checklist")
cmd_bulletin = partial(make_documents, kind="bulletin")
cmd_evaluation = partial(make_documents, kind="evaluation")
cmd_self_assessment = partial(make_documents, kind="self_assessment")
cmd_data_chase = partial(make_documents, kind="data_chase")
cmd_review = partial(make_documents, kind="review")


def cmd_register(ctx: Context, args: argparse.Namespace) -> int:
    """发文登记簿: every number the register gave or recorded, with its state (未完成 / 作废 / 外部登记 / 已发)."""
    from store.commands.dispatch import dispatch_state

    repo = ctx.repo()
    entries = [d for d in repo.dispatches() if args.year is None or d["year"] == args.year]
    if args.year is not None:  # an archived year's register is in its 年度台账
        entries += repo.archived_dispatches([args.year])
    if ctx.out.as_json:
        ctx.out.json([{**d, "state": d.get("state") or "issued", "state_label": dispatch_state(d)} for d in entries])
        return 0
    if not entries:
        ctx.out.line("发文登记簿中还没有文号")
        return 0
    units = repo.units_by_id()
    for d in entries:
        names = "、".join(units[u]["short"] or units[u]["name"] if u in units else str(u) for u in d["unit_ids"][:3])
        more = f"等{len(d['unit_ids'])}个单位" if len(d["unit_ids"]) > 3 else ""
        file = Path(d["file"]).name if d["file"] else ""
        ctx.out.line(f"{d['number']}  {dispatch_state(d)}  {d['date']}  {d['kind']}  {names}{more}  {file}".rstrip())
    voided = sum(1 for d in entries if d.get("state") == "void")
    unfinished = sum(1 for d in entries if d.get("state") == "reserved")
    if voided:
        ctx.out.line(f"注意：{voided}个文号已作废（撤销了生成，文件移到“作废”文件夹），这些文号不再使用")
    if unfinished:
        ctx.out.line(f"注意：{unfinished}个文号未完成（生成时被中断或失败），这些文号不再使用")
    return 0

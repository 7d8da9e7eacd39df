"""Command handlers for `supervisor notice | checklist | bulletin | evaluation | self-assessment | chase-notice`;
supervisor.py wires them into its parser.

Files go to --out, else $SUPERVISOR_OUT, else the user's Documents folder /督办台 (a place the secretary
finds again in Explorer, unlike the current directory of a terminal she did not choose).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ENV_OUT = "SUPERVISOR_OUT"


def default_out_dir() -> Path:
    """Where documents go when --out is not given."""
    env = os.environ.get(ENV_OUT, "").strip()
    if env:
        return Path(env).expanduser()
    from platformdirs import user_documents_path

    return user_documents_path() / "督办台"


def add_arguments(kind: str, parser: argparse.ArgumentParser) -> None:
    """Add the options of a document command to its sub-parser; `kind` is "notice", "checklist", "bulletin",
    "evaluation", "self_assessment" or "data_chase"."""
    if kind == "notice":
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--unit", action="append", metavar="U", help="承办单位（可多次使用，每个单位一份通知）")
        group.add_argument("--all", action="store_true", help="所有有红灯或黄灯事项的单位，另生成一份合并打印文件")
        parser.add_argument("--date", metavar="D", help="成文日期（默认今天），反馈期限从这天起按工作日计算")
        parser.add_argument("--cc", metavar="TEXT", help="抄送机关（默认：委员会主任、副主任）；空字符串表示不抄送")
        parser.add_argument("--remind", action="store_true", help="同时为通知所列事项登记一次催办（附文号）")
    elif kind == "checklist":
        group = parser.add_mutually_exclusive_group()
        group.add_argument(
            "--unit", action="append", metavar="U", help="被检查单位（可多次使用）；不填则生成全县汇总清单"
        )
        group.add_argument("--all", action="store_true", help="每个成员单位一份，另生成一份合并打印文件")
    elif kind == "bulletin":
        parser.add_argument("--meeting", metavar="ID", help="只通报这次会议的事项（会议编号或名称）；默认全部")
        parser.add_argument("--date", metavar="D", help="成文日期（默认今天）")
        parser.add_argument("--cc", metavar="TEXT", help="抄送机关（默认：委员会主任、副主任）；空字符串表示不抄送")
    elif kind == "evaluation":
        parser.add_argument("--year", metavar="Y", help="评判所用的数据年度（默认：有数据的最近年度）")
        parser.add_argument("--date", metavar="D", help="成文日期（默认今天）")
    elif kind == "self_assessment":
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--unit", action="append", metavar="U", help="成员单位（可多次使用，每个单位一份）")
        group.add_argument("--all", action="store_true", help="所有承担监测指标的单位，另生成一份合并打印文件")
        parser.add_argument("--year", metavar="Y", help="数据年度（默认：有数据的最近年度）")
    elif kind == "data_chase":
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--unit", action="append", metavar="U", help="被催报单位（可多次使用，每个单位一份通知）")
        group.add_argument("--all", action="store_true", help="催报清单上的所有单位，另生成一份合并打印文件")
        parser.add_argument("--year", metavar="Y", help="数据年度（默认：最近一次未结束的数据报送安排）")
        parser.add_argument("--date", metavar="D", help="成文日期（默认今天），报送期限从这天起按工作日计算")
        parser.add_argument("--cc", metavar="TEXT", help="抄送机关（默认：委员会主任、副主任）；空字符串表示不抄送")
        parser.add_argument("--remind", action="store_true", help="同时在数据报送安排中登记一次催报（附文号）")
    else:
        raise ValueError(kind)
    parser.add_argument("--out", metavar="DIR", help=f"输出文件夹（默认 ${ENV_OUT} 或“文档/督办台”）")
    parser.add_argument("--pdf", action="store_true", help="同时用 LibreOffice 转换为 PDF（需已安装 LibreOffice）")


def progress_bar(stream: Any = None) -> Callable[[int, int, str], None] | None:
    """A one-line bar on stderr when it is a terminal; nothing otherwise (logs and pipes stay clean)."""
    out = stream or sys.stderr
    if not getattr(out, "isatty", lambda: False)():
        return None

    def show(done: int, total: int, label: str) -> None:
        width = 24
        filled = int(width * done / total) if total else width
        out.write(f"\r[{'█' * filled}{'·' * (width - filled)}] {done}/{total} {label}\x1b[K")
        if total and done >= total:
            out.write("\n")
        out.flush()

    return show


def _out(args: argparse.Namespace) -> Path:
    return Path(args.out).expanduser() if getattr(args, "out", None) else default_out_dir()


def _print_result(ctx: Any, result: Any, title: str) -> None:
    out = ctx.out
    if out.as_json:
        out.json(result.as_json())
        return
    numbers = {d["file"]: d["number"] for d in result.dispatches}
    out.line(f"已生成{title} {len(result.files)} 份：")
    for path in result.files:
        number = numbers.get(str(path))
        out.line(f"  {number + '  ' if number else ''}{path}")
    if result.combined:
        out.line(f"合并打印文件（每份从奇数页起）：{result.combined}")
    for pdf in result.pdfs:
        out.line(f"PDF：{pdf}")
    for message in result.messages:
        out.line(f"注意：{message}")
    if result.dispatches:
        out.line("文号已登记到发文登记簿；如需作废本次发文，可运行 supervisor undo（整批撤销）")


def _pdf(ctx: Any, paths: list[Path], folder: Path, result: Any) -> None:
    from store.errors import SupervisorError

    from .batch import convert_to_pdf

    try:
        result.pdfs = convert_to_pdf(paths, folder)
    except SupervisorError as exc:
        result.messages.append(str(exc))


def cmd_notice(ctx: Any, args: argparse.Namespace) -> int:
    """notice --unit U | --all: one notice per unit, numbered from the register; --all adds a print file."""
    from .batch import BatchResult, build_batch
    from .notice import build_notice

    repo = ctx.repo(write=True)
    folder = _out(args)
    if args.all or len(args.unit or []) > 1:
        ids = None if args.all else [repo.resolve_unit(name)["id"] for name in args.unit]
        result = build_batch(
            repo,
            "notice",
            ids,
            folder,
            progress=progress_bar(),
            pdf=args.pdf,
            issue_date=args.date,
            cc=args.cc,
            remind=args.remind,
        )
    else:
        unit = repo.resolve_unit(args.unit[0])
        path = build_notice(repo, unit["id"], folder, issue_date=args.date, cc=args.cc, remind=args.remind)
        result = BatchResult(kind="notice", files=[path])
        result.dispatches = [dict(d) for d in repo.dispatches() if d["file"] == str(path)]
        if args.pdf:
            _pdf(ctx, [path], path.parent, result)
    _print_result(ctx, result, "督办通知")
    return 0


def cmd_checklist(ctx: Any, args: argparse.Namespace) -> int:
    """checklist [--unit U | --all]: no unit gives the county-wide checklist."""
    from .batch import BatchResult, build_batch
    from .checklist import build_checklist

    repo = ctx.repo()
    folder = _out(args)
    if args.all or len(args.unit or []) > 1:
        ids = None if args.all else [repo.resolve_unit(name)["id"] for name in args.unit]
        result = build_batch(repo, "checklist", ids, folder, progress=progress_bar(), pdf=args.pdf)
    else:
        unit_id = repo.resolve_unit(args.unit[0])["id"] if args.unit else None
        path = build_checklist(repo, unit_id, folder)
        result = BatchResult(kind="checklist", files=[path])
        if args.pdf:
            _pdf(ctx, [path], path.parent, result)
    _print_result(ctx, result, "检查清单")
    return 0


def cmd_bulletin(ctx: Any, args: argparse.Namespace) -> int:
    """bulletin [--meeting ID]: one 督查通报 with its ranking table, numbered from the register."""
    from .batch import BatchResult
    from .bulletin import build_bulletin

    repo = ctx.repo(write=True)
    folder = _out(args)
    meeting_id = repo.resolve_meeting(args.meeting)["id"] if args.meeting else None
    path = build_bulletin(repo, folder, meeting_id=meeting_id, issue_date=args.date, cc=args.cc)
    result = BatchResult(kind="bulletin", files=[path])
    result.dispatches = [dict(d) for d in repo.dispatches() if d["file"] == str(path)]
    if args.pdf:
        _pdf(ctx, [path], path.parent, result)
    _print_result(ctx, result, "督查通报")
    return 0


def cmd_evaluation(ctx: Any, args: argparse.Namespace) -> int:
    """evaluation [--year Y]: the mid-term self-evaluation report skeleton with the figures filled in."""
    from .batch import BatchResult
    from .evaluation import build_evaluation_report

    repo = ctx.repo()
    folder = _out(args)
    path = build_evaluation_report(repo, folder, data_year=args.year, issue_date=args.date)
    result = BatchResult(kind="evaluation", files=[path])
    if args.pdf:
        _pdf(ctx, [path], path.parent, result)
    _print_result(ctx, result, "中期自评估报告（框架）")
    return 0


def cmd_self_assessment(ctx: Any, args: argparse.Namespace) -> int:
    """self-assessment --unit U | --all: one form per unit; --all adds a print file."""
    from .batch import BatchResult, build_batch
    from .self_assessment import build_self_assessment

    repo = ctx.repo()
    folder = _out(args)
    if args.all or len(args.unit or []) > 1:
        ids = None if args.all else [repo.resolve_unit(name)["id"] for name in args.unit]
        result = build_batch(
            repo, "self_assessment", ids, folder, progress=progress_bar(), pdf=args.pdf, data_year=args.year
        )
    else:
        unit = repo.resolve_unit(args.unit[0])
        path = build_self_assessment(repo, unit["id"], folder, data_year=args.year)
        result = BatchResult(kind="self_assessment", files=[path])
        if args.pdf:
            _pdf(ctx, [path], path.parent, result)
    _print_result(ctx, result, "成员单位自评表")
    return 0


def cmd_data_chase(ctx: Any, args: argparse.Namespace) -> int:
    """chase-notice --unit U | --all: a numbered 催报通知 per late unit; --all takes the 催报 list."""
    from .batch import BatchResult, build_batch
    from .data_chase import build_data_chase_notice

    repo = ctx.repo(write=True)
    folder = _out(args)
    if args.all or len(args.unit or []) > 1:
        ids = None if args.all else [repo.resolve_unit(name)["id"] for name in args.unit]
        result = build_batch(
            repo,
            "data_chase",
            ids,
            folder,
            progress=progress_bar(),
            pdf=args.pdf,
            issue_date=args.date,
            cc=args.cc,
            remind=args.remind,
            data_year=args.year,
        )
    else:
        unit = repo.resolve_unit(args.unit[0])
        path = build_data_chase_notice(
            repo, unit["id"], folder, data_year=args.year, issue_date=args.date, cc=args.cc, remind=args.remind
        )
        result = BatchResult(kind="data_chase", files=[path])
        result.dispatches = [dict(d) for d in repo.dispatches() if d["file"] == str(path)]
        if args.pdf:
            _pdf(ctx, [path], path.parent, result)
    _print_result(ctx, result, "催报通知")
    return 0

"""Command handlers that move data in and out: export, import, and import-speech (items drafted from a speech).

They call store.exchange and print through `ctx.out`; openpyxl and the speech analyser load only when used.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cli.context import Context
from cli.output import Output
from store.calendar import dates
from store.errors import SupervisorError

if TYPE_CHECKING:
    from store.exchange.files import ImportReport
    from store.exchange.speech import Analysis

ERRORS_SHOWN = 50
KIND_WORDS = {
    "units": ("单位", "个"),
    "meetings": ("会议", "次"),
    "indicators": ("指标", "项"),
    "readings": ("指标数据", "条"),
    "items": ("事项", "项"),
    "assignments": ("承办", "条"),
    "dispatches": ("发文", "件"),
    "milestones": ("里程碑", "个"),
}


def cmd_export(ctx: Context, args: argparse.Namespace) -> int:
    from store.exchange.files import export, guess_format

    out = Path(args.out).expanduser()
    fmt = args.format or guess_format(out)
    result = export(ctx.repo(), fmt, out)
    if ctx.out.as_json:
        ctx.out.json(result)
        return 0
    counts = result["counts"]
    if fmt == "json":
        shown = "、".join(f"{KIND_WORDS[k][0]}{n}{KIND_WORDS[k][1]}" for k, n in counts.items() if n)
        ctx.out.line(f"已导出全库数据（JSON）：{result['path']}")
        ctx.out.line(f"内容：{shown or '空数据库'}；可用 supervisor import 原样导入一个空数据库")
        return 0
    shown = "、".join(f"{sheet}{n}行" for sheet, n in counts.items())
    if fmt == "xlsx":
        ctx.out.line(f"已导出 Excel 文件：{result['path']}")
    else:
        ctx.out.line(f"已导出 CSV（UTF-8，每张表一个文件）到文件夹：{result['path']}")
    ctx.out.line(f"共{len(counts)}张表：{shown}")
    return 0


def cmd_import(ctx: Context, args: argparse.Namespace) -> int:
    from store.exchange.files import import_file

    apply = bool(args.yes)
    path = Path(args.path).expanduser()
    report = import_file(ctx.repo(write=apply), path, apply=apply)
    if ctx.out.as_json:
        ctx.out.json(report.as_json())
    else:
        _print_report(ctx.out, report)
    if report.errors:
        raise SupervisorError(f"{path.name} 中有{len(report.errors)}处错误，没有写入任何数据")
    return 0


def _tally_line(counts: dict[str, dict[str, int]], key: str) -> str:
    return "、".join(
        f"{KIND_WORDS[kind][0]}{tally[key]}{KIND_WORDS[kind][1]}"
        for kind, tally in counts.items()
        if tally.get(key) and kind in KIND_WORDS
    )


def _print_report(out: Output, report: ImportReport) -> None:
    """The dry-run preview, the result of a real import, or the list of errors — in Chinese."""
    name = Path(report.path).name
    full = report.kind == "json"
    if report.dry_run:
        out.line(f"预览：{'全库导入' if full else '导入'} {name}（只检查，没有写入任何数据）")
    if not full and report.sheets:
        out.line("读取：" + "、".join(f"{sheet}{n}行" for sheet, n in report.sheets.items()))
    for note in report.ignored:
        out.line(f"忽略：{note}")
    for warning in report.warnings:
        out.line(f"提示：{warning}")
    if report.errors:
        out.line(f"发现{len(report.errors)}处错误，没有写入任何数据：")
        for error in report.errors[:ERRORS_SHOWN]:
            out.line(f"  {error}")
        if len(report.errors) > ERRORS_SHOWN:
            out.line(f"  ……另有{len(report.errors) - ERRORS_SHOWN}处错误（加 --json 可看全部）")
        return
    verb = "将" if report.dry_run else "已"
    new = _tally_line(report.counts, "new")
    updated = _tally_line(report.counts, "updated")
    same = _tally_line(report.counts, "unchanged")
    if new:
        out.line(f"{verb}{'导入' if full else '新增'}：{new}")
    if updated:
        out.line(f"{verb}更新：{updated}")
    if same:
        out.line(f"与库中相同（不改动）：{same}")
    if not new and not updated:
        out.line("没有需要导入的改动：表中内容与库中一致")
        return
    if report.preview and not full:
        out.line("前几行：")
        for line in report.preview:
            out.line(f"  {line}")
    if report.dry_run:
        if full:
            out.line("确认无误后加 --yes 导入。注意：全库导入后，导入之前的操作不能再撤销")
        else:
            out.line("确认无误后加 --yes 导入；导入作为一步，可用 supervisor undo 整体撤销")
    elif full:
        out.line(f"已完成：{report.label}。全库导入不能撤销")
    else:
        out.line(f"已完成：{report.label}。如需撤回，运行 supervisor undo")


# ------------------------------------------------------------------ import-speech


def cmd_import_speech(ctx: Context, args: argparse.Namespace) -> int:
    from docx_templates.reader import read_document
    from store.exchange.speech import accept_drafts, analyse, known_digests, review

    path = Path(args.file).expanduser()
    document = read_document(path)
    repo = ctx.repo(write=bool(args.yes))
    meeting_date = repo.parse_date(args.date, field="date").value if args.date else repo.today
    analysis = analyse(
        document,
        units=repo.units(),
        indicators=repo.indicators(),
        meeting_date=meeting_date,
        meeting_title=args.meeting_title or "",
        calendar=repo.calendar(),
        known_digests=known_digests(repo),
        period_on_workday=bool(repo.settings()["period_on_workday"]),
    )
    title = analysis.meeting_title = args.meeting_title or review.meeting_title(analysis)
    result = None
    if args.yes:
        result = accept_drafts(
            repo, analysis, meeting_title=title, meeting_date=meeting_date.isoformat(), source_text=document.text()
        )
    if ctx.out.as_json:
        ctx.out.json({**analysis.as_json(), "saved": result})
        return 0
    names = {i["id"]: i["name"] for i in repo.indicators()}
    _print_analysis(ctx.out, analysis, bool(args.meeting_title), names)
    _print_unknown(ctx.out, analysis)
    _print_outcome(ctx.out, result)
    return 0


def _print_analysis(out: Output, analysis: Analysis, titled: bool, names: dict[int, str]) -> None:
    """Every drafted item with its state, units, deadline and source sentence, then the milestones found."""
    from store.exchange.speech import review

    out.line(f"讲话分析：{review.summary(analysis.drafts)}")
    whence = "" if titled else ("（取自文本标题，可用 --meeting-title 修改）" if analysis.suggested_title else "")
    out.line(f"会议：{analysis.meeting_title}（{dates.format_cn(analysis.meeting_date)}）{whence}")
    for warning in analysis.warnings:
        out.line(f"注意：{warning}")
    for d in analysis.drafts:
        partners = f"  配合：{'、'.join(d.partners)}" if d.partners else ""
        out.line("")
        out.line(f"{d.index:>2}. [{review.state(d)}] 牵头：{d.lead or '（未识别）'}{partners}")
        out.line(f"    事项：{d.title}")
        out.line(f"    期限：{review.due_text(d)}")
        out.line(f"    原文：{d.source}")
        if d.indicator_ids:
            out.line(f"    关联指标：{'、'.join(names.get(i, str(i)) for i in d.indicator_ids)}")
        if d.general and not d.keep:
            out.line("    说明：只是号召，没有具体任务，--yes 不导入（确需督办的，在工作台讲话导入页按 x 勾选）")
        for problem in d.problems:
            if problem != "没有期限":
                out.line(f"    问题：{problem}")
        for name in d.unknown:
            if not review.leads_unknown(d, name):
                out.line(f"    提示：配合单位「{name}」不在单位名录中，导入时不列入；新增或设为别名后再导入即可列入")
    if analysis.milestones:
        out.line("")
        for m in analysis.milestones:
            out.line(f"里程碑：{m.name} {dates.format_cn(m.date)}（“{m.phrase}”）")
    out.line("")


def _print_unknown(out: Output, analysis: Analysis) -> None:
    """Names the unit directory does not know, and the commands that add them."""
    from store.exchange.speech import review

    unknown = review.unknown_names(analysis.drafts)
    if not unknown:
        return
    out.line(f"单位名录中没有的名称（{len(unknown)}个）：")
    for name, indexes in unknown.items():
        shown = "、".join(str(i) for i in indexes)
        command = review.directory_name(name)
        command = f'"{command}"' if " " in command else command
        out.line(f"  {name}（第{shown}条）  新增：supervisor unit add {command}")
    out.line("  如果是已有单位的另一种叫法，在工作台讲话导入页按 l 设为别名，或在“成员单位”页给该单位添加别名。")
    out.line("  新增或添加别名后重新运行本命令，这些名称就会被识别。")
    out.line("")


def _print_outcome(out: Output, result: dict[str, Any] | None) -> None:
    if result:
        out.line(f"已导入{len(result['items'])}项：{'、'.join(result['items'])}（可用 supervisor undo 一次撤销）")
        if result["skipped"]:
            skipped = "、".join(str(i) for i in result["skipped"])
            out.line(f"未导入：第{skipped}条（需处理、一般要求或不导入），可在工作台的讲话导入页修改后导入")
    else:
        out.line("以上为草稿，尚未保存。加 --yes 导入全部“可导入”的草稿（一次可撤销），或在工作台中逐条审核。")

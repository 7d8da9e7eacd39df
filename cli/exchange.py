"""Command handlers for `supervisor export` and `supervisor import`; supervisor.py wires them into its parser.

They only parse options, call store.exchange and print through `ctx.out`; the module imports nothing heavy at
load time, so wiring it in costs the other commands nothing.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from store.errors import SupervisorError

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


def add_arguments(kind: str, parser: argparse.ArgumentParser) -> None:
    """Add the options of `export` or `import` to its sub-parser."""
    if kind == "export":
        parser.add_argument(
            "--format",
            choices=["xlsx", "csv", "json"],
            help="xlsx：一个 Excel 文件，每类数据一张表；csv：--out 为文件夹，每张表一个“表名.csv”"
            "（UTF-8 带 BOM，Excel 可直接打开）；json：全库数据，可原样导入空数据库。不填则按 --out 的扩展名判断",
        )
        parser.add_argument(
            "--out", required=True, metavar="PATH", help="输出文件（xlsx、json）或文件夹（csv）；已有的同名文件会被替换"
        )
    elif kind == "import":
        parser.add_argument(
            "path",
            metavar="PATH",
            help="要导入的 .xlsx、.csv（或放 .csv 的文件夹）、.json（全库数据，只能导入空数据库）",
        )
        group = parser.add_mutually_exclusive_group()
        group.add_argument(
            "--dry-run", action="store_true", help="只检查并列出将要做的改动，不写入（不加 --yes 时也是如此）"
        )
        group.add_argument(
            "--yes", action="store_true", help="确认导入：全部行无误时作为一步写入，可用 supervisor undo 撤销"
        )
    else:
        raise ValueError(kind)


def cmd_export(ctx: Any, args: argparse.Namespace) -> int:
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


def cmd_import(ctx: Any, args: argparse.Namespace) -> int:
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


def _print_report(out: Any, report: Any) -> None:
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

"""Command handlers for the office's set-up: member units, meetings, milestones, settings and holidays."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from pathlib import Path

from cli.context import Context, picked
from store.calendar import dates
from store.commands.settings import setting_text
from store.errors import ValidationError
from store.records.choices import UNIT_KIND
from store.records.settings_table import SETTING_KEYS, SETTING_LABELS
from store.views.board import milestone_countdown


def cmd_unit(ctx: Context, args: argparse.Namespace) -> int:
    if args.action == "add":
        repo = ctx.repo(write=True)
        unit = repo.add_unit(args.name, **picked(args, "short", "kind", "contact", "phone", "aliases", "initials"))
        ctx.out.result(unit, f"已新增单位：{unit['name']}（简拼 {'/'.join(unit['initials'])}）")
        return 0
    units = ctx.repo().units(include_inactive=True)
    if ctx.out.as_json:
        ctx.out.json(units)
        return 0
    rows = [
        [
            str(u["id"]),
            u["name"],
            u["short"],
            UNIT_KIND.label(u["kind"]),
            "/".join(u["initials"]),
            "、".join(u["aliases"]),
            u["contact"],
            u["phone"],
        ]
        for u in units
    ]
    ctx.out.table(
        ["编号", "名称", "简称", "类别", "简拼", "别名", "联系人", "电话"], rows, [4, 14, 10, 8, 12, 24, 8, 14]
    )
    return 0


def cmd_meeting(ctx: Context, args: argparse.Namespace) -> int:
    if args.action == "carry":
        from cli.carry import cmd_carry

        return cmd_carry(ctx, args)
    if args.action == "add":
        repo = ctx.repo(write=True)
        from docx_templates.reader import read_speech

        text = read_speech(Path(args.source_file).expanduser()) if args.source_file else ""
        meeting = repo.add_meeting(args.title, args.date, kind=args.kind, source_text=text)
        ctx.out.result(meeting, f"已新增会议 {meeting['id']}：{meeting['title']}（{dates.format_cn(meeting['date'])}）")
        return 0
    repo = ctx.repo()
    meetings = repo.meetings()
    if ctx.out.as_json:
        ctx.out.json([{k: v for k, v in m.items() if k != "source_text"} for m in meetings])
        return 0
    counts: dict[int, int] = {}
    for item in repo.items():
        if item["meeting_id"] is not None:
            counts[item["meeting_id"]] = counts.get(item["meeting_id"], 0) + 1
    rows = [
        [str(m["id"]), dates.format_cn(m["date"]), m["kind"], m["title"], str(counts.get(m["id"], 0))] for m in meetings
    ]
    ctx.out.table(["编号", "日期", "类型", "会议", "事项"], rows, [4, 14, 8, 50, 4])
    return 0


def cmd_milestone(ctx: Context, args: argparse.Namespace) -> int:
    if args.action == "add":
        m = ctx.repo(write=True).add_milestone(args.name, args.date)
        ctx.out.result(m, f"已新增里程碑：{m['name']}（{dates.format_cn(m['date'])}）")
        return 0
    if args.action == "remove":
        if not args.name or not str(args.name).isdigit():
            raise ValidationError("name", "请给出要删除的里程碑编号（milestone list 中的编号）")
        ctx.repo(write=True).remove_milestone(int(args.name))
        ctx.out.result({"removed": int(args.name)}, "已删除里程碑（可用 undo 撤销）")
        return 0
    repo = ctx.repo()
    today = repo.today
    cal = repo.calendar()
    rows = []
    data = []
    for m in repo.milestones():
        count = milestone_countdown(m, today, cal)
        data.append({**m, **{k: count[k] for k in ("days", "workdays", "warning")}})
        rows.append([str(m["id"]), m["name"], dates.format_cn(m["date"]), count["phrase"]])
    if ctx.out.as_json:
        ctx.out.json(data)
    else:
        ctx.out.table(["编号", "里程碑", "日期", "倒计时"], rows, [4, 12, 16, 24])
    return 0


def cmd_settings(ctx: Context, args: argparse.Namespace) -> int:
    if args.key:
        if args.value is None:
            raise ValidationError("value", f"请给出 {args.key} 的新值")
        settings = ctx.repo(write=True).update_settings(**{args.key: args.value})
    else:
        settings = ctx.repo().settings()
    if ctx.out.as_json:
        ctx.out.json(settings)
        return 0
    values: Mapping[str, object] = settings  # read by key name
    for key in SETTING_KEYS:
        value = values[key]
        ctx.out.line(f"{SETTING_LABELS[key]}（{key}）：{setting_text(key, value)}")
    years = "、".join(sorted(settings["calendar"])) or "无"
    ctx.out.line(f"已录入放假安排的年份：{years}")
    return 0


def cmd_holidays(ctx: Context, args: argparse.Namespace) -> int:
    from store.calendar.workdays import holiday_source, holiday_years

    if args.year and (args.off or args.work or args.clear):
        repo = ctx.repo(write=True)
        repo.set_year_calendar(
            args.year,
            dates.expand_days(args.off or [], args.year),
            dates.expand_days(args.work or [], args.year),
            replace=args.clear,
        )
        entry = repo.settings()["calendar"][str(args.year)]
        text = f"{args.year}年放假安排：放假{len(entry['holidays'])}天，调休上班{len(entry['workdays'])}天"
        ctx.out.result({"year": args.year, **entry}, text)
        return 0
    repo = ctx.repo()
    custom = repo.settings()["calendar"]
    data = [{"year": y, "source": holiday_source(y, custom)} for y in holiday_years(repo.today.year, custom)]
    if ctx.out.as_json:
        ctx.out.json(data)
    else:
        for d in data:
            ctx.out.line(f"{d['year']}年：{d['source']}")
    return 0

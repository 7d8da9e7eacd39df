"""Command-line verbs of the monitoring system: indicator, reading, request, verdicts, evidence, publicity.

Thin: each handler parses its options, calls one Repository command or monitoring view, and prints Chinese
text (or JSON with --json) through the command line's Output. Their options are in cli/options_reports.py.
"""

from __future__ import annotations

import argparse
from typing import Any

from cli.context import Context, picked
from store.calendar import dates
from store.commands.monitoring import NeedsConfirmation
from store.commands.repository import Repository
from store.errors import ValidationError
from store.records.choices import BASIS, MODE, PUBLICITY_KIND
from store.records.model import Indicator
from store.rules.verdicts import DIRECTION_LABELS, VERDICTS
from store.views import monitoring


def _data_year(repo: Repository, value: int | None) -> int:
    return monitoring.data_year(repo.indicators(), repo.today, value)


# ------------------------------------------------------------------ indicator


CARD_FIELDS = (
    *("plan", "domain", "code", "measure", "target", "target_text", "midterm_target", "baseline"),
    *("baseline_year", "source", "definition", "period_start_month", "mode"),
)


def cmd_indicator(ctx: Context, args: argparse.Namespace) -> int:
    if args.action == "edit":
        return _edit_indicator(ctx, args)
    if args.action == "add":
        return _add_indicator(ctx, args)
    repo = ctx.repo()
    if args.action == "show":
        if not args.name:
            raise ValidationError("name", "请给出指标的编号、编码或名称")
        return _show_indicator(ctx, repo, repo.resolve_indicator(args.name))
    board = monitoring.verdict_board(
        repo.indicators(), repo.plans(), repo.units_by_id(), _data_year(repo, args.year), repo.today
    )
    if ctx.out.as_json:
        ctx.out.json([r.as_json() for r in board])
        return 0
    rows = [
        [str(r.indicator_id), r.code, r.plan, r.domain, r.name, r.target, r.value, r.verdict, "、".join(r.lead)]
        for r in board
    ]
    ctx.out.table(
        ["编号", "编码", "规划", "领域", "指标", "目标", "现状值", "评判", "牵头单位"],
        rows,
        [4, 8, 4, 12, 22, 16, 18, 10, 10],
    )
    return 0


def _edit_indicator(ctx: Context, args: argparse.Namespace) -> int:
    """indicator edit: only the fields given change."""
    if not args.name:
        raise ValidationError("name", "请给出要修改的指标：indicator edit 编号或名称 --target 92 …")
    repo = ctx.repo(write=True)
    ind = repo.resolve_indicator(args.name)
    values = {key: value for key, value in picked(args, *CARD_FIELDS).items() if value is not None}
    if args.direction is not None:
        values["direction"] = args.direction
    if args.lead:
        values["lead"] = args.lead
    if args.partner:
        values["partners"] = args.partner
    if args.key:
        values["key"] = True
    if args.reported_up:
        values["reported_up"] = True
    if not values:
        raise ValidationError("name", "没有要修改的内容（用 --target、--baseline、--lead 等给出新值）")
    ind = repo.edit_indicator(ind["id"], **values)
    ctx.out.result(ind, f"已修改指标 {ind['id']}：{ind['name']}")
    return 0


def _add_indicator(ctx: Context, args: argparse.Namespace) -> int:
    """indicator add: a new indicator with the usual defaults (%, >=, baseline year 2020, level)."""
    repo = ctx.repo(write=True)
    ind = repo.add_indicator(
        args.name,
        plan=args.plan,
        domain=args.domain,
        code=args.code or "",
        measure="%" if args.measure is None else args.measure,
        direction=args.direction or ">=",
        target=args.target,
        target_text=args.target_text or "",
        midterm_target=args.midterm_target,
        baseline=args.baseline,
        baseline_year=args.baseline_year or 2020,
        lead=args.lead or [],
        partners=args.partner or [],
        source=args.source or "",
        definition=args.definition or "",
        period_start_month=args.period_start_month or 1,
        reported_up=args.reported_up,
        mode=args.mode or "level",
        key=args.key,
    )
    ctx.out.result(ind, f"已新增指标 {ind['id']}：{ind['name']}")
    return 0


def _reading_rows(repo: Repository, ind: Indicator) -> list[dict[str, Any]]:
    """Every year's reading of an indicator with the verdict it earns, oldest first."""
    plans = repo.plans()
    rows: list[dict[str, Any]] = []
    for r in sorted(ind["readings"], key=lambda r: r["year"]):
        v = monitoring.verdict_for(ind, plans, r["year"], repo.today)
        rows.append(
            {
                "year": r["year"],
                "value": monitoring.value_text(ind, r),
                "status": r["status"],
                "verdict": v.verdict,
                "reason": v.reason,
                "overridden": v.overridden,
                "submitted_by": r["submitted_by"],
                "submitted_on": r["submitted_on"],
                "note": r["note"],
            }
        )
    return rows


def _show_indicator(ctx: Context, repo: Repository, ind: Indicator) -> int:
    """The 口径 card: everything that defines the indicator, then its readings with verdicts."""
    plan = monitoring.plan_of(ind, repo.plans())
    rows = _reading_rows(repo, ind)
    if ctx.out.as_json:
        ctx.out.json({**ind, "plan_period": plan, "verdicts": rows})
        return 0
    out = ctx.out
    units = repo.units_by_id()

    def names(ids: list[int]) -> str:
        return "、".join(units[u]["name"] for u in ids if u in units) or "—"

    period = f"{plan['start_year']}—{plan['end_year']}年，中期{plan['midterm_year']}年" if plan else "未设置"
    out.line(f"指标 {ind['id']}  {ind['code']}  {ind['name']}{'（重点难点）' if ind['key'] else ''}")
    out.line(f"规划：{ind['plan']}（{period}）  领域：{ind['domain']}")
    out.line(
        f"计量单位：{ind['measure'] or '—'}  方向：{DIRECTION_LABELS.get(ind['direction'], ind['direction'])}  "
        f"统计方式：{MODE.label(ind['mode'])}"
    )
    mid = (
        f"  中期目标：{monitoring.fmt(ind['midterm_target'])}{ind['measure']}"
        if ind["midterm_target"] is not None
        else ""
    )
    out.line(f"目标：{monitoring.target_text(ind, plan)}{mid}")
    baseline = (
        f"{monitoring.fmt(ind['baseline'])}{ind['measure']}（{ind['baseline_year']}年）"
        if ind["baseline"] is not None
        else "—"
    )
    out.line(f"基线：{baseline}")
    out.line(f"牵头单位：{names(ind['lead_unit_ids'])}  配合单位：{names(ind['partner_unit_ids'])}")
    out.line(
        f"数据来源：{ind['source'] or '—'}  统计周期：{ind['period_start_month']}月起"
        + ("  同时向上级主管部门报送" if ind["reported_up"] else "")
    )
    if ind["definition"]:
        out.line(f"口径与计算方法：{ind['definition']}")
    out.line("")
    for row in rows:
        mark = "（人工）" if row["overridden"] else ""
        out.line(f"  {row['year']}年  {row['value']:<16} {row['status']:<4} {row['verdict']}{mark}：{row['reason']}")
    without = monitoring.years_without_data(ind, _data_year(repo, None))
    if without:
        out.line(f"  连续{without}年没有数据")
    return 0


# ------------------------------------------------------------------ reading


def cmd_reading(ctx: Context, args: argparse.Namespace) -> int:
    repo = ctx.repo(write=True)
    ind = repo.resolve_indicator(args.indicator)
    if args.accept or args.send_back:
        ind = repo.review_reading(
            ind["id"], args.year, accept=bool(args.accept), checked_by=args.by or "", note=args.note or ""
        )
        word = "已审核" if args.accept else "已退回"
    elif args.verdict is not None:
        verdict = None if args.verdict in ("", "取消") else args.verdict
        ind = repo.override_verdict(ind["id"], args.year, verdict, args.reason or "")
        word = "已设置人工评判" if verdict else "已取消人工评判"
    else:
        try:
            ind = repo.record_reading(
                ind["id"],
                args.year,
                args.value,
                no_data_reason=args.no_data or "",
                numerator=args.numerator,
                denominator=args.denominator,
                caliber_changed=args.caliber_changed,
                submitted_by=args.by or "",
                submitted_on=args.date,
                status=args.status,
                note=args.note or "",
                confirm=args.confirm,
            )
        except NeedsConfirmation as exc:
            raise ValidationError(exc.field, f"{exc.message}（加 --confirm 并用 --note 写明原因）") from None
        word = "已录入"
    reading = monitoring.reading_for(ind, int(args.year))
    verdict = monitoring.verdict_for(ind, repo.plans(), int(args.year), repo.today)
    if ctx.out.as_json:
        ctx.out.json(
            {"indicator": ind["name"], "reading": reading, "verdict": verdict.verdict, "reason": verdict.reason}
        )
    else:
        status = reading["status"] if reading else "未报"
        ctx.out.line(f"{word}：{ind['name']} {args.year}年 {monitoring.value_text(ind, reading)}（{status}）")
        ctx.out.line(f"评判：{verdict.verdict}——{verdict.reason}")
    return 0


# ------------------------------------------------------------------ request


def cmd_request(ctx: Context, args: argparse.Namespace) -> int:
    if args.action == "open":
        return _open_request(ctx, args)
    if args.action in ("remind", "close"):
        return _remind_or_close_request(ctx, args)
    return _request_status(ctx, args.year)


def _open_request(ctx: Context, args: argparse.Namespace) -> int:
    repo = ctx.repo(write=True)
    if not args.year or not args.due:
        raise ValidationError("due", "布置报送需要年份和截止日期：request open 2025 --due 2026-04-30")
    req = repo.open_request(
        args.year, args.due, remind_before=args.remind_before, remind_every=args.remind_every, units=args.unit or None
    )
    text = f"已布置{req['year']}年数据报送：{len(req['unit_ids'])}个单位，{dates.format_cn(req['due'])}前报送"
    ctx.out.result(req, text)
    return 0


def _remind_or_close_request(ctx: Context, args: argparse.Namespace) -> int:
    """request remind (the units named, else those due a reminder today) or request close."""
    repo = ctx.repo(write=True)
    data_year = args.year or (repo.requests()[-1]["year"] if repo.requests() else None)
    if not data_year:
        raise ValidationError("year", "还没有数据报送安排")
    if args.action == "close":
        repo.close_request(data_year)
        ctx.out.line(f"已结束{data_year}年数据报送")
        return 0
    states = monitoring.request_states(
        repo.request(data_year), repo.indicators(), repo.units_by_id(), repo.today, repo.calendar()
    )
    if args.unit:
        ids = [repo.resolve_unit(n)["id"] for n in args.unit]
    else:
        ids = [s.unit_id for s in monitoring.chase_list(states) if s.due_for_reminder]
    repo.remind_request(data_year, ids, method=args.method, note=args.note or "")
    names = "、".join(repo.unit(i)["name"] for i in ids)
    ctx.out.result({"reminded": ids}, f"已登记催报：{names}")
    return 0


def _request_status(ctx: Context, year: int | None) -> int:
    """request status: each unit's progress, the 催报 list, and a calendar warning."""
    repo = ctx.repo()
    if not repo.requests():
        ctx.out.line("还没有数据报送安排（supervisor request open 年份 --due 截止日期）")
        return 0
    req = repo.request(year) if year else repo.requests()[-1]
    states = monitoring.request_states(req, repo.indicators(), repo.units_by_id(), repo.today, repo.calendar())
    chase = monitoring.chase_list(states)
    if ctx.out.as_json:
        ctx.out.json({"request": req, "units": [s.as_json() for s in states], "chase": [s.unit for s in chase]})
        return 0
    done = sum(s.status in ("已报", "已审核") for s in states)
    ctx.out.line(f"{req['title']}：截止{dates.format_cn(req['due'])}，{len(states)}个单位，已报齐{done}个")
    rows = [
        [
            s.unit,
            s.status,
            f"{s.submitted}/{s.total}",
            s.phrase,
            str(s.reminders),
            dates.format_cn(s.next_reminder) + ("（今天该催）" if s.due_for_reminder else "")
            if s.next_reminder
            else "",
        ]
        for s in sorted(states, key=lambda s: (s.status in ("已报", "已审核"), s.workdays))
    ]
    ctx.out.table(["单位", "状态", "已报/应报", "期限", "已催报", "下次催报"], rows, [14, 8, 9, 18, 6, 24])
    if chase:
        ctx.out.line("催报清单：" + "、".join(f"{s.unit}（{s.phrase}）" for s in chase))
    warning = monitoring.request_warning(req, states, repo.calendar())
    if warning:
        ctx.out.line(f"注意：{warning}")
    return 0


# ------------------------------------------------------------------ verdicts


def cmd_verdicts(ctx: Context, args: argparse.Namespace) -> int:
    repo = ctx.repo()
    data_year = _data_year(repo, args.year)
    basis = args.basis or repo.settings()["rate_basis"]
    units = repo.units_by_id()
    summaries = monitoring.summaries(
        repo.indicators(), repo.plans(), units, data_year, repo.today, by=args.by, basis=basis
    )
    board = monitoring.verdict_board(repo.indicators(), repo.plans(), units, data_year, repo.today)
    if ctx.out.as_json:
        ctx.out.json(
            {
                "year": data_year,
                "basis": basis,
                "summaries": [s.as_json() for s in summaries],
                "indicators": [r.as_json() for r in board],
            }
        )
        return 0
    label = {"plan": "规划", "domain": "领域", "unit": "牵头单位"}[args.by]
    ctx.out.line(f"{data_year}年达标评判（达标率 =（达标 + 提前达标）÷ {BASIS.label(basis)}）")
    rows = [
        [
            s.group,
            s.this_year.text(),
            s.last_year.text(),
            "、".join(f"{k}{v}" for k, v in sorted(s.counts.items(), key=lambda kv: VERDICTS.index(kv[0]))),
        ]
        for s in summaries
    ]
    ctx.out.table([label, f"{data_year}年达标率", f"{data_year - 1}年达标率", "评判分布"], rows, [18, 34, 34, 30])
    ctx.out.line("")
    rows = [[r.domain, r.name, r.value, r.verdict + ("（人工）" if r.overridden else ""), r.reason] for r in board]
    ctx.out.table(["领域", "指标", "现状值", "评判", "理由"], rows, [12, 22, 18, 12, 40])
    return 0


# ------------------------------------------------------------------ evidence and publicity


def cmd_evidence(ctx: Context, args: argparse.Namespace) -> int:
    if args.action == "add":
        repo = ctx.repo(write=True)
        e = repo.add_evidence(
            args.category,
            args.title,
            owner=args.owner,
            status=args.status or "未开始",
            due=args.due or "",
            file_ref=args.file_ref or "",
            note=args.note or "",
        )
        ctx.out.result(e, f"已新增佐证材料 {e['id']}：{e['title']}")
        return 0
    if args.action == "set":
        repo = ctx.repo(write=True)
        if not args.id:
            raise ValidationError("id", "请给出材料编号：evidence set 编号 --status 已完成")
        values = {k: v for k, v in picked(args, "status", "file_ref", "note", "due", "owner").items() if v is not None}
        e = repo.update_evidence(int(args.id), **values)
        ctx.out.result(e, f"已更新：{e['title']}（{e['status']}）")
        return 0
    repo = ctx.repo()
    items = repo.evidence()
    units = repo.units_by_id()
    if ctx.out.as_json:
        ctx.out.json({"evidence": items, "progress": monitoring.evidence_progress(items, repo.today)})
        return 0
    rows = [
        [
            str(e["id"]),
            e["category"],
            e["title"],
            units[e["owner_unit_id"]]["name"] if e["owner_unit_id"] in units else "办公室",
            dates.format_cn(e["due"]),
            e["status"]
            + ("（逾期）" if e["status"] != "已完成" and e["due"] and e["due"] < repo.today.isoformat() else ""),
            e["file_ref"],
        ]
        for e in items
    ]
    ctx.out.table(["编号", "类别", "材料", "负责", "期限", "状态", "文件"], rows, [4, 8, 30, 12, 14, 16, 20])
    for category, c in monitoring.evidence_progress(items, repo.today).items():
        ctx.out.line(f"{category}：已完成{c['已完成']}/{c['合计']}" + (f"，逾期{c['逾期']}" if c["逾期"] else ""))
    return 0


def cmd_publicity(ctx: Context, args: argparse.Namespace) -> int:
    if args.action == "add":
        repo = ctx.repo(write=True)
        fields = picked(args, "unit", "reach", "sample_size", "awareness", "note")
        p = repo.add_publicity(args.kind, args.title, args.date or "今天", **fields)
        ctx.out.result(p, f"已登记{PUBLICITY_KIND.label(p['kind'])}：{p['title']}")
        return 0
    repo = ctx.repo()
    entries = repo.publicity()
    if ctx.out.as_json:
        ctx.out.json(entries)
        return 0
    units = repo.units_by_id()
    rows = []
    for p in entries:
        unit = units[p["unit_id"]]["name"] if p["unit_id"] in units else ""
        detail = (
            f"样本{p['sample_size']}，知晓率{p['awareness']:g}%"
            if p["kind"] == "survey"
            else f"覆盖{p['reach']}人"
            if p["reach"] is not None
            else ""
        )
        rows.append([dates.format_cn(p["date"]), PUBLICITY_KIND.label(p["kind"]), p["title"], unit, detail])
    ctx.out.table(["日期", "类型", "名称", "单位", "覆盖/结果"], rows, [14, 4, 30, 10, 24])
    return 0

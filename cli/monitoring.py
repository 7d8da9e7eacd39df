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
from store.commands.readings import replacement
from store.commands.repository import Repository
from store.commands.settings import chase_near_days
from store.errors import ValidationError
from store.records.choices import BASIS, MODE, PUBLICITY_KIND, VERDICTS_BY
from store.records.measures import decimals_of
from store.records.measures import value_text as measured
from store.records.model import Indicator
from store.rules.verdicts import DIRECTION_LABELS
from store.views import documents, monitoring, requests


def year_line(snap: monitoring.Snapshot, year: int) -> str:
    """The data year as every monitoring command names it, with its reporting status when provisional."""
    status = snap.status(year)
    return f"{year}年数据" + (f"（暂定：{status.note}）" if status.provisional else "")


# ------------------------------------------------------------------ indicator


CARD_FIELDS = (
    *("plan", "domain", "code", "measure", "target", "target_text", "midterm_target", "baseline"),
    *("baseline_year", "source", "definition", "period_start_month", "mode", "target_year", "decimals"),
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
    snap = monitoring.snapshot(repo)
    year = snap.board_year(args.year)
    board = snap.board(year)
    if ctx.out.as_json:
        ctx.out.json([r.as_json() for r in board])
        return 0
    ctx.out.line(year_line(snap, year))
    rows = [
        [str(r.indicator_id), r.code, r.plan, r.domain, r.name, r.applies, r.value, r.verdict, "、".join(r.lead)]
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
    """indicator add: a new indicator with the usual defaults (%, >=, baseline year 2020, level, the plan's end
    year as target year)."""
    repo = ctx.repo(write=True)
    had_plan = repo.plan(args.plan or "") is not None
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
        target_year=args.target_year or "",
        decimals="" if args.decimals is None else args.decimals,
    )
    plan = repo.plan(ind["plan"])
    period = f"{plan['start_year']}—{plan['end_year']}年，中期{plan['midterm_year']}年" if plan else ""
    hint = "" if had_plan else f"；规划期限按基线推算，可用 supervisor plan set {ind['plan']} --start … --end … 修改"
    text = (
        f"已新增指标 {ind['id']}：{ind['name']}（目标年份{ind['target_year']}年；规划：{ind['plan']}，{period}{hint}）"
    )
    ctx.out.result(ind, text)
    return 0


def _reading_rows(snap: monitoring.Snapshot, ind: Indicator) -> list[dict[str, Any]]:
    """Every year's reading of an indicator with the verdict it earns, oldest first."""
    rows: list[dict[str, Any]] = []
    for r in sorted(ind["readings"], key=lambda r: r["year"]):
        v = snap.verdict(ind, r["year"])
        rows.append(
            {
                "year": r["year"],
                "value": monitoring.value_text(ind, r),
                "status": r["status"],
                "counted": snap.counting.counts(r),
                "provisional": snap.status(r["year"]).provisional,
                "verdict": v.verdict,
                "computed": v.rule_verdict,
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
    snap = monitoring.snapshot(repo)
    plan = monitoring.plan_of(ind, snap.plans)
    rows = _reading_rows(snap, ind)
    if ctx.out.as_json:
        ctx.out.json({**ind, "plan_period": plan, "verdicts": rows})
        return 0
    out = ctx.out
    units = snap.units

    def names(ids: list[int]) -> str:
        return "、".join(units[u]["name"] for u in ids if u in units) or "—"

    period = f"{plan['start_year']}—{plan['end_year']}年，中期{plan['midterm_year']}年" if plan else "未设置"
    out.line(f"指标 {ind['id']}  {ind['code']}  {ind['name']}{'（重点难点）' if ind['key'] else ''}")
    out.line(f"规划：{ind['plan']}（{period}）  领域：{ind['domain']}")
    out.line(
        f"计量单位：{ind['measure'] or '—'}（{decimals_of(ind)}位小数）  "
        f"方向：{DIRECTION_LABELS.get(ind['direction'], ind['direction'])}  "
        f"统计方式：{MODE.label(ind['mode'])}"
    )
    mid = monitoring.midterm_text(ind, plan)
    out.line(f"目标：{monitoring.target_text(ind, plan)}" + (f"  中期目标：{mid}" if mid else ""))
    baseline = f"{measured(ind, ind['baseline'])}（{ind['baseline_year']}年）" if ind["baseline"] is not None else "—"
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
        status = row["status"] + ("" if row["counted"] else "·不计入") + ("·暂定" if row["provisional"] else "")
        out.line(f"  {row['year']}年  {row['value']:<16} {status:<8} {row['verdict']}{mark}：{row['reason']}")
    year = snap.board_year()
    without = snap.without_data(ind, year)
    if without:
        out.line(f"  截至{year}年连续{without}年没有数据")
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
        change = replacement(ind, int(args.year), *_entered(ind, args))
        ind = _record(repo, ind, args)
        word = f"已{change}" if change else "已录入"
    snap = monitoring.snapshot(repo)
    reading = monitoring.reading_for(ind, int(args.year))
    verdict = snap.verdict(ind, int(args.year))
    status = snap.status(int(args.year))
    if ctx.out.as_json:
        ctx.out.json(
            {
                "indicator": ind["name"],
                "reading": reading,
                "verdict": verdict.verdict,
                "reason": verdict.reason,
                "provisional": status.provisional,
                "early": snap.early(int(args.year)),
                "message": word,
            }
        )
    else:
        shown = reading["status"] if reading else "未报"
        ctx.out.line(f"{word}：{ind['name']} {args.year}年 {monitoring.value_text(ind, reading)}（{shown}）")
        ctx.out.line(f"评判：{verdict.verdict}——{verdict.reason}")
        if snap.early(int(args.year)):
            early = "" if "提前录入" in status.note else "提前录入，"
            ctx.out.line(f"注意：{status.note}（{early}不作为看板的默认年度）")
        elif status.provisional:
            ctx.out.line(f"注意：{status.note}")
    return 0


def _entered(ind: Indicator, args: argparse.Namespace) -> tuple[float | None, str]:
    """The value about to be recorded (as the store will compute it), for saying what it replaces."""
    from store.commands.readings import entered_amount

    return entered_amount(args.value, args.numerator, args.denominator, ind["measure"]), args.no_data or ""


def _record(repo: Repository, ind: Indicator, args: argparse.Namespace) -> Indicator:
    """reading … --value: a big change needs --confirm with the reason typed on this command (--reason or --note)."""
    try:
        return repo.record_reading(
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
            reason=(args.reason or args.note or "") if args.confirm else "",
            replace=args.replace,
        )
    except NeedsConfirmation as exc:
        if exc.field == "replace":
            raise ValidationError(exc.field, f"{exc.message}（确认替换请加 --replace）") from None
        raise ValidationError(exc.field, f"{exc.message}（加 --confirm 并用 --reason 写明这次变化的原因）") from None


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


def all_cycles(repo: Repository) -> list[requests.Cycle]:
    """Every request cycle in the order the office works them (store.views.requests.cycles)."""
    near = chase_near_days(repo.settings())
    return requests.cycles(repo.requests(), repo.indicators(), repo.units_by_id(), repo.today, repo.calendar(), near)


def _remind_or_close_request(ctx: Context, args: argparse.Namespace) -> int:
    """request remind (the units named, else those on the cycle's 催报 list) or request close."""
    repo = ctx.repo(write=True)
    cycles = all_cycles(repo)
    cycle = next((c for c in cycles if c.year == args.year), None) if args.year else requests.cycle_to_chase(cycles)
    if cycle is None:
        raise ValidationError("year", f"没有{args.year}年的数据报送安排" if args.year else "还没有数据报送安排")
    if args.action == "close":
        repo.close_request(cycle.year)
        ctx.out.line(f"已结束{cycle.year}年数据报送")
        return 0
    if args.unit:
        ids = [repo.resolve_unit(n)["id"] for n in args.unit]
    else:
        ids = [s.unit_id for s in cycle.chase]
        if not ids:
            why = requests.not_yet_near(cycle, repo.today, chase_near_days(repo.settings()))
            raise ValidationError("unit", why or f"{cycle.year}年数据都已报齐，不需要催报")
    repo.remind_request(cycle.year, ids, method=args.method, note=args.note or "")
    names = "、".join(repo.unit(i)["name"] for i in ids)
    ctx.out.result({"year": cycle.year, "reminded": ids}, f"已登记{cycle.year}年数据催报：{names}")
    return 0


def _request_status(ctx: Context, year: int | None) -> int:
    """request status: every open cycle (overdue ones first), each unit's progress, the 催报 list, and a calendar
    warning; with a year, that cycle."""
    repo = ctx.repo()
    if not repo.requests():
        ctx.out.line("还没有数据报送安排（supervisor request open 年份 --due 截止日期）")
        return 0
    shown = requests.shown_cycles(all_cycles(repo), year)
    if not shown:
        raise ValidationError("year", f"没有{year}年数据的报送安排（可用 supervisor request open {year} --due 日期）")
    if ctx.out.as_json:
        ctx.out.json(
            [
                {"request": c.request, "units": [s.as_json() for s in c.states], "chase": [s.unit for s in c.chase]}
                for c in shown
            ]
        )
        return 0
    near = chase_near_days(repo.settings())
    for index, cycle in enumerate(shown):
        if index:
            ctx.out.line("")
        _print_cycle(ctx, repo, cycle, near)
    return 0


def _print_cycle(ctx: Context, repo: Repository, cycle: requests.Cycle, near: int) -> None:
    ctx.out.line(cycle.head())
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
        for s in sorted(cycle.states, key=lambda s: (s.complete, s.workdays))
    ]
    ctx.out.table(["单位", "状态", "已报/应报", "期限", "已催报", "下次催报"], rows, [14, 8, 9, 22, 6, 24])
    if cycle.chase:
        ctx.out.line(
            f"催报清单（截止前{near}个工作日内或已逾期、今天尚未催报）："
            + "、".join(f"{s.unit}（{s.phrase}）" for s in cycle.chase)
        )
    elif why := requests.not_yet_near(cycle, repo.today, near):
        ctx.out.line(f"催报清单：无。{why}")
    warning = requests.request_warning(cycle.request, cycle.states, repo.calendar())
    if warning:
        ctx.out.line(f"注意：{warning}")


# ------------------------------------------------------------------ verdicts


def cmd_verdicts(ctx: Context, args: argparse.Namespace) -> int:
    repo = ctx.repo()
    snap = monitoring.snapshot(repo)
    data_year = snap.board_year(args.year)
    basis = args.basis or repo.settings()["rate_basis"]
    summaries = snap.summaries(data_year, by=args.by, basis=basis)
    board = snap.board(data_year)
    status = snap.status(data_year)
    if ctx.out.as_json:
        ctx.out.json(
            {
                "year": data_year,
                "provisional": status.provisional,
                "status": snap.status_sentence(data_year),
                "basis": basis,
                "summaries": [s.as_json() for s in summaries],
                "indicators": [r.as_json() for r in board],
            }
        )
        return 0
    label = VERDICTS_BY.label(args.by)
    ctx.out.line(f"{status.label()}达标评判（达标率 =（达标 + 提前达标）÷ {BASIS.label(basis)}）")
    ctx.out.line(snap.status_sentence(data_year))
    rows = [[s.group, s.this_year.text(), s.last_year.text(), s.spread()] for s in summaries]
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
        [r["id"], r["category"], r["title"], r["owner"], r["due"], r["status"], r["file_ref"]]
        for r in documents.evidence_rows(items, units, repo.today)
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

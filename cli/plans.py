"""`supervisor plan`: the plans' periods (start, end, mid-term year) and 领域, and the data years the boards and the
evaluation documents speak of."""

from __future__ import annotations

import argparse

from cli.context import Context, picked
from store.records.model import Plan
from store.views import monitoring


def period_text(plan: Plan) -> str:
    """2021—2030年，中期评估2025年 (the period left out when the name already says it)."""
    period = f"{plan['start_year']}—{plan['end_year']}年"
    mid = f"中期评估{plan['midterm_year']}年"
    return mid if period in plan["name"] else f"{period}，{mid}"


def cmd_plan(ctx: Context, args: argparse.Namespace) -> int:
    if args.action == "set":
        repo = ctx.repo(write=True)
        values = {k: v for k, v in picked(args, "name", "start_year", "end_year", "midterm_year").items() if v}
        plan = repo.set_plan(args.key or "", domains=args.domain, **values)
        ctx.out.result(plan, f"已设置规划：{plan['name']}（{period_text(plan)}）")
        return 0
    repo = ctx.repo()
    snap = monitoring.snapshot(repo)
    board, evaluation = snap.board_year(), snap.evaluation_year()
    if ctx.out.as_json:
        ctx.out.json({"plans": snap.plans, "board_year": board, "evaluation_year": evaluation})
        return 0
    if not snap.plans:
        ctx.out.line("还没有规划（supervisor plan set 妇女 --start 2021 --end 2030 --midterm 2025）")
    for plan in snap.plans:
        ctx.out.line(f"{plan['key']}：{plan['name']}（{period_text(plan)}）")
        ctx.out.line(f"  领域：{'、'.join(plan['domains']) or '—'}")
    ctx.out.line(f"看板默认数据年度：{snap.status(board).label()}（数据已到报送期限的最近年度）")
    setting = int(repo.settings()["evaluation_year"])
    source = "设置 evaluation_year" if setting else "规划的中期评估年份"
    ctx.out.line(f"评估数据年度：{snap.status(evaluation).label()}（{source}）")
    return 0

"""`supervisor meeting carry --from M --to M [--dry-run]`: 回头看 carry-over of an earlier meeting's open items."""

from __future__ import annotations

import argparse

from cli.context import Context
from store.errors import ValidationError


def cmd_carry(ctx: Context, args: argparse.Namespace) -> int:
    if not args.source or not args.target:
        raise ValidationError("from", "结转需要 --from 原会议 和 --to 新会议（会议编号或名称）")
    repo = ctx.repo(write=not args.dry_run)
    result = repo.carry_over(args.source, args.target, dry_run=args.dry_run)
    if ctx.out.as_json:
        ctx.out.json(result.as_json())
        return 0
    verb = "将结转" if args.dry_run else "已结转"
    ctx.out.line(f"{verb}{len(result.numbers)}项：「{result.source['title']}」→「{result.target['title']}」")
    ctx.out.line(f"  {'、'.join(result.numbers)}")
    if args.dry_run:
        ctx.out.line("以上为预览，未写入；去掉 --dry-run 执行结转（一次可撤销）")
    else:
        ctx.out.line(
            f"事项编号和办理记录不变；回头看清单：supervisor review --meeting {result.source['id']}；"
            "如需撤销，运行 supervisor undo"
        )
    return 0

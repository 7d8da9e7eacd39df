"""`supervisor message --unit U | --all [--sms] [--sent 微信|短信]`: short 催办 texts for a work group or an SMS."""

from __future__ import annotations

import argparse

from cli.context import Context


def cmd_message(ctx: Context, args: argparse.Namespace) -> int:
    repo = ctx.repo(write=bool(args.sent))
    if args.all:
        ids = repo.message_units(args.scope)
    else:
        ids = list(dict.fromkeys(repo.resolve_unit(name)["id"] for name in args.unit))
    messages = [repo.chase_message(uid, sms=args.sms, scope=args.scope) for uid in ids]
    recorded = 0
    if args.sent and messages:
        with repo.transaction(f"催办消息（{args.sent}）{len(messages)}个单位", "remind"):
            recorded = sum(repo.record_message_sent(m, args.sent) for m in messages)
    if ctx.out.as_json:
        ctx.out.json({"messages": [m.as_json() for m in messages], "recorded": recorded})
        return 0
    if not messages:
        ctx.out.line("没有需要催办的单位")
        return 0
    for m in messages:
        note = "" if m.fits else f"，超过{m.limit}字：事项较多，请分条发送"
        ctx.out.line(f"—— {m.unit}（{m.length}字{note}）")
        ctx.out.line(m.text)
    if recorded:
        ctx.out.line(f"已登记催办（{args.sent}）{recorded}项；如需撤销，运行 supervisor undo")
    return 0

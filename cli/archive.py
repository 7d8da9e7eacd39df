"""`supervisor archive`: 年度台账 — move an earlier year's finished items to that year's archive file, list the
archives, or take one item back (store.commands.archive)."""

from __future__ import annotations

import argparse

from cli.context import Context


def cmd_archive(ctx: Context, args: argparse.Namespace) -> int:
    if args.back:
        repo = ctx.repo(write=True)
        item = repo.take_back(args.back)
        ctx.out.result(
            {"taken_back": item["number"]}, f"已从年度台账取回督办事项 {item['number']}：{item['title']}（可撤销）"
        )
        return 0
    if args.year is None:
        return _list_archives(ctx)
    repo = ctx.repo(write=True)
    done = repo.archive_year(args.year)
    text = f"已归档{done['year']}年度台账：{done['items']}项已办结事项、{done['dispatches']}件发文，存入 {done['file']}"
    if done["receipts_unanswered"]:
        text += f"；其中{done['receipts_unanswered']}份回执未收回，随通知归档，不再催收"
    if done["still_open"]:
        text += f"；{done['still_open']}项尚未办结，仍在工作台账中"
    text += (
        f"。督查通报、回头看清单中各次会议的数字照样计入已归档的事项；{done['year']}年全县的督查通报："
        f"supervisor bulletin --year {done['year']}"
    )
    ctx.out.result(done, text)
    return 0


def _list_archives(ctx: Context) -> int:
    """The archives there are, and the earlier years whose finished items could go to theirs."""
    repo = ctx.repo()
    years = repo.archive_years()
    waiting = repo.archivable()
    archived = {y: len(repo.archived_items([y])) for y in years}
    if ctx.out.as_json:
        ctx.out.json({"archives": archived, "archivable": waiting})
        return 0
    if not years:
        ctx.out.line("还没有年度台账（往年已办结的事项可归入其年度台账：supervisor archive 年份）")
    unfinished = repo.unfinished_earlier()
    for year, count in archived.items():
        ctx.out.line(f"{year}年度台账：{count}项事项")
    for year, count in waiting.items():
        ctx.out.line(f"可归档：{year}年有{count}项已办结事项仍在工作台账中（supervisor archive {year}）")
    if waiting and unfinished:
        ctx.out.line(f"往年还有{unfinished}项未办结，留在工作台账中，办结后才能归档")
    if not waiting:  # last, after the archives there are (review: before them it read backwards)
        reasons = [f"往年还有{unfinished}项未办结，办结后才能归档"] if unfinished else []
        reasons.append(f"今年（{repo.today.year}年）的事项明年才能归档")
        ctx.out.line("现在没有可以归档的事项：" + "；".join(reasons))
    return 0

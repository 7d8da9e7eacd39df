"""Command handlers for督办事项: add, list, show, every step of an item's life, and the boards."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from cli.context import Context, picked
from cli.output import Output, page_columns
from store.calendar import dates
from store.errors import NotFoundError, ValidationError
from store.records.model import LIGHT_LABELS, OPEN_STATUSES, STATUS_LABELS, Item
from store.records.text import display_width, fit
from store.records.units import did_you_mean, suggest_units
from store.views import board as views

if TYPE_CHECKING:
    from store.commands.archive import ArchiveCommands
    from store.commands.repository import Repository


def cmd_add(ctx: Context, args: argparse.Namespace) -> int:
    from store.commands.items import ItemCommands

    repo = ctx.rooms(ItemCommands, write=True)
    item = repo.add_item(
        args.title,
        args.lead,
        args.due,
        partners=args.partner or [],
        meeting=args.meeting,
        indicators=args.indicator or [],
        key=args.key,
        requirement=args.requirement or "",
    )
    detail = views.item_detail(item, repo.policy(), repo.units_by_id())
    if ctx.out.as_json:
        ctx.out.json(detail)
        return 0
    row = views.item_row(item, repo.policy(), repo.units_by_id())
    ctx.out.line(f"已新增督办事项 {item['number']}：{item['title']}")
    partners = f"；配合：{'、'.join(row.partners)}" if row.partners else ""
    ctx.out.line(f"牵头：{row.lead}{partners}；期限：{dates.format_cn(row.due)}（{row.due_text}）")
    off_day = dates.off_day_note(date.fromisoformat(row.due), repo.calendar())
    notes = (repo.parse_date(args.due).warning, detail["calendar_warning"], off_day)
    for warning in dict.fromkeys(w for w in notes if w):
        ctx.out.line(f"注意：{warning}")
    return 0


def _items(repo: ArchiveCommands, args: argparse.Namespace, unit_id: int | None = None) -> list[Item]:
    """The working set (with `unit_id`: the items that may name that unit, the view filters them); with --year,
    that year's items including the archived ones (年度台账, read only then)."""
    if not getattr(args, "year", None):
        return repo.items() if unit_id is None else repo.items_naming_unit(unit_id)
    from store.commands.archive import parse_years

    return repo.items_of_years(parse_years(args.year, repo.today.year))


def _archived_count(repo: ArchiveCommands, rows: list[views.ItemRow]) -> int:
    """How many of the rows `list --year` shows come from a 年度台账 (a walk-through could not tell): those the
    working file does not hold (the archives were read once already, for the rows)."""
    working = {i["number"] for i in repo.items()}
    return sum(1 for r in rows if r.number not in working)


def _list_rows(repo: ArchiveCommands, args: argparse.Namespace) -> list[views.ItemRow]:
    status, light = args.status, args.light  # codes: the options read their words through the Choice
    unit_id = repo.resolve_unit(args.unit)["id"] if args.unit else None
    rows = views.filter_items(
        _items(repo, args, unit_id),
        repo.policy(),
        repo.units_by_id(),
        unit_id=unit_id,
        status=status,
        light=light,
        meeting_id=repo.resolve_meeting(args.meeting)["id"] if args.meeting else None,
        key=True if args.key else None,
        text=args.search or "",
    )
    return views.sort_rows(rows, args.sort)


def _item_rooms(ctx: Context) -> ArchiveCommands:
    """The item rooms and the 年度台账 (for --year and archived numbers), read-only: what list and show use."""
    from store.commands.archive import ArchiveCommands

    return ctx.rooms(ArchiveCommands)


def cmd_list(ctx: Context, args: argparse.Namespace) -> int:
    repo = _item_rooms(ctx)
    rows = _list_rows(repo, args)
    out = ctx.out
    if out.as_json:
        out.json([r.as_json() for r in rows])
        return 0
    if not rows:
        close = suggest_units(args.search, repo.units()) if args.search else []
        out.line("没有符合条件的督办事项" + (f"。{did_you_mean(close)}" if close else ""))
        return 0
    room = page_columns(args.wide)
    table_rows = [
        [
            out.light(r.light),
            r.number,
            ("★" if r.key else "") + r.title,
            r.lead,
            "、".join(r.partners),
            r.due,
            r.due_text,
            views.status_text(r.status, r.done_late),
        ]
        for r in rows
    ]
    out.table(
        ["灯", "编号", "事项", "牵头", "配合", "期限", "剩余/逾期", "状态"],
        table_rows,
        [2, 7, 20, 6, 6, 10, 14, 8],  # a title needs ~9 characters to be told apart: 配合 goes first below 88
        whole=[1],  # an item's number is what every other command takes: never cut
        room=room,
        droppable=[4],
    )
    counts = views.light_counts(rows)
    summary = "，".join(f"{LIGHT_LABELS[k]}{v}" for k, v in counts.items() if v)
    out.line(f"共{len(rows)}项（{summary}）")
    if getattr(args, "year", None) and (archived := _archived_count(repo, rows)):
        out.line(f"其中{archived}项已归入年度台账（只读；重新办理先运行 supervisor archive --back 编号）")
    warning = repo.policy().calendar.warning(*(date.fromisoformat(r.due) for r in rows if r.due), short=room < 100)
    if warning:
        out.line(f"注意：{warning}")
    return 0


def cmd_show(ctx: Context, args: argparse.Namespace) -> int:
    repo = _item_rooms(ctx)
    try:
        item = repo.item(args.item)
        archived = False
    except NotFoundError:
        found = repo.archived_item(args.item)  # reads the archive of that number's year, and only it
        if found is None:
            raise
        item, archived = found, True
    detail = views.item_detail(item, repo.policy(), repo.units_by_id())
    detail["archived"] = archived
    if item["meeting_id"] is not None:
        meeting = repo.meeting(item["meeting_id"])
        detail["meeting"] = {"id": meeting["id"], "title": meeting["title"], "date": meeting["date"]}
    if ctx.out.as_json:
        ctx.out.json(detail)
        return 0
    out = ctx.out
    out.line(f"督办事项 {item['number']}{'（重点）' if item['key'] else ''}：{item['title']}")
    if archived:
        out.line(f"（已归入{item['year']}年度台账；重新办理前先运行 supervisor archive --back {item['number']}）")
    out.line(
        f"亮灯：{out.light(detail['light'])}，{detail['due_text']}  状态：{detail['status_label']}"
        + ("  有逾期办结" if detail["done_late"] else "")
    )
    if "meeting" in detail:
        out.line(f"来源：{detail['meeting']['title']}（{dates.format_cn(detail['meeting']['date'])}）")
    for carry in item.get("carries", []):
        earlier = repo.meeting(carry["from_meeting_id"])
        out.line(f"结转：{dates.format_cn(carry['date'])}从「{earlier['title']}」结转（回头看）")
    if item["requirement"]:
        out.line(f"工作要求：{item['requirement']}")
    if item["indicator_ids"]:
        names = "、".join(repo.indicator(i)["name"] for i in item["indicator_ids"])
        out.line(f"关联指标：{names}")
    for a in detail["assignments"]:
        _show_assignment(out, a)
    if detail["calendar_warning"]:
        out.line("")
        out.line(f"注意：{detail['calendar_warning']}")
    return 0


def _show_assignment(out: Output, a: dict[str, Any]) -> None:
    """One unit's share of an item: its light and deadline, then its progress, reminders and extensions."""
    out.line("")
    out.line(
        f"【{a['role_label']}】{a['unit']}  {out.light(a['light'])}  {a['status_label']}  "
        f"期限 {dates.format_cn(a['effective_due'])}，{a['due_text']}"
        + (f"  原定 {dates.format_cn(a['due'])}" if a["effective_due"] != a["due"] else "")
    )
    if a["urgency_text"]:
        out.line(f"  {a['urgency_text']}")
    for p in a["progress"]:
        parts = [p["text"]] + [
            f"{label}：{p[key]}" for key, label in (("next_step", "下一步"), ("problems", "问题")) if p[key]
        ]
        said = "；".join([*(part.rstrip("。；;") for part in parts[:-1]), parts[-1]])  # one sentence, no 。；
        source = f"（{p['source']}，{p['recorded_by']}记录）" if p["source"] else f"（{p['recorded_by']}记录）"
        out.line(f"  进展 {dates.format_cn(p['date'])}：{said}{source}")
    for r in a["reminders"]:
        number = f" {r['doc_number']}" if r["doc_number"] else ""
        out.line(f"  催办 {dates.format_cn(r['date'])}：{r['method']}{number}")
    for e in a["extensions"]:
        word = {"pending": "待批", "approved": "已批准", "rejected": "未批准"}[e["decision"]]
        out.line(
            f"  延期 {dates.format_cn(e['requested_on'])}：至{dates.format_cn(e['new_due'])}，{word}；{e['reason']}"
        )


# ------------------------------------------------------------------ lifecycle steps


def _step(ctx: Context, message: str, change: Callable[[Repository], Item], *, others: bool = False) -> int:
    """Make one change to an item, then show the item as it is now (`others`: and which units have not finished
    it yet, so that one unit's 办结 on a shared item does not read as if nothing happened)."""
    repo = ctx.repo(write=True)
    item = change(repo)
    if ctx.out.as_json:
        ctx.out.json(views.item_detail(item, repo.policy(), repo.units_by_id()))
    else:
        units = repo.units_by_id()
        row = views.item_row(item, repo.policy(), units)
        ctx.out.line(f"{message}：{item['number']} {item['title']}")
        ctx.out.line(f"现在：{ctx.out.light(row.light)}灯，{STATUS_LABELS[row.status]}，{row.due_text}")
        if others:
            waiting = [units[a["unit_id"]]["name"] for a in item["assignments"] if a["status"] in OPEN_STATUSES]
            if waiting:
                ctx.out.line(f"尚未办结的承办单位：{'、'.join(waiting)}")
    return 0


def cmd_ack(ctx: Context, args: argparse.Namespace) -> int:
    return _step(ctx, "已登记签收", lambda r: r.acknowledge(args.item, args.unit, on=args.date, note=args.note))


def cmd_progress(ctx: Context, args: argparse.Namespace) -> int:
    fields = picked(args, "next_step", "problems", "recorded_by", "source")
    return _step(
        ctx, "已登记进展", lambda r: r.record_progress(args.item, args.unit, args.text, on=args.date, **fields)
    )


def cmd_remind(ctx: Context, args: argparse.Namespace) -> int:
    fields = picked(args, "method", "doc_number", "note")
    return _step(ctx, "已登记催办", lambda r: r.remind(args.item, args.unit, on=args.date, **fields))


def cmd_extend(ctx: Context, args: argparse.Namespace) -> int:
    if args.approve or args.reject:
        if args.to:
            raise ValidationError("to", "批准或驳回已有申请时不要再填 --to")
        return _step(
            ctx,
            "已批准延期" if args.approve else "已驳回延期",
            lambda r: r.decide_extension(args.item, args.unit, approve=bool(args.approve), on=args.date),
        )
    if not args.to or not args.reason:
        raise ValidationError("to", "申请延期需要 --to 新期限 和 --reason 理由")
    return _step(
        ctx,
        "已登记延期（已批准）" if args.approved else "已登记延期申请（待批准）",
        lambda r: r.request_extension(args.item, args.unit, args.to, args.reason, approved=args.approved, on=args.date),
    )


def cmd_done(ctx: Context, args: argparse.Namespace) -> int:
    return _step(
        ctx, "已登记办结", lambda r: r.mark_done(args.item, args.unit, on=args.date, note=args.note), others=True
    )


def cmd_reopen(ctx: Context, args: argparse.Namespace) -> int:
    return _step(ctx, "已退回重办", lambda r: r.reopen(args.item, args.unit, reason=args.reason, on=args.date))


def cmd_close(ctx: Context, args: argparse.Namespace) -> int:
    return _step(ctx, "已销号", lambda r: r.close_out(args.item, args.unit, on=args.date, note=args.note))


def cmd_cancel(ctx: Context, args: argparse.Namespace) -> int:
    return _step(
        ctx,
        "已暂缓" if args.suspend else "已取消",
        lambda r: r.cancel(args.item, args.unit, reason=args.reason, suspend=args.suspend, on=args.date),
    )


# ------------------------------------------------------------------ boards

UNIT_BOARD_COLUMNS = {
    "名次": 4,
    "单位": 12,
    "承办": 4,
    "办结": 4,
    "按期": 4,
    "逾期办结": 8,
    "未办结": 6,
    "逾期": 4,
    "催办": 4,
    "按期办结率": 10,
    "平均逾期天数": 12,
    "逾期事项": 20,
}


Board = list[dict[str, Any]]


UNIT_BOARD_DROPPABLE = [10, 8, 5, 4]
"""平均逾期天数, 催办, 逾期办结 and 按期 give way, in that order, on a narrow terminal (80 columns keeps 名次, 单位,
承办, 办结, 未办结, 逾期, 按期办结率 and the overdue numbers)."""


def _overdue_numbers(numbers: list[str], room: int) -> str:
    """A unit's overdue item numbers, as many as the line has room for (the column's 20 cells, more on a terminal
    wider than the other columns' ~110), then 等N项; `list --unit X --status 逾期` lists them all."""
    budget = max(UNIT_BOARD_COLUMNS["逾期事项"], room - 110)
    text = "、".join(numbers)
    if display_width(text) <= budget:
        return text
    shown = 1
    while shown < len(numbers) and display_width("、".join(numbers[: shown + 1]) + f"等{len(numbers)}项") <= budget:
        shown += 1
    return "、".join(numbers[:shown]) + f"等{len(numbers)}项"


def _show_by_unit(out: Output, board: Board) -> None:
    counts = ("assigned", "done", "done_on_time", "done_late", "open", "overdue", "reminders")
    room = page_columns()
    rows = [
        [
            str(b["rank"]),
            b["unit"],
            *(str(b[key]) for key in counts),
            b["on_time_rate_text"],
            f"{b['average_days_late']:g}",
            _overdue_numbers([*b["overdue_items"], *(f"{n}（延期前已逾期）" for n in b["extended_late_items"])], room),
        ]
        for b in board
    ]
    widths = list(UNIT_BOARD_COLUMNS.values())
    out.table(list(UNIT_BOARD_COLUMNS), rows, widths, room=room, droppable=UNIT_BOARD_DROPPABLE)
    out.line("按期办结率 = 按期办结数 ÷（已办结数 + 逾期未办结数）")


def _show_by_due(out: Output, board: Board) -> None:
    for group in board:
        out.line(f"{group['group']}（{group['count']}项）")
        for r in group["items"]:
            out.line(
                f"  {out.light(r['light'])} {r['number']}  {fit(r['title'], 36)}  {fit(r['lead'], 10)}"
                f"  {r['due']}  {r['due_text']}"
            )


def _show_by_meeting(out: Output, board: Board) -> None:
    rows = [
        [
            dates.format_cn(b["date"]),
            str(b["items"]),
            *(str(b["lights"][k]) for k in ("red", "yellow", "green", "blue")),
            b["done_rate_text"],
            b["meeting"],
        ]
        for b in board
    ]
    out.table(["日期", "事项", "红", "黄", "绿", "蓝", "办结率", "会议"], rows, [14, 4, 3, 3, 3, 3, 8, 40])


def _show_by_indicator(out: Output, board: Board) -> None:
    if board:
        out.line(f"{board[0]['year']}年数据（与 verdicts 同一数据年度、同样的计入规则）")
    rows = [
        [
            b["plan"],
            b["domain"],
            b["indicator"],
            b["target"],
            b["latest"],
            b["judgement"],
            out.light(b["light"]) if b["items"] else "",
            "、".join(b["items"]),
        ]
        for b in board
    ]
    headers = ["规划", "领域", "指标", "目标", "最新值", "评判", "灯", "关联事项"]
    out.table(headers, rows, [4, 8, 16, 10, 12, 10, 2, 20], whole=[5])


def _board_by_indicator(repo: Repository, items: list[Item]) -> Board:
    from store.views import monitoring  # only this board reads the monitoring records

    return views.board_by_indicator(items, repo.policy(), repo.units_by_id(), monitoring.snapshot(repo))


Compute = Callable[["Repository", list[Item]], Board]
BOARDS: dict[str, tuple[Compute, Callable[[Output, Board], None]]] = {
    "unit": (lambda r, items: views.board_by_unit(items, r.policy(), r.units_by_id()), _show_by_unit),
    "due": (lambda r, items: views.board_by_due(items, r.policy(), r.units_by_id()), _show_by_due),
    "meeting": (
        lambda r, items: views.board_by_meeting(items, r.policy(), r.units_by_id(), r.meetings()),
        _show_by_meeting,
    ),
    "indicator": (
        _board_by_indicator,
        _show_by_indicator,
    ),
}


def cmd_board(ctx: Context, args: argparse.Namespace) -> int:
    """The items grouped by unit (ranked), by deadline, by meeting or by indicator."""
    compute, show = BOARDS[args.by]
    repo = ctx.repo()
    board = compute(repo, _items(repo, args))
    if ctx.out.as_json:
        ctx.out.json(board)
    else:
        show(ctx.out, board)
        if not getattr(args, "year", None) and repo.archive_years():
            ctx.out.line("注：只统计工作台账中的事项；已归入年度台账的往年事项用 --year 查看（如 --year 全部）")
    return 0

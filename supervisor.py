"""督办台 command line: `supervisor [--db PATH] [--today DATE] [--json] [COMMAND]`.

No command opens the TUI. Every command prints Chinese for people, or UTF-8 JSON with `--json`; errors are
one Chinese line on stderr with a non-zero exit, and nothing is written. Simple commands import neither
Textual nor Word.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from cli import exchange as exchange_cli  # cheap: openpyxl loads only when a file is exported or imported
from cli import monitoring as monitoring_cli
from docx_templates import cli as docs_cli  # cheap: python-docx loads only when a document command runs
from store.calendar import dates
from store.errors import AmbiguousError, LockedError, SupervisorError, ValidationError
from store.records.model import LIGHT_LABELS, STATUS_LABELS, UNIT_KINDS
from store.records.text import display_width, fit

_ZH = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示帮助并退出",
    "the following arguments are required: %s": "缺少参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项 %(value)r（可选：%(choices)s）",
    "expected one argument": "需要一个值",
    "expected at least one argument": "至少需要一个值",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid %(type)s value: %(value)r": "无效的值：%(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是：%(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "需要以下参数之一：%s",
}
argparse._ = lambda text: _ZH.get(text, text)  # type: ignore[attr-defined]


class ChineseParser(argparse.ArgumentParser):
    """argparse with Chinese messages and a one-line error."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"错误：{message}（用 {self.prog} -h 查看用法）\n")
        raise SystemExit(2)


# ------------------------------------------------------------------------------------------ output


class Output:
    """Where results go: plain Chinese text for people, or JSON with --json."""

    def __init__(self, as_json: bool) -> None:
        self.as_json = as_json
        self.color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")

    def json(self, value: Any) -> None:
        import orjson

        sys.stdout.buffer.write(orjson.dumps(value, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS) + b"\n")
        sys.stdout.flush()

    def line(self, text: str = "") -> None:
        print(text)

    def light(self, light: str) -> str:
        label = LIGHT_LABELS[light]
        if not self.color:
            return label
        code = {"red": "31", "yellow": "33", "green": "32", "blue": "34", "grey": "90"}[light]
        return f"\x1b[{code}m{label}\x1b[0m"

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int]) -> None:
        """Columns aligned by terminal width (CJK counts two); the last column is not cut."""
        self.line("  ".join(fit(h, w) for h, w in zip(headers, widths, strict=True)).rstrip())
        self.line("  ".join("─" * w for w in widths))
        for row in rows:
            cells = []
            for index, (cell, width) in enumerate(zip(row, widths, strict=True)):
                if index == len(widths) - 1:
                    cells.append(cell)
                else:
                    shown = cell.replace("\x1b", "")
                    if "\x1b" in cell:  # coloured light: pad by its visible text
                        visible = cell.split("m", 1)[1].split("\x1b", 1)[0]
                        cells.append(cell + " " * max(0, width - display_width(visible)))
                    else:
                        cells.append(fit(shown, width))
            self.line("  ".join(cells).rstrip())


# ------------------------------------------------------------------------------------------ context


class Context:
    """Options every command shares, and the database opened the way the command needs."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.db_path: Path | None = Path(args.db).expanduser() if args.db else None
        self.today: date | None = None
        if args.today:
            self.today = dates.parse_date(args.today, today=dates.today(), field="today").value
        self.out = Output(bool(args.json))
        self._repo: Any = None

    def repo(self, *, write: bool = False, backup: bool = True) -> Any:
        from store.commands.repository import Repository
        from store.storage.database import Database

        if self._repo is None:
            database = Database.open(self.db_path, readonly=not write, backup=backup)
            self._repo = Repository(database, today=self.today)
        return self._repo

    def close(self) -> None:
        if self._repo is not None:
            self._repo.close()


def _policy_today(ctx: Context) -> date:
    return ctx.today or dates.today()


# ------------------------------------------------------------------------------------------ commands


def cmd_demo(ctx: Context, args: argparse.Namespace) -> int:
    from store.demo.loader import load_demo

    repo = ctx.repo(write=True)
    counts = load_demo(repo)
    if ctx.out.as_json:
        ctx.out.json({"loaded": counts, "path": str(repo.database.path)})
    else:
        ctx.out.line(
            f"已载入示例数据（示范县）：{counts['units']}个成员单位、{counts['meetings']}次会议、"
            f"{counts['items']}项督办事项、{counts['indicators']}项指标"
        )
        ctx.out.line(f"数据库：{repo.database.path}")
        ctx.out.line("运行 supervisor board 查看各单位办理情况，或直接运行 supervisor 打开工作台")
    return 0


def cmd_add(ctx: Context, args: argparse.Namespace) -> int:
    repo = ctx.repo(write=True)
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
    from store.views import board as views

    detail = views.item_detail(item, repo.policy(), repo.units_by_id())
    if ctx.out.as_json:
        ctx.out.json(detail)
        return 0
    row = views.item_row(item, repo.policy(), repo.units_by_id())
    ctx.out.line(f"已新增督办事项 {item['number']}：{item['title']}")
    partners = f"；配合：{'、'.join(row.partners)}" if row.partners else ""
    ctx.out.line(f"牵头：{row.lead}{partners}；期限：{dates.format_cn(row.due)}（{row.due_text}）")
    for warning in dict.fromkeys(w for w in (repo.parse_date(args.due).warning, detail["calendar_warning"]) if w):
        ctx.out.line(f"注意：{warning}")
    return 0


def _unit_id(repo: Any, name: str | None) -> int | None:
    return repo.resolve_unit(name)["id"] if name else None


def cmd_list(ctx: Context, args: argparse.Namespace) -> int:
    from store.views import board as views

    repo = ctx.repo()
    units = repo.units_by_id()
    try:
        status = views.status_code(args.status) if args.status else None
        light = views.light_code(args.light) if args.light else None
    except ValueError as exc:
        raise ValidationError("status", str(exc)) from None
    unit_id = _unit_id(repo, args.unit)
    meeting_id = repo.resolve_meeting(args.meeting)["id"] if args.meeting else None
    policy = repo.policy()
    rows = views.filter_items(
        repo.items(),
        policy,
        units,
        unit_id=unit_id,
        status=status,
        light=light,
        meeting_id=meeting_id,
        key=True if args.key else None,
        text=args.search or "",
    )
    rows = views.sort_rows(rows, args.sort)
    if ctx.out.as_json:
        ctx.out.json([r.as_json() for r in rows])
        return 0
    if not rows:
        ctx.out.line("没有符合条件的督办事项")
        return 0
    table_rows = [
        [
            ctx.out.light(r.light),
            r.number,
            ("★" if r.key else "") + r.title,
            r.lead,
            "、".join(r.partners),
            r.due,
            r.due_text,
            STATUS_LABELS[r.status] + ("（逾期办结）" if r.done_late and r.status in ("done", "closed") else ""),
        ]
        for r in rows
    ]
    ctx.out.table(
        ["灯", "编号", "事项", "牵头", "配合", "期限", "剩余/逾期", "状态"], table_rows, [2, 8, 34, 10, 14, 10, 14, 8]
    )
    counts = views.light_counts(rows)
    summary = "，".join(f"{LIGHT_LABELS[k]}{v}" for k, v in counts.items() if v)
    ctx.out.line(f"共{len(rows)}项（{summary}）")
    warning = policy.calendar.warning(*(date.fromisoformat(r.due) for r in rows if r.due))
    if warning:
        ctx.out.line(f"注意：{warning}")
    return 0


def cmd_show(ctx: Context, args: argparse.Namespace) -> int:
    from store.views import board as views

    repo = ctx.repo()
    item = repo.item(args.item)
    units = repo.units_by_id()
    detail = views.item_detail(item, repo.policy(), units)
    if item["meeting_id"] is not None:
        meeting = repo.meeting(item["meeting_id"])
        detail["meeting"] = {"id": meeting["id"], "title": meeting["title"], "date": meeting["date"]}
    if ctx.out.as_json:
        ctx.out.json(detail)
        return 0
    out = ctx.out
    out.line(f"督办事项 {item['number']}{'（重点）' if item['key'] else ''}：{item['title']}")
    out.line(
        f"亮灯：{out.light(detail['light'])}（{detail['due_text']}）  状态：{detail['status_label']}"
        + ("  有逾期办结" if detail["done_late"] else "")
    )
    if "meeting" in detail:
        out.line(f"来源：{detail['meeting']['title']}（{dates.format_cn(detail['meeting']['date'])}）")
    if item["requirement"]:
        out.line(f"工作要求：{item['requirement']}")
    if item["indicator_ids"]:
        names = "、".join(repo.indicator(i)["name"] for i in item["indicator_ids"])
        out.line(f"关联指标：{names}")
    for a in detail["assignments"]:
        out.line("")
        out.line(
            f"【{a['role_label']}】{a['unit']}  {out.light(a['light'])}  {a['status_label']}  "
            f"期限 {dates.format_cn(a['effective_due'])}（{a['due_text']}）"
            + (f"  原定 {dates.format_cn(a['due'])}" if a["effective_due"] != a["due"] else "")
        )
        if a["urgency_parts"]:
            out.line(f"  紧迫度 {a['urgency']}：{'，'.join(a['urgency_parts'])}")
        for p in a["progress"]:
            extra = "".join(
                f"；{label}：{p[key]}" for key, label in (("next_step", "下一步"), ("problems", "问题")) if p[key]
            )
            source = f"（{p['source']}，{p['recorded_by']}记录）" if p["source"] else f"（{p['recorded_by']}记录）"
            out.line(f"  进展 {dates.format_cn(p['date'])}：{p['text']}{extra}{source}")
        for r in a["reminders"]:
            number = f" {r['doc_number']}" if r["doc_number"] else ""
            out.line(f"  催办 {dates.format_cn(r['date'])}：{r['method']}{number}")
        for e in a["extensions"]:
            word = {"pending": "待批", "approved": "已批准", "rejected": "未批准"}[e["decision"]]
            out.line(
                f"  延期 {dates.format_cn(e['requested_on'])}：至{dates.format_cn(e['new_due'])}，{word}；{e['reason']}"
            )
    if detail["calendar_warning"]:
        out.line("")
        out.line(f"注意：{detail['calendar_warning']}")
    return 0


def _print_item_result(ctx: Context, repo: Any, item: dict[str, Any], message: str) -> int:
    from store.views import board as views

    if ctx.out.as_json:
        ctx.out.json(views.item_detail(item, repo.policy(), repo.units_by_id()))
    else:
        row = views.item_row(item, repo.policy(), repo.units_by_id())
        ctx.out.line(f"{message}：{item['number']} {item['title']}")
        ctx.out.line(f"现在：{ctx.out.light(row.light)}灯，{STATUS_LABELS[row.status]}，{row.due_text}")
    return 0


def cmd_ack(ctx: Context, args: argparse.Namespace) -> int:
    repo = ctx.repo(write=True)
    item = repo.acknowledge(args.item, args.unit, on=args.date, note=args.note or "")
    return _print_item_result(ctx, repo, item, "已登记签收")


def cmd_progress(ctx: Context, args: argparse.Namespace) -> int:
    repo = ctx.repo(write=True)
    item = repo.record_progress(
        args.item,
        args.unit,
        args.text,
        on=args.date,
        next_step=args.next or "",
        problems=args.problems or "",
        recorded_by=args.by or "",
        source=args.source or "",
    )
    return _print_item_result(ctx, repo, item, "已登记进展")


def cmd_remind(ctx: Context, args: argparse.Namespace) -> int:
    repo = ctx.repo(write=True)
    item = repo.remind(
        args.item, args.unit, on=args.date, method=args.method, doc_number=args.doc_number or "", note=args.note or ""
    )
    return _print_item_result(ctx, repo, item, "已登记催办")


def cmd_extend(ctx: Context, args: argparse.Namespace) -> int:
    repo = ctx.repo(write=True)
    if args.approve or args.reject:
        if args.to:
            raise ValidationError("to", "批准或驳回已有申请时不要再填 --to")
        item = repo.decide_extension(args.item, args.unit, approve=bool(args.approve), on=args.date)
        return _print_item_result(ctx, repo, item, "已批准延期" if args.approve else "已驳回延期")
    if not args.to or not args.reason:
        raise ValidationError("to", "申请延期需要 --to 新期限 和 --reason 理由")
    item = repo.request_extension(args.item, args.unit, args.to, args.reason, approved=args.approved, on=args.date)
    return _print_item_result(ctx, repo, item, "已登记延期（已批准）" if args.approved else "已登记延期申请（待批准）")


def cmd_done(ctx: Context, args: argparse.Namespace) -> int:
    repo = ctx.repo(write=True)
    item = repo.mark_done(args.item, args.unit, on=args.date, note=args.note or "")
    return _print_item_result(ctx, repo, item, "已登记办结")


def cmd_reopen(ctx: Context, args: argparse.Namespace) -> int:
    repo = ctx.repo(write=True)
    item = repo.reopen(args.item, args.unit, reason=args.reason or "", on=args.date)
    return _print_item_result(ctx, repo, item, "已退回重办")


def cmd_close(ctx: Context, args: argparse.Namespace) -> int:
    repo = ctx.repo(write=True)
    item = repo.close_out(args.item, args.unit, on=args.date, note=args.note or "")
    return _print_item_result(ctx, repo, item, "已销号")


def cmd_cancel(ctx: Context, args: argparse.Namespace) -> int:
    repo = ctx.repo(write=True)
    item = repo.cancel(args.item, args.unit, reason=args.reason or "", suspend=args.suspend, on=args.date)
    return _print_item_result(ctx, repo, item, "已暂缓" if args.suspend else "已取消")


def cmd_board(ctx: Context, args: argparse.Namespace) -> int:
    from store.views import board as views

    repo = ctx.repo()
    policy = repo.policy()
    units = repo.units_by_id()
    items = repo.items()
    out = ctx.out
    if args.by == "unit":
        board = views.board_by_unit(items, policy, units)
        if out.as_json:
            out.json(board)
            return 0
        rows = [
            [
                str(b["rank"]),
                b["unit"],
                str(b["assigned"]),
                str(b["done"]),
                str(b["done_on_time"]),
                str(b["done_late"]),
                str(b["open"]),
                str(b["overdue"]),
                str(b["reminders"]),
                b["on_time_rate_text"],
                f"{b['average_days_late']:g}",
                "、".join(b["overdue_items"]),
            ]
            for b in board
        ]
        out.table(
            [
                "名次",
                "单位",
                "承办",
                "办结",
                "按期",
                "逾期办结",
                "未办结",
                "逾期",
                "催办",
                "按期办结率",
                "平均逾期天数",
                "逾期事项",
            ],
            rows,
            [4, 12, 4, 4, 4, 8, 6, 4, 4, 10, 12, 20],
        )
        out.line("按期办结率 = 按期办结数 ÷（已办结数 + 逾期未办结数）")
    elif args.by == "due":
        board = views.board_by_due(items, policy, units)
        if out.as_json:
            out.json(board)
            return 0
        for group in board:
            out.line(f"{group['group']}（{group['count']}项）")
            for r in group["items"]:
                out.line(
                    f"  {out.light(r['light'])} {r['number']}  {fit(r['title'], 36)}  {fit(r['lead'], 10)}"
                    f"  {r['due']}  {r['due_text']}"
                )
    elif args.by == "meeting":
        board = views.board_by_meeting(items, policy, units, repo.meetings())
        if out.as_json:
            out.json(board)
            return 0
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
    else:
        board = views.board_by_indicator(items, policy, units, repo.indicators(), repo.plans())
        if out.as_json:
            out.json(board)
            return 0
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
        out.table(
            ["规划", "领域", "指标", "目标", "最新值", "评判", "灯", "关联事项"], rows, [4, 12, 24, 14, 18, 6, 2, 20]
        )
    return 0


def cmd_undo(ctx: Context, args: argparse.Namespace) -> int:
    repo = ctx.repo(write=True)
    label = repo.redo() if args.command == "redo" else repo.undo()
    word = "已重做" if args.command == "redo" else "已撤销"
    if ctx.out.as_json:
        ctx.out.json({"done": args.command, "label": label})
    else:
        ctx.out.line(f"{word}：{label}")
    return 0


def cmd_history(ctx: Context, args: argparse.Namespace) -> int:
    repo = ctx.repo()
    entries = repo.history(args.limit)
    if ctx.out.as_json:
        if not args.full:
            entries = [
                {k: v for k, v in e.items() if k != "changes"} | {"records": len(e.get("changes", []))} for e in entries
            ]
        ctx.out.json(entries)
        return 0
    if not entries:
        ctx.out.line("还没有修改记录")
        return 0
    kinds = {"do": "", "undo": "↶ ", "redo": "↷ ", "restore": "⟲ ", "import": "⇩ "}
    for e in entries:
        at = str(e.get("at", ""))[:19].replace("T", " ")
        ctx.out.line(
            f"{e['seq']:>5}  {at}  {kinds.get(e.get('kind', ''), '')}{e.get('label', '')}"
            f"（{len(e.get('changes', []))}条记录）"
        )
    return 0


def cmd_backup(ctx: Context, args: argparse.Namespace) -> int:
    repo = ctx.repo(write=True, backup=False)  # the copy asked for, not a second start-up one
    target = repo.database.backup()
    if ctx.out.as_json:
        ctx.out.json({"backup": str(target)})
    else:
        ctx.out.line(f"已备份到：{target}")
    return 0


def cmd_restore(ctx: Context, args: argparse.Namespace) -> int:
    from store.storage.database import default_db_path, list_backups, read_data, restore_backup

    path = (ctx.db_path or default_db_path()).absolute()
    backups = list_backups(path)
    if args.list:
        if ctx.out.as_json:
            ctx.out.json([str(p) for p in backups])
        else:
            for index, p in enumerate(backups, start=1):
                ctx.out.line(f"{index:>3}  {p.name}  {p.stat().st_size}字节")
            if not backups:
                ctx.out.line("没有备份")
        return 0
    if args.file:
        source = Path(args.file).expanduser()
        if args.file.isdigit() and not source.exists():
            index = int(args.file)
            if not 1 <= index <= len(backups):
                raise ValidationError("file", f"没有第{index}个备份（共{len(backups)}个）")
            source = backups[index - 1]
        if not source.exists():
            raise ValidationError("file", f"找不到备份文件：{source}")
    else:
        usable = []
        for candidate in list_backups(path, restorable=True):
            try:
                read_data(candidate)
            except SupervisorError:
                continue
            usable.append(candidate)
            break
        if not usable:
            raise ValidationError("file", f"{path.parent / 'backups'} 中没有可用的备份")
        source = usable[0]
    saved = restore_backup(path, source)
    if ctx.out.as_json:
        ctx.out.json({"restored": str(source), "previous_saved_as": str(saved)})
    else:
        ctx.out.line(f"已用备份 {source.name} 恢复数据库：{path}")
        if saved != path:
            ctx.out.line(f"恢复前的文件已另存为：{saved}")
    return 0


def cmd_check(ctx: Context, args: argparse.Namespace) -> int:
    from store.storage.integrity import check

    report = check(ctx.repo())
    if ctx.out.as_json:
        ctx.out.json(report)
    else:
        c = report["counts"]
        ctx.out.line(f"数据库：{report['path']}（格式版本{report['schema_version']}）")
        ctx.out.line(
            f"单位{c['units']}个，会议{c['meetings']}次，事项{c['items']}项（承办{c['assignments']}条），"
            f"指标{c['indicators']}项，发文{c['dispatches']}件，修改记录{c['history']}条，备份{c['backups']}个"
        )
        if report["ok"]:
            ctx.out.line("检查通过，没有发现问题")
        for problem in report["problems"]:
            ctx.out.line(f"问题：{problem}")
    return 0 if report["ok"] else 1


def cmd_unit(ctx: Context, args: argparse.Namespace) -> int:
    if args.action == "add":
        repo = ctx.repo(write=True)
        unit = repo.add_unit(
            args.name,
            short=args.short or "",
            kind=args.kind,
            contact=args.contact or "",
            phone=args.phone or "",
            aliases=args.alias or [],
            initials=args.initials or [],
        )
        if ctx.out.as_json:
            ctx.out.json(unit)
        else:
            ctx.out.line(f"已新增单位：{unit['name']}（简拼 {'/'.join(unit['initials'])}）")
        return 0
    repo = ctx.repo()
    units = repo.units(include_inactive=True)
    if ctx.out.as_json:
        ctx.out.json(units)
        return 0
    rows = [
        [
            str(u["id"]),
            u["name"],
            u["short"],
            UNIT_KINDS.get(u["kind"], u["kind"]),
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
    if args.action == "add":
        repo = ctx.repo(write=True)
        from docx_templates.reader import read_speech

        text = read_speech(Path(args.source_file).expanduser()) if args.source_file else ""
        meeting = repo.add_meeting(args.title, args.date, kind=args.kind, source_text=text)
        if ctx.out.as_json:
            ctx.out.json(meeting)
        else:
            ctx.out.line(f"已新增会议 {meeting['id']}：{meeting['title']}（{dates.format_cn(meeting['date'])}）")
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
        repo = ctx.repo(write=True)
        m = repo.add_milestone(args.name, args.date)
        ctx.out.json(m) if ctx.out.as_json else ctx.out.line(
            f"已新增里程碑：{m['name']}（{dates.format_cn(m['date'])}）"
        )
        return 0
    if args.action == "remove":
        if not args.name or not str(args.name).isdigit():
            raise ValidationError("name", "请给出要删除的里程碑编号（milestone list 中的编号）")
        repo = ctx.repo(write=True)
        repo.remove_milestone(int(args.name))
        ctx.out.json({"removed": int(args.name)}) if ctx.out.as_json else ctx.out.line("已删除里程碑（可用 undo 撤销）")
        return 0
    repo = ctx.repo()
    today = repo.today
    cal = repo.calendar()
    rows = []
    data = []
    for m in repo.milestones():
        day = date.fromisoformat(m["date"])
        days = (day - today).days
        work = cal.workdays_between(today, day)
        data.append({**m, "days": days, "workdays": work, "warning": cal.warning(day)})
        phrase = f"还有{days}天（{work}个工作日）" if days >= 0 else f"已过{-days}天"
        rows.append([str(m["id"]), m["name"], dates.format_cn(m["date"]), phrase])
    if ctx.out.as_json:
        ctx.out.json(data)
    else:
        ctx.out.table(["编号", "里程碑", "日期", "倒计时"], rows, [4, 12, 16, 24])
    return 0


SETTING_KEYS = (
    "office_name",
    "office_short",
    "doc_prefix",
    "contact_person",
    "contact_phone",
    "operator",
    "yellow_days",
    "report_days",
    "cc",
    "rate_basis",
    "jump_threshold",
)


def cmd_settings(ctx: Context, args: argparse.Namespace) -> int:
    if args.key:
        if args.value is None:
            raise ValidationError("value", f"请给出 {args.key} 的新值")
        repo = ctx.repo(write=True)
        settings = repo.update_settings(**{args.key: args.value})
    else:
        settings = ctx.repo().settings()
    if ctx.out.as_json:
        ctx.out.json(settings)
        return 0
    labels = {
        "office_name": "办公室全称",
        "office_short": "办公室简称",
        "doc_prefix": "发文机关代字",
        "contact_person": "联系人",
        "contact_phone": "联系电话",
        "operator": "记录人",
        "yellow_days": "黄灯提前工作日数",
        "report_days": "反馈期限（工作日）",
        "cc": "抄送",
        "rate_basis": "达标率分母（all 全部指标 / numeric 有量化目标 / with_data 有数据）",
        "jump_threshold": "数据跳变提醒阈值（%）",
    }
    for key in SETTING_KEYS:
        ctx.out.line(f"{labels[key]}（{key}）：{settings[key]}")
    years = "、".join(sorted(settings["calendar"])) or "无"
    ctx.out.line(f"已录入放假安排的年份：{years}")
    return 0


def cmd_holidays(ctx: Context, args: argparse.Namespace) -> int:
    from store.calendar.workdays import package_covers

    if args.year and (args.off or args.work or args.clear):
        repo = ctx.repo(write=True)
        repo.set_year_calendar(
            args.year,
            dates.expand_days(args.off or [], args.year),
            dates.expand_days(args.work or [], args.year),
            replace=args.clear,
        )
        entry = repo.settings()["calendar"][str(args.year)]
        if ctx.out.as_json:
            ctx.out.json({"year": args.year, **entry})
        else:
            ctx.out.line(f"{args.year}年放假安排：放假{len(entry['holidays'])}天，调休上班{len(entry['workdays'])}天")
        return 0
    repo = ctx.repo()
    custom = repo.settings()["calendar"]
    today = repo.today
    years = sorted({today.year, today.year + 1, *(int(y) for y in custom)})
    data = []
    for y in years:
        source = (
            "办公室录入"
            if str(y) in custom
            else ("chinese-calendar" if package_covers(y) else "未录入（按周一至周五）")
        )
        data.append({"year": y, "source": source})
    if ctx.out.as_json:
        ctx.out.json(data)
    else:
        for d in data:
            ctx.out.line(f"{d['year']}年：{d['source']}")
    return 0


def guess_meeting_title(text: str, fallback: str) -> str:
    """The speech's first line when it reads like a title (在……会上的讲话, ……意见), else the file name."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if first and len(first) <= 60 and not first.endswith(("：", ":", "。")):
        return first
    return fallback


def cmd_import_speech(ctx: Context, args: argparse.Namespace) -> int:
    from store.exchange.speech import accept_drafts, analyse, known_digests

    path = Path(args.file).expanduser()
    from docx_templates.reader import read_speech

    text = read_speech(path)
    repo = ctx.repo(write=bool(args.yes))
    meeting_date = repo.parse_date(args.date, field="date").value if args.date else repo.today
    title = args.meeting_title or guess_meeting_title(text, path.stem)
    analysis = analyse(
        text,
        units=repo.units(),
        indicators=repo.indicators(),
        meeting_date=meeting_date,
        meeting_title=title,
        calendar=repo.calendar(),
        known_digests=known_digests(repo),
    )
    result = None
    if args.yes:
        result = accept_drafts(
            repo, analysis, meeting_title=title, meeting_date=meeting_date.isoformat(), source_text=text
        )
    if ctx.out.as_json:
        ctx.out.json({**analysis.as_json(), "saved": result})
        return 0
    out = ctx.out
    ready = sum(d.ready for d in analysis.drafts)
    out.line(f"讲话分析：共{len(analysis.drafts)}条草稿（可导入{ready}条，需处理{len(analysis.drafts) - ready}条）")
    out.line(f"会议：{title}（{dates.format_cn(meeting_date)}）")
    for warning in analysis.warnings:
        out.line(f"注意：{warning}")
    names = {i["id"]: i["name"] for i in repo.indicators()}
    for d in analysis.drafts:
        state = "可导入" if d.ready else "需处理"
        partners = f"  配合：{'、'.join(d.partners)}" if d.partners else ""
        due = dates.format_cn(d.due) if d.due else "（无）"
        note = f"（“{d.due_phrase}”）" if d.due_phrase else (f"（{d.due_note}）" if d.due_note else "")
        out.line("")
        out.line(f"{d.index:>2}. [{state}] 牵头：{d.lead or '（未识别）'}{partners}  期限：{due}{note}")
        out.line(f"    事项：{d.title}")
        out.line(f"    原文：{d.source}")
        if d.indicator_ids:
            out.line(f"    关联指标：{'、'.join(names.get(i, str(i)) for i in d.indicator_ids)}")
        for problem in d.problems:
            if problem != "没有期限":
                out.line(f"    问题：{problem}")
    if analysis.milestones:
        out.line("")
        for m in analysis.milestones:
            out.line(f"里程碑：{m.name} {dates.format_cn(m.date)}（“{m.phrase}”）")
    out.line("")
    if result:
        out.line(f"已导入{len(result['items'])}项：{'、'.join(result['items'])}（可用 supervisor undo 一次撤销）")
        if result["skipped"]:
            skipped = "、".join(str(i) for i in result["skipped"])
            out.line(f"未导入：第{skipped}条（需处理），可在工作台的讲话导入页修改后导入")
    else:
        out.line("以上为草稿，尚未保存。加 --yes 导入全部“可导入”的草稿（一次可撤销），或在工作台中逐条审核。")
    return 0


def cmd_tui(ctx: Context, args: argparse.Namespace) -> int:
    from tui.app import run

    return run(ctx.db_path, today=ctx.today)


# ------------------------------------------------------------------------------------------ parser


def build_parser() -> ChineseParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db", default=argparse.SUPPRESS, metavar="PATH", help="数据库文件（默认在用户数据目录，或 SUPERVISOR_DB）"
    )
    common.add_argument(
        "--today", default=argparse.SUPPRESS, metavar="DATE", help="把“今天”当作这一天（也可设 SUPERVISOR_TODAY）"
    )
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="输出 JSON（UTF-8）")

    parser = ChineseParser(
        prog="supervisor", description="督办台：会议督办事项的登记、亮灯、催办与发文。不带命令时打开工作台。"
    )
    parser.add_argument("--db", default=None, metavar="PATH", help="数据库文件（默认在用户数据目录，或 SUPERVISOR_DB）")
    parser.add_argument("--today", default=None, metavar="DATE", help="把“今天”当作这一天（也可设 SUPERVISOR_TODAY）")
    parser.add_argument("--json", action="store_true", default=False, help="输出 JSON（UTF-8）")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=ChineseParser)

    def command(name: str, func: Callable[[Context, argparse.Namespace], int], help_text: str) -> ChineseParser:
        p = sub.add_parser(name, parents=[common], help=help_text, description=help_text)
        p.set_defaults(func=func)
        return p  # type: ignore[return-value]

    command("demo", cmd_demo, "在空数据库中载入示例县的数据")

    p = command("add", cmd_add, "新增督办事项，输出事项编号")
    p.add_argument("--title", required=True, help="事项标题")
    p.add_argument("--lead", required=True, help="牵头单位（全称、简称、简拼，或“各成员单位”“各乡镇”）")
    p.add_argument("--partner", action="append", help="配合单位（可多次使用）")
    p.add_argument("--due", required=True, help=f"办理期限（{dates.ACCEPTED_FORMS}）")
    p.add_argument("--meeting", help="来源会议的编号或名称")
    p.add_argument("--indicator", action="append", type=int, help="关联指标编号（可多次使用）")
    p.add_argument("--key", action="store_true", help="重点事项")
    p.add_argument("--requirement", help="工作要求（较长的说明）")

    p = command("list", cmd_list, "列出督办事项")
    p.add_argument("--unit", help="只看这个单位承办的事项")
    p.add_argument("--status", help="状态：交办、签收、办理中、办结、退回、销号、暂缓、取消、逾期、逾期办结")
    p.add_argument("--light", help="灯色：red、yellow、green、blue（红、黄、绿、蓝）")
    p.add_argument("--meeting", help="会议编号或名称")
    p.add_argument("--key", action="store_true", help="只看重点事项")
    p.add_argument("--search", help="按标题、编号、单位名或简拼查找")
    p.add_argument(
        "--sort", choices=["urgency", "due", "number", "light"], default="urgency", help="排序（默认按紧迫度）"
    )

    p = command("show", cmd_show, "查看一项督办事项的全部情况")
    p.add_argument("item", help="事项编号，如 2023-07")

    def step(
        name: str,
        func: Callable[[Context, argparse.Namespace], int],
        help_text: str,
        *,
        unit_required: bool = False,
        many: bool = True,
    ) -> ChineseParser:
        p = command(name, func, help_text)
        p.add_argument("item", help="事项编号，如 2023-07")
        if many:
            p.add_argument(
                "--unit",
                action="append",
                required=unit_required,
                help="承办单位（可多次使用；不填则为该事项全部适用的承办单位）",
            )
        else:
            p.add_argument("--unit", required=True, help="承办单位")
        p.add_argument("--date", help="日期（默认今天）")
        return p

    p = step("ack", cmd_ack, "登记签收")
    p.add_argument("--note", help="备注")
    p = step("progress", cmd_progress, "登记进展反馈", many=False)
    p.add_argument("--text", required=True, help="进展情况")
    p.add_argument("--next", help="下一步打算")
    p.add_argument("--problems", help="存在问题")
    p.add_argument("--by", help="记录人（默认设置中的记录人）")
    p.add_argument("--source", help="来源：电话、书面材料、工作群……")
    p = step("remind", cmd_remind, "登记催办")
    p.add_argument("--method", default="通知", help="催办方式（默认：通知）")
    p.add_argument("--doc-number", help="催办通知的文号")
    p.add_argument("--note", help="备注")
    p = step("extend", cmd_extend, "登记延期申请，或批准/驳回待批的申请", many=False)
    p.add_argument("--to", help="新的期限")
    p.add_argument("--reason", help="延期理由")
    p.add_argument("--approved", action="store_true", help="申请时即已批准")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--approve", action="store_true", help="批准待批的延期申请")
    group.add_argument("--reject", action="store_true", help="驳回待批的延期申请")
    p = step("done", cmd_done, "登记办结（晚于期限自动记为逾期办结）")
    p.add_argument("--note", help="办结说明")
    p = step("reopen", cmd_reopen, "退回重办（已办结的），或恢复暂缓、取消的承办")
    p.add_argument("--reason", help="退回理由")
    p = step("close", cmd_close, "核实后销号")
    p.add_argument("--note", help="销号说明")
    p = step("cancel", cmd_cancel, "取消（或用 --suspend 暂缓）承办")
    p.add_argument("--reason", help="理由")
    p.add_argument("--suspend", action="store_true", help="暂缓而不是取消")

    p = command("board", cmd_board, "看板：各单位、按期限、按会议或按指标")
    p.add_argument(
        "--by", choices=["unit", "due", "meeting", "indicator"], default="unit", help="分组方式（默认 unit）"
    )

    command("undo", cmd_undo, "撤销上一步修改")
    command("redo", cmd_undo, "重做刚撤销的修改")
    p = command("history", cmd_history, "修改记录")
    p.add_argument("--limit", type=int, default=30, help="显示最近多少条（默认30，0为全部）")
    p.add_argument("--full", action="store_true", help="JSON 中包含修改前后的完整记录")
    command("backup", cmd_backup, "立即备份数据库")
    p = command("restore", cmd_restore, "从备份恢复（不填文件则用最新的可用备份）")
    p.add_argument("file", nargs="?", help="备份文件路径，或 restore --list 中的序号")
    p.add_argument("--list", action="store_true", help="列出备份")
    command("check", cmd_check, "检查数据库的完整性")

    p = command("unit", cmd_unit, "成员单位：list 列出，add 新增")
    p.add_argument("action", choices=["list", "add"], nargs="?", default="list")
    p.add_argument("name", nargs="?", help="单位全称（add 时）")
    p.add_argument("--short", help="简称")
    p.add_argument("--kind", choices=list(UNIT_KINDS), default="department", help="类别")
    p.add_argument("--contact", help="联系人")
    p.add_argument("--phone", help="联系电话")
    p.add_argument("--alias", action="append", help="别名（可多次使用）")
    p.add_argument("--initials", action="append", help="手工指定简拼（可多次使用）")

    p = command("meeting", cmd_meeting, "会议：list 列出，add 新增")
    p.add_argument("action", choices=["list", "add"], nargs="?", default="list")
    p.add_argument("--title", help="会议名称")
    p.add_argument("--date", help="会议日期")
    p.add_argument("--kind", default="部署会", help="会议类型")
    p.add_argument("--source-file", help="讲话稿文本文件（UTF-8）")

    p = command("milestone", cmd_milestone, "里程碑：list 倒计时，add 新增，remove 删除")
    p.add_argument("action", choices=["list", "add", "remove"], nargs="?", default="list")
    p.add_argument("name", nargs="?", help="名称（add）或编号（remove）")
    p.add_argument("--date", help="日期")

    p = command("settings", cmd_settings, "查看或修改设置：settings [KEY VALUE]")
    p.add_argument("key", nargs="?", choices=SETTING_KEYS)
    p.add_argument("value", nargs="?")

    p = command("holidays", cmd_holidays, "录入某年的放假和调休安排：holidays 2027 --off 日期.. --work 日期..")
    p.add_argument("year", nargs="?", type=int)
    p.add_argument("--off", nargs="+", help="放假日期，如 2027-01-01 2027-02-05..2027-02-11")
    p.add_argument("--work", nargs="+", help="调休上班日期")
    p.add_argument("--clear", action="store_true", help="先清空这一年已录入的安排")

    for name, func, help_text in (
        ("indicator", monitoring_cli.cmd_indicator, "指标：list 评判一览，show 口径卡片，add 新增"),
        ("reading", monitoring_cli.cmd_reading, "录入、审核、退回某指标某年的数据，或人工评判"),
        ("request", monitoring_cli.cmd_request, "数据报送：status 进度与催报清单，open 布置，remind 催报，close 结束"),
        ("verdicts", monitoring_cli.cmd_verdicts, "达标评判和达标率（注明分母），今年与上年对比"),
        ("evidence", monitoring_cli.cmd_evidence, "迎检佐证材料清单：list、add、set"),
        ("publicity", monitoring_cli.cmd_publicity, "宣传活动和知晓率调查登记：list、add"),
    ):
        p = command(name, func, help_text)
        monitoring_cli.add_arguments(name, p)

    p = command("import-speech", cmd_import_speech, "分析会议讲话稿，列出起草的督办事项（不保存；--yes 导入）")
    p.add_argument("file", help="讲话稿文件（.txt 或 .docx）")
    p.add_argument("--meeting-title", help="会议名称（默认取讲话第一行）")
    p.add_argument("--date", help="会议日期（默认今天；“10个工作日”等从这一天算起）")
    p.add_argument("--yes", action="store_true", help="导入全部可导入的草稿（一次可撤销）")

    p = command("notice", docs_cli.cmd_notice, "生成督办通知（Word，含回执），文号自动登记")
    docs_cli.add_arguments("notice", p)
    p = command("checklist", docs_cli.cmd_checklist, "生成检查清单（Word，横向表格）")
    docs_cli.add_arguments("checklist", p)
    p = command("bulletin", docs_cli.cmd_bulletin, "生成督查通报（Word，含排名表），文号自动登记")
    docs_cli.add_arguments("bulletin", p)
    p = command("evaluation", docs_cli.cmd_evaluation, "生成中期自评估报告框架（Word，数据已填入，含附件表格）")
    docs_cli.add_arguments("evaluation", p)
    p = command("self-assessment", docs_cli.cmd_self_assessment, "生成成员单位自评表（Word，横向表格）")
    docs_cli.add_arguments("self_assessment", p)
    p = command("chase-notice", docs_cli.cmd_data_chase, "生成监测数据催报通知（Word，含报送表），文号自动登记")
    docs_cli.add_arguments("data_chase", p)
    p = command("export", exchange_cli.cmd_export, "导出 Excel（xlsx）、CSV（每张表一个文件）或全库 JSON")
    exchange_cli.add_arguments("export", p)
    p = command("import", exchange_cli.cmd_import, "从 Excel、CSV 或全库 JSON 导入（默认只预览，加 --yes 才写入）")
    exchange_cli.add_arguments("import", p)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "command", None) == "history" and args.limit == 0:
        args.limit = None
    ctx: Context | None = None
    try:
        ctx = Context(args)
        if args.command is None:
            return cmd_tui(ctx, args)
        return int(args.func(ctx, args))
    except AmbiguousError as exc:
        sys.stderr.write(f"错误：{exc}\n")
        return 1
    except LockedError as exc:
        sys.stderr.write(f"错误：{exc}\n")
        return 3
    except SupervisorError as exc:
        sys.stderr.write(f"错误：{exc}\n")
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("已中断\n")
        return 130
    except BrokenPipeError:
        return 0
    except (OSError, ValueError, KeyError, TypeError) as exc:
        # Not expected: still one line, and a way forward, rather than a traceback.
        sys.stderr.write(
            f"错误：意外的问题（{type(exc).__name__}：{exc}）。请运行 supervisor check 检查数据，"
            "或把这一行发给技术人员\n"
        )
        return 1
    finally:
        if ctx is not None:
            ctx.close()


if __name__ == "__main__":
    sys.exit(main())

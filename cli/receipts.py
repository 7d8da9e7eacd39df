"""`supervisor receipt list | record | progress | import`: the 回执 each 督办通知 asks for.

list shows 未回 / 已回 / 逾期未回 (the report-by date in working days); record marks one 已回 and, with
--progress, turns its text into progress notes on the items the notice covered (one undo step); import reads
filled 回执 files (.docx notices the program issued, .xlsx 回执), previews them and, with --yes, records them all
as one undo step — or nothing when any file is refused.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cli.context import Context
from store.errors import ValidationError

if TYPE_CHECKING:  # imported where used at run time: `receipt list` does not load the readers
    from store.commands.receipts import ReceiptEntry, Recorded
    from store.exchange.receipt_forms import ReceiptDraft


def cmd_receipt(ctx: Context, args: argparse.Namespace) -> int:
    action = args.action
    if action == "list":
        return _list(ctx, args)
    if not args.target:
        what = "回执文件" if action == "import" else "督办通知的文号"
        raise ValidationError("target", f"请给出{what}")
    if action == "record":
        return _record(ctx, args)
    if action == "progress":
        return _progress(ctx, args)
    return _import(ctx, args)


def _list(ctx: Context, args: argparse.Namespace) -> int:
    from store.views.receipts import receipt_rows

    repo = ctx.repo()
    unit_id = repo.resolve_unit(args.unit)["id"] if args.unit else None
    rows = receipt_rows(
        repo.receipts(), repo.units_by_id(), repo.today, repo.calendar(), overdue_only=args.overdue, unit_id=unit_id
    )
    if ctx.out.as_json:
        ctx.out.json(rows)
        return 0
    if not rows:
        ctx.out.line("没有逾期未回的回执" if args.overdue else "还没有发出需要回执的督办通知")
        return 0
    table = [
        [r["doc_number"], r["unit"], r["issued_on"], r["report_by"], r["state"], "、".join(r["items"])] for r in rows
    ]
    ctx.out.table(["文号", "单位", "发文日期", "回执期限", "状态", "事项"], table, [24, 14, 10, 10, 26, 20])
    counts = {label: sum(1 for r in rows if r["status_label"] == label) for label in ("未回", "已回", "逾期未回")}
    ctx.out.line(f"共{len(rows)}份：" + "，".join(f"{k}{v}" for k, v in counts.items()))
    return 0


def _entry(args: argparse.Namespace) -> ReceiptEntry:
    from store.commands.receipts import ReceiptEntry

    return ReceiptEntry(
        received_on=args.date or "",
        contact=args.by or "",
        phone=args.phone or "",
        text=args.text or "",
        problems=args.problems or "",
        next_step=args.next_step or "",
    )


def _record(ctx: Context, args: argparse.Namespace) -> int:
    repo = ctx.repo(write=True)
    done = repo.record_receipt(" ".join(args.target), _entry(args), progress=args.progress)
    receipt = done.receipt
    if ctx.out.as_json:
        ctx.out.json({"receipt": receipt, "progress": done.progress, "skipped": done.skipped})
        return 0
    unit = repo.unit(receipt["unit_id"])["name"]
    ctx.out.line(f"已登记回执：{receipt['doc_number']}（{unit}，{receipt['received_on']}）")
    _told_progress(ctx, done.progress, done.skipped)
    has_text = receipt["text"] or receipt["problems"] or receipt["next_step"]
    if not done.progress and not done.skipped and has_text and receipt["items"]:
        ctx.out.line(
            f"回执内容可登记为事项{'、'.join(receipt['items'])}的进展：supervisor receipt progress "
            f'"{receipt["doc_number"]}"（或登记时加 --progress）'
        )
    ctx.out.line("如需撤销，运行 supervisor undo")
    return 0


def _told_progress(ctx: Context, progress: list[str], skipped: list[str]) -> None:
    if progress:
        ctx.out.line(f"已登记为进展：{'、'.join(progress)}")
    for note in skipped:
        ctx.out.line(f"未登记进展：{note}")


def _progress(ctx: Context, args: argparse.Namespace) -> int:
    done = ctx.repo(write=True).receipt_progress(" ".join(args.target))
    if ctx.out.as_json:
        ctx.out.json({"receipt": done.receipt, "progress": done.progress, "skipped": done.skipped})
        return 0
    _told_progress(ctx, done.progress, done.skipped)
    return 0


def _import(ctx: Context, args: argparse.Namespace) -> int:
    from docx_templates.receipt_files import read_receipt
    from store.exchange.receipt_forms import check_form

    repo = ctx.repo(write=bool(args.yes))
    drafts = [check_form(repo, read_receipt(Path(name).expanduser())) for name in args.target]
    numbers = [d.receipt["doc_number"] for d in drafts]
    if len(set(numbers)) < len(numbers):
        raise ValidationError("file", "同一份通知的回执出现了两次，请只导入一份")
    results = []
    if args.yes:
        label = f"导入回执 {len(drafts)} 份" if len(drafts) > 1 else f"导入回执 {numbers[0]}"
        with repo.transaction(label, "receipt import"):
            results = [repo.record_receipt(d.receipt["doc_number"], d.entry, progress=True) for d in drafts]
    if ctx.out.as_json:
        ctx.out.json([_draft_json(d, results[n] if results else None) for n, d in enumerate(drafts)])
        return 0
    for n, draft in enumerate(drafts):
        _preview(ctx, draft)
        if results:
            _told_progress(ctx, results[n].progress, results[n].skipped)
    if args.yes:
        ctx.out.line(f"已导入{len(drafts)}份回执（一次可撤销：supervisor undo）")
    else:
        ctx.out.line("以上为预览，未写入。确认无误后加 --yes 导入（一次可撤销）")
    return 0


def _preview(ctx: Context, draft: ReceiptDraft) -> None:
    e = draft.entry
    out = ctx.out
    out.line(f"{draft.file}：{draft.receipt['doc_number']}  {draft.unit['name']}  填报日期 {e.received_on}")
    out.line(f"  联系人：{e.contact or '（未填）'}  联系电话：{e.phone or '（未填）'}")
    for label, text in (("办理情况", e.text), ("存在问题", e.problems), ("下一步打算", e.next_step)):
        out.line(f"  {label}：{text or '（未填）'}")
    out.line(f"  将登记为进展的事项：{'、'.join(draft.receipt['items'])}")
    for note in draft.notes:
        out.line(f"  注意：{note}")


def _draft_json(draft: ReceiptDraft, done: Recorded | None) -> dict[str, Any]:
    e = draft.entry
    return {
        "file": draft.file,
        "doc_number": draft.receipt["doc_number"],
        "unit": draft.unit["name"],
        "received_on": e.received_on,
        "contact": e.contact,
        "phone": e.phone,
        "text": e.text,
        "problems": e.problems,
        "next_step": e.next_step,
        "items": draft.receipt["items"],
        "notes": draft.notes,
        "recorded": done is not None,
        "progress": done.progress if done else [],
    }

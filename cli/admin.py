"""Command handlers that look after the database: demo, undo, redo, history, backup, restore and check."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from pathlib import Path

from cli.context import Context
from store.errors import SupervisorError, ValidationError

HISTORY_KINDS = {"do": "", "undo": "↶ ", "redo": "↷ ", "restore": "⟲ ", "import": "⇩ ", "complete": "✓ "}


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
        db = f' --db "{args.db}"' if args.db else ""  # the file named on this command line, not the default one
        ctx.out.line(f"运行 supervisor{db} board 查看各单位办理情况，或直接运行 supervisor{db} 打开工作台")
    return 0


def cmd_undo(ctx: Context, args: argparse.Namespace) -> int:
    """undo and redo: one step back or forward in the history."""
    repo = ctx.repo(write=True)
    label = repo.redo() if args.command == "redo" else repo.undo()
    word = "已重做" if args.command == "redo" else "已撤销"
    ctx.out.result({"done": args.command, "label": label}, f"{word}：{label}")
    return 0


def _brief(entry: Mapping[str, object]) -> dict[str, object]:
    """A history entry without its records (their count instead): what `history --json` prints."""
    changes = entry.get("changes")
    return {k: v for k, v in entry.items() if k != "changes"} | {
        "records": len(changes) if isinstance(changes, list) else 0
    }


def cmd_history(ctx: Context, args: argparse.Namespace) -> int:
    entries = ctx.repo().history(args.limit or None)  # --limit 0: everything
    if ctx.out.as_json:
        if args.full:
            ctx.out.json(entries)
        else:
            ctx.out.json([_brief(e) for e in entries])
        return 0
    if not entries:
        ctx.out.line("还没有修改记录")
        return 0
    for e in entries:
        at = str(e.get("at", ""))[:19].replace("T", " ")
        ctx.out.line(
            f"{e['seq']:>5}  {at}  {HISTORY_KINDS.get(e.get('kind', ''), '')}{e.get('label', '')}"
            f"（{len(e.get('changes', []))}条记录）"
        )
    return 0


def cmd_backup(ctx: Context, args: argparse.Namespace) -> int:
    repo = ctx.repo(write=True, backup=False)  # the copy asked for, not a second start-up one
    target = repo.database.backup()
    ctx.out.result({"backup": str(target)}, f"已备份到：{target}")
    return 0


def _newest_good_backup(path: Path) -> Path | None:
    """The backup a plain `restore` takes: the newest ordinary one that reads (never a copy set aside by a restore)."""
    from store.storage.database import list_backups, read_data

    for candidate in list_backups(path, restorable=True):
        try:
            read_data(candidate)
        except SupervisorError:
            continue
        return candidate
    return None


def _backup_to_restore(path: Path, backups: list[Path], choice: str | None) -> Path:
    """The file named (a path, or a number from restore --list), else the newest backup that reads."""
    if choice:
        source = Path(choice).expanduser()
        if choice.isdigit() and not source.exists():
            index = int(choice)
            if not 1 <= index <= len(backups):
                raise ValidationError("file", f"没有第{index}个备份（共{len(backups)}个）")
            source = backups[index - 1]
        if not source.exists():
            raise ValidationError("file", f"找不到备份文件：{source}")
        return source
    newest = _newest_good_backup(path)
    if newest is not None:
        return newest
    if backups:  # only copies a restore set aside are left: the person picks one by its number
        raise ValidationError(
            "file",
            f"{path.parent / 'backups'} 中没有可用的定期备份；用 supervisor restore --list 查看恢复前另存的副本，"
            "再用 supervisor restore 序号 恢复其中一个",
        )
    raise ValidationError("file", f"{path.parent / 'backups'} 中没有可用的备份")


def _list_backups(ctx: Context, path: Path, backups: list[Path]) -> None:
    """Numbered for `restore 序号`, with the time taken, which one a plain `restore` takes and which were set aside."""
    from store.storage.backups import backup_time, is_set_aside

    if ctx.out.as_json:
        ctx.out.json([str(p) for p in backups])
        return
    if not backups:
        ctx.out.line("没有备份")
        return
    default = _newest_good_backup(path)
    for index, p in enumerate(backups, start=1):
        if p == default:
            note = "  ← 不写序号时 restore 用这个"
        elif is_set_aside(p):
            note = "  （恢复前另存的副本）"
        else:
            note = ""
        ctx.out.line(f"{index:>3}  {backup_time(p) or '时间不明'}  {p.name}  {p.stat().st_size:,}字节{note}")
    ctx.out.line("恢复其中一个：supervisor restore 序号（会先另存当前文件，并重放该备份之后的修改）")


def cmd_restore(ctx: Context, args: argparse.Namespace) -> int:
    """The newest good backup (or the one named), then the history log replayed after it (store.storage.restore)."""
    from store.storage.database import list_backups
    from store.storage.restore import restore

    path = ctx.db_path.absolute()
    backups = list_backups(path)
    if args.list:
        _list_backups(ctx, path, backups)
        return 0
    source = _backup_to_restore(path, backups, args.file)
    result = restore(path, source, replay=not args.no_replay)
    if ctx.out.as_json:
        ctx.out.json(result.as_json())
        return 0
    ctx.out.line(f"已用备份 {source.name} 恢复数据库：{path}")
    text = result.summary() if not args.no_replay else "按要求未重放备份之后的修改"
    if args.no_replay and result.put_back:
        text += f"；{result.put_back}条记录放回了年度台账"
    ctx.out.line(text)
    if result.saved is not None:
        ctx.out.line(f"恢复前的文件已另存为：{result.saved}")
    return 0


def cmd_check(ctx: Context, args: argparse.Namespace) -> int:
    from store.errors import StorageError
    from store.storage.integrity import check, unopened_problems

    try:
        repo = ctx.repo()
    except StorageError:
        problems = unopened_problems(ctx.db_path)
        if not problems:
            raise
        if ctx.out.as_json:
            ctx.out.json({"ok": False, "opened": False, "problems": problems, "path": str(ctx.db_path)})
            return 1
        ctx.out.line(f"数据库：{ctx.db_path}（不能打开，文件未被改动；改正下面各处后再运行 supervisor check）")
        for problem in problems:
            ctx.out.line(f"问题：{problem}")
        return 1
    report = check(repo)
    if ctx.out.as_json:
        ctx.out.json(report)
        return 0 if report["ok"] else 1
    c = report["counts"]
    ctx.out.line(f"数据库：{report['path']}（格式版本{report['schema_version']}）")
    ctx.out.line(
        f"单位{c['units']}个，会议{c['meetings']}次，事项{c['items']}项（承办{c['assignments']}条），"
        f"指标{c['indicators']}项，发文{c['dispatches']}件，修改记录{c['history']}条，备份{c['backups']}个"
    )
    if c["archives"]:
        years = c["archives"]
        ctx.out.line(
            f"年度台账{len(years)}个（{years[0]}—{years[-1]}年）："
            f"事项{c['archived_items']}项，发文{c['archived_dispatches']}件"
        )
    if report["ok"]:
        ctx.out.line("检查通过，没有发现问题")
    for problem in report["problems"]:
        ctx.out.line(f"问题：{problem}")
    for note in report["notes"]:
        ctx.out.line(f"说明：{note}")
    return 0 if report["ok"] else 1

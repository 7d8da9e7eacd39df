"""Options of the office's chasing commands: 回执 (`receipt`) and short 催办 messages (`message`);
cli/parser.py puts them in the table of commands."""

from __future__ import annotations

import argparse

from cli.options import Command


def receipt_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", nargs="?", choices=["list", "record", "progress", "import"], default="list")
    p.add_argument(
        "target",
        nargs="*",
        metavar="文号或文件",
        help="record/progress：督办通知的文号；import：回执文件（.docx 或 .xlsx，可多个）",
    )
    p.add_argument("--overdue", action="store_true", help="只列逾期未回的回执（list）")
    p.add_argument("--unit", help="只列这个单位的回执（list）")
    p.add_argument("--date", help="回执收到的日期（record；默认今天）")
    p.add_argument("--by", help="回执的联系人（record）")
    p.add_argument("--phone", help="联系电话（record）")
    p.add_argument("--text", help="办理情况（record）")
    p.add_argument("--problems", help="存在问题（record）")
    p.add_argument("--next", dest="next_step", metavar="文字", help="下一步打算（record）")
    p.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="同时把回执内容登记为所列事项的进展（一次可撤销）；默认回执写了内容就登记，--no-progress 不登记",
    )
    p.add_argument("--yes", action="store_true", help="import：确认导入（不加只预览，不写入）")


def message_options(p: argparse.ArgumentParser) -> None:
    from cli.words import add_choice
    from store.records.choices import NOTICE_SCOPE

    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--unit", action="append", metavar="单位", help="单位（可多次使用）")
    group.add_argument("--all", action="store_true", help="所有有红灯或黄灯事项、或回执逾期未回的单位")
    p.add_argument("--sms", action="store_true", help="短信格式（不超过70字）")
    add_choice(p, "--scope", NOTICE_SCOPE, "列哪些事项", default="red-yellow")
    p.add_argument("--sent", choices=["微信", "短信"], help="已经发出：为所列事项登记一次催办（方式微信或短信）")


OFFICE = (
    Command(
        "receipt",
        "cli.receipts:cmd_receipt",
        "回执：list 未回/已回/逾期未回，record 登记，progress 转为进展，import 读入填好的回执文件",
        receipt_options,
    ),
    Command(
        "message", "cli.messages:cmd_message", "生成简短的催办消息（微信工作群或短信），可登记为催办", message_options
    ),
)

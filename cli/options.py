"""Every command of the command line: its name, its handler ("module:function") and its options.

The option functions import the constant tables they offer as choices only when they run, that is when their
command is parsed or its help is shown; building the parser itself imports nothing from store/.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from functools import partial

Options = Callable[[argparse.ArgumentParser], None]
ITEM_HELP = "事项编号，如 2023-07"
YEAR_HELP = "年份，如 2019、2019-2021 或 全部：连同年度台账（已归档的往年事项）一起列出"
CC_HELP = "抄送机关（默认：委员会主任、副主任）；空字符串表示不抄送"


class Command:
    """A command: its name, its handler as "module:function", its help, and what adds its options."""

    __slots__ = ("fill", "handler", "help", "name")

    def __init__(self, name: str, handler: str, help: str, fill: Options | None = None) -> None:
        self.name = name
        self.handler = handler
        self.help = help
        self.fill = fill


# ------------------------------------------------------------------ items


def add_options(p: argparse.ArgumentParser) -> None:
    from store.calendar.dates import ACCEPTED_FORMS

    p.add_argument("--title", required=True, help="事项标题")
    p.add_argument("--lead", required=True, help="牵头单位（全称、简称、简拼，或“各成员单位”“各乡镇”）")
    p.add_argument("--partner", action="append", help="配合单位（可多次使用）")
    p.add_argument("--due", required=True, help=f"办理期限（{ACCEPTED_FORMS}）")
    p.add_argument("--meeting", help="来源会议的编号或名称")
    p.add_argument("--indicator", action="append", type=int, help="关联指标编号（可多次使用）")
    p.add_argument("--key", action="store_true", help="重点事项")
    p.add_argument("--requirement", help="工作要求（较长的说明）")


def list_options(p: argparse.ArgumentParser) -> None:
    from cli.words import add_choice
    from store.records.choices import LIGHT, LIST_SORT, STATUS_FILTER

    p.add_argument("--unit", help="只看这个单位承办的事项")
    add_choice(p, "--status", STATUS_FILTER, "只看这种状态（逾期：过了期限未办结）")
    add_choice(p, "--light", LIGHT, "只看这种灯色")
    p.add_argument("--meeting", help="会议编号或名称")
    p.add_argument("--key", action="store_true", help="只看重点事项")
    p.add_argument("--search", help="按标题、编号、单位名或简拼查找")
    add_choice(p, "--sort", LIST_SORT, "排序（灯色：再按期限，同日到期的重点事项在前，与工作台相同）", default="light")
    p.add_argument("--year", help=YEAR_HELP)
    p.add_argument("--wide", action="store_true", help="标题和单位不截短（默认按终端宽度截短，输出到文件时按 100 列）")


def show_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("item", help=ITEM_HELP)


def step_options(p: argparse.ArgumentParser, *, many: bool = True, extra: Options | None = None) -> None:
    """A step of an item's life: the item, its unit(s), the day; then the step's own options."""
    show_options(p)
    if many:
        p.add_argument("--unit", action="append", help="承办单位（可多次使用；不填则为该事项全部适用的承办单位）")
    else:
        p.add_argument("--unit", required=True, help="承办单位")
    p.add_argument("--date", help="日期（默认今天）")
    if extra is not None:
        extra(p)


def _note(p: argparse.ArgumentParser, text: str = "备注") -> None:
    p.add_argument("--note", default="", help=text)


def _reason(p: argparse.ArgumentParser, text: str = "理由") -> None:
    p.add_argument("--reason", default="", help=text)


def _progress(p: argparse.ArgumentParser) -> None:
    p.add_argument("--text", required=True, help="进展情况")
    p.add_argument("--next", dest="next_step", default="", metavar="文字", help="下一步打算")
    p.add_argument("--problems", default="", help="存在问题")
    p.add_argument("--by", dest="recorded_by", default="", metavar="姓名", help="记录人（默认设置中的记录人）")
    p.add_argument("--source", default="", help="来源：电话、书面材料、工作群……")


def _remind(p: argparse.ArgumentParser) -> None:
    p.add_argument("--method", default="通知", help="催办方式（默认：通知）")
    p.add_argument("--doc-number", default="", help="催办通知的文号")
    _note(p)


def _extend(p: argparse.ArgumentParser) -> None:
    p.add_argument("--to", help="新的期限")
    p.add_argument("--reason", help="延期理由")
    p.add_argument("--approved", action="store_true", help="申请时即已批准")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--approve", action="store_true", help="批准待批的延期申请")
    group.add_argument("--reject", action="store_true", help="驳回待批的延期申请")


def _cancel(p: argparse.ArgumentParser) -> None:
    _reason(p)
    p.add_argument("--suspend", action="store_true", help="暂缓而不是取消")


def board_options(p: argparse.ArgumentParser) -> None:
    from cli.words import add_choice
    from store.records.choices import BOARD_BY

    add_choice(p, "--by", BOARD_BY, "分组方式", default="unit")
    p.add_argument("--year", help=YEAR_HELP)


def archive_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "year", nargs="?", type=int, help="把这一年已办结的事项和发文归入该年的年度台账（不填：列出年度台账）"
    )
    p.add_argument("--back", metavar="编号", help="把一项已归档的事项取回工作台账（例如要重新办理）")


# ------------------------------------------------------------------ administration


def history_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--limit", type=int, default=30, help="显示最近多少条（默认30，0为全部）")
    p.add_argument("--full", action="store_true", help="JSON 中包含修改前后的完整记录")


def restore_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", nargs="?", help="备份文件路径，或 restore --list 中的序号")
    p.add_argument("--list", action="store_true", help="列出备份")
    p.add_argument(
        "--no-replay", action="store_true", help="只恢复备份本身，不重放备份之后的修改记录（回到备份时的样子）"
    )


# ------------------------------------------------------------------ units, meetings, settings


def unit_options(p: argparse.ArgumentParser) -> None:
    from cli.words import add_choice
    from store.records.choices import UNIT_KIND

    p.add_argument("action", choices=["list", "add"], nargs="?", default="list")
    p.add_argument("name", nargs="?", help="单位全称（add 时）")
    p.add_argument("--short", default="", help="简称")
    add_choice(p, "--kind", UNIT_KIND, "类别", default="department")
    p.add_argument("--contact", default="", help="联系人")
    p.add_argument("--phone", default="", help="联系电话")
    p.add_argument("--alias", dest="aliases", action="append", default=[], metavar="别名", help="别名（可多次使用）")
    p.add_argument("--initials", action="append", default=[], help="手工指定简拼（可多次使用）")


def meeting_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", choices=["list", "add", "carry"], nargs="?", default="list")
    p.add_argument("--title", help="会议名称")
    p.add_argument("--date", help="会议日期")
    p.add_argument("--kind", default="部署会", help="会议类型")
    p.add_argument("--source-file", help="讲话稿文本文件（UTF-8）")
    p.add_argument("--from", dest="source", metavar="会议", help="carry：把这次会议的未办结事项（会议编号或名称）")
    p.add_argument("--to", dest="target", metavar="会议", help="carry：结转到这次会议")
    p.add_argument("--dry-run", action="store_true", help="carry：只列出将要结转的事项，不写入")


def milestone_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", choices=["list", "add", "remove"], nargs="?", default="list")
    p.add_argument("name", nargs="?", help="名称（add）或编号（remove）")
    p.add_argument("--date", help="日期")


def settings_options(p: argparse.ArgumentParser) -> None:
    from store.records.settings_table import SETTING_KEYS

    p.add_argument("key", nargs="?", choices=SETTING_KEYS)
    p.add_argument("value", nargs="?")


def holidays_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("year", nargs="?", type=int)
    p.add_argument("--off", nargs="+", help="放假日期，如 2027-01-01 2027-02-05..2027-02-11")
    p.add_argument("--work", nargs="+", help="调休上班日期")
    p.add_argument("--clear", action="store_true", help="先清空这一年已录入的安排")


# ------------------------------------------------------------------ speech, export and import


def speech_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="讲话、纪要或分工方案文件（.txt、.docx 或 .xlsx）")
    p.add_argument("--meeting-title", help="会议名称（默认取文本的标题行）")
    p.add_argument("--date", help="会议日期（默认今天；“10个工作日”等从这一天算起）")
    p.add_argument("--yes", action="store_true", help="导入全部可导入的草稿（一次可撤销）")


def export_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--format",
        choices=["xlsx", "csv", "json"],
        help="xlsx：一个 Excel 文件，每类数据一张表；csv：--out 为文件夹，每张表一个“表名.csv”"
        "（UTF-8 带 BOM，Excel 可直接打开）；json：全库数据，可原样导入空数据库。不填则按 --out 的扩展名判断",
    )
    p.add_argument(
        "--out", required=True, metavar="路径", help="输出文件（xlsx、json）或文件夹（csv）；已有的同名文件会被替换"
    )


def import_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "path", metavar="路径", help="要导入的 .xlsx、.csv（或放 .csv 的文件夹）、.json（全库数据，只能导入空数据库）"
    )
    group = p.add_mutually_exclusive_group()
    group.add_argument(
        "--dry-run", action="store_true", help="只检查并列出将要做的改动，不写入（不加 --yes 时也是如此）"
    )
    group.add_argument(
        "--yes", action="store_true", help="确认导入：全部行无误时作为一步写入，可用 supervisor undo 撤销"
    )


# ------------------------------------------------------------------ the commands, in the order of --help

_ITEMS = "cli.items:"
_ADMIN = "cli.admin:"
_UNITS = "cli.units_meetings:"
CORE = (
    Command("demo", _ADMIN + "cmd_demo", "在空数据库中载入示例县的数据"),
    Command("add", _ITEMS + "cmd_add", "新增督办事项，输出事项编号", add_options),
    Command("list", _ITEMS + "cmd_list", "列出督办事项", list_options),
    Command("show", _ITEMS + "cmd_show", "查看一项督办事项的全部情况", show_options),
    Command("ack", _ITEMS + "cmd_ack", "登记签收", partial(step_options, extra=_note)),
    Command("progress", _ITEMS + "cmd_progress", "登记进展反馈", partial(step_options, many=False, extra=_progress)),
    Command("remind", _ITEMS + "cmd_remind", "登记催办", partial(step_options, extra=_remind)),
    Command(
        "extend",
        _ITEMS + "cmd_extend",
        "登记延期申请，或批准/驳回待批的申请",
        partial(step_options, many=False, extra=_extend),
    ),
    Command(
        "done",
        _ITEMS + "cmd_done",
        "登记办结（晚于期限自动记为逾期办结）",
        partial(step_options, extra=partial(_note, text="办结说明")),
    ),
    Command(
        "reopen",
        _ITEMS + "cmd_reopen",
        "退回重办（已办结的），或恢复暂缓、取消的承办",
        partial(step_options, extra=partial(_reason, text="退回理由")),
    ),
    Command("close", _ITEMS + "cmd_close", "核实后销号", partial(step_options, extra=partial(_note, text="销号说明"))),
    Command("cancel", _ITEMS + "cmd_cancel", "取消（或用 --suspend 暂缓）承办", partial(step_options, extra=_cancel)),
    Command("board", _ITEMS + "cmd_board", "看板：各单位、按期限、按会议或按指标", board_options),
    Command("undo", _ADMIN + "cmd_undo", "撤销上一步修改"),
    Command("redo", _ADMIN + "cmd_undo", "重做刚撤销的修改"),
    Command("history", _ADMIN + "cmd_history", "修改记录", history_options),
    Command("backup", _ADMIN + "cmd_backup", "立即备份数据库"),
    Command(
        "restore",
        _ADMIN + "cmd_restore",
        "从备份恢复并重放其后的修改记录（不填文件则用最新的可用备份）",
        restore_options,
    ),
    Command("check", _ADMIN + "cmd_check", "检查数据库的完整性"),
    Command(
        "archive", "cli.archive:cmd_archive", "年度台账：把往年已办结的事项归档（可撤销），或取回一项", archive_options
    ),
    Command("unit", _UNITS + "cmd_unit", "成员单位：list 列出，add 新增", unit_options),
    Command("meeting", _UNITS + "cmd_meeting", "会议：list 列出，add 新增，carry 回头看结转", meeting_options),
    Command("milestone", _UNITS + "cmd_milestone", "里程碑：list 倒计时，add 新增，remove 删除", milestone_options),
    Command("settings", _UNITS + "cmd_settings", "查看或修改设置：settings [KEY VALUE]", settings_options),
    Command(
        "holidays",
        _UNITS + "cmd_holidays",
        "录入某年的放假和调休安排：holidays 2027 --off 日期.. --work 日期..",
        holidays_options,
    ),
)
IMPORT_SPEECH = Command(
    "import-speech",
    "cli.exchange:cmd_import_speech",
    "分析会议讲话稿，列出起草的督办事项（不保存；--yes 导入）",
    speech_options,
)
EXCHANGE = (
    Command(
        "export", "cli.exchange:cmd_export", "导出 Excel（xlsx）、CSV（每张表一个文件）或全库 JSON", export_options
    ),
    Command(
        "import",
        "cli.exchange:cmd_import",
        "从 Excel、CSV 或全库 JSON 导入（默认只预览，加 --yes 才写入）",
        import_options,
    ),
)

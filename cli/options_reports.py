"""Options of the monitoring commands (indicators, readings, data requests, verdicts, evidence, publicity) and
of the document commands; cli/options.py puts them in the table of commands."""

from __future__ import annotations

import argparse
from functools import partial

from cli.options import CC_HELP, Command

# ------------------------------------------------------------------ monitoring


def indicator_options(p: argparse.ArgumentParser) -> None:
    from cli.words import add_choice
    from store.records.choices import DIRECTION, MODE

    p.add_argument("action", nargs="?", choices=["list", "show", "add", "edit"], default="list")
    p.add_argument("name", nargs="?", help="指标编号、编码或名称（show、add）")
    p.add_argument("--year", type=int, help="数据年份（默认：数据已到报送期限的最近年度）")
    p.add_argument("--plan", help="规划（妇女、儿童）")
    p.add_argument("--domain", help="领域")
    p.add_argument("--code", help="指标编码")
    p.add_argument("--measure", help="计量单位（新增时默认 %%）")
    add_choice(p, "--direction", DIRECTION, "方向（新增时默认≥；也可写 >=、<=）")
    p.add_argument("--target", type=float, help="终期目标值")
    p.add_argument("--target-year", type=int, help="目标年份（默认：所属规划的结束年份）")
    p.add_argument("--decimals", type=int, help="监测值保留几位小数（0—4；默认比率类1位、其他0位）")
    p.add_argument("--midterm-target", type=float, help="中期目标值")
    p.add_argument("--target-text", help="目标说明（定性指标）")
    p.add_argument("--baseline", type=float, help="基线值")
    p.add_argument("--baseline-year", type=int, help="基线年份（新增时默认2020）")
    p.add_argument("--lead", action="append", help="牵头单位")
    p.add_argument("--partner", action="append", help="配合单位")
    p.add_argument("--source", help="数据来源")
    p.add_argument("--definition", help="口径与计算方法")
    p.add_argument("--period-start-month", type=int, help="统计周期起始月（卫生数据10；新增时默认1）")
    p.add_argument("--reported-up", action="store_true", help="同时向上级主管部门报送")
    add_choice(p, "--mode", MODE, "统计方式（新增时默认水平值）")
    p.add_argument("--key", action="store_true", help="重点难点指标")


def reading_options(p: argparse.ArgumentParser) -> None:
    from cli.words import add_choice
    from store.records.choices import NO_DATA_REASON, READING_STATUS, VERDICT

    p.add_argument("indicator", help="指标编号、编码或名称")
    p.add_argument("year", type=int, help="数据年份")
    p.add_argument("--value", help="监测值")
    add_choice(p, "--no-data", NO_DATA_REASON, "无数据原因")
    p.add_argument("--numerator", help="分子")
    p.add_argument("--denominator", help="分母")
    p.add_argument("--caliber-changed", action="store_true", help="口径有变化")
    p.add_argument("--by", help="报送人或审核人")
    p.add_argument("--date", help="报送日期（默认今天）")
    add_choice(p, "--status", READING_STATUS, "报送状态", default="已报")
    p.add_argument("--note", help="说明")
    p.add_argument(
        "--confirm",
        action="store_true",
        help="确认变化较大的数值（%%类指标与上年相比超过5个百分点、其他超过20%%，或比基线差；阈值见 settings），"
        "须用 --reason 写明这次变化的原因",
    )
    p.add_argument(
        "--replace", action="store_true", help="这一年已有数值时，改为新填的数值（不加则拒绝，以免年份写错覆盖数据）"
    )
    p.add_argument("--accept", action="store_true", help="审核通过")
    p.add_argument("--send-back", action="store_true", help="退回（用 --note 说明原因）")
    p.add_argument("--verdict", help=f"人工评判：{VERDICT.listed()}；“取消”清除")
    p.add_argument("--reason", help="人工评判的理由；或与 --confirm 一起：这次变化的原因")


def request_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", nargs="?", choices=["status", "open", "remind", "close"], default="status")
    p.add_argument("year", nargs="?", type=int, help="数据年份")
    p.add_argument("--due", help="报送截止日期")
    from store.commands.requests import CADENCE

    for key, flag in (("remind_before", "--remind-before"), ("remind_every", "--remind-every")):
        spec = CADENCE[key]
        p.add_argument(flag, help=f"{spec.label}（{spec.low}—{spec.high}，默认{spec.default}）")
    p.add_argument("--unit", action="append", help="单位（open：报送范围；remind：催报对象）")
    p.add_argument("--method", default="电话", help="催报方式")
    p.add_argument("--note", help="备注")


def plan_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", nargs="?", choices=["list", "set"], default="list")
    p.add_argument("key", nargs="?", help="规划简称（妇女、儿童；set）")
    p.add_argument("--name", help="规划全称，如：示范县妇女发展规划（2021—2030年）")
    p.add_argument("--start", dest="start_year", type=int, help="起始年份")
    p.add_argument("--end", dest="end_year", type=int, help="结束年份（指标的目标年份随之调整）")
    p.add_argument("--midterm", dest="midterm_year", type=int, help="中期评估年份（默认起止年份的中间）")
    p.add_argument("--domain", action="append", help="领域（可多次使用，按顺序列出规划的全部领域）")


def verdicts_options(p: argparse.ArgumentParser) -> None:
    from cli.words import add_choice
    from store.records.choices import BASIS, VERDICTS_BY

    p.add_argument("--year", type=int, help="数据年份（默认：数据已到报送期限的最近年度）")
    add_choice(p, "--by", VERDICTS_BY, "按规划、领域或牵头单位汇总", default="plan")
    add_choice(p, "--basis", BASIS, "达标率分母（默认按设置）")


def evidence_options(p: argparse.ArgumentParser) -> None:
    from cli.words import add_choice
    from store.records.choices import EVIDENCE_CATEGORY, EVIDENCE_STATUS

    p.add_argument("action", nargs="?", choices=["list", "add", "set"], default="list")
    p.add_argument("id", nargs="?", help="材料编号（set）")
    add_choice(p, "--category", EVIDENCE_CATEGORY, "类别")
    p.add_argument("--title", help="材料名称")
    p.add_argument("--owner", help="负责单位")
    p.add_argument("--due", help="期限")
    add_choice(p, "--status", EVIDENCE_STATUS, "状态")
    p.add_argument("--file", dest="file_ref", metavar="位置", help="文件位置或文号")
    p.add_argument("--note", help="备注")


def publicity_options(p: argparse.ArgumentParser) -> None:
    from cli.words import add_choice
    from store.records.choices import PUBLICITY_KIND

    p.add_argument("action", nargs="?", choices=["list", "add"], default="list")
    add_choice(p, "--kind", PUBLICITY_KIND, "宣传活动或知晓率调查", default="activity")
    p.add_argument("--title", help="名称")
    p.add_argument("--date", help="日期")
    p.add_argument("--unit", help="组织单位")
    p.add_argument("--reach", help="覆盖人数")
    p.add_argument("--sample", dest="sample_size", metavar="人数", help="调查样本量")
    p.add_argument("--awareness", help="知晓率（%%）")
    p.add_argument("--note", default="", help="备注")


_MONITORING = "cli.monitoring:"
MONITORING = (
    Command(
        "plan",
        "cli.plans:cmd_plan",
        "规划期限：list 列出规划和评估年度，set 设置起止年份、中期年份和领域",
        plan_options,
    ),
    Command(
        "indicator", _MONITORING + "cmd_indicator", "指标：list 评判一览，show 口径卡片，add 新增", indicator_options
    ),
    Command("reading", _MONITORING + "cmd_reading", "录入、审核、退回某指标某年的数据，或人工评判", reading_options),
    Command(
        "request",
        _MONITORING + "cmd_request",
        "数据报送：status 进度与催报清单，open 布置，remind 催报，close 结束",
        request_options,
    ),
    Command("verdicts", _MONITORING + "cmd_verdicts", "达标评判和达标率（注明分母），今年与上年对比", verdicts_options),
    Command("evidence", _MONITORING + "cmd_evidence", "迎检佐证材料清单：list、add、set", evidence_options),
    Command("publicity", _MONITORING + "cmd_publicity", "宣传活动和知晓率调查登记：list、add", publicity_options),
)

# ------------------------------------------------------------------ documents


def _units_or_all(p: argparse.ArgumentParser, unit: str, every: str, *, required: bool = True) -> None:
    group = p.add_mutually_exclusive_group(required=required)
    group.add_argument("--unit", action="append", metavar="单位", help=unit)
    group.add_argument("--all", action="store_true", help=every)


def _issue_date(p: argparse.ArgumentParser, after: str = "") -> None:
    p.add_argument("--date", metavar="日期", help=f"成文日期（默认今天）{after}")


EVALUATION_DEFAULT = "评估数据年度：设置中的 evaluation_year，否则规划的中期评估年份"


def _year(p: argparse.ArgumentParser, default: str) -> None:
    p.add_argument("--year", metavar="年份", help=f"数据年度（默认：{default}）")


def document_options(kind: str, p: argparse.ArgumentParser) -> None:
    """The options of a document command; `kind` is "notice", "checklist", "bulletin", "evaluation",
    "self_assessment" or "data_chase"."""
    from cli.words import add_choice
    from store.config import ENV_OUT
    from store.records.choices import NOTICE_SCOPE

    if kind == "notice":
        _units_or_all(
            p, "承办单位（可多次使用，每个单位一份通知）", "所有有红灯或黄灯事项的单位，另生成一份合并打印文件"
        )
        _issue_date(p, "，反馈期限从这天起按工作日计算")
        p.add_argument("--cc", metavar="文字", help=CC_HELP)
        p.add_argument("--remind", action="store_true", help="同时为通知所列事项登记一次催办（附文号）")
        add_choice(p, "--scope", NOTICE_SCOPE, "列哪些事项（默认红灯和黄灯事项）")
        p.add_argument(
            "--xlsx-receipt", action="store_true", help="另写一份 Excel 回执（回执.xlsx），供习惯用表格的单位填写"
        )
        p.add_argument(
            "--yes", action="store_true", help="单位已收到同样事项的督办通知（回执期限未过）时，确认仍要再发"
        )
    elif kind == "checklist":
        _units_or_all(
            p,
            "被检查单位（可多次使用）；不填则生成全县汇总清单",
            "每个成员单位一份，另生成一份合并打印文件",
            required=False,
        )
        _year(p, EVALUATION_DEFAULT)
    elif kind == "bulletin":
        p.add_argument(
            "--meeting",
            metavar="会议",
            help="只通报这次会议的事项（会议编号或名称）；默认通报还有事项在办的各次会议。已归入年度台账的事项都计入",
        )
        p.add_argument(
            "--year",
            metavar="年份",
            help="只通报编号属于这些年度的事项（2025、2024-2025 或 全部），连同年度台账中的",
        )
        _issue_date(p)
        p.add_argument("--cc", metavar="文字", help=CC_HELP)
    elif kind == "evaluation":
        _year(p, EVALUATION_DEFAULT)
        _issue_date(p)
    elif kind == "self_assessment":
        _units_or_all(
            p,
            "成员单位（可多次使用，每个单位一份）",
            "每个承担监测指标、迎检材料或督办事项的成员单位一份，另生成一份合并打印文件",
        )
        _year(p, EVALUATION_DEFAULT)
    elif kind == "data_chase":
        _units_or_all(p, "被催报单位（可多次使用，每个单位一份通知）", "催报清单上的所有单位，另生成一份合并打印文件")
        _year(p, "有逾期单位的未结束报送安排，其次最近到期的")
        _issue_date(p, "，报送期限从这天起按工作日计算")
        p.add_argument("--cc", metavar="文字", help=CC_HELP)
        p.add_argument("--remind", action="store_true", help="同时在数据报送安排中登记一次催报（附文号）")
    elif kind == "review":
        p.add_argument("--meeting", metavar="会议", required=True, help="要回头看的会议（会议编号或名称）")
    else:
        raise ValueError(kind)
    p.add_argument("--out", metavar="文件夹", help=f"输出文件夹（默认 ${ENV_OUT} 或“文档/督办台”）")
    p.add_argument("--pdf", action="store_true", help="同时用 LibreOffice 转换为 PDF（需已安装 LibreOffice）")


DOCUMENTS = tuple(
    Command(name, f"cli.documents:cmd_{kind}", text, partial(document_options, kind))
    for name, kind, text in (
        ("notice", "notice", "生成督办通知（Word，含回执），文号自动登记"),
        ("checklist", "checklist", "生成检查清单（Word，横向表格）"),
        ("bulletin", "bulletin", "生成督查通报（Word，含排名表），文号自动登记"),
        ("evaluation", "evaluation", "生成中期自评估报告框架（Word，数据已填入，含附件表格）"),
        ("self-assessment", "self_assessment", "生成成员单位自评表（Word，横向表格）"),
        ("chase-notice", "data_chase", "生成监测数据催报通知（Word，含报送表），文号自动登记"),
        ("review", "review", "生成会议交办事项回头看清单（Word：按期办结、逾期办结、结转、取消）"),
    )
)


def register_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=int, default=None, help="只列这一年的文号")


REGISTER = Command(
    "register",
    "cli.documents:cmd_register",
    "发文登记簿：已用的每个文号（含未完成、作废和外部登记的）",
    register_options,
)

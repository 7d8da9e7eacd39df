"""Options of the monitoring commands (indicators, readings, data requests, verdicts, evidence, publicity) and
of the document commands; cli/options.py puts them in the table of commands."""

from __future__ import annotations

import argparse
from functools import partial

from cli.options import CC_HELP, Command

# ------------------------------------------------------------------ monitoring


def indicator_options(p: argparse.ArgumentParser) -> None:
    from store.records.model import MODES

    p.add_argument("action", nargs="?", choices=["list", "show", "add", "edit"], default="list")
    p.add_argument("name", nargs="?", help="指标编号、编码或名称（show、add）")
    p.add_argument("--year", type=int, help="数据年份（默认最近一年）")
    p.add_argument("--plan", help="规划（妇女、儿童）")
    p.add_argument("--domain", help="领域")
    p.add_argument("--code", help="指标编码")
    p.add_argument("--measure", help="计量单位（新增时默认 %%）")
    p.add_argument("--direction", help="方向：>=、<=、保持、逐步提高、逐步下降、定性（新增时默认 >=）")
    p.add_argument("--target", type=float, help="终期目标值")
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
    p.add_argument("--mode", choices=list(MODES), help="水平值 level 或累计值 cumulative（新增时默认 level）")
    p.add_argument("--key", action="store_true", help="重点难点指标")


def reading_options(p: argparse.ArgumentParser) -> None:
    from store.records.model import READING_STATUSES
    from store.rules.verdicts import NO_DATA_REASONS, VERDICTS

    p.add_argument("indicator", help="指标编号、编码或名称")
    p.add_argument("year", type=int, help="数据年份")
    p.add_argument("--value", help="监测值")
    p.add_argument("--no-data", choices=NO_DATA_REASONS, help="无数据原因")
    p.add_argument("--numerator", help="分子")
    p.add_argument("--denominator", help="分母")
    p.add_argument("--caliber-changed", action="store_true", help="口径有变化")
    p.add_argument("--by", help="报送人或审核人")
    p.add_argument("--date", help="报送日期（默认今天）")
    p.add_argument("--status", choices=READING_STATUSES, default="已报", help="报送状态（默认已报）")
    p.add_argument("--note", help="说明")
    p.add_argument("--confirm", action="store_true", help="确认与上年相比变化较大的数值")
    p.add_argument("--accept", action="store_true", help="审核通过")
    p.add_argument("--send-back", action="store_true", help="退回（用 --note 说明原因）")
    p.add_argument("--verdict", help=f"人工评判：{'、'.join(VERDICTS)}；“取消”清除")
    p.add_argument("--reason", help="人工评判的理由")


def request_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", nargs="?", choices=["status", "open", "remind", "close"], default="status")
    p.add_argument("year", nargs="?", type=int, help="数据年份")
    p.add_argument("--due", help="报送截止日期")
    p.add_argument("--remind-before", type=int, default=3, help="截止前几个工作日提醒（默认3）")
    p.add_argument("--remind-every", type=int, default=2, help="逾期后每隔几个工作日催报（默认2）")
    p.add_argument("--unit", action="append", help="单位（open：报送范围；remind：催报对象）")
    p.add_argument("--method", default="电话", help="催报方式")
    p.add_argument("--note", help="备注")


def verdicts_options(p: argparse.ArgumentParser) -> None:
    from store.rules.verdicts import DENOMINATORS

    p.add_argument("--year", type=int, help="数据年份（默认最近一年）")
    p.add_argument("--by", choices=["plan", "domain", "unit"], default="plan", help="按规划、领域或牵头单位汇总")
    p.add_argument("--basis", choices=list(DENOMINATORS), help="达标率分母：all、numeric、with_data")


def evidence_options(p: argparse.ArgumentParser) -> None:
    from store.records.model import EVIDENCE_CATEGORIES, EVIDENCE_STATUSES

    p.add_argument("action", nargs="?", choices=["list", "add", "set"], default="list")
    p.add_argument("id", nargs="?", help="材料编号（set）")
    p.add_argument("--category", choices=EVIDENCE_CATEGORIES, help="类别")
    p.add_argument("--title", help="材料名称")
    p.add_argument("--owner", help="负责单位")
    p.add_argument("--due", help="期限")
    p.add_argument("--status", choices=EVIDENCE_STATUSES, help="状态")
    p.add_argument("--file", dest="file_ref", metavar="FILE", help="文件位置或文号")
    p.add_argument("--note", help="备注")


def publicity_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", nargs="?", choices=["list", "add"], default="list")
    p.add_argument("--kind", choices=["activity", "survey"], default="activity", help="宣传活动或知晓率调查")
    p.add_argument("--title", help="名称")
    p.add_argument("--date", help="日期")
    p.add_argument("--unit", help="组织单位")
    p.add_argument("--reach", help="覆盖人数")
    p.add_argument("--sample", dest="sample_size", metavar="SAMPLE", help="调查样本量")
    p.add_argument("--awareness", help="知晓率（%%）")
    p.add_argument("--note", default="", help="备注")


_MONITORING = "cli.monitoring:"
MONITORING = (
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
    group.add_argument("--unit", action="append", metavar="U", help=unit)
    group.add_argument("--all", action="store_true", help=every)


def _issue_date(p: argparse.ArgumentParser, after: str = "") -> None:
    p.add_argument("--date", metavar="D", help=f"成文日期（默认今天）{after}")


def _year(p: argparse.ArgumentParser, default: str = "有数据的最近年度") -> None:
    p.add_argument("--year", metavar="Y", help=f"数据年度（默认：{default}）")


def document_options(kind: str, p: argparse.ArgumentParser) -> None:
    """The options of a document command; `kind` is "notice", "checklist", "bulletin", "evaluation",
    "self_assessment" or "data_chase"."""
    from store.config import ENV_OUT

    if kind == "notice":
        _units_or_all(
            p, "承办单位（可多次使用，每个单位一份通知）", "所有有红灯或黄灯事项的单位，另生成一份合并打印文件"
        )
        _issue_date(p, "，反馈期限从这天起按工作日计算")
        p.add_argument("--cc", metavar="TEXT", help=CC_HELP)
        p.add_argument("--remind", action="store_true", help="同时为通知所列事项登记一次催办（附文号）")
    elif kind == "checklist":
        _units_or_all(
            p,
            "被检查单位（可多次使用）；不填则生成全县汇总清单",
            "每个成员单位一份，另生成一份合并打印文件",
            required=False,
        )
    elif kind == "bulletin":
        p.add_argument("--meeting", metavar="ID", help="只通报这次会议的事项（会议编号或名称）；默认全部")
        _issue_date(p)
        p.add_argument("--cc", metavar="TEXT", help=CC_HELP)
    elif kind == "evaluation":
        p.add_argument("--year", metavar="Y", help="评判所用的数据年度（默认：有数据的最近年度）")
        _issue_date(p)
    elif kind == "self_assessment":
        _units_or_all(p, "成员单位（可多次使用，每个单位一份）", "所有承担监测指标的单位，另生成一份合并打印文件")
        _year(p)
    elif kind == "data_chase":
        _units_or_all(p, "被催报单位（可多次使用，每个单位一份通知）", "催报清单上的所有单位，另生成一份合并打印文件")
        _year(p, "最近一次未结束的数据报送安排")
        _issue_date(p, "，报送期限从这天起按工作日计算")
        p.add_argument("--cc", metavar="TEXT", help=CC_HELP)
        p.add_argument("--remind", action="store_true", help="同时在数据报送安排中登记一次催报（附文号）")
    else:
        raise ValueError(kind)
    p.add_argument("--out", metavar="DIR", help=f"输出文件夹（默认 ${ENV_OUT} 或“文档/督办台”）")
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

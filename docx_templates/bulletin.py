"""督查通报: totals and percentages per meeting, the units lagging with their item numbers, a ranking table
by 按期办结率 as attachment, and follow-up requirements; numbered by the register.

The figures come from store.views.documents.bulletin_figures; this module only words and lays them out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from store.calendar import dates
from store.commands.archive import parse_years
from store.errors import ValidationError
from store.records.model import COLLECTIVE_LABELS, Meeting
from store.views.documents import BulletinFigures, LateUnit, MeetingTally, bulletin_figures
from store.views.receipts import LateReceipt, late_receipts

from . import common
from .figures import add_rate_chart
from .kinds import NumberedKind, Options, build_one

if TYPE_CHECKING:
    from docx.document import Document as DocumentObject

    from store.commands.repository import Repository

KIND = "督查通报"
ATTACHMENT_TITLE = "各成员单位督办事项办理情况排名表"
RANKING_NOTE = (
    "注：按期办结率 = 按期办结数 ÷（已办结数 + 逾期未办结数）。按期办结率相同的，逾期未办结少、已办结多的在前，"
    "各项都相同的名次并列。尚无到期任务的单位暂不排名，列于表末。"
)


@dataclass
class BulletinPlan:
    meeting: Meeting | None
    meetings_text: list[str]
    lagging_intro: str
    lagging: list[str]
    ranking: list[dict[str, str]]
    requirements: list[str]
    title: str
    issue_date: date
    cc: str
    info: dict[str, str]
    unit_ids: list[int]
    today: date
    warnings: list[str] = field(default_factory=list)
    rates: list[tuple[str, float]] = field(default_factory=list)  # 按期办结率 by unit, for the chart

    label = KIND
    empty = False

    @property
    def recipients(self) -> list[int]:
        return self.unit_ids

    def context(self, doc_number: str = "") -> dict[str, Any]:
        info = self.info
        scope = f"{self.meeting['title']}" if self.meeting else "各次会议"
        opening = (
            f"为推动{scope}议定事项落地见效，{info['office_short']}对督办事项办理情况进行了跟踪督查。"
            f"现将截至{dates.format_cn(self.today)}的办理情况通报如下："
        )
        return common.official_context(
            info,
            doc_number,
            self.issue_date,
            self.cc,
            title=self.title,
            addressee=COLLECTIVE_LABELS["all_units"],
            opening=opening,
            meetings=self.meetings_text,
            lagging_intro=self.lagging_intro,
            lagging=self.lagging,
            requirements=self.requirements,
            attachment_title=ATTACHMENT_TITLE,
            ranking=self.ranking,
            ranking_note=RANKING_NOTE,
        )


def meeting_text(meeting: Meeting | None, tally: MeetingTally) -> str:
    """一、总体情况 for one meeting: items, units, done and open with their shares, lights."""
    if meeting:
        head = f"{dates.format_cn(meeting['date'])}召开的{meeting['title']}共确定督办事项{tally.items}项"
    else:
        head = f"未关联会议的督办事项共{tally.items}项"
    text = f"{head}，涉及承办单位{tally.units}个。"
    if tally.active:
        text += f"已办结{tally.done}项，占{tally.done_percent}"
        text += f"（其中逾期办结{tally.done_late}项）" if tally.done_late else ""
        text += f"；正在办理{tally.open}项，占{tally.open_percent}"
        details = [f"逾期未办结{tally.red}项" if tally.red else "", f"临近期限{tally.yellow}项" if tally.yellow else ""]
        shown = "、".join(d for d in details if d)
        text += f"，其中{shown}" if shown else ""
        text += "。"
        text += f"有{tally.extended_late}项延期前已逾期（批准延期时已过原定期限）。" if tally.extended_late else ""
    if tally.inactive:
        text += f"另有{tally.inactive}项暂缓或取消，不计入统计。"
    if tally.carried:
        text += f"另有{tally.carried}项未办结事项已结转至以后的会议继续督办，在该次会议中统计。"
    return text


def lagging_text(late_units: list[LateUnit], total: int, today: date) -> tuple[str, list[str]]:
    """二、存在的主要问题: the lead-in and one line per unit behind."""
    if not late_units:
        return f"截至{dates.format_cn(today)}，各承办单位均无逾期未办结事项。", []
    intro = f"截至{dates.format_cn(today)}，共有{len(late_units)}个单位的{total}项承办任务逾期未办结，具体是："
    lines = [
        f"{u.unit}：逾期未办结{u.overdue}项（事项{'、'.join(u.items)}）" + ("；" if index < len(late_units) else "。")
        for index, u in enumerate(late_units, start=1)
    ]
    return intro, lines


def late_receipts_text(late: list[LateReceipt]) -> list[str]:
    """未按时报送回执的单位, with the numbers of the notices they have not answered."""
    if not late:
        return []
    names = "、".join(f"{r.unit}（{'、'.join(r.numbers)}）" for r in late)
    return [f"未按时报送回执的单位：{names}。"]


def ranking_rows(figures: BulletinFigures) -> list[dict[str, str]]:
    """The attached ranking table; units with nothing due yet carry no rank."""
    return [
        {
            "rank": str(b["rank"]) if b["on_time_rate"] is not None else "—",
            "unit": b["unit"],
            "assigned": str(b["assigned"]),
            "done": str(b["done"]),
            "on_time": str(b["done_on_time"]),
            "late": str(b["done_late"]),
            "open": str(b["open"]),
            "overdue": str(b["overdue"]),
            "rate": b["on_time_rate_text"],
        }
        for b in figures.ranking
    ]


def requirements(office_short: str, report_by: date) -> list[str]:
    return [
        f"（一）对逾期未办结的事项，承办单位要认真分析原因，明确整改措施和完成时限，于{dates.format_cn(report_by)}前"
        f"将整改情况书面报送{office_short}。",
        "（二）对临近期限的事项，承办单位要倒排工期、加快进度，确保按期办结；确需延期的，应在期限届满前书面提出申请。",
        f"（三）{office_short}将持续跟踪督办，定期通报办理情况。各单位要指定专人负责，及时报送进展。",
    ]


def years_text(years: set[int] | None) -> str:
    """2025年, 2023—2025年 (a run of years), 2021、2023年, or 历年 (every year)."""
    if not years:
        return "历年"
    ordered = sorted(years)
    if len(ordered) > 1 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{ordered[0]}—{ordered[-1]}年"
    return "、".join(str(y) for y in ordered) + "年"


def plan_bulletin(
    repo: Repository,
    *,
    meeting_id: int | None = None,
    issue_date: date | str | None = None,
    cc: str | None = None,
    years: str | None = None,
) -> BulletinPlan:
    """`years` (as `--year` takes them: 2025, 2024-2025) limits the bulletin to the items numbered in those years,
    archived ones included, and to the 回执 of those years' notices; one meeting's bulletin counts its archived
    items without being asked. A meeting and years together are refused: its title over part of its items misleads."""
    info = common.office(repo)
    day = common.issue_day(repo, issue_date)
    if years and meeting_id is not None:
        raise ValidationError("year", "按会议通报时不能再限定年度：会议的督查通报已计入它的全部事项（含已归档的）")
    meeting = repo.meeting(meeting_id) if meeting_id is not None else None
    receipts = repo.receipts()
    if years:
        chosen = parse_years(years, repo.today.year)
        items = repo.items_of_years(chosen)
        if not items:
            raise ValidationError("year", f"{years_text(chosen)}没有督办事项（工作台账和年度台账中都没有），不生成通报")
        issued = {d["id"]: d.get("year") for d in repo.dispatches()}  # a 回执 belongs to its notice's year
        receipts = [r for r in receipts if chosen is None or issued.get(r["dispatch_id"]) in chosen]
    else:
        items = repo.items_for_papers(meeting_id)
    figures = bulletin_figures(items, repo.policy(), repo.units_by_id(), meeting_id)
    meetings_text = [
        meeting_text(repo.meeting(t.meeting_id) if t.meeting_id is not None else None, t) for t in figures.meetings
    ]
    lagging_intro, lagging = lagging_text(figures.late_units, figures.late_total, repo.today)
    lagging += late_receipts_text(late_receipts(receipts, repo.units_by_id(), repo.today))
    _days, report_by, warning = common.report_deadline(repo, day)
    if meeting and len(meeting["title"]) <= 14:
        title = f"关于{meeting['title']}督办事项办理情况的通报"
    elif years:
        title = f"关于{years_text(chosen)}督办事项办理情况的通报"
    else:
        title = "关于督办事项办理情况的通报"
    return BulletinPlan(
        meeting=meeting,
        meetings_text=meetings_text or ["目前尚无督办事项。"],
        lagging_intro=lagging_intro,
        lagging=lagging,
        ranking=ranking_rows(figures),
        requirements=requirements(info["office_short"], report_by),
        title=title,
        issue_date=day,
        cc=common.cc_text(repo, cc),
        info=info,
        unit_ids=[u["id"] for u in repo.units()],
        today=repo.today,
        rates=[(b["unit"], float(b["on_time_rate"])) for b in figures.ranking if b["on_time_rate"] is not None],
        warnings=common.date_warnings(repo, day, warning),
    )


class Bulletin(NumberedKind[BulletinPlan]):
    """督查通报: one county-wide file (all meetings, or one), addressed to every member unit."""

    key = "bulletin"
    label = KIND
    per_unit = False

    def plan(self, repo: Repository, unit_id: int | None, options: Options) -> BulletinPlan:
        return plan_bulletin(
            repo, meeting_id=options.meeting_id, issue_date=options.issue_date, cc=options.cc, years=options.years
        )

    def render(self, plan: BulletinPlan, doc_number: str = "") -> DocumentObject:
        doc = super().render(plan, doc_number)
        add_rate_chart(doc, plan.rates, plan.warnings)
        return doc


DOCUMENT = Bulletin()


def build_bulletin(
    repo: Repository,
    out_dir: Path | str,
    *,
    meeting_id: int | None = None,
    issue_date: date | str | None = None,
    cc: str | None = None,
) -> Path:
    """Write the 督查通报 (all meetings, or one) and register its number (one undo step)."""
    return build_one(DOCUMENT, repo, None, out_dir, Options(issue_date=issue_date, cc=cc, meeting_id=meeting_id))

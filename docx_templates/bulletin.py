"""督查通报: totals and percentages per meeting, the units lagging with their item numbers, a ranking table
by 按期办结率 as attachment, and follow-up requirements; numbered by the register."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from docx.document import Document as DocumentObject

from store.calendar import dates
from store.records.model import COLLECTIVE_LABELS, DONE_STATUSES
from store.views.board import board_by_unit, item_row

from . import common, render

KIND = "督查通报"
ATTACHMENT_TITLE = "各成员单位督办事项办理情况排名表"
RANKING_NOTE = "注：按期办结率 = 按期办结数 ÷（已办结数 + 逾期未办结数）。尚无到期任务的单位暂不排名，列于表末。"


@dataclass
class BulletinPlan:
    meeting: dict[str, Any] | None
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

    def context(self, doc_number: str) -> dict[str, Any]:
        info = self.info
        scope = f"{self.meeting['title']}" if self.meeting else "各次会议"
        opening = (
            f"为推动{scope}议定事项落地见效，{info['office_short']}对督办事项办理情况进行了跟踪督查。"
            f"现将截至{dates.format_cn(self.today)}的办理情况通报如下："
        )
        return {
            "office_name": info["office_name"],
            "doc_number": doc_number,
            "title": self.title,
            "addressee": COLLECTIVE_LABELS["all_units"],
            "opening": opening,
            "meetings": self.meetings_text,
            "lagging_intro": self.lagging_intro,
            "lagging": self.lagging,
            "requirements": self.requirements,
            "attachment_title": ATTACHMENT_TITLE,
            "signature": info["office_name"],
            "date_text": dates.format_cn(self.issue_date),
            "note": common.contact_note(info),
            "ranking": self.ranking,
            "ranking_note": RANKING_NOTE,
            "cc": self.cc,
            "printer": info["office_name"],
            "print_date": dates.format_cn(self.issue_date),
        }


def _meeting_text(
    meeting: dict[str, Any] | None, items: list[dict[str, Any]], policy: Any, units: dict[int, Any]
) -> str:
    rows = [item_row(i, policy, units) for i in items]  # type: ignore[arg-type]
    inactive = sum(1 for r in rows if r.status in ("suspended", "cancelled"))
    active = [r for r in rows if r.status not in ("suspended", "cancelled")]
    done = [r for r in active if r.status in DONE_STATUSES]
    late = sum(1 for r in done if r.done_late)
    open_rows = [r for r in active if r.status not in DONE_STATUSES]
    red = sum(1 for r in open_rows if r.light == "red")
    yellow = sum(1 for r in open_rows if r.light == "yellow")
    unit_count = len({a["unit_id"] for i in items for a in i["assignments"]})
    if meeting:
        head = f"{dates.format_cn(meeting['date'])}召开的{meeting['title']}共确定督办事项{len(rows)}项"
    else:
        head = f"未关联会议的督办事项共{len(rows)}项"
    text = f"{head}，涉及承办单位{unit_count}个。"
    if active:
        text += f"已办结{len(done)}项，占{common.percent(len(done), len(active))}"
        text += f"（其中逾期办结{late}项）" if late else ""
        text += f"；正在办理{len(open_rows)}项，占{common.percent(len(open_rows), len(active))}"
        details = [f"逾期未办结{red}项" if red else "", f"临近期限{yellow}项" if yellow else ""]
        shown = "、".join(d for d in details if d)
        text += f"，其中{shown}" if shown else ""
        text += "。"
    if inactive:
        text += f"另有{inactive}项暂缓或取消，不计入统计。"
    return text


def plan_bulletin(
    repo: Any, *, meeting_id: int | None = None, issue_date: date | str | None = None, cc: str | None = None
) -> BulletinPlan:
    info = common.office(repo)
    day = common.issue_day(repo, issue_date)
    policy = repo.policy()
    units = repo.units_by_id()
    items = repo.items()
    meeting = dict(repo.meeting(meeting_id)) if meeting_id is not None else None
    if meeting is not None:
        items = [i for i in items if i["meeting_id"] == meeting_id]
    groups: dict[int | None, list[dict[str, Any]]] = {}
    for item in sorted(items, key=lambda i: (i["year"], i["seq"])):
        groups.setdefault(item["meeting_id"], []).append(item)
    meetings_text = []
    for mid in sorted(groups, key=lambda m: (m is None, m or 0)):
        meetings_text.append(
            _meeting_text(dict(repo.meeting(mid)) if mid is not None else None, groups[mid], policy, units)
        )
    if not meetings_text:
        meetings_text = ["目前尚无督办事项。"]
    board = board_by_unit(items, policy, units)  # type: ignore[arg-type]
    behind = sorted((b for b in board if b["overdue"]), key=lambda b: (-b["overdue"], b["rank"]))
    if behind:
        total = sum(b["overdue"] for b in behind)
        lagging_intro = (
            f"截至{dates.format_cn(repo.today)}，共有{len(behind)}个单位的{total}项承办任务逾期未办结，具体是："
        )
        lagging = [
            f"{b['unit']}：逾期未办结{b['overdue']}项（事项{'、'.join(b['overdue_items'])}）"
            + ("；" if index < len(behind) else "。")
            for index, b in enumerate(behind, start=1)
        ]
    else:
        lagging_intro = f"截至{dates.format_cn(repo.today)}，各承办单位均无逾期未办结事项。"
        lagging = []
    ranking = [
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
        for b in board
    ]
    report_days = int(repo.settings().get("report_days", 5) or 5)
    report_by = repo.calendar().add_workdays(day, report_days)
    requirements = [
        f"（一）对逾期未办结的事项，承办单位要认真分析原因，明确整改措施和完成时限，于{dates.format_cn(report_by)}前"
        f"将整改情况书面报送{info['office_short']}。",
        "（二）对临近期限的事项，承办单位要倒排工期、加快进度，确保按期办结；确需延期的，应在期限届满前书面提出申请。",
        f"（三）{info['office_short']}将持续跟踪督办，定期通报办理情况。各单位要指定专人负责，及时报送进展。",
    ]
    if meeting and len(meeting["title"]) <= 14:
        title = f"关于{meeting['title']}督办事项办理情况的通报"
    else:
        title = "关于督办事项办理情况的通报"
    return BulletinPlan(
        meeting=meeting,
        meetings_text=meetings_text,
        lagging_intro=lagging_intro,
        lagging=lagging,
        ranking=ranking,
        requirements=requirements,
        title=title,
        issue_date=day,
        cc=common.default_cc(repo) if cc is None else cc.strip().rstrip("。"),
        info=info,
        unit_ids=[u["id"] for u in repo.units()],
        today=repo.today,
    )


def render_plan(plan: BulletinPlan, doc_number: str) -> DocumentObject:
    return render.render("bulletin", plan.context(doc_number))


def issue(repo: Any, plan: BulletinPlan, out_dir: Path) -> tuple[Path, DocumentObject, dict[str, Any]]:
    """Take a number, register it with its file and write the file; runs inside a transaction."""
    dispatch = repo.issue_dispatch(KIND, plan.title, plan.unit_ids, on=plan.issue_date.isoformat())
    path = common.unique_path(out_dir, f"{KIND}-{dispatch['number']}")
    repo.set_dispatch_file(dispatch["id"], str(path))
    doc = render_plan(plan, dispatch["number"])
    render.save(doc, path)
    return path, doc, {**dispatch, "file": str(path)}


def build_bulletin(
    repo: Any,
    out_dir: Path | str,
    *,
    meeting_id: int | None = None,
    issue_date: date | str | None = None,
    cc: str | None = None,
) -> Path:
    """Write the 督查通报 (all meetings, or one) and register its number (one undo step)."""
    plan = plan_bulletin(repo, meeting_id=meeting_id, issue_date=issue_date, cc=cc)
    folder = common.ensure_dir(out_dir)
    written: list[Path] = []
    try:
        with repo.transaction("生成督查通报", "bulletin"):
            path, _doc, _dispatch = issue(repo, plan, folder)
            written.append(path)
    except BaseException:
        for p in written:
            p.unlink(missing_ok=True)
        raise
    return written[0]

"""回头看清单: an earlier meeting's items with their outcome (按期办结, 逾期办结, 结转, 取消, 暂缓, 未办结), for the
papers of the next meeting; one county-wide file, not numbered. The rows come from store.views.carry."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from store.calendar import dates
from store.errors import ValidationError
from store.records.model import Meeting
from store.views.carry import outcome_counts, review_rows

from .kinds import DocumentKind, Options

if TYPE_CHECKING:
    from store.commands.repository import Repository

KIND = "回头看清单"


@dataclass
class ReviewPlan:
    meeting: Meeting
    rows: list[dict[str, Any]]
    today: date
    carried_in: int = 0
    warnings: list[str] = field(default_factory=list)

    label = KIND

    @property
    def empty(self) -> bool:
        return not self.rows

    def context(self, doc_number: str = "") -> dict[str, Any]:
        counts = outcome_counts(self.rows)
        shown = "，".join(f"{name}{n}项" for name, n in counts.items() if n)
        meeting = self.meeting
        return {
            "title": f"{meeting['title']}交办事项回头看清单",
            "subtitle": f"（截至{dates.format_cn(self.today)}）",
            "summary": f"{dates.format_cn(meeting['date'])}召开的{meeting['title']}共有督办事项{len(self.rows)}项"
            + (f"（其中从以前的会议结转{self.carried_in}项）" if self.carried_in else "")
            + f"，截至{dates.format_cn(self.today)}：{shown}。",
            "rows": self.rows,
            "note": "说明：“结转”指未办结事项已转入以后的会议继续督办，事项编号和办理记录不变；"
            f"本清单由督办台于{dates.format_cn(self.today)}生成。",
        }


def plan_review(repo: Repository, meeting_id: int | None) -> ReviewPlan:
    if meeting_id is None:
        raise ValidationError("meeting", "请用 --meeting 指定要回头看的会议（会议编号或名称）")
    meeting = repo.meeting(meeting_id)
    meetings = {m["id"]: m for m in repo.meetings()}
    items = repo.items_for_papers(meeting["id"])  # its finished items moved to a 年度台账 still count
    rows = review_rows(items, meeting["id"], meetings, repo.policy(), repo.units_by_id())
    carried_in = sum(
        1
        for i in items
        if i["meeting_id"] == meeting["id"] and any(c["to_meeting_id"] == meeting["id"] for c in i.get("carries", []))
    )
    return ReviewPlan(meeting, rows, repo.today, carried_in)


class Review(DocumentKind[ReviewPlan]):
    """回头看清单 of one meeting (Options.meeting_id), county-wide."""

    key = "review"
    label = KIND
    per_unit = False
    refusal = "这次会议没有交办事项，不需要回头看清单"

    def plan(self, repo: Repository, unit_id: int | None, options: Options) -> ReviewPlan:
        return plan_review(repo, options.meeting_id)

    def file_stem(self, plan: ReviewPlan, doc_number: str = "") -> str:
        return f"{KIND}-{plan.meeting['title'][:30]}-{dates.format_cn(plan.today)}"


DOCUMENT = Review()

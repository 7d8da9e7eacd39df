"""督办通知: one unit's open assignments, what to report by when, a 回执 attached; numbered by the register."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from store.calendar import dates
from store.records.model import (
    LIGHT_LABELS,
    LIGHT_MEANINGS,
    ROLE_LABELS,
    STATUS_LABELS,
    STATUS_STATES,
    Assignment,
    Dispatch,
    Item,
    Meeting,
    Unit,
)
from store.records.text import sentence
from store.rules.lights import LIGHT_ORDER, Policy, assignment_light, effective_due
from store.views.documents import in_notice_scope, notice_scope, notice_units

from . import common
from .kinds import NumberedKind, Options, Slot, Written, build_one, one_unit
from .receipt_files import receipt_form, write_receipt_xlsx

if TYPE_CHECKING:
    from store.commands.repository import Repository

KIND = "督办通知"
ATTACHMENT_TITLE = "督办事项办理情况回执"


@dataclass(kw_only=True)
class NoticePlan(common.UnitNotice):
    """Everything one notice will say, before it has a number."""

    items: list[dict[str, Any]]
    meetings: list[Meeting]
    scope: str = "red-yellow"
    xlsx_receipt: bool = False
    has_open: bool = True  # any open share at all (a red-yellow notice can be empty while some are green)

    @property
    def empty(self) -> bool:
        return not self.items

    @property
    def nothing(self) -> str:
        """Why a unit gets no notice of this scope."""
        if self.has_open and self.scope == "red-yellow":
            return "没有亮红灯或黄灯的督办事项（全部未办结事项可选范围 open）"
        return "没有未办结的督办事项"

    @property
    def counts(self) -> dict[str, int]:
        lights = [i["light"] for i in self.items]
        return {"total": len(lights), **{k: lights.count(k) for k in ("red", "yellow", "green")}}

    def context(self, doc_number: str = "") -> dict[str, Any]:
        info = self.info
        c = self.counts
        basis = "、".join(f"{dates.format_cn(m['date'])}召开的{m['title']}" for m in self.meetings)
        lead_in = f"{basis}对有关工作作出部署，明确了督办事项和完成时限。" if basis else ""
        parts = [f"已逾期{c['red']}项" if c["red"] else "", f"临近期限{c['yellow']}项" if c["yellow"] else ""]
        detail = "、".join(p for p in parts if p)
        status = f"，其中{detail}" if detail else "，目前均在正常推进"
        if self.scope == "red-yellow":
            opening = (
                f"{lead_in}截至{dates.format_cn(self.today)}，你单位承办的督办事项中有{c['total']}项已逾期或临近期限"
                f"{status}。现将有关事项督办如下："
            )
        else:
            opening = (
                f"{lead_in}截至{dates.format_cn(self.today)}，你单位承办的{c['total']}项督办事项尚未办结"
                f"{status}。现将有关事项督办如下："
            )
        report_text = (
            f"请你单位对照上述事项抓紧办理，于{dates.format_cn(self.report_by)}前（{self.report_days}个工作日内）"
            f"将办理情况书面报送{info['office_short']}，并填写附件回执、加盖单位公章。"
            + ("已逾期的事项，请一并说明逾期原因、整改措施和完成时限。" if c["red"] else "")
        )
        closing = (
            "确因客观原因不能按期办结的，请在期限届满前书面提出延期申请，说明理由和拟完成时间，经同意后按新的期限办理。"
        )
        items = []
        for index, it in enumerate(self.items, start=1):
            items.append(
                {
                    "heading": f"（{common.cn_number(index)}）事项{it['number']}：{it['title']}",
                    "roles": it["roles"],
                    "requirement": it["requirement"],
                    "due": it["due_text"],
                    "state": it["state"],
                    "progress": it["progress"],
                }
            )
        return self.official(
            doc_number,
            opening=opening,
            items=items,
            report_text=report_text,
            closing=closing,
            attachment_title=ATTACHMENT_TITLE,
            item_numbers="、".join(i["number"] for i in self.items),
        )


def _share_view(item: Item, share: Assignment, units: dict[int, Unit], policy: Policy) -> dict[str, Any]:
    light = assignment_light(share, policy)
    due = effective_due(share)
    due_text = dates.format_cn(due)
    if due != share["due"]:
        due_text += f"（原定{dates.format_cn(share['due'])}，已批准延期）"
    phrase = dates.days_phrase(date.fromisoformat(due), policy.today, policy.calendar)
    state = f"目前{STATUS_STATES[share['status']]}，{phrase}，亮{LIGHT_LABELS[light]}灯（{LIGHT_MEANINGS[light]}）。"
    if share["reminders"]:
        state += f"此前已催办{len(share['reminders'])}次。"
    collective = common.collective_label(item)
    others_lead = [
        common.unit_name(units, a["unit_id"])
        for a in item["assignments"]
        if a["role"] == "lead" and a["unit_id"] != share["unit_id"]
    ]
    partners = [
        common.unit_name(units, a["unit_id"])
        for a in item["assignments"]
        if a["role"] == "partner" and a["unit_id"] != share["unit_id"]
    ]
    if collective:
        roles = f"本事项由{collective}分别办理，你单位须按要求完成本单位的任务。"
    elif share["role"] == "lead":
        roles = "你单位为牵头单位" + (f"，配合单位：{'、'.join(partners)}" if partners else "") + "。"
    else:
        roles = f"你单位为配合单位，牵头单位：{'、'.join(others_lead) or '（未指定）'}。"
    progress = ""
    if share["progress"]:
        last = share["progress"][-1]
        progress = f"{dates.format_cn(last['date'])}，{sentence(last['text'])}"
    return {
        "number": item["number"],
        "title": item["title"],
        "requirement": item["requirement"],
        "role": share["role"],
        "role_label": ROLE_LABELS[share["role"]],
        "status": share["status"],
        "status_label": STATUS_LABELS[share["status"]],
        "light": light,
        "light_label": LIGHT_LABELS[light],
        "due": due,
        "due_text": due_text,
        "days_text": phrase,
        "state": state,
        "roles": roles,
        "progress": progress,
        "reminders": len(share["reminders"]),
        "key": bool(item["key"]),
        "meeting_id": item["meeting_id"],
    }


def open_shares(repo: Repository, unit_id: int, scope: str = "open") -> list[dict[str, Any]]:
    """The unit's open assignments in the scope as printed: lead before partner, then red, yellow, green, then
    deadline."""
    units = repo.units_by_id()
    policy = repo.policy()
    rows = []
    for item in repo.items():
        for share in item["assignments"]:
            if share["unit_id"] == unit_id and in_notice_scope(share, policy, scope):
                rows.append(_share_view(item, share, units, policy))
    rows.sort(key=lambda r: (r["role"] != "lead", LIGHT_ORDER[r["light"]], r["due"], _number_key(r["number"])))
    return rows


def _number_key(number: str) -> tuple[int, int, str]:
    year, _, seq = number.partition("-")
    return (int(year), int(seq), "") if year.isdigit() and seq.isdigit() else (0, 0, number)


def default_units(repo: Repository, scope: str | None = None) -> list[int]:
    """Units with an open assignment in the scope (red or yellow by default), in the unit list's order."""
    return notice_units(repo.items(), repo.units(), repo.policy(), notice_scope(scope))


def plan_notice(
    repo: Repository,
    unit_id: int,
    *,
    issue_date: date | str | None = None,
    cc: str | None = None,
    scope: str | None = None,
    xlsx_receipt: bool = False,
) -> NoticePlan:
    """Gather what the notice for one unit will contain (no number yet, nothing written)."""
    unit = repo.unit(unit_id)
    basics = common.notice_basics(repo, issue_date, cc)
    chosen = notice_scope(scope)
    items = open_shares(repo, unit_id, chosen)
    has_open = bool(items) or (chosen != "open" and bool(open_shares(repo, unit_id, "open")))
    meeting_ids = sorted({i["meeting_id"] for i in items if i["meeting_id"] is not None})
    meetings = [repo.meeting(m) for m in meeting_ids]
    if len(meetings) == 1 and len(meetings[0]["title"]) <= 14:  # the title stays on one or two lines
        title = f"关于督促办理{meetings[0]['title']}交办事项的通知"
    else:
        title = "关于督促办理有关督办事项的通知"
    return NoticePlan(
        unit=unit,
        items=items,
        meetings=meetings,
        title=title,
        scope=chosen,
        xlsx_receipt=xlsx_receipt,
        has_open=has_open,
        **basics,
    )


def notice_preview(
    repo: Repository, unit_id: int, *, issue_date: date | str | None = None, scope: str | None = None
) -> dict[str, Any]:
    """What the notice for this unit will contain, for the Documents screen (JSON-native)."""
    plan = plan_notice(repo, unit_id, issue_date=issue_date, scope=scope)
    return {
        "unit": {"id": plan.unit["id"], "name": plan.unit["name"], "short": plan.unit["short"]},
        "title": plan.title,
        "next_number": common.next_number(repo, plan.issue_date),
        "issue_date": plan.issue_date.isoformat(),
        "issue_date_text": dates.format_cn(plan.issue_date),
        "items": [
            {
                k: it[k]
                for k in (
                    "number",
                    "title",
                    "role",
                    "role_label",
                    "status_label",
                    "light",
                    "light_label",
                    "due",
                    "due_text",
                    "days_text",
                    "requirement",
                    "reminders",
                    "key",
                )
            }
            for it in plan.items
        ],
        "counts": plan.counts,
        "report_days": plan.report_days,
        "report_by": plan.report_by.isoformat(),
        "report_by_text": dates.format_cn(plan.report_by),
        "cc": plan.cc,
        "contact": common.contact_note(plan.info),
        "warnings": plan.warnings,
        "can_issue": bool(plan.items),
        "scope": plan.scope,
        "nothing": plan.nothing,
    }


class Notice(NumberedKind[NoticePlan]):
    """督办通知: one per unit with open items in the scope (red and yellow by default); each expects a 回执."""

    key = "notice"
    label = KIND
    no_units = "没有亮红灯或黄灯的单位，不需要发督办通知（可用 --unit 指定单位，或 --scope open 包括全部未办结事项）"
    none_left = "所选单位都没有需要督办的事项，没有生成督办通知"
    refusal = "{plan.label}{plan.nothing}，无需发督办通知"
    skipped_each = "{plan.label}{plan.nothing}，已跳过"

    def default_units(self, repo: Repository, options: Options) -> list[int]:
        return default_units(repo, options.scope)

    def plan(self, repo: Repository, unit_id: int | None, options: Options) -> NoticePlan:
        return plan_notice(
            repo,
            one_unit(unit_id),
            issue_date=options.issue_date,
            cc=options.cc,
            scope=options.scope,
            xlsx_receipt=options.xlsx_receipt,
        )

    def write(self, repo: Repository, plan: NoticePlan, slot: Slot) -> Written:
        """The numbered notice and, when asked, its 回执 as an .xlsx beside it."""
        done = super().write(repo, plan, slot)
        if plan.xlsx_receipt:
            try:
                write_receipt_xlsx(receipt_form(plan, slot.number), done.path.with_suffix(".回执.xlsx"))
            except BaseException:
                done.path.unlink(missing_ok=True)
                raise
        return done

    def issued(self, repo: Repository, plan: NoticePlan, dispatch: Dispatch, *, remind: bool) -> None:
        """The 回执 the notice expects is registered in the same undo step as its number (and the 催办, if asked)."""
        super().issued(repo, plan, dispatch, remind=remind)
        repo.expect_receipt(dispatch, plan.unit["id"], [it["number"] for it in plan.items], plan.report_by)

    def remind(self, repo: Repository, plan: NoticePlan, dispatch: Dispatch) -> None:
        """A 催办 of every item in the notice, with the notice's number."""
        for it in plan.items:
            repo.remind(
                it["number"],
                [plan.unit["name"]],
                on=plan.issue_date.isoformat(),
                method=KIND,
                doc_number=dispatch["number"],
            )


DOCUMENT = Notice()


def build_notice(
    repo: Repository,
    unit_id: int,
    out_dir: Path | str,
    *,
    issue_date: date | str | None = None,
    cc: str | None = None,
    remind: bool = False,
    scope: str = "",
    xlsx_receipt: bool = False,
) -> Path:
    """Write the notice for one unit and register its number (one undo step); returns the file."""
    options = Options(issue_date=issue_date, cc=cc, remind=remind, scope=scope, xlsx_receipt=xlsx_receipt)
    return build_one(DOCUMENT, repo, unit_id, out_dir, options)

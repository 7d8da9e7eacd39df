"""The items of a generated database: each one's whole life as dated steps, replayed onto its record.

An item is planned as steps (签收, 进展, 延期, 催办, 办结, 退回, 销号, 取消) with dates no later than "today",
in the order a secretary would have entered them, and each step changes the record exactly as the
Repository command of that name does. Replaying the steps gives the stored record and, for the recent ones,
the before/after pairs of the history log, so `undo` works on a generated file.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from store.calendar.dates import format_cn
from store.commands.repository import new_assignment

Doc = dict[str, Any]

VERBS = ("落实", "推进", "加强", "做好", "抓好", "完善", "开展", "健全")
TOPICS = (
    "农村妇女“两癌”筛查",
    "留守儿童关爱服务",
    "农村安全饮水工程",
    "农村改厕",
    "妇女职业技能培训",
    "女职工劳动保护专项检查",
    "儿童之家建设",
    "学前教育普惠扩容",
    "义务教育控辍保学",
    "孕产妇健康管理",
    "新生儿疾病筛查",
    "困境儿童基本生活保障",
    "家庭教育指导服务",
    "反家庭暴力宣传",
    "妇女儿童法律援助",
    "出生人口性别比综合治理",
    "儿童青少年近视防控",
    "校园周边安全整治",
    "防溺水安全教育",
    "女性创业担保贷款",
    "妇女儿童发展监测统计",
    "规划实施情况评估",
    "城乡低保动态管理",
    "儿童友好社区创建",
    "托育服务体系建设",
    "妇幼保健机构标准化建设",
    "婚前医学检查",
    "适龄儿童疫苗接种",
    "农村“三留守”人员排查",
    "女干部培养选拔",
)
SUFFIXES = ("工作", "专项行动", "任务", "有关工作", "攻坚", "问题整改")
ACTIONS = (
    "制定具体实施方案",
    "明确责任人和时间节点",
    "加强部门协调配合",
    "每月报送工作进展",
    "建立工作台账",
    "开展专项督查",
    "加大宣传力度",
    "落实经费保障",
)
GOALS = ("按期完成年度目标任务", "达到规划目标要求", "群众满意度明显提升", "问题整改到位")
NOTES = (
    "已召开专题会议研究部署，制定了实施方案。",
    "已印发工作方案，明确了责任科室和时间节点。",
    "已完成摸底排查，正在汇总数据。",
    "已组织业务培训两期，参训人员一百余人次。",
    "正在推进，进度符合预期。",
    "已完成阶段性任务，正在开展自查。",
    "已联合相关部门开展专项检查一次。",
    "资金已拨付到位，项目正在施工。",
)
NEXT_STEPS = ("", "", "下一步将加强督促检查。", "下月底前完成全部任务。")
PROBLEMS = ("", "", "", "经费缺口较大。", "基层人手不足。")
SOURCES = ("电话", "书面材料", "工作群", "现场检查")

# Same-day steps keep the order a person would enter them in.
RANK = {"ack": 0, "progress": 1, "extend": 2, "remind": 3, "done": 4, "reopen": 5, "close": 6, "cancel": 6}
VERB_LABELS = {
    "ack": "签收",
    "progress": "登记进展",
    "extend": "申请延期",
    "remind": "催办",
    "done": "办结",
    "reopen": "退回",
    "close": "销号",
    "cancel": "取消",
}
OPEN_OUTCOMES = ("assigned", "acknowledged", "in_progress", "returned")


@dataclass(order=True)
class Step:
    """One command on one share of an item."""

    day: date
    rank: int
    share: int = field(compare=False)
    action: str = field(compare=False)
    payload: dict[str, Any] = field(compare=False, default_factory=dict)


def stamp(day: date, minute: int = 570) -> str:
    """A 'recorded at' timestamp on that day in office hours (+08:00)."""
    return f"{day.isoformat()}T{minute // 60:02d}:{minute % 60:02d}:00+08:00"


def title_of(rng: random.Random) -> str:
    return rng.choice(VERBS) + rng.choice(TOPICS) + rng.choice(SUFFIXES)


def requirement_of(rng: random.Random) -> str:
    first, second = rng.sample(ACTIONS, 2)
    return f"要{first}，{second}，确保{rng.choice(GOALS)}。"


def new_item(
    number: str, seq: int, meeting_id: int, units: list[tuple[int, str]], start: date, due: date, **fields: Any
) -> Doc:
    """The record as `add_item` writes it: every share 交办 on the meeting day with the same deadline.

    `fields` are title, requirement, indicator_ids, key and collective.
    """
    shares = [new_assignment(unit_id, role, due.isoformat(), start.isoformat(), "办公室") for unit_id, role in units]
    for share in shares:
        share["events"][0]["recorded_at"] = stamp(start)
    return {
        "number": number,
        "year": start.year,
        "seq": seq,
        "title": fields["title"],
        "requirement": fields["requirement"],
        "meeting_id": meeting_id,
        "indicator_ids": fields["indicator_ids"],
        "key": fields["key"],
        "collective": fields["collective"],
        "created_at": stamp(start, 600),
        "assignments": shares,
    }


def _between(rng: random.Random, lo: date, hi: date) -> date:
    return lo if hi <= lo else lo + timedelta(days=rng.randint(0, (hi - lo).days))


class ShareLife:
    """Plans the steps of one share from its start, deadline and how it ends (or stands today)."""

    def __init__(self, rng: random.Random, today: date, chase_days: list[date], chase_numbers: dict[date, str]):
        self.rng = rng
        self.today = today
        self.chase_days = chase_days
        self.chase_numbers = chase_numbers

    def plan(self, index: int, start: date, due: date, outcome: str) -> list[Step]:
        rng, today = self.rng, self.today
        steps: list[Step] = []

        def add(day: date, action: str, **payload: Any) -> None:
            steps.append(Step(day, RANK[action], index, action, payload))

        if outcome == "returned" and (today - start).days < 3:
            outcome = "in_progress"  # no room for 办结 and 退回 before today
        is_open = outcome in OPEN_OUTCOMES
        effective = due
        if rng.random() < 0.08 and min(due, today) > start:
            asked = _between(rng, start + (min(due, today) - start) / 2, min(due, today))
            new_due = due + timedelta(days=rng.randint(15, 90))
            decision = "approved" if rng.random() < 0.85 else "rejected"
            if is_open and decision == "approved" and (today - asked).days < 20 and rng.random() < 0.5:
                decision = "pending"
            add(asked, "extend", new_due=new_due.isoformat(), decision=decision)
            effective = new_due if decision == "approved" else due
        end = today
        if outcome in ("done", "closed", "returned"):
            if rng.random() < 0.18:
                end = effective + timedelta(days=rng.randint(1, 60))
            else:
                end = start + (effective - start) * rng.uniform(0.4, 1.0)
            end = max(min(end, today if outcome != "returned" else today - timedelta(days=3)), start)
            if steps:
                end = max(end, steps[0].day)
        elif outcome == "cancelled":
            end = _between(rng, start, min(max(effective, start), today))
        if outcome != "assigned":
            add(min(start + timedelta(days=rng.randint(0, 4)), end), "ack")
        notes = 0 if outcome in ("assigned", "acknowledged") else rng.choice((1, 1, 2, 2, 3))
        for _ in range(notes):
            add(_between(rng, steps[-1].day if steps else start, end), "progress", **self._note())
        if (effective < end and rng.random() < 0.7) or rng.random() < 0.05:  # overdue shares get chased
            lo = max(start, effective - timedelta(days=5))
            for _ in range(rng.choice((1, 1, 2, 3)) if lo <= end else 0):
                day, method, number = self._reminder(lo, end)
                add(day, "remind", method=method, doc_number=number)
        if outcome in ("done", "closed", "returned"):
            add(end, "done", late=end > effective)
        if outcome == "returned":
            add(_between(rng, end + timedelta(days=1), today), "reopen")
        elif outcome == "closed":
            closing = end + timedelta(days=rng.randint(2, 30))
            if closing <= today:
                add(closing, "close")
        elif outcome == "cancelled":
            add(end, "cancel")
        return steps

    def _note(self) -> dict[str, Any]:
        rng = self.rng
        return {
            "text": rng.choice(NOTES),
            "next_step": rng.choice(NEXT_STEPS),
            "problems": rng.choice(PROBLEMS),
            "source": rng.choice(SOURCES),
        }

    def _reminder(self, lo: date, hi: date) -> tuple[date, str, str]:
        """A chase: by the office's chase notice when one was issued in the window, else by phone."""
        notices = [d for d in self.chase_days if lo <= d <= hi]
        if notices and self.rng.random() < 0.6:
            day = self.rng.choice(notices)
            return day, "催办通知", self.chase_numbers[day]
        return _between(self.rng, lo, hi), "电话", ""


def apply(doc: Doc, step: Step) -> None:
    """Change the record as the Repository command of the same name does."""
    share = doc["assignments"][step.share]
    day = step.day.isoformat()
    p = step.payload
    at = stamp(step.day, 600 + 7 * step.rank)
    action = step.action

    def event(name: str, note: str = "") -> None:
        share["events"].append({"date": day, "action": name, "note": note, "recorded_by": "办公室", "recorded_at": at})

    if action == "ack":
        share["status"] = "acknowledged"
        share["acknowledged_on"] = day
        event("签收")
    elif action == "progress":
        share["progress"].append(
            {
                "date": day,
                "text": p["text"],
                "next_step": p["next_step"],
                "problems": p["problems"],
                "recorded_by": "办公室",
                "source": p["source"],
                "recorded_at": at,
            }
        )
        if share["status"] in ("assigned", "acknowledged", "returned"):
            if share["status"] == "assigned" and not share["acknowledged_on"]:
                share["acknowledged_on"] = day
            share["status"] = "in_progress"
    elif action == "remind":
        method, number = p["method"], p["doc_number"]
        share["reminders"].append(
            {"date": day, "method": method, "doc_number": number, "note": "", "recorded_by": "办公室"}
        )
        event("催办", f"第{len(share['reminders'])}次催办（{method}）{number}")
    elif action == "extend":
        decided = p["decision"] != "pending"
        share["extensions"].append(
            {
                "requested_on": day,
                "new_due": p["new_due"],
                "reason": "工作量大，需协调多个部门",
                "decision": p["decision"],
                "decided_on": day if decided else "",
                "recorded_by": "办公室",
            }
        )
        verdict = {"approved": "，已批准", "pending": "，待批准"}.get(p["decision"], "，未批准")
        event("延期", f"申请延期至{format_cn(p['new_due'])}{verdict}：工作量大，需协调多个部门")
    else:
        _finish(share, action, day, p, event)


def _finish(share: Doc, action: str, day: str, p: dict[str, Any], event: Callable[..., None]) -> None:
    if action == "done":
        share["status"] = "done"
        share["done_on"] = day
        share["done_late"] = bool(share["done_late"]) or bool(p["late"])
        event("逾期办结" if p["late"] else "办结", "已按要求完成。")
    elif action == "reopen":
        share["status"] = "returned"
        share["done_on"] = ""
        share["closed_on"] = ""
        event("退回", "核实发现仍有未完成事项，退回重办。")
    elif action == "close":
        share["status"] = "closed"
        share["closed_on"] = day
        event("销号", "经核实，同意销号。")
    elif action == "cancel":
        share["status"] = "cancelled"
        event("取消", "任务调整，不再办理。")

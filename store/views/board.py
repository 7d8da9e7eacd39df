"""Read-only views shared by the command line, the TUI and the documents: rows, details and boards.

Everything here is computed from the records and a Policy (today, calendar, thresholds); the results
are JSON-native so that `--json` prints exactly what the screens show.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from store.calendar.dates import days_phrase, format_cn
from store.records.model import (
    COLLECTIVE_LABELS,
    DONE_STATUSES,
    LIGHT_LABELS,
    OPEN_STATUSES,
    ROLE_LABELS,
    STATUS_LABELS,
    Assignment,
    Item,
    Meeting,
    Milestone,
    Unit,
)
from store.records.units import unit_matches_text
from store.rules.figures import percent_text, ratio_text
from store.rules.lights import (
    LIGHT_ORDER,
    Policy,
    assignment_light,
    effective_due,
    is_done_late,
    item_status,
    late_marks,
    overdue_before_extension,
    places,
    rank_units,
    unit_figures,
    urgency,
    worst_light,
)

if TYPE_CHECKING:
    from store.calendar.workdays import WorkCalendar
    from store.views.monitoring import Snapshot, VerdictRow

Json = dict[str, Any]
"""A JSON-native result: what `--json` prints and what the screens and documents show."""
Units = dict[int, Unit]


class ItemRow(NamedTuple):
    """One line of the item list; with a unit filter, the figures are that unit's share."""

    number: str
    title: str
    light: str
    status: str
    lead: str
    partners: list[str]
    due: str
    due_text: str
    key: bool
    done_late: bool
    extended_late: bool
    reminders: int
    meeting_id: int | None
    unit_ids: list[int]
    score: int

    def as_json(self) -> Json:
        out = self._asdict()
        out["partners"], out["unit_ids"] = list(self.partners), list(self.unit_ids)  # the row's own lists stay its own
        out["light_label"] = LIGHT_LABELS[self.light]
        out["status_label"] = STATUS_LABELS[self.status]
        return out


def status_text(status: str, done_late: bool) -> str:
    """An item's or a share's status as the screens show it: 办结·迟 when it was finished after its deadline.
    The item list, the meetings page and the item's detail all call this."""
    return STATUS_LABELS[status] + ("·迟" if done_late and status in ("done", "closed") else "")


def _names(units: Units, ids: Iterable[int]) -> list[str]:
    return [units[i]["short"] or units[i]["name"] if i in units else f"单位{i}" for i in ids]


def unit_label(unit: Unit | None) -> str:
    if unit is None:
        return "（已删除的单位）"
    return unit["short"] or unit["name"]


def item_row(item: Item, policy: Policy, units: Units, unit_id: int | None = None) -> ItemRow:
    shares = item["assignments"]
    if unit_id is not None:
        shares = [a for a in shares if a["unit_id"] == unit_id]
    lights = [assignment_light(a, policy) for a in shares]
    light = worst_light(lights)
    status = item_status({**item, "assignments": shares})
    open_shares = [a for a in shares if a["status"] in OPEN_STATUSES]
    # The deadline shown is the one the countdown speaks of: the soonest open one, else the last one.
    due = (
        min(effective_due(a) for a in open_shares)
        if open_shares
        else max((effective_due(a) for a in shares), default="")
    )
    if status in DONE_STATUSES:
        done_on = max((a["done_on"] for a in shares if a["done_on"]), default="")
        late = any(is_done_late(a) for a in shares)
        due_text = ("逾期办结 " if late else "已办结 ") + (done_on[5:] if done_on else "")
    elif status in ("suspended", "cancelled"):
        due_text = STATUS_LABELS[status]
    elif open_shares:
        soonest = min(open_shares, key=lambda a: effective_due(a))
        due_text = days_phrase(date.fromisoformat(effective_due(soonest)), policy.today, policy.calendar)
    else:
        due_text = ""
    extended_late = any(overdue_before_extension(a) for a in shares)
    if extended_late:
        due_text += late_marks(next(a for a in shares if overdue_before_extension(a)))
    if item["collective"]:
        lead = COLLECTIVE_LABELS[item["collective"]]
        partners: list[str] = []
    else:
        lead = ", ".join(_names(units, [a["unit_id"] for a in item["assignments"] if a["role"] == "lead"]))
        partners = _names(units, [a["unit_id"] for a in item["assignments"] if a["role"] == "partner"])
    score = max((urgency(item, a, policy).score for a in open_shares), default=0)
    return ItemRow(
        number=item["number"],
        title=item["title"],
        light=light,
        status=status,
        lead=lead,
        partners=partners,
        due=due,
        due_text=due_text,
        key=bool(item["key"]),
        done_late=any(is_done_late(a) for a in shares),
        extended_late=extended_late,
        reminders=sum(len(a["reminders"]) for a in shares),
        meeting_id=item["meeting_id"],
        unit_ids=[a["unit_id"] for a in item["assignments"]],
        score=score,
    )


def filter_items(
    items: Iterable[Item],
    policy: Policy,
    units: Units,
    *,
    unit_id: int | None = None,
    status: str | None = None,
    light: str | None = None,
    meeting_id: int | None = None,
    key: bool | None = None,
    text: str = "",
) -> list[ItemRow]:
    """The item list with the command line's and the Items screen's filters applied."""
    rows: list[ItemRow] = []
    needle = text.strip().lower()
    for item in items:
        if meeting_id is not None and item["meeting_id"] != meeting_id:
            continue
        if key is not None and bool(item["key"]) != key:
            continue
        if unit_id is not None and not any(a["unit_id"] == unit_id for a in item["assignments"]):
            continue
        row = item_row(item, policy, units, unit_id)
        if light and row.light != light:
            continue
        if status and not _status_matches(item, status, unit_id, policy):
            continue
        if needle and not _text_matches(item, row, units, needle):
            continue
        rows.append(row)
    return rows


def _status_matches(item: Item, status: str, unit_id: int | None, policy: Policy) -> bool:
    shares = [a for a in item["assignments"] if unit_id is None or a["unit_id"] == unit_id]
    if status == "done_late":
        return any(is_done_late(a) for a in shares)
    if status == "overdue":
        return any(assignment_light(a, policy) == "red" for a in shares)
    if status == "done":
        return any(a["status"] in DONE_STATUSES for a in shares)
    return any(a["status"] == status for a in shares)


def _text_matches(item: Item, row: ItemRow, units: Units, needle: str) -> bool:
    if needle in item["title"].lower() or needle in item["number"] or needle in item["requirement"].lower():
        return True
    for a in item["assignments"]:
        unit = units.get(a["unit_id"])
        if unit and unit_matches_text(unit, needle):
            return True
    return False


def light_order(row: ItemRow) -> tuple[int, str, bool, tuple[int, int, str]]:
    """The one default order of the item list (CLI `list` and the TUI alike): worst light first, then the
    earliest deadline; a ★ item goes first only among items due the same day, then by number.

    Not ★ first within a light: the list is read as a queue of deadlines, and an older overdue item must not
    sink below a newer key one. Urgency (which also counts reminders, so a row would jump after each 催办)
    stays an order one asks for (`list --sort urgency`).
    """
    return (LIGHT_ORDER[row.light], row.due or "9999", not row.key, _number_key(row.number))


def sort_rows(rows: list[ItemRow], by: str = "light") -> list[ItemRow]:
    if by == "number":
        return sorted(rows, key=lambda r: _number_key(r.number))
    if by == "due":
        return sorted(rows, key=lambda r: (r.due or "9999", _number_key(r.number)))
    if by == "urgency":
        return sorted(rows, key=lambda r: (LIGHT_ORDER[r.light], -r.score, r.due or "9999", _number_key(r.number)))
    return sorted(rows, key=light_order)


def _number_key(number: str) -> tuple[int, int, str]:
    year, _, seq = number.partition("-")
    try:
        return int(year), int(seq), ""
    except ValueError:
        return 0, 0, number


def assignment_view(item: Item, a: Assignment, policy: Policy, units: Units) -> Json:
    unit = units.get(a["unit_id"])
    light = assignment_light(a, policy)
    due = effective_due(a)
    if a["status"] in OPEN_STATUSES:
        phrase = days_phrase(date.fromisoformat(due), policy.today, policy.calendar)
    elif a["status"] in DONE_STATUSES:
        phrase = ("逾期办结" if is_done_late(a) else "按期办结") + f"（{format_cn(a['done_on'])}）"
    else:
        phrase = STATUS_LABELS[a["status"]]
    # The table form, as the item list writes it: 按期办结 11-13 (the full date is in `due_text`).
    short = phrase.split("（", 1)[0] + f" {a['done_on'][5:]}" if a["status"] in DONE_STATUSES else phrase
    phrase, short = phrase + late_marks(a), short + late_marks(a)
    score = urgency(item, a, policy)
    return {
        **a,
        "unit": unit["name"] if unit else f"单位{a['unit_id']}",
        "role_label": ROLE_LABELS[a["role"]],
        "status_label": STATUS_LABELS[a["status"]],
        "light": light,
        "light_label": LIGHT_LABELS[light],
        "effective_due": due,
        "due_text": phrase,
        "due_short": short,
        "done_late": is_done_late(a),
        "extended_late": overdue_before_extension(a),
        "urgency": score.score,
        "urgency_parts": score.parts(),
        "urgency_text": score.explain(),
    }


def item_detail(item: Item, policy: Policy, units: Units) -> Json:
    """Everything about one item: the roll-up and every share with its logs (lead first)."""
    row = item_row(item, policy, units)
    shares = sorted(
        item["assignments"],
        key=lambda a: (a["role"] != "lead", units[a["unit_id"]]["order"] if a["unit_id"] in units else 0),
    )
    dues = [effective_due(a) for a in item["assignments"]]
    return {
        **{k: v for k, v in item.items() if k != "assignments"},
        "light": row.light,
        "light_label": LIGHT_LABELS[row.light],
        "status": row.status,
        "status_label": STATUS_LABELS[row.status],
        "due": row.due,
        "due_text": row.due_text,
        "done_late": row.done_late,
        "calendar_warning": policy.calendar.warning(*(date.fromisoformat(d) for d in dues)),
        "assignments": [assignment_view(item, a, policy, units) for a in shares],
    }


def light_counts(rows: Iterable[ItemRow]) -> dict[str, int]:
    counts = Counter(r.light for r in rows)
    return {light: counts.get(light, 0) for light in ("red", "yellow", "green", "blue", "grey")}


def board_by_unit(items: list[Item], policy: Policy, units: Units) -> list[Json]:
    """Per-unit figures ranked by 按期办结率 (units with nothing due yet last)."""
    figures = unit_figures(items, policy)
    out = []
    ranked = rank_units(figures.values())
    for rank, f in zip(places(ranked), ranked, strict=True):
        unit = units.get(f.unit_id)
        rate = f.on_time_rate
        out.append(
            {
                "rank": rank,
                "unit_id": f.unit_id,
                "unit": unit["name"] if unit else f"单位{f.unit_id}",
                "assigned": f.assigned,
                "lead": f.lead,
                "done": f.done,
                "done_on_time": f.done_on_time,
                "done_late": f.done_late,
                "open": f.open,
                "overdue": f.overdue,
                "yellow": f.yellow,
                "reminders": f.reminders,
                "on_time_rate": None if rate is None else round(rate, 4),
                "on_time_rate_text": percent_text(rate),
                "average_days_late": round(f.average_days_late, 1),
                "overdue_items": f.overdue_items,
                "extended_late_items": f.extended_late_items,
            }
        )
    return out


def _due_bucket(row: ItemRow, today: date) -> str:
    if row.status in DONE_STATUSES:
        return "已办结"
    if row.status in ("suspended", "cancelled"):
        return "暂缓或取消"
    if row.light == "red":
        return "已逾期"
    due = date.fromisoformat(row.due)
    week_end = today + timedelta(days=6 - today.weekday())
    if due <= week_end:
        return "本周到期"
    if due <= week_end + timedelta(days=7):
        return "下周到期"
    if due.year == today.year and due.month == today.month:
        return "本月到期"
    return "以后到期"


DUE_BUCKETS = ("已逾期", "本周到期", "下周到期", "本月到期", "以后到期", "已办结", "暂缓或取消")


def board_by_due(items: list[Item], policy: Policy, units: Units) -> list[Json]:
    rows = sort_rows(filter_items(items, policy, units), "due")
    groups: dict[str, list[ItemRow]] = {name: [] for name in DUE_BUCKETS}
    for row in rows:
        groups[_due_bucket(row, policy.today)].append(row)
    return [
        {"group": name, "count": len(group), "items": [r.as_json() for r in group]}
        for name, group in groups.items()
        if group
    ]


def board_by_meeting(items: list[Item], policy: Policy, units: Units, meetings: list[Meeting]) -> list[Json]:
    rows = filter_items(items, policy, units)
    out = []
    titles = {m["id"]: m for m in meetings}
    by_meeting: dict[int | None, list[ItemRow]] = {}
    for row in rows:
        by_meeting.setdefault(row.meeting_id, []).append(row)
    for meeting_id, group in sorted(by_meeting.items(), key=lambda kv: (kv[0] is None, kv[0] or 0)):
        meeting = titles.get(meeting_id) if meeting_id is not None else None
        out.append(
            {
                "meeting_id": meeting_id,
                "meeting": meeting["title"] if meeting else "（未关联会议）",
                "date": meeting["date"] if meeting else "",
                **meeting_tally(group),
            }
        )
    return out


def meeting_tally(rows: list[ItemRow]) -> Json:
    """A meeting's items: how many, by light, and 办结率 = blue ÷ (all but suspended or cancelled)."""
    counts = light_counts(rows)
    return {
        "items": len(rows),
        "lights": counts,
        "done_rate_text": ratio_text(counts["blue"], len(rows) - counts["grey"]),
    }


def _standings(monitor: Snapshot, year: int | None) -> tuple[int, list[VerdictRow]]:
    """Every indicator's standing for the boards' data year (or the year asked): the one rule the verdict board,
    the indicators page and the documents use (store.views.monitoring.Snapshot.board)."""
    data_year = monitor.board_year(year)
    return data_year, monitor.board(data_year)


def _latest_text(row: VerdictRow, year: int) -> str:
    return f"{row.value}（{year}年）"


def board_by_indicator(
    items: list[Item], policy: Policy, units: Units, monitor: Snapshot, year: int | None = None
) -> list[Json]:
    """Each indicator's verdict for the boards' data year (as `verdicts` shows it) next to the lights of the items
    linked to it."""
    rows = {r.number: r for r in filter_items(items, policy, units)}
    linked: dict[int, list[str]] = {}
    for item in items:
        for ind_id in item["indicator_ids"]:
            linked.setdefault(ind_id, []).append(item["number"])
    data_year, standings = _standings(monitor, year)
    out = []
    for row in standings:
        numbers = linked.get(row.indicator_id, [])
        out.append(
            {
                "indicator_id": row.indicator_id,
                "plan": row.plan,
                "domain": row.domain,
                "indicator": row.name,
                "year": data_year,
                "target": row.applies,
                "latest": _latest_text(row, data_year),
                "judgement": row.verdict,
                "reason": row.reason,
                "items": numbers,
                "light": worst_light(rows[n].light for n in numbers if n in rows) if numbers else "grey",
                "lead": _names(units, row.lead_unit_ids),
            }
        )
    return out


def overview(
    items: list[Item],
    policy: Policy,
    units: Units,
    milestones: list[Milestone],
    monitor: Snapshot | None = None,
    rows: list[ItemRow] | None = None,
    board: list[Json] | None = None,
) -> Json:
    """The front page: counts by light, milestone countdown, the units most behind, what falls due this week.

    `rows` and `board` may be passed when the caller already built them (the TUI does, once per change).
    """
    if rows is None:
        rows = filter_items(items, policy, units)
    upcoming = _upcoming(milestones, policy)
    if board is None:
        board = board_by_unit(items, policy, units)
    behind = sorted((b for b in board if b["overdue"]), key=lambda b: (-b["overdue"], b["rank"]))[:5]
    return {
        "today": policy.today.isoformat(),
        "items": len(rows),
        "lights": light_counts(rows),
        "milestones": upcoming,
        "behind": behind,
        "due_this_week": _due_this_week(rows, policy.today),
        "calendar_warning": policy.calendar.warning(*(date.fromisoformat(m["date"]) for m in upcoming)),
        "calendar_note": policy.calendar.warning(*(date.fromisoformat(m["date"]) for m in upcoming), short=True),
        "off_target": _off_target(monitor) if monitor is not None else [],
    }


def milestone_countdown(m: Milestone, today: date, cal: WorkCalendar) -> Json:
    """A milestone's countdown: days and working days left, the calendar's warning, and the phrase shown
    (还有12天（8个工作日） / 已过3天). The front page, the settings page and `milestone list` all use it."""
    day = date.fromisoformat(m["date"])
    days = (day - today).days
    work = cal.workdays_between(today, day)
    phrase = f"还有{days}天（{work}个工作日）" if days >= 0 else f"已过{-days}天"
    return {"days": days, "workdays": work, "warning": cal.warning(day), "phrase": phrase}


def _upcoming(milestones: Iterable[Milestone], policy: Policy) -> list[Json]:
    """The milestones still ahead, with the days and working days left."""
    upcoming = []
    for m in milestones:
        count = milestone_countdown(m, policy.today, policy.calendar)
        if count["days"] >= 0:
            upcoming.append(
                {"name": m["name"], "date": m["date"], **{k: count[k] for k in ("days", "workdays", "warning")}}
            )
    return upcoming


def _due_this_week(rows: list[ItemRow], today: date) -> list[Json]:
    """Open items not yet overdue that fall due within seven days, soonest first."""
    week_end = today + timedelta(days=7)
    return [
        r.as_json()
        for r in sort_rows(rows, "due")
        if r.status not in DONE_STATUSES
        and r.light != "red"
        and r.due
        and r.due <= week_end.isoformat()
        and r.status not in ("suspended", "cancelled")
    ]


def _off_target(monitor: Snapshot) -> list[Json]:
    """Indicators judged 未达标 or 滞后 in the boards' data year (the same verdicts as `verdicts`)."""
    data_year, standings = _standings(monitor, None)
    return [
        {
            "indicator": row.name,
            "target": row.applies,
            "latest": _latest_text(row, data_year),
            "verdict": row.verdict,
        }
        for row in standings
        if row.verdict in ("未达标", "滞后")
    ]

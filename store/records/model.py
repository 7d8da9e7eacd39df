"""The records, named as in the glossary.

Records are plain JSON-native dicts (TypedDicts for the type checker): they are what TinyDB stores, what
`--json` prints and what the history keeps, so there is no second copy of the data to keep in step.
Dates are ISO `YYYY-MM-DD` strings; timestamps are ISO with the +08:00 offset.
"""

from __future__ import annotations

from typing import Literal, NotRequired, TypedDict

from store.records.fonts import FONT_DEFAULTS

SCHEMA_VERSION = 4

Role = Literal["lead", "partner"]
Status = Literal["assigned", "acknowledged", "in_progress", "done", "returned", "closed", "suspended", "cancelled"]

ROLE_LABELS: dict[str, str] = {"lead": "牵头", "partner": "配合"}
STATUS_LABELS: dict[str, str] = {
    "assigned": "交办",
    "acknowledged": "签收",
    "in_progress": "办理中",
    "done": "办结",
    "returned": "退回",
    "closed": "销号",
    "suspended": "暂缓",
    "cancelled": "取消",
}
STATUS_STATES: dict[str, str] = {
    "assigned": "已交办、尚未签收",
    "acknowledged": "已签收",
    "in_progress": "正在办理",
    "done": "已办结",
    "returned": "已退回重办",
    "closed": "已销号",
    "suspended": "暂缓办理",
    "cancelled": "已取消",
}
"""A share's status as a sentence says it (目前已签收), where a table says 签收 (a notice read 「目前签收」)."""
LIGHT_LABELS: dict[str, str] = {"red": "红", "yellow": "黄", "green": "绿", "blue": "蓝", "grey": "灰"}
LIGHT_MEANINGS: dict[str, str] = {
    "red": "逾期未办结",
    "yellow": "临近期限",
    "green": "正常推进",
    "blue": "已办结",
    "grey": "暂缓或取消",
}
OPEN_STATUSES = frozenset({"assigned", "acknowledged", "in_progress", "returned"})
DONE_STATUSES = frozenset({"done", "closed"})
INACTIVE_STATUSES = frozenset({"suspended", "cancelled"})

UNIT_KINDS: dict[str, str] = {"department": "部门", "township": "乡镇", "organisation": "群团组织"}
COLLECTIVE_LABELS: dict[str, str] = {"all_units": "各成员单位", "all_townships": "各乡镇"}
DIRECTIONS: dict[str, str] = {
    ">=": "≥",
    "<=": "≤",
    "keep": "保持",
    "rising": "逐步提高",
    "falling": "逐步下降",
    "qualitative": "定性",
}
READING_STATUSES = ("未报", "已报", "已审核", "退回")
MODES: dict[str, str] = {"level": "水平值", "cumulative": "累计值"}
EVIDENCE_CATEGORIES = ("组织领导", "制度建设", "会议", "规划与分解", "监测统计", "经费保障", "宣传")
EVIDENCE_STATUSES = ("未开始", "收集中", "已完成")
OFFICE_OWNER = "办公室"  # evidence the office keeps itself (no member unit): its owner as typed and printed


class Progress(TypedDict):
    """进展反馈: a dated note of what a unit did, recorded on its behalf."""

    date: str
    text: str
    next_step: str
    problems: str
    recorded_by: str
    source: str
    recorded_at: str


class Reminder(TypedDict):
    """催办: one dated chase of an assignment, usually by a notice with a document number."""

    date: str
    method: str
    doc_number: str
    note: str
    recorded_by: str


class Extension(TypedDict):
    """延期: a request for a later deadline and its decision."""

    requested_on: str
    new_due: str
    reason: str
    decision: Literal["pending", "approved", "rejected"]
    decided_on: str
    recorded_by: str


class Event(TypedDict):
    """One dated lifecycle step of an assignment and who recorded it."""

    date: str
    action: str
    note: str
    recorded_by: str
    recorded_at: str


class Assignment(TypedDict):
    """承办: one unit's share of an item, with its own status, dates and logs."""

    unit_id: int
    role: Role
    status: Status
    assigned_on: str
    due: str
    acknowledged_on: str
    done_on: str
    closed_on: str
    done_late: bool
    progress: list[Progress]
    reminders: list[Reminder]
    extensions: list[Extension]
    events: list[Event]


class Carry(TypedDict):
    """回头看: an open item carried from an earlier meeting to a later one (its number and shares stay)."""

    from_meeting_id: int
    to_meeting_id: int
    date: str
    recorded_by: str
    recorded_at: str


class Item(TypedDict):
    """督办事项: one piece of assigned work with a printed number such as 2023-07."""

    number: str
    year: int
    seq: int
    title: str
    requirement: str
    meeting_id: int | None
    indicator_ids: list[int]
    key: bool
    collective: str
    created_at: str
    assignments: list[Assignment]
    carries: NotRequired[list[Carry]]
    id: NotRequired[int]


class Unit(TypedDict):
    """成员单位 with the names it may be called by."""

    name: str
    short: str
    kind: str
    contact: str
    phone: str
    order: int
    initials: list[str]
    aliases: list[str]
    active: bool
    id: NotRequired[int]


class Meeting(TypedDict):
    """会议 whose speech or minutes assign work."""

    title: str
    date: str
    kind: str
    source_text: str
    id: NotRequired[int]


class Override(TypedDict):
    """A verdict set by people (qualitative targets, or a computed one they overrule), with why and who."""

    verdict: str
    reason: str
    by: str
    at: str


class Reading(TypedDict):
    """One year's observation of an indicator: a value, or a typed reason why there is none."""

    year: int
    value: float | None
    no_data_reason: str
    numerator: float | None
    denominator: float | None
    caliber_changed: bool
    submitted_by: str
    submitted_on: str
    checked_by: str
    status: str
    note: str
    override: Override | None


class Indicator(TypedDict):
    """指标 with its 口径 card and one reading per year."""

    plan: str
    domain: str
    code: str
    name: str
    measure: str
    direction: str
    target: float | None
    target_text: str
    target_year: int
    midterm_target: float | None
    baseline: float | None
    baseline_year: int
    readings: list[Reading]
    lead_unit_ids: list[int]
    partner_unit_ids: list[int]
    source: str
    definition: str
    period_start_month: int
    reported_up: bool
    mode: str
    key: bool
    decimals: int
    id: NotRequired[int]


class Plan(TypedDict):
    """A development plan and its period: the target year of its indicators is the plan's end year (an indicator
    may set an earlier one); the mid-term year's data are the evaluation's; `domains` are all its 领域, in order,
    with or without indicators."""

    key: str
    name: str
    start_year: int
    end_year: int
    midterm_year: int
    domains: list[str]
    id: NotRequired[int]


class RequestReminder(TypedDict):
    unit_id: int
    date: str
    method: str
    note: str
    recorded_by: str


class DataRequest(TypedDict):
    """A data-request cycle: the office asks the units for their indicators' data of one year by a date."""

    year: int
    title: str
    due: str
    opened_on: str
    remind_before: int
    remind_every: int
    unit_ids: list[int]
    reminders: list[RequestReminder]
    closed: bool
    id: NotRequired[int]


class Evidence(TypedDict):
    """佐证材料 to show the inspectors, by category, with its owner, due date, status and file reference."""

    category: str
    title: str
    owner_unit_id: int | None
    due: str
    status: str
    file_ref: str
    note: str
    id: NotRequired[int]


class Publicity(TypedDict):
    """A publicity activity (reach) or a 知晓率 survey (sample size and result)."""

    kind: str
    title: str
    date: str
    unit_id: int | None
    reach: int | None
    sample_size: int | None
    awareness: float | None
    note: str
    id: NotRequired[int]


class Dispatch(TypedDict):
    """发文登记: a document number issued, never reused."""

    number: str
    year: int
    seq: int
    kind: str
    title: str
    unit_ids: list[int]
    date: str
    file: str
    state: NotRequired[str]  # DISPATCH_STATES; absent in records made before states existed: issued
    id: NotRequired[int]


class Receipt(TypedDict):
    """回执 of one dispatched 督办通知: which unit owes it, for which items, by when; what came back and when.

    `received_on` is "" until it comes back (未回; 逾期未回 after `report_by`)."""

    dispatch_id: int
    doc_number: str
    unit_id: int
    items: list[str]
    issued_on: str
    report_by: str
    received_on: str
    contact: str
    phone: str
    text: str
    problems: str
    next_step: str
    source: str
    recorded_by: str
    recorded_at: str
    id: NotRequired[int]


DISPATCH_STATES: dict[str, str] = {"reserved": "未完成", "issued": "已发", "void": "作废", "external": "外部登记"}


class Milestone(TypedDict):
    """里程碑: a dated event to count down to."""

    name: str
    date: str
    id: NotRequired[int]


class Settings(TypedDict):
    """Office settings: names, contact, thresholds and entered holiday calendars."""

    office_name: str
    office_short: str
    doc_prefix: str
    contact_person: str
    contact_phone: str
    operator: str
    yellow_days: int
    report_days: int
    cc: str
    rate_basis: str
    jump_threshold: int
    font_body: str
    font_title: str
    font_heading: str
    font_subheading: str
    period_on_workday: bool
    jump_points: dict[str, float]
    checked_only: bool
    evaluation_year: int
    chase_near_days: int
    calendar: dict[str, dict[str, list[str]]]


DEFAULT_SETTINGS: Settings = {
    "office_name": "",
    "office_short": "",
    "doc_prefix": "",
    "contact_person": "",
    "contact_phone": "",
    "operator": "办公室",
    "yellow_days": 3,
    "report_days": 5,
    "cc": "",
    "rate_basis": "all",
    "jump_threshold": 20,
    "font_body": FONT_DEFAULTS["font_body"],  # the faces the Word documents name: store.records.fonts
    "font_title": FONT_DEFAULTS["font_title"],
    "font_heading": FONT_DEFAULTS["font_heading"],
    "font_subheading": FONT_DEFAULTS["font_subheading"],
    "period_on_workday": False,  # 上旬/中旬/下旬/月底/年底 that fall on a day off move to the next working day
    "jump_points": {"%": 5.0},  # rates near their ceiling: a change is checked in points of the unit
    "checked_only": False,  # True: only 已审核 readings count (else 已报 and 已审核)
    "evaluation_year": 0,  # the data year of the evaluation documents; 0: the plans' mid-term year
    "chase_near_days": 5,  # units owing data are chased from this many working days before the deadline
    "calendar": {},
}

TABLES = (
    "meta",
    "settings",
    "units",
    "meetings",
    "items",
    "indicators",
    "dispatches",
    "milestones",
    "plans",
    "requests",
    "evidence",
    "publicity",
    "receipts",
)

"""Commands that change the office settings: names, contacts, thresholds and the entered holiday calendars."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import SupportsInt, cast

from store.calendar import dates
from store.commands.base import RepositoryBase
from store.errors import ValidationError
from store.records.choices import BASIS, CHECKED_ONLY, YES_NO, Choice
from store.records.fonts import FONT_DEFAULTS, check_faces
from store.records.model import DEFAULT_SETTINGS, Settings
from store.records.settings_table import SETTING_LABELS
from store.records.text import require_text
from store.records.values import require_year

# Text settings: the label (store.records.settings_table) and the longest value allowed.
_TEXT_LIMITS = {
    "office_name": 60,
    "office_short": 30,
    "doc_prefix": 20,
    "contact_person": 20,
    "contact_phone": 40,
    "operator": 20,
    "cc": 200,
}
TEXT_SETTINGS = {key: (SETTING_LABELS[key], limit) for key, limit in _TEXT_LIMITS.items()}

# Settings a document or a record cannot do without: saving them empty is refused, naming the field. They start
# empty in a new database (the welcome screen asks for them), but once given they are never blanked.
REQUIRED_SETTINGS = frozenset({"office_name", "doc_prefix", "contact_person", "contact_phone", "operator"})

YearCalendar = dict[str, dict[str, list[str]]]


class SettingsCommands(RepositoryBase):
    """Changing the settings (reading them is the base's `settings()`)."""

    def update_settings(self, **values: object) -> Settings:
        current = dict(self.settings())
        clean = {key: clean_setting(key, value) for key, value in values.items()}
        current.update(clean)
        self._save("settings", 1, current, "修改设置", "settings")
        return self.settings()

    def set_year_calendar(
        self, year: int, holidays: Iterable[str], workdays: Iterable[str], *, replace: bool = False
    ) -> Settings:
        """Enter the State Council's announced holidays and 调休 working days for a year.

        Entries add to what the year already has (a day entered as one kind stops being the other);
        `replace` starts the year afresh.
        """
        cal = dict(self.settings()["calendar"])
        empty: dict[str, list[str]] = {"holidays": [], "workdays": []}
        entry = empty if replace else cal.get(str(year), empty)
        off, work = set(holidays), set(workdays)
        kept_off = (set(entry.get("holidays", [])) - work) | off
        kept_work = (set(entry.get("workdays", [])) - off) | work
        cal[str(year)] = {"holidays": sorted(kept_off), "workdays": sorted(kept_work)}
        return self.update_settings(calendar=cal)


def clean_setting(key: str, value: object, *, blank_ok: bool = False) -> object:
    """The one check of a setting's value (ranges of the numbers included), for the settings form, the command line
    and imported files alike; a ValidationError names the setting. `blank_ok`: a required text setting may be
    empty (a whole database imported before the office filled its settings in)."""
    if key in TEXT_SETTINGS:
        label, limit = TEXT_SETTINGS[key]
        required = key in REQUIRED_SETTINGS and not blank_ok
        return require_text(key, label, value, max_len=limit, allow_empty=not required)
    if key in ("yellow_days", "report_days"):
        label = SETTING_LABELS[key]
        number = _whole(key, value, f"{label}必须是整数")
        low = 1 if key == "report_days" else 0  # 0 working days to answer would be due the day it is dated
        if not low <= number <= 60:
            raise ValidationError(key, f"{label}应在{low}到60之间")
        return number
    if key == "calendar":
        return _check_calendar(value)
    if key in FONT_DEFAULTS:
        return check_faces(key, value)
    if key == "period_on_workday":
        return yes_no(key, SETTING_LABELS[key], value)
    if key == "rate_basis":
        return BASIS.parse(value)
    if key == "jump_threshold":
        number = _whole(key, value, "数据跳变提醒阈值必须是整数（%）")
        if not 1 <= number <= 1000:
            raise ValidationError(key, "数据跳变提醒阈值应在1%到1000%之间")
        return number
    if key in MONITORING_SETTINGS:
        return _monitoring_setting(key, value)
    raise ValidationError(key, f"没有这项设置：{key}")


def setting_value(settings: Mapping[str, object], key: str) -> object:
    """A setting as every reader uses it: the stored value when `clean_setting` accepts it, else the default from
    the one table (store.records.model.DEFAULT_SETTINGS). So what the check refuses is never used, and 0 stays 0
    where the check allows it."""
    default: object = DEFAULT_SETTINGS[key]  # type: ignore[literal-required]
    if key not in settings:
        return default
    try:
        return clean_setting(key, settings[key], blank_ok=True)
    except ValidationError:
        return default


def chase_near_days(settings: Mapping[str, object]) -> int:
    """Working days before a data deadline from which units owing data are chased (0: only once overdue)."""
    return int(cast(SupportsInt, setting_value(settings, "chase_near_days")))


def report_days(settings: Mapping[str, object]) -> int:
    """Working days a notice gives for the written answer (1 to 60)."""
    return int(cast(SupportsInt, setting_value(settings, "report_days")))


def setting_problem(key: str, value: object) -> str:
    """What is wrong with a value for a setting ("" when it would be saved): forms check as you type with it."""
    try:
        clean_setting(key, value)
    except ValidationError as exc:
        return exc.message
    return ""


def yes_no(key: str, label: str, value: object, choice: Choice = YES_NO) -> bool:
    """A yes/no setting typed as 是/否 (or any word of the yes/no Choice); empty is 否."""
    try:
        return choice.is_yes(value, empty=False)
    except ValidationError:
        raise ValidationError(key, f"{label}应填“是”或“否”") from None


# The monitoring settings (issue 16), with their labels.
MONITORING_SETTINGS = {
    key: SETTING_LABELS[key] for key in ("jump_points", "checked_only", "evaluation_year", "chase_near_days")
}


def _monitoring_setting(key: str, value: object) -> object:
    if key == "checked_only":
        return yes_no(key, SETTING_LABELS[key], value, CHECKED_ONLY)
    if key == "evaluation_year":
        year = _whole(key, value, "评估数据年度必须是年份（或0）")
        return 0 if year == 0 else require_year(key, year)
    if key == "chase_near_days":
        days = _whole(key, value, "催报提前工作日数必须是整数")
        if not 0 <= days <= 250:
            raise ValidationError(key, "催报提前工作日数应在0到250之间（一年约250个工作日）")
        return days
    return jump_points(value)


def jump_points(value: object) -> dict[str, float]:
    """The units of measure whose changes are compared in points, with the points: {"%": 5.0}; typed as
    "%=5；‰=1" (、，; and spaces separate; an empty text: every unit by relative change)."""
    if isinstance(value, dict):
        pairs = [(str(k), v) for k, v in value.items()]
    else:
        text = str(value or "").replace("；", ";").replace("，", ";").replace("、", ";").replace(",", ";")
        pairs = []
        for part in filter(None, (p.strip() for p in text.split(";"))):
            unit, sep, number = part.partition("=")
            if not sep:
                raise ValidationError("jump_points", f"请按“计量单位=点数”填写，如 %=5：{part}")
            pairs.append((unit.strip(), number.strip()))
    out: dict[str, float] = {}
    for unit, number in pairs:
        try:
            points = float(str(number))
        except ValueError:
            raise ValidationError("jump_points", f"{unit}的点数必须是数字：{number}") from None
        if not unit or not 0 < points <= 100:
            raise ValidationError("jump_points", f"{unit or '计量单位'}的点数应大于0、不超过100")
        out[unit] = points
    return out


def setting_text(key: str, value: object) -> str:
    """A setting as shown and typed back: %=5；‰=1 for the points, 是/否 for a switch, the basis's label, else
    the value. The settings page and `supervisor settings` both show settings with it."""
    if key == "rate_basis":
        return BASIS.label(str(value))
    if key == "jump_points" and isinstance(value, dict):
        return "；".join(f"{unit}={float(points):g}" for unit, points in value.items())
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def _whole(key: str, value: object, message: str) -> int:
    try:
        return int(cast(SupportsInt, value))  # whatever int() takes (text, numbers); the rest raises below
    except (TypeError, ValueError):
        raise ValidationError(key, message) from None


def _check_calendar(value: object) -> YearCalendar:
    if not isinstance(value, dict):
        raise ValidationError("calendar", "节假日设置格式不对")
    out: YearCalendar = {}
    for year, entry in value.items():
        y = require_year("calendar", year)
        days: dict[str, list[str]] = {}
        for kind in ("holidays", "workdays"):
            listed = []
            for text in entry.get(kind, []):
                d = dates.parse_iso(str(text), field="calendar")
                if d.year != y:
                    raise ValidationError("calendar", f"{d.isoformat()}不在{y}年内")
                listed.append(d.isoformat())
            days[kind] = sorted(set(listed))
        out[str(y)] = days
    return out

"""Commands that change the office settings: names, contacts, thresholds and the entered holiday calendars."""

from __future__ import annotations

from collections.abc import Iterable
from typing import SupportsInt, cast

from store.calendar import dates
from store.commands.base import RepositoryBase
from store.errors import ValidationError
from store.records.model import Settings
from store.records.text import require_text
from store.records.values import require_year
from store.rules.verdicts import DENOMINATORS

# Text settings: the Chinese label and the longest value allowed.
TEXT_SETTINGS = {
    "office_name": ("办公室全称", 60),
    "office_short": ("办公室简称", 30),
    "doc_prefix": ("发文机关代字", 20),
    "contact_person": ("联系人", 20),
    "contact_phone": ("联系电话", 40),
    "operator": ("记录人", 20),
    "cc": ("抄送", 200),
}

YearCalendar = dict[str, dict[str, list[str]]]


class SettingsCommands(RepositoryBase):
    """Changing the settings (reading them is the base's `settings()`)."""

    def update_settings(self, **values: object) -> Settings:
        current = dict(self.settings())
        clean = {key: _clean_setting(key, value) for key, value in values.items()}
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


def clean_setting(key: str, value: object) -> object:
    """The one check of a setting's value (ranges of the numbers included), for the settings form, the command line
    and imported files alike."""
    return _clean_setting(key, value)


def _clean_setting(key: str, value: object) -> object:
    """One setting checked and cleaned, or a ValidationError naming it."""
    if key in TEXT_SETTINGS:
        label, limit = TEXT_SETTINGS[key]
        return require_text(key, label, value, max_len=limit, allow_empty=True)
    if key in ("yellow_days", "report_days"):
        label = "黄灯提前工作日数" if key == "yellow_days" else "反馈期限工作日数"
        number = _whole(key, value, f"{label}必须是整数")
        if not 0 <= number <= 60:
            raise ValidationError(key, f"{label}应在0到60之间")
        return number
    if key == "calendar":
        return _check_calendar(value)
    if key == "rate_basis":
        if value not in DENOMINATORS:
            raise ValidationError(key, f"达标率分母应为：{'、'.join(f'{k}（{v}）' for k, v in DENOMINATORS.items())}")
        return value
    if key == "jump_threshold":
        number = _whole(key, value, "数据跳变提醒阈值必须是整数（%）")
        if not 1 <= number <= 1000:
            raise ValidationError(key, "数据跳变提醒阈值应在1%到1000%之间")
        return number
    raise ValidationError(key, f"没有这项设置：{key}")


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

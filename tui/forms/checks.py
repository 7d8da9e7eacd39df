"""Checks a form field runs as you type: each takes the text and answers (ok, message under the field)."""

from __future__ import annotations

from collections.abc import Callable

from store.errors import ValidationError
from store.records.choices import Choice

Check = Callable[[str], tuple[bool, str]]


def required(label: str, max_len: int) -> Check:
    """A text check mirroring the store's: not empty, not too long."""

    def check(value: str) -> tuple[bool, str]:
        text = value.strip()
        if not text:
            return False, f"{label}不能为空"
        if len(text) > max_len:
            return False, f"{label}太长：{len(text)}个字，最多{max_len}个字"
        return True, ""

    return check


def optional_text(label: str, max_len: int) -> Check:
    """A text that may be empty, not too long."""

    def check(value: str) -> tuple[bool, str]:
        if len(value.strip()) > max_len:
            return False, f"{label}太长：{len(value.strip())}个字，最多{max_len}个字"
        return True, ""

    return check


def number_check(label: str, *, optional: bool = True) -> Check:
    """A number, with or without decimals (empty allowed unless `optional` is false)."""

    def check(value: str) -> tuple[bool, str]:
        if not value.strip():
            return (True, "") if optional else (False, f"请填写{label}")
        try:
            float(value)
        except ValueError:
            return False, f"{label}必须是数字"
        return True, ""

    return check


def year_check(value: str) -> tuple[bool, str]:
    """A year, by the store's own rule (store.records.values.require_year)."""
    from store.records.values import require_year

    if not value.strip().isdigit():
        return False, "年份必须是整数，如 2027"
    try:
        require_year("year", value.strip())
    except ValidationError as exc:
        return False, exc.message
    return True, ""


def one_of(label: str, words: tuple[str, ...], *, optional: bool = False) -> Check:
    """One of a few words (a status, a verdict, 是／否)."""

    def check(value: str) -> tuple[bool, str]:
        if (optional and not value.strip()) or value.strip() in words:
            return True, ""
        return False, f"{label}应为：{'、'.join(words)}"

    return check


def choice_check(choice: Choice, *, optional: bool = False) -> Check:
    """A word of an enumerated field (its Chinese label, code or alias), read by the field's one parser."""

    def check(value: str) -> tuple[bool, str]:
        try:
            choice.parse(value, optional=optional)
        except ValidationError as exc:
            return False, exc.message
        return True, ""

    return check


def whole_number(label: str, low: int, high: int) -> Check:
    """A whole number in a range (days, thresholds)."""

    def check(value: str) -> tuple[bool, str]:
        if value.strip().isdigit() and low <= int(value) <= high:
            return True, ""
        return False, f"{label}应为{low}到{high}之间的整数"

    return check


def setting_check(key: str) -> Check:
    """A setting checked by the store's own rule as you type (required ones refuse empty, naming the field)."""
    from store.commands.settings import setting_problem

    def check(value: str) -> tuple[bool, str]:
        problem = setting_problem(key, value)
        return not problem, problem

    return check

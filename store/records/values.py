"""Checks of numbers and years where they enter the store, and the JSON-checked copy records travel in."""

from __future__ import annotations

from typing import SupportsFloat, SupportsInt, TypeVar, cast

from store.errors import ValidationError
from store.records import codec

T = TypeVar("T")

NumberInput = float | str | None
"""A number as it arrives from a form, a sheet or the command line: typed text, a number, or nothing."""


def json_copy(doc: T) -> T:
    """A deep, JSON-checked copy: a value JSON cannot hold (a set, an object) fails here, not at save time."""
    return cast(T, codec.loads(codec.dumps(doc)))


def require_number(field: str, label: str, value: object) -> float | None:
    """A finite number (an integer when it is whole), or None for an empty value."""
    if value is None or value == "":
        return None
    try:
        number = float(cast("SupportsFloat | str", value))  # whatever float() takes; the rest raises below
    except (TypeError, ValueError):
        raise ValidationError(field, f"{label}必须是数字") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ValidationError(field, f"{label}必须是有限的数字")
    return int(number) if number.is_integer() and abs(number) < 1e15 else number


def require_year(field: str, value: object) -> int:
    try:
        year = int(cast("SupportsInt | str", value))  # whatever int() takes; the rest raises below
    except (TypeError, ValueError):
        raise ValidationError(field, "年份必须是整数") from None
    if not 1990 <= year <= 2100:
        raise ValidationError(field, f"年份{year}超出范围（1990—2100）")
    return year

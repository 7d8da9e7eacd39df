"""Checks of numbers and years where they enter the store, and the JSON-checked copy records travel in."""

from __future__ import annotations

from typing import Any

import orjson

from store.errors import ValidationError


def json_copy(doc: Any) -> Any:
    """A deep, JSON-checked copy: a value JSON cannot hold (a date object) fails here, not at save time."""
    return orjson.loads(orjson.dumps(doc))


def require_number(field: str, label: str, value: Any) -> float | None:
    """A finite number (an integer when it is whole), or None for an empty value."""
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValidationError(field, f"{label}必须是数字") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ValidationError(field, f"{label}必须是有限的数字")
    return int(number) if number.is_integer() and abs(number) < 1e15 else number


def require_year(field: str, value: Any) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise ValidationError(field, "年份必须是整数") from None
    if not 1990 <= year <= 2100:
        raise ValidationError(field, f"年份{year}超出范围（1990—2100）")
    return year

"""Units of measure of the indicators and how a value is printed: one function for every screen and document.

A value is printed with its indicator's number of decimals (`decimals` on the 口径 card, rounded half up as
statistics offices do) and its unit of measure as written (%, ‰, /10万, 女=100 …), so 4.5098‰ never reaches paper
and /10万 is never dropped. Targets keep the digits they were typed with (≥70%, ≤12/10万).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# How a rate is scaled from numerator ÷ denominator, and the range it must stay in.
SCALES = {"%": 100.0, "‰": 1000.0, "/10万": 100000.0, "/万": 10000.0}
# How the difference of two rates is named (a rate near its ceiling is checked in these points).
POINT_WORDS = {"%": "个百分点", "‰": "个千分点"}
MAX_DECIMALS = 4


def default_decimals(measure: str) -> int:
    """Rates and ratios (%, ‰, /10万, 女=100, no unit) one decimal; counts (人, 个, 次…) whole numbers."""
    return 1 if measure in SCALES or "=" in measure or not measure.strip() else 0


def decimals_of(ind: Mapping[str, Any]) -> int:
    """The indicator's decimals (older records without the field: the default for its unit of measure)."""
    value = ind.get("decimals")
    return int(value) if isinstance(value, int) else default_decimals(str(ind.get("measure") or ""))


def number_text(value: float, decimals: int) -> str:
    """A number with exactly `decimals` decimals, rounded half up: 4.5098 → 4.5, 6.75 → 6.8, 66 → 66.0."""
    from decimal import ROUND_HALF_UP, Decimal  # when a value is printed, not for every command

    quantum = Decimal(1).scaleb(-decimals)
    text = str(Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP))
    return "0" + text[2:] if text.startswith("-0") and not text.strip("-0.") else text


def value_text(ind: Mapping[str, Any], value: float | None, *, measure: bool = True) -> str:
    """An indicator's value as printed everywhere: its decimals and (unless `measure` is False) its unit."""
    if value is None:
        return ""
    text = number_text(value, decimals_of(ind))
    unit = str(ind.get("measure") or "") if measure else ""
    return f"{text}（{unit}）" if "=" in unit else text + unit  # a ratio's base reads apart: 110.0（女=100）


def difference_text(ind: Mapping[str, Any], change: float) -> str:
    """The size of a change: 16.4个百分点 for %, 0.5个千分点 for ‰, else the amount with its unit."""
    measure = str(ind.get("measure") or "")
    amount = number_text(abs(change), decimals_of(ind))
    return amount + POINT_WORDS.get(measure, measure)

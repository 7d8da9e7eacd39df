"""How a rate is printed: one rounding for every percentage a user sees (boards, meetings, documents, 达标率).

A meeting's 办结率 read 17% on one screen and 16.7% on another; every front end now prints a fraction through
`percent_text`, so the same figure reads the same everywhere: one decimal, "—" when there is nothing to divide.
"""

from __future__ import annotations

NO_RATE = "—"


def percent_text(value: float | None) -> str:
    """A fraction as a percentage with one decimal (0.1667 → '16.7%', 1 → '100.0%'); None → '—'."""
    if value is None:
        return NO_RATE
    return f"{value * 100:.1f}%"


def ratio_text(part: int, whole: int) -> str:
    """part ÷ whole as `percent_text`; '—' when the whole is zero."""
    return percent_text(part / whole) if whole else NO_RATE

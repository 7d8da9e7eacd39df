"""The big-change check on a new reading: when a value must be confirmed with a reason typed for this change.

- A rate near its ceiling is compared in points of its unit (the `jump_points` setting per unit of measure, by
  default 5 percentage points for %): 96.4% → 80.0% is a fall of 16.4 points, 88.9% → 95.0% a rise of 6.1.
- Any other unit is compared by its relative change against the year before (the `jump_threshold` setting, 20%).
- A value worse than the baseline always asks (a drop below where the plan started is never a typo to let pass).
The question says what it measured, so the dialog, the command line and the README can say the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping

from store.records.measures import POINT_WORDS, difference_text, value_text
from store.records.model import Indicator, Reading

LOWER_IS_BETTER = ("<=", "falling")


def threshold_text(measure: str, settings: Mapping[str, object]) -> str:
    """What the check measures for a unit of measure: 与上年相比变化超过5个百分点 / 超过20%（相对变化）."""
    points = _points(settings).get(measure)
    if points is not None:
        return f"与上年相比变化超过{points:g}{POINT_WORDS.get(measure, measure)}"
    return f"与上年相比变化超过{float(str(settings.get('jump_threshold', 20))):g}%（相对变化）"


def _points(settings: Mapping[str, object]) -> dict[str, float]:
    raw = settings.get("jump_points") or {}
    return {str(k): float(v) for k, v in raw.items()} if isinstance(raw, dict) else {}


def change_question(ind: Indicator, value: float, previous: Reading | None, settings: Mapping[str, object]) -> str:
    """Why this value must be confirmed ('' when it need not be): the change against the year before measured as
    the settings say, and a value worse than the baseline."""
    parts = []
    measure = ind.get("measure", "")
    before = previous["value"] if previous is not None else None
    if previous is not None and before is not None:
        change = value - before
        points = _points(settings).get(measure)
        word = "上升" if change > 0 else "下降"
        shown = f"与{previous['year']}年（{value_text(ind, before)}）相比{word}"
        if points is not None and abs(change) > points:
            parts.append(f"{shown}{difference_text(ind, change)}，超过{points:g}{POINT_WORDS.get(measure, measure)}")
        elif points is None and before:
            relative = abs(change) / abs(before) * 100
            threshold = float(str(settings.get("jump_threshold", 20)))
            if relative > threshold:
                parts.append(f"{shown}{relative:.0f}%，超过{threshold:g}%（按相对变化计）")
    baseline = ind.get("baseline")
    if baseline is not None and ind.get("direction") != "qualitative":
        worse = value > baseline if ind.get("direction") in LOWER_IS_BETTER else value < baseline
        if worse:
            side = "高于" if ind.get("direction") in LOWER_IS_BETTER else "低于"
            parts.append(f"{side}基线{value_text(ind, float(baseline))}（{ind.get('baseline_year')}年）")
    return "；".join(parts)

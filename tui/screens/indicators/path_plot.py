"""The 序时 plot under the 口径 card: two rows of block characters on ONE scale (baseline to target) — 实际, each
reading green when it keeps up with the expected path and red when it falls behind, and 序时, the expected value
of each year (store.views.path). A year without a reading is a blank."""

from __future__ import annotations

from rich.markup import escape
from textual.widgets import Static

from store.records.model import Indicator, Plan
from store.views.path import PathPoint, reading_path

BARS = "▁▂▃▄▅▆▇█"


def scale(points: list[PathPoint], ind: Indicator) -> tuple[float, float]:
    values = [v for p in points for v in (p.actual, p.expected) if v is not None]
    for extra in (ind["baseline"], ind["target"]):
        if extra is not None:
            values.append(float(extra))
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    return low, (high if high > low else low + 1.0)


def plot(ind: Indicator, plan: Plan | None, through: int) -> str:
    """The two rows and the years under them, as Rich markup."""
    points = reading_path(ind, plan, through)
    if not any(p.actual is not None for p in points):
        return "[dim]序时对比：还没有监测数据[/]"
    low, high = scale(points, ind)

    def cell(value: float | None) -> str:
        return " " if value is None else BARS[max(0, min(7, round((value - low) / (high - low) * 7)))]

    actual, expected = [], []
    for p in points:
        keeps = p.keeps_up(ind["direction"])
        colour = "grey50" if keeps is None else ("green" if keeps else "red")
        actual.append(f"[{colour}]{cell(p.actual)}[/]")
        expected.append(f"[grey50]{cell(p.expected)}[/]")
    lines = [
        f"[b]序时对比[/]（{points[0].year}—{points[-1].year}年，同一标尺）",
        "实际 " + "".join(actual),
    ]
    if any(p.expected is not None for p in points):
        lines.append("序时 " + "".join(expected))
        lines.append("[dim]绿：不慢于序时进度  红：慢于序时进度[/]")
    else:
        lines.append(f"[dim]{escape(ind['name'])}没有量化目标或基线，只显示实际值[/]")
    return "\n".join(lines)


class PathPlot(Static):
    """Readings against the expected path of the indicator under the cursor."""

    DEFAULT_CSS = "PathPlot { height: auto; margin-top: 1; }"

    def show(self, ind: Indicator, plan: Plan | None, through: int) -> None:
        self.update(plot(ind, plan, through))

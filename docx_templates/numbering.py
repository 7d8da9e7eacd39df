"""Before a numbered document takes its numbers: how many, which ones, and whether a unit would get a second
督办通知 for the same items while the first still stands (store: ReceiptCommands.repeat_notice_warning).

The TUI asks with this text before every numbered generation; the command line shows the warnings and issues
only with --yes when there are any (a batch without them is issued and listed, one `undo` voids it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import kinds
from .kinds import Options

if TYPE_CHECKING:
    from store.commands.repository import Repository


SHOWN = 3  # warnings the TUI dialog lists in full (it must fit 80×24)


@dataclass
class Numbering:
    """The numbers a generation would take and the repeats it would send."""

    label: str
    numbers: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def span(self) -> str:
        """示妇儿工委办〔2026〕41号至50号 (or the one number)."""
        if not self.numbers:
            return ""
        if len(self.numbers) == 1:
            return self.numbers[0]
        return f"{self.numbers[0]}至{self.numbers[-1].rpartition('〕')[2]}"  # one day: one prefix and year

    def question(self) -> str:
        """The confirmation the TUI shows (one paragraph, then one line per warning)."""
        text = f"将生成{self.label}{len(self.numbers)}份，占用文号{self.span}。文号一经登记不再使用（撤销后作废）。"
        if self.warnings:
            shown = self.warnings[:SHOWN]
            more = len(self.warnings) - len(shown)
            text += (
                "\n\n注意："
                + "\n".join(shown)
                + (f"\n另有{more}个单位也已收到同样事项的督办通知，再发会重复" if more else "")
            )
        return text + "\n\n确定生成吗？"


def numbering(repo: Repository, kind: str, unit_ids: list[int] | None, **options: Any) -> Numbering:
    """What generating `kind` for these units (None: its default units) would number; empty for unnumbered kinds."""
    spec = kinds.get(kind)
    found = Numbering(spec.label)
    if not spec.numbered:
        return found
    chosen = Options(**options)
    if spec.per_unit:
        ids = spec.default_units(repo, chosen) if unit_ids is None else list(dict.fromkeys(unit_ids))
        plans = [p for p in (spec.plan(repo, uid, chosen) for uid in ids) if not p.empty]
    else:
        plans = [spec.plan(repo, None, chosen)]
    if not plans:
        return found
    found.numbers = repo.upcoming_dispatch_numbers(plans[0].issue_date, len(plans))
    for plan in plans:
        items = getattr(plan, "items", None)
        if spec.key == "notice" and items:
            warning = repo.repeat_notice_warning(plan.unit["id"], [i["number"] for i in items], plan.issue_date)
            if warning:
                found.warnings.append(warning)
    return found

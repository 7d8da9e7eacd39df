"""A unit's 回执 on its page: each notice's number, deadline and whether it came back (未回 / 已回 / 逾期未回)."""

from __future__ import annotations

from rich.markup import escape
from textual.widgets import Static

from store.commands.repository import Repository
from store.views.receipts import receipt_rows

STATUS_COLOURS = {"pending": "yellow", "received": "green", "overdue": "red"}


class UnitReceipts(Static):
    """The receipts of one unit, newest notice first (at most five lines)."""

    DEFAULT_CSS = "UnitReceipts { height: auto; max-height: 7; padding: 0 1; }"

    def show(self, repo: Repository, unit_id: int) -> None:
        rows = receipt_rows(repo.receipts(), repo.units_by_id(), repo.today, repo.calendar(), unit_id=unit_id)
        if not rows:
            self.update("[dim]回执：这个单位还没有需要回执的督办通知。按 m 生成催办消息。[/]")
            return
        lines = [f"[b]回执[/]（{escape(rows[0]['unit'])}，按 m 生成催办消息）"]
        for r in rows[:5]:
            colour = STATUS_COLOURS[r["status"]]
            lines.append(
                f"  {escape(r['doc_number'])}  [{colour}]{escape(r['state'])}[/]  事项 {'、'.join(r['items'])}"
            )
        if len(rows) > 5:
            lines.append(f"  [dim]另有{len(rows) - 5}份，见发文页登记簿[/]")
        self.update("\n".join(lines))

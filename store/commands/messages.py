"""Short 催办 messages per unit (the text rules are in store.views.messages) and recording one as sent: a 催办 of
every item it named, with the method 微信 or 短信, as one undo step."""

from __future__ import annotations

from typing import TYPE_CHECKING

from store.commands.receipts import ReceiptCommands
from store.errors import ValidationError
from store.records.model import Assignment, Item
from store.rules.receipts import receipt_status

if TYPE_CHECKING:
    from store.views.messages import Message

# store.views.documents and store.views.messages are imported where used: every command composes this class,
# and `add` or `list` should not pay for the notice and message views at start-up (issue 14).

SENT_METHODS = ("微信", "短信")


class MessageCommands(ReceiptCommands):
    """催办 by message."""

    def _overdue_receipts(self, unit_id: int) -> list[str]:
        return [
            r["doc_number"]
            for r in self.receipts()
            if r["unit_id"] == unit_id and receipt_status(r, self.today) == "overdue"
        ]

    def _listed_shares(self, unit_id: int, scope: str) -> list[tuple[Item, Assignment]]:
        from store.views.documents import in_notice_scope

        policy = self.policy()
        return [
            (item, share)
            for item in self.items()
            for share in item["assignments"]
            if share["unit_id"] == unit_id and in_notice_scope(share, policy, scope)
        ]

    def message_units(self, scope: str | None = None) -> list[int]:
        """Units a message goes to: a share in the scope (red and yellow by default) or a receipt overdue."""
        from store.views.documents import notice_scope

        chosen = notice_scope(scope)
        return [
            u["id"] for u in self.units() if self._listed_shares(u["id"], chosen) or self._overdue_receipts(u["id"])
        ]

    def chase_message(self, unit_id: int, *, sms: bool = False, scope: str | None = None) -> Message:
        """The message for one unit; the report-by date follows the notice's rule from today."""
        from store.views.documents import notice_scope
        from store.views.messages import GROUP_LIMIT, SMS_LIMIT, Sender, chase_message

        unit = self.unit(unit_id)
        settings = self.settings()
        sender = Sender(
            settings["office_short"] or settings["office_name"],
            settings["contact_person"],
            settings["contact_phone"],
        )
        shares = self._listed_shares(unit_id, notice_scope(scope))
        receipts = self._overdue_receipts(unit_id)
        if not shares and not receipts:
            raise ValidationError("unit", f"{unit['name']}没有需要催办的事项或逾期未回的回执")
        names = (unit["name"], unit["short"] or unit["name"])
        report_by = self.report_deadline(self.today).report_by
        limit = SMS_LIMIT if sms else GROUP_LIMIT
        return chase_message(unit_id, names, shares, receipts, sender, self.policy(), report_by, limit=limit)

    def record_message_sent(self, message: Message, method: str) -> int:
        """A 催办 (method 微信 or 短信) of every item the message named, for its unit; returns how many."""
        if method not in SENT_METHODS:
            raise ValidationError("method", f"催办方式应为{'或'.join(SENT_METHODS)}")
        unit = self.unit(message.unit_id)
        with self.transaction(f"催办消息（{method}）{unit['name']} {len(message.numbers)}项", "remind"):
            for number in message.numbers:
                self.remind(number, [unit["name"]], method=method, note=message.text)
        return len(message.numbers)

"""回执 on the Documents register: the state column, 登记回执 for the notice under the cursor, and 导入回执文件
(a filled .docx notice or .xlsx 回执: checked, previewed, then recorded with its progress as one undo step)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.markup import escape
from textual.widgets import DataTable

from store.commands.receipts import ReceiptEntry
from store.commands.repository import Repository
from store.errors import SupervisorError
from store.exchange.receipt_forms import ReceiptDraft, check_form
from store.views.receipts import receipt_rows
from tui.forms.confirm import ConfirmScreen
from tui.forms.office_forms import ReceiptFileForm, ReceiptForm, yes_no_or_default
from tui.screens.base import AppAccess


def receipt_states(repo: Repository) -> dict[str, str]:
    """Document number → 未回 / 已回（日期）/ 逾期未回 for every notice that expects a receipt."""
    rows = receipt_rows(repo.receipts(), repo.units_by_id(), repo.today, repo.calendar())
    return {r["doc_number"]: r["status_label"] + (f" {r['received_on'][5:]}" if r["received_on"] else "") for r in rows}


def preview_text(draft: ReceiptDraft) -> str:
    e = draft.entry
    lines = [
        f"[b]{escape(draft.receipt['doc_number'])}[/]  {escape(draft.unit['name'])}  填报日期 {e.received_on}",
        f"联系人：{escape(e.contact or '（未填）')}  联系电话：{escape(e.phone or '（未填）')}",
        f"办理情况：{escape(e.text or '（未填）')}",
        f"存在问题：{escape(e.problems or '（未填）')}",
        f"下一步打算：{escape(e.next_step or '（未填）')}",
        f"将登记为进展的事项：{'、'.join(draft.receipt['items'])}",
        *(f"[yellow]注意：{escape(n)}[/]" for n in draft.notes),
        "",
        "登记这份回执吗？（一次可撤销）",
    ]
    return "\n".join(lines)


class ReceiptActions(AppAccess):
    """Mixed into the Documents screen, whose register (#dispatches) is keyed by document number."""

    def _register_number(self) -> str | None:
        table = self.query_one("#dispatches", DataTable)  # type: ignore[attr-defined]
        if table.row_count == 0:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def action_record_receipt(self) -> None:
        number = self._register_number()
        if number is None or not self.sv.can_edit():
            return
        repo = self.repo
        if number not in receipt_states(repo) and not any(
            d["number"] == number and d["kind"] == "督办通知" for d in repo.dispatches()
        ):
            self.notify("请把光标移到一份督办通知上再登记回执", severity="warning")  # type: ignore[attr-defined]
            return

        def submit(values: dict[str, str]) -> Any:
            entry = ReceiptEntry(
                received_on=values["date"],
                contact=values["contact"],
                phone=values["phone"],
                text=values["text"],
                problems=values["problems"],
                next_step=values["next_step"],
            )
            return repo.record_receipt(number, entry, progress=yes_no_or_default(values["progress"]))

        def done(result: Any) -> str:
            extra = f"，并登记为{'、'.join(result.progress)}的进展" if result.progress else ""
            return f"已登记回执 {number}{extra}（Ctrl+Z 撤销）"

        try:
            receipt = repo.receipt(number)
            unit = repo.unit(receipt["unit_id"])["name"]
        except SupervisorError as exc:  # a voided notice has no 回执: say so, as the CLI does
            self.notify(exc.message, severity="warning")  # type: ignore[attr-defined]
            return
        # which items the text may become progress of (a walk-through: the import preview says, the form did not)
        intro = f"通知所列事项：{'、'.join(receipt['items'])}。回执内容可同时登记为它们的进展（最后一栏）"
        self.sv.open_form(ReceiptForm(repo, submit, title=f"登记回执：{number}（{unit}）", intro=intro), done)

    def action_import_receipt(self) -> None:
        if not self.sv.can_edit():
            return
        repo = self.repo

        def submit(values: dict[str, str]) -> ReceiptDraft:
            from docx_templates.receipt_files import read_receipt

            return check_form(repo, read_receipt(Path(values["path"].strip().strip('"')).expanduser()))

        def checked(draft: ReceiptDraft | None) -> None:
            if draft is None:
                return

            def answered(yes: bool | None) -> None:
                if yes:
                    self.sv.act(
                        lambda: repo.record_receipt(draft.receipt["doc_number"], draft.entry, progress=True),
                        f"已导入回执 {draft.receipt['doc_number']}（{draft.unit['name']}），Ctrl+Z 撤销",
                    )

            self.app.push_screen(ConfirmScreen(preview_text(draft), yes="登记", no="不登记"), answered)

        self.app.push_screen(ReceiptFileForm(repo, submit), checked)

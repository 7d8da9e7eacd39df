"""The drafts of an analysis as a list beside the one under the cursor, and every review edit.

Edits change the drafts in memory (nothing is saved until the screen's Ctrl+S); 新增单位 and 设为别名 write
to the unit directory at once (each its own undo step) and then resolve the drafts' names again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Static

from store.calendar import dates
from store.errors import SupervisorError
from store.exchange import speech
from store.exchange.speech import Analysis, Draft, review
from store.records.model import UNIT_KINDS, Unit
from store.records.text import fit
from store.records.units import guess_unit_kind, split_names
from tui.forms.confirm import ConfirmScreen
from tui.forms.simple_forms import UnitForm
from tui.screens.base import AppAccess
from tui.screens.speech_import.detail import STATE_STYLES, draft_detail
from tui.screens.speech_import.forms import (
    ALL_PARTS,
    DUE_PARTS,
    UNIT_PARTS,
    AliasForm,
    ChoiceScreen,
    DraftForm,
    NarrowScreen,
)
from tui.widgets.table import Table

COLUMNS = ("#", "状态", "牵头", "期限", "事项")
LEAD_CELLS = 14  # the lead, and "+2" for its partners
TITLE_CELLS = 20
SPLIT_ASK_ABOVE = 5  # splitting into more drafts than this asks first


def clip(text: str, cells: int) -> str:
    return fit(text, cells).rstrip()


class ReviewPanel(AppAccess, Horizontal):
    """The draft list and the draft under the cursor; the screen's keys call the edit methods."""

    class Changed(Message):
        """The drafts changed (the screen redraws its summary)."""

    def __init__(self) -> None:
        super().__init__(id="speech-review")
        self.analysis: Analysis | None = None
        self.dirty = False

    def compose(self) -> ComposeResult:
        yield Table(id="drafts", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="draft-detail-box"):
            yield Static("", id="draft-detail")

    def on_mount(self) -> None:
        self.table.add_columns(*COLUMNS)

    @property
    def table(self) -> DataTable[str]:
        return self.query_one("#drafts", DataTable)

    @property
    def drafts(self) -> list[Draft]:
        return self.analysis.drafts if self.analysis is not None else []

    def show(self, analysis: Analysis) -> None:
        self.analysis, self.dirty = analysis, False
        self.redraw()
        self.table.move_cursor(row=0)
        self.table.focus()

    def redraw(self) -> None:
        table = self.table
        keep = table.cursor_row
        table.clear()
        meeting_year = self.analysis.meeting_date[:4] if self.analysis else ""
        for d in self.drafts:
            state = review.state(d)
            more = f"+{len(d.partners)}" if d.partners else ""
            lead = clip(d.lead, LEAD_CELLS - len(more)) + more if d.lead else "（未识别）"
            due = f"{d.due[5:] if d.due[:4] == meeting_year else d.due} {review.due_tag(d)}".strip()
            table.add_row(
                str(d.index),
                f"[{STATE_STYLES[state]}]{state}[/]",
                lead,
                due,
                clip(d.title, TITLE_CELLS),
                key=str(d.index),
            )
        if self.drafts:
            table.move_cursor(row=min(max(keep, 0), len(self.drafts) - 1))
        self._show_detail()

    def current(self) -> Draft | None:
        if not self.drafts:
            return None
        return self.drafts[min(max(self.table.cursor_row, 0), len(self.drafts) - 1)]

    @on(DataTable.RowHighlighted, "#drafts")
    def _show_detail(self) -> None:
        d = self.current()
        if d is not None:
            names = {i["id"]: i["name"] for i in self.repo.indicators()}
            self.query_one("#draft-detail", Static).update(draft_detail(d, names))

    @on(DataTable.RowSelected, "#drafts")
    def _selected(self) -> None:
        self.edit()

    def _changed(self) -> None:
        self.dirty = True
        self.redraw()
        self.post_message(self.Changed())

    @property
    def _meeting_day(self) -> date | None:
        return dates.parse_iso(self.analysis.meeting_date) if self.analysis else None

    # ------------------------------------------------------------------ edits in memory

    def edit(self, parts: Iterable[str] = ALL_PARTS) -> None:
        """e (everything), u (lead and partners), d (the deadline)."""
        d = self.current()
        if d is None:
            return
        repo, base = self.repo, self._meeting_day

        def edited(values: dict[str, str] | None) -> None:
            if not values:
                return
            if "title" in values:
                d.title, d.requirement = values["title"].strip(), values["requirement"].strip()
            if "lead" in values:
                lead, partners = values["lead"].strip(), split_names(values["partners"])
                if lead != d.lead or partners != d.partners:
                    review.set_units(d, lead, partners, repo.units())
            if "due" in values:
                day = repo.parse_date(values["due"], base=base).iso
                if day != d.due:
                    review.set_due(d, day)
            self._changed()

        self.app.push_screen(DraftForm(repo, d, base, parts), edited)

    def edit_units(self) -> None:
        self.edit(UNIT_PARTS)

    def edit_due(self) -> None:
        self.edit(DUE_PARTS)

    def toggle_keep(self) -> None:
        d = self.current()
        if d is not None:
            d.keep = not d.keep
            self._changed()

    def split(self) -> None:
        d = self.current()
        if d is None or self.analysis is None:
            return
        count = len([m for m in d.units if m.unit_id is not None])
        analysis, index = self.analysis, d.index

        def split(yes: bool | None = True) -> None:
            if not yes:
                return
            try:
                analysis.drafts = speech.split_by_unit(analysis.drafts, index)
            except SupervisorError as exc:
                self.notify(f"{exc.message}（按 u 修改单位）", severity="warning")
                return
            self._changed()
            self.notify(f"已拆成{count}条草稿，每个单位牵头一条")

        if count > SPLIT_ASK_ABOVE:
            self.app.push_screen(ConfirmScreen(f"把草稿 {index} 拆成{count}条（每个单位一条）？", yes="拆分"), split)
        else:
            split()

    def merge(self) -> None:
        d = self.current()
        if d is None or self.analysis is None:
            return
        position = self.drafts.index(d)
        if position + 1 >= len(self.drafts):
            self.notify("这是最后一条，没有下一条可合并", severity="warning")
            return
        following = self.drafts[position + 1]
        message = f"草稿 {following.index} 已并入草稿 {d.index}"
        self.analysis.drafts = speech.merge(self.drafts, d.index, following.index)
        self._changed()
        self.notify(message)

    def narrow(self) -> None:
        d = self.current()
        if d is None:
            return
        if not d.collective:
            self.notify("这条草稿的承办单位不是泛指，无需选定（u 修改单位，s 按单位拆分）", severity="warning")
            return
        members = [(m.unit, m.unit_id) for m in d.members if m.unit_id is not None]
        if not members:
            self.notify(f"单位名录中没有属于「{d.collective_word}」的单位，请按 u 直接填写", severity="warning")
            return

        def chosen(ids: list[int] | None) -> None:
            if ids:
                speech.narrow(d, ids)
                self._changed()

        whole = d.collective in ("all_units", "all_townships") and not d.narrowed
        self.app.push_screen(NarrowScreen(d.collective_word or d.lead, members, ticked=whole), chosen)

    # ------------------------------------------------------------------ the unit directory

    def _unknown_name(self, then: Callable[[str], None]) -> None:
        """The current draft's name not in the directory (asks which, when there are several)."""
        d = self.current()
        names = d.unknown if d is not None else []
        if not names:
            self.notify("这条草稿的单位都已在单位名录中", severity="warning")
        elif len(names) == 1:
            then(names[0])
        else:
            self.app.push_screen(ChoiceScreen("对哪个名称操作？", names), lambda name: then(name) if name else None)

    def add_unit(self) -> None:
        """新增单位「X」: the unit form, filled in from the name as written."""
        if self.sv.can_edit():
            self._unknown_name(self._add_unit_named)

    def _add_unit_named(self, written: str) -> None:
        name = review.directory_name(written)
        save = UnitForm.submitter(self.repo)

        def submit(values: dict[str, str]) -> Unit:
            aliases = split_names(values["aliases"])
            if values["name"].strip() != name and name not in aliases:
                values = {**values, "aliases": "、".join([*aliases, name])}  # the text's name still finds it
            return save(values)

        initial = {"name": name, "kind": UNIT_KINDS[guess_unit_kind(name)]}
        form = UnitForm(submit, initial=initial, title=f"新增单位「{name}」")
        self.app.push_screen(form, lambda unit: self._directory_changed(unit, f"已新增单位：{unit['name']}"))

    def alias(self) -> None:
        """设为别名: the name as written becomes another name of a unit in the directory."""
        if self.sv.can_edit():
            self._unknown_name(self._alias_for)

    def _alias_for(self, written: str) -> None:
        d = self.current()
        match = next((m for m in d.units if m.text == written), None) if d is not None else None
        suggestion = match.candidates[0] if match is not None and match.candidates else ""
        form = AliasForm(self.repo, review.directory_name(written), suggestion)
        self.app.push_screen(
            form, lambda unit: self._directory_changed(unit, f"「{written}」已设为「{unit['name']}」的别名")
        )

    def _directory_changed(self, unit: Unit | None, message: str) -> None:
        if unit is None:
            return
        known = [n for n in review.resolve_again(self.drafts, self.repo.units()) if n != unit["name"]]
        self.sv.data_changed()
        again = f"；草稿中的「{'、'.join(known)}」已识别" if known else ""
        self.notify(f"{message}{again}（Ctrl+Z 可撤销）")
        self._changed()

    def resolve_again(self) -> None:
        """After an undo or a change elsewhere: names follow the directory as it now is."""
        if self.analysis is not None:
            review.resolve_again(self.drafts, self.repo.units())
            self.redraw()
            self.post_message(self.Changed())

"""Keys on an indicator and a data year (the verdict table and the year grid): enter a year's reading,
set a verdict by hand, accept or return a reported reading."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from store.commands.monitoring import NeedsConfirmation
from store.errors import SupervisorError
from store.records.choices import YES_NO
from store.records.model import Indicator
from store.views import monitoring
from tui.forms.monitoring_forms import OverrideForm, ReadingForm, ReasonScreen
from tui.screens.indicators.tab import IndicatorTab, cursor_key
from tui.screens.indicators.view import IndicatorsView


class ReadingsTab(IndicatorTab):
    """A tab whose cursor names an indicator (the row) and a data year."""

    ACTIONS = frozenset({"add_reading", "override", "review"})

    def cursor_year(self, view: IndicatorsView) -> int:
        """The data year under the cursor: the year shown, unless the tab has a column per year."""
        return view.year

    def current(self) -> tuple[Indicator, int] | None:
        indicator_id = cursor_key(self.table())
        if indicator_id is None or self.view is None:
            return None
        return self.repo.indicator(indicator_id), self.cursor_year(self.view)

    def _editable(self) -> tuple[Indicator, int] | None:
        """The indicator and year under the cursor, when there is one and the data can be changed now."""
        current = self.current()
        return current if current is not None and self.sv.can_edit() else None

    def add_reading(self) -> None:
        """Enter a new year's reading: the form starts on a year without data (store.views.monitoring.entry_year);
        typing an older year in the form corrects it, after saying what it replaces."""
        if (current := self._editable()) is None:
            return
        ind, year = current
        repo = self.repo

        def submit(values: dict[str, str], reason: str = "") -> dict[str, Any]:
            saved_year = int(values["year"])
            repo.record_reading(
                ind["id"],
                saved_year,
                values["value"] or None,
                no_data_reason=values["no_data_reason"].strip(),
                numerator=values["numerator"] or None,
                denominator=values["denominator"] or None,
                caliber_changed=YES_NO.is_yes(values["caliber_changed"], empty=False),
                submitted_by=values["submitted_by"],
                submitted_on=values["submitted_on"],
                note=values["note"],
                confirm=bool(reason),
                reason=reason,
            )
            return {"year": saved_year}

        def attempt(values: dict[str, str]) -> Any:
            try:
                return submit(values)
            except NeedsConfirmation as exc:
                self._ask_reason(exc.message, lambda reason: submit(values, reason), ind["name"], values["year"])
                raise SupervisorError(f"需要确认：{exc.message}") from None

        assert self.view is not None  # current() returned an indicator, so the view is there
        year = monitoring.entry_year(ind, self.view.entry_year, pointed=year)
        reading = monitoring.reading_for(ind, year)
        form = ReadingForm(repo, attempt, indicator=ind, year=year, reading=reading)
        self.sv.open_form(form, lambda saved: f"已录入：{ind['name']} {saved['year']}年")

    def _ask_reason(self, message: str, retry: Callable[[str], Any], name: str, year: str) -> None:
        """A big change: say what changed and what it is measured on, and save once a reason is typed for it."""

        def answered(reason: str | None) -> None:
            if not reason:
                return
            done = self.sv.act(lambda: retry(reason), f"已确认并保存：{name} {year}年")
            if done is not None and isinstance(self.app.screen, ReadingForm):
                self.app.screen.dismiss(None)

        self.app.push_screen(ReasonScreen(message), answered)

    def override(self) -> None:
        if (current := self._editable()) is None:
            return
        ind, year = current
        repo = self.repo
        if monitoring.reading_for(ind, year) is None:
            self.notify(f"{ind['name']}还没有{year}年的数据，先按 a 录入", severity="warning")
            return
        computed = monitoring.snapshot(repo).verdict(ind, year).rule_verdict

        def submit(values: dict[str, str]) -> Any:
            return repo.override_verdict(ind["id"], year, values["verdict"].strip() or None, values["reason"])

        form = OverrideForm(submit, indicator=ind, year=year, computed=computed)
        self.sv.open_form(form, f"已保存人工评判：{ind['name']} {year}年")

    def review(self, accept: bool) -> None:
        current = self.current()
        if current is None:
            return
        ind, year = current
        note = "" if accept else "请核实后重新报送"
        word = "审核通过" if accept else "退回"
        repo = self.repo
        self.sv.act(
            lambda: repo.review_reading(ind["id"], year, accept=accept, note=note), f"已{word}：{ind['name']} {year}年"
        )

"""Forms of the monitoring system: a year's reading, a verdict by hand, a data request, evidence, publicity."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Static

from store.commands.repository import Repository
from store.commands.requests import CADENCE
from store.records.choices import (
    EVIDENCE_CATEGORY,
    EVIDENCE_STATUS,
    NO_DATA_REASON,
    PUBLICITY_KIND,
    VERDICT,
    YES_NO,
)
from store.records.text import TEXT_MAX, TITLE_MAX
from tui.forms.base import FormScreen, RecordForm
from tui.forms.checks import choice_check, number_check, optional_text, required, whole_number, year_check
from tui.forms.confirm import ConfirmScreen
from tui.widgets.fields import Field, UnitField, date_check, day_field


class ReadingForm(RecordForm[Any]):
    """One year's data: a value (or numerator and denominator), or a typed reason for having none.

    The form shows the reading of the year in its year field: change the year and the other fields are refilled
    with that year's reading, or emptied for a new one — a new reading never carries another year's date or note.
    """

    def __init__(
        self,
        repo: Repository,
        submit: Callable[[dict[str, str]], Any],
        *,
        indicator: Mapping[str, Any],
        year: int,
        reading: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(repo, submit, title=f"录入监测数据：{indicator['name']}（{indicator['measure'] or '无单位'}）")
        self.indicator = indicator
        self.year = year
        self.reading = reading or {}
        self.loaded_year = year

    def fields(self) -> ComposeResult:
        repo = self.repo
        start = self.filled(self.reading)
        yield Field("year", "数据年份（改年份即录入该年数据）", value=str(self.year), check=year_check)
        yield Field(
            "value",
            f"监测值（{self.indicator['measure']}；填了分子分母可留空）",
            value=start["value"],
            check=number_check("监测值"),
        )
        yield Field("numerator", "分子（可留空）", value=start["numerator"], check=number_check("分子"))
        yield Field("denominator", "分母（可留空）", value=start["denominator"], check=number_check("分母"))
        yield Field(
            "no_data_reason",
            f"没有数据时的原因（{NO_DATA_REASON.listed()}）",
            value=start["no_data_reason"],
            check=choice_check(NO_DATA_REASON, optional=True),
        )
        yield Field(
            "caliber_changed",
            "口径有变化吗（是／否）",
            value=start["caliber_changed"],
            check=choice_check(YES_NO.variant("caliber_changed", "口径变化")),
        )
        yield Field("submitted_by", "报送人", value=start["submitted_by"], check=optional_text("报送人", 20))
        yield day_field(repo, "submitted_on", "报送日期", value=start["submitted_on"])
        yield Field("note", "说明（可留空）", value=start["note"], check=optional_text("说明", TEXT_MAX))

    @staticmethod
    def filled(reading: Mapping[str, Any]) -> dict[str, str]:
        """The fields' text for a reading (empty for a new one: today's date, no note)."""

        def shown(value: Any) -> str:
            return "" if value is None else f"{value:g}" if isinstance(value, float | int) else str(value)

        return {
            "value": shown(reading.get("value")),
            "numerator": shown(reading.get("numerator")),
            "denominator": shown(reading.get("denominator")),
            "no_data_reason": reading.get("no_data_reason", ""),
            "caliber_changed": "是" if reading.get("caliber_changed") else "否",
            "submitted_by": reading.get("submitted_by", ""),
            "submitted_on": reading.get("submitted_on", "") or "今天",
            "note": reading.get("note", ""),
        }

    def action_save(self) -> None:
        """Saving over a year that already has data says what it replaces and asks first."""
        ok, _ = year_check(self.query_one("#input-year", Input).value)
        old = self.existing(int(self.query_one("#input-year", Input).value)) if ok else None
        if old is None or not self.dirty:
            super().action_save()
            return
        was = self.filled(old)
        shown = was["value"] or (f"无数据（{was['no_data_reason']}）" if was["no_data_reason"] else "已有记录")
        question = f"{old['year']}年已有数据：{shown}。保存将替换原来的数据，替换吗？"

        def answered(replace: bool | None) -> None:
            if replace:
                super(ReadingForm, self).action_save()

        self.app.push_screen(ConfirmScreen(question, yes="替换", no="继续编辑"), answered)

    def existing(self, year: int) -> Mapping[str, Any] | None:
        return next((r for r in self.indicator["readings"] if r["year"] == year), None)

    @on(Input.Changed, "#input-year")
    def _year_changed(self, event: Input.Changed) -> None:
        """Another year typed: show that year's reading, or start empty."""
        ok, _ = year_check(event.value)
        if not ok or int(event.value) == self.loaded_year:
            return
        self.loaded_year = int(event.value)
        reading = self.existing(self.loaded_year)
        for name, text in self.filled(reading or {}).items():
            field = self.query_one(f"#field-{name}", Field)
            field.input.value = text
        word = "已有数据，保存将替换原来的数据" if reading else "新录入"
        self.query_one("#field-year", Field).show(f"{self.loaded_year}年：{word}", error=False)


class ReasonScreen(FormScreen[str]):
    """The big-change check: what changed and what the threshold is measured on, and the reason for this change
    typed here (a note already on the form never counts)."""

    def __init__(self, question: str) -> None:
        super().__init__(lambda values: values["reason"].strip(), title="数值变化较大，请核实")
        self.question = question

    def fields(self) -> ComposeResult:
        yield Static(self.question, classes="question")
        yield Field("reason", "这次变化的原因（必填，记入说明和修改记录）", check=required("变化原因", 500))


class PlanForm(RecordForm[Any]):
    """A plan's period: start and end year, mid-term year, name and 领域 (the end year is the indicators' target
    year, the mid-term year's data are the evaluation's)."""

    TITLE = "设置规划期限"

    def __init__(self, repo: Repository, submit: Callable[[dict[str, str]], Any], *, plan: Mapping[str, Any]) -> None:
        super().__init__(repo, submit, title=f"设置规划期限：{plan.get('key') or '新规划'}")
        self.plan = plan

    def fields(self) -> ComposeResult:
        p = self.plan
        yield Field("key", "规划简称（如 妇女、儿童）", value=str(p.get("key", "")), check=required("规划简称", 20))
        yield Field("name", "规划全称", value=str(p.get("name", "")), check=optional_text("规划全称", TITLE_MAX))
        yield Field("start_year", "起始年份", value=str(p.get("start_year", "")), check=year_check)
        yield Field("end_year", "结束年份（指标的目标年份）", value=str(p.get("end_year", "")), check=year_check)
        yield Field("midterm_year", "中期评估年份", value=str(p.get("midterm_year", "")), check=year_check)
        yield Field(
            "domains",
            "领域（顿号分隔，按规划的顺序）",
            value="、".join(p.get("domains", [])),
            check=optional_text("领域", 300),
        )


class OwnerField(UnitField):
    """The unit that keeps a piece of evidence, or the office itself (办公室, or left empty)."""

    def check_units(self, value: str) -> tuple[bool, str]:
        if value.strip() and self.repo.is_office(value):
            return True, "办公室自己负责"
        return super().check_units(value)


class OverrideForm(FormScreen[Any]):
    """A verdict set by hand, with the reason (kept in the history)."""

    def __init__(
        self, submit: Callable[[dict[str, str]], Any], *, indicator: Mapping[str, Any], year: int, computed: str
    ) -> None:
        super().__init__(submit, title=f"人工评判：{indicator['name']} {year}年（计算结果：{computed}）")

    def fields(self) -> ComposeResult:
        yield Field(
            "verdict",
            f"评判（{VERDICT.listed()}；留空则取消人工评判）",
            check=choice_check(VERDICT, optional=True),
        )
        yield Field("reason", "理由", check=optional_text("理由", 500))


class RequestForm(RecordForm[Any]):
    """Open a data-request cycle: which year's data, by when, and the reminder rhythm in working days."""

    TITLE = "布置年度监测数据报送"

    def __init__(self, repo: Repository, submit: Callable[[dict[str, str]], Any], *, year: int) -> None:
        super().__init__(repo, submit)
        self.year = year

    def fields(self) -> ComposeResult:
        yield Field("year", "数据年份", value=str(self.year), check=year_check)
        yield Field("due", "报送截止日期（各地多在3月下旬至5月下旬）", check=date_check(self.repo))
        for key in ("remind_before", "remind_every"):
            spec = CADENCE[key]
            yield Field(key, spec.label, value=str(spec.default), check=whole_number(spec.label, spec.low, spec.high))


class EvidenceForm(RecordForm[Any]):
    TITLE = "新增佐证材料"

    def fields(self) -> ComposeResult:
        repo = self.repo
        yield Field("category", f"类别（{EVIDENCE_CATEGORY.listed()}）", check=choice_check(EVIDENCE_CATEGORY))
        yield Field("title", "材料名称", check=required("材料名称", TITLE_MAX))
        yield OwnerField(repo, "owner", "负责单位（办公室或留空：办公室自己负责）", optional=True)
        yield Field("due", "期限（可留空）", check=date_check(repo, optional=True))
        yield Field(
            "status", f"状态（{EVIDENCE_STATUS.listed()}）", value="未开始", check=choice_check(EVIDENCE_STATUS)
        )
        yield Field("file_ref", "文件位置或文号（可留空）", check=optional_text("文件位置", 300))


class PublicityForm(RecordForm[Any]):
    TITLE = "登记宣传活动或知晓率调查"

    def fields(self) -> ComposeResult:
        repo = self.repo
        kinds = "／".join(PUBLICITY_KIND.words())
        yield Field("kind", f"类型（{kinds}）", value="活动", check=choice_check(PUBLICITY_KIND))
        yield Field("title", "名称", check=required("名称", TITLE_MAX))
        yield day_field(repo, "date", "日期")
        yield UnitField(repo, "unit", "组织单位（可留空）", optional=True)
        yield Field("reach", "覆盖人数（活动）", check=number_check("覆盖人数"))
        yield Field("sample_size", "样本量（调查）", check=number_check("样本量"))
        yield Field("awareness", "知晓率%（调查）", check=number_check("知晓率"))

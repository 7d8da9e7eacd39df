"""Forms of the monitoring system: a year's reading, a verdict by hand, a data request, evidence, publicity."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from textual.app import ComposeResult

from store.commands.repository import Repository
from store.records.choices import EVIDENCE_CATEGORY, EVIDENCE_STATUS, NO_DATA_REASON, PUBLICITY_KIND, VERDICT
from store.records.text import TEXT_MAX, TITLE_MAX
from tui.forms.base import FormScreen, RecordForm
from tui.forms.checks import choice_check, number_check, one_of, optional_text, required, whole_number, year_check
from tui.widgets.fields import Field, UnitField, date_check, day_field


class ReadingForm(RecordForm[Any]):
    """One year's data: a value (or numerator and denominator), or a typed reason for having none."""

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

    def fields(self) -> ComposeResult:
        r = self.reading
        repo = self.repo

        def shown(value: Any) -> str:
            return "" if value is None else f"{value:g}" if isinstance(value, float) else str(value)

        yield Field("year", "数据年份", value=str(self.year), check=year_check)
        yield Field(
            "value",
            f"监测值（{self.indicator['measure']}；填了分子分母可留空）",
            value=shown(r.get("value")),
            check=number_check("监测值"),
        )
        yield Field("numerator", "分子（可留空）", value=shown(r.get("numerator")), check=number_check("分子"))
        yield Field("denominator", "分母（可留空）", value=shown(r.get("denominator")), check=number_check("分母"))
        yield Field(
            "no_data_reason",
            f"没有数据时的原因（{NO_DATA_REASON.listed()}）",
            value=r.get("no_data_reason", ""),
            check=choice_check(NO_DATA_REASON, optional=True),
        )
        yield Field(
            "caliber_changed",
            "口径有变化吗（是／否）",
            value="是" if r.get("caliber_changed") else "否",
            check=one_of("口径变化", ("是", "否")),
        )
        yield Field("submitted_by", "报送人", value=r.get("submitted_by", ""), check=optional_text("报送人", 20))
        yield day_field(repo, "submitted_on", "报送日期", value=r.get("submitted_on", "") or "今天")
        yield Field(
            "note",
            "说明（与上年相比变化较大时必须写明原因）",
            value=r.get("note", ""),
            check=optional_text("说明", TEXT_MAX),
        )


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
        yield Field("remind_before", "截止前几个工作日提醒", value="3", check=whole_number("提前提醒天数", 0, 30))
        yield Field("remind_every", "逾期后每隔几个工作日催报", value="2", check=whole_number("催报间隔", 1, 30))


class EvidenceForm(RecordForm[Any]):
    TITLE = "新增佐证材料"

    def fields(self) -> ComposeResult:
        repo = self.repo
        yield Field("category", f"类别（{EVIDENCE_CATEGORY.listed()}）", check=choice_check(EVIDENCE_CATEGORY))
        yield Field("title", "材料名称", check=required("材料名称", TITLE_MAX))
        yield UnitField(repo, "owner", "负责单位（留空为办公室）", optional=True)
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

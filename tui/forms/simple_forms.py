"""Small record forms: meeting, unit, indicator reading, and the lifecycle steps of a share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import ComposeResult

from store.commands.repository import Repository
from store.records.model import UNIT_KINDS
from store.records.text import NAME_MAX, TEXT_MAX, TITLE_MAX
from tui.forms.base import FormScreen, RecordForm
from tui.forms.checks import number_check, optional_text, required, year_check
from tui.widgets.fields import Field, UnitField, date_check, day_field


class MeetingForm(RecordForm[Any]):
    TITLE = "新增会议"

    def fields(self) -> ComposeResult:
        yield Field("title", "会议名称", check=required("会议名称", TITLE_MAX), placeholder="如：县妇儿工委全体会议")
        yield day_field(self.repo, "date", "会议日期", value="")
        yield Field("kind", "会议类型", value="部署会", check=optional_text("会议类型", 20))


class UnitForm(FormScreen[Any]):
    TITLE = "新增成员单位"

    def __init__(
        self,
        submit: Callable[[dict[str, str]], Any],
        *,
        initial: dict[str, str] | None = None,
        title: str | None = None,
    ) -> None:
        super().__init__(submit, title=title)
        self.initial = initial or {}

    def fields(self) -> ComposeResult:
        v = self.initial
        kinds = "、".join(f"{label}" for label in UNIT_KINDS.values())

        def kind_check(value: str) -> tuple[bool, str]:
            if value.strip() in UNIT_KINDS.values() or value.strip() in UNIT_KINDS:
                return True, ""
            return False, f"类别应为：{kinds}"

        yield Field(
            "name",
            "单位全称",
            value=v.get("name", ""),
            check=required("单位全称", NAME_MAX),
            placeholder="如：县教育局",
        )
        yield Field("short", "简称（可留空）", value=v.get("short", ""), check=optional_text("简称", NAME_MAX))
        yield Field("kind", f"类别（{kinds}）", value=v.get("kind", "部门"), check=kind_check)
        yield Field(
            "aliases",
            "别名（讲话中的叫法，顿号分隔，如：教育部门）",
            value=v.get("aliases", ""),
            check=optional_text("别名", 200),
        )
        yield Field("contact", "联系人", value=v.get("contact", ""), check=optional_text("联系人", 20))
        yield Field("phone", "联系电话", value=v.get("phone", ""), check=optional_text("联系电话", 40))


class StepForm(RecordForm[Any]):
    """A dated lifecycle step with a note: 签收, 办结, 催办, 退回, 销号, 取消."""

    def __init__(
        self,
        repo: Repository,
        submit: Callable[[dict[str, str]], Any],
        *,
        title: str,
        note_label: str = "备注（可留空）",
        extra: tuple[tuple[str, str, str], ...] = (),
    ) -> None:
        super().__init__(repo, submit, title=title)
        self.note_label = note_label
        self.extra = extra

    def fields(self) -> ComposeResult:
        repo = self.repo
        yield day_field(repo, "date", "日期（默认今天）")
        for name, label, value in self.extra:
            yield Field(name, label, value=value, check=optional_text(label, 40))
        yield Field("note", self.note_label, check=optional_text("备注", TEXT_MAX))


class ProgressForm(RecordForm[Any]):
    """进展反馈: date, what was done, next step, problems, recorded by, source."""

    @classmethod
    def for_share(cls, repo: Repository, number: str, unit: str) -> ProgressForm:
        """The form that records progress on one unit's share of an item."""

        def submit(values: dict[str, str]) -> Any:
            return repo.record_progress(
                number,
                unit,
                values["text"],
                on=values["date"],
                next_step=values["next_step"],
                problems=values["problems"],
                recorded_by=values["recorded_by"],
                source=values["source"],
            )

        return cls(repo, submit, title=f"登记进展：{number} {unit}")

    def fields(self) -> ComposeResult:
        repo = self.repo
        yield day_field(repo, "date", "反馈日期（默认今天）")
        yield Field("text", "进展情况", check=required("进展情况", TEXT_MAX), placeholder="做了什么")
        yield Field("next_step", "下一步打算（可留空）", check=optional_text("下一步打算", TEXT_MAX))
        yield Field("problems", "存在问题（可留空）", check=optional_text("存在问题", TEXT_MAX))
        yield Field(
            "recorded_by",
            "记录人（默认设置中的记录人）",
            value=repo.settings()["operator"],
            check=optional_text("记录人", 20),
        )
        yield Field("source", "来源（电话、书面材料、工作群……）", value="电话", check=optional_text("来源", 60))


class ExtensionForm(RecordForm[Any]):
    """延期: the new deadline and why; approved at once or left pending."""

    def fields(self) -> ComposeResult:
        yield Field("new_due", "延期至", check=date_check(self.repo, field="new_due"))
        yield Field("reason", "延期理由", check=required("延期理由", TEXT_MAX))

        def yes_no(value: str) -> tuple[bool, str]:
            if value.strip() in ("是", "否"):
                return True, ""
            return False, "请填“是”或“否”"

        yield Field("approved", "是否已批准（是／否）", value="是", check=yes_no)


DIRECTION_WORDS = {
    "≥": ">=",
    ">=": ">=",
    "不低于": ">=",
    "≤": "<=",
    "<=": "<=",
    "不高于": "<=",
    "定性": "qualitative",
    "qualitative": "qualitative",
}


def optional_year_check(value: str) -> tuple[bool, str]:
    return (True, "") if not value.strip() else year_check(value)


class IndicatorForm(RecordForm[Any]):
    """A new indicator: plan, 领域, name, unit of measure, direction, target and baseline, owner units."""

    TITLE = "新增指标"

    def fields(self) -> ComposeResult:
        def direction_check(value: str) -> tuple[bool, str]:
            if value.strip() in DIRECTION_WORDS:
                return True, ""
            return False, "方向应为 ≥、≤ 或 定性"

        yield Field("plan", "规划（妇女 / 儿童）", value="儿童", check=required("规划", 20))
        yield Field("domain", "领域（如：健康、教育）", check=required("领域", 20))
        yield Field("name", "指标名称", check=required("指标名称", TITLE_MAX), placeholder="如：学前教育毛入园率")
        yield Field("measure", "计量单位（%、‰、/10万……）", value="%", check=optional_text("计量单位", 20))
        yield Field("direction", "方向（≥ 越高越好，≤ 越低越好，定性）", value="≥", check=direction_check)
        yield Field("target", "目标值（定性指标可留空）", check=number_check("目标值"))
        yield Field("target_text", "目标说明（定性指标填写，如：逐步提高）", check=optional_text("目标说明", 200))
        yield Field("target_year", "目标年份（留空为所属规划的结束年份）", check=optional_year_check)
        yield Field("baseline", "基线值（可留空）", check=number_check("基线值"))
        yield Field("baseline_year", "基线年份", value="2020", check=year_check)
        yield UnitField(self.repo, "lead", "牵头单位（可留空）", multiple=True, optional=True)
        yield UnitField(self.repo, "partners", "配合单位（可留空）", multiple=True, optional=True)

"""Small record forms: meeting, unit, indicator reading, and the lifecycle steps of a share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import ComposeResult

from store.commands.repository import Repository
from store.errors import ValidationError
from store.records.choices import DIRECTION, UNIT_KIND, YES_NO
from store.records.model import Unit
from store.records.text import NAME_MAX, TEXT_MAX, TITLE_MAX
from store.records.units import collective_of, split_names
from tui.forms.base import FormScreen, RecordForm
from tui.forms.checks import choice_check, number_check, optional_text, required, year_check
from tui.widgets.fields import DeadlineField, Field, UnitField, day_field


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

    @staticmethod
    def submitter(repo: Repository, unit_id: int | None = None) -> Callable[[dict[str, str]], Unit]:
        """Save the form as a new unit, or as changes to unit `unit_id`."""

        def submit(values: dict[str, str]) -> Unit:
            name = values["name"]
            if collective_of(name):
                raise ValidationError("name", f"「{name}」是泛指，不能作为单位名称")
            short, contact, phone = values["short"], values["contact"], values["phone"]
            kind = UNIT_KIND.parse(values["kind"])
            aliases = split_names(values["aliases"])
            if unit_id is None:
                return repo.add_unit(name, short=short, kind=kind, contact=contact, phone=phone, aliases=aliases)
            return repo.edit_unit(
                unit_id, name=name, short=short, kind=kind, contact=contact, phone=phone, aliases=aliases
            )

        return submit

    def fields(self) -> ComposeResult:
        v = self.initial
        yield Field(
            "name",
            "单位全称",
            value=v.get("name", ""),
            check=required("单位全称", NAME_MAX),
            placeholder="如：县教育局",
        )
        yield Field("short", "简称（可留空）", value=v.get("short", ""), check=optional_text("简称", NAME_MAX))
        yield Field("kind", f"类别（{UNIT_KIND.listed()}）", value=v.get("kind", "部门"), check=choice_check(UNIT_KIND))
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
        intro: str = "",
        note_label: str = "备注（可留空）",
        extra: tuple[tuple[str, str, str], ...] = (),
    ) -> None:
        super().__init__(repo, submit, title=title, intro=intro)
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
        yield DeadlineField(self.repo, "new_due", "延期至")
        yield Field("reason", "延期理由", check=required("延期理由", TEXT_MAX))
        approved = YES_NO.variant("approved", "是否已批准")
        yield Field("approved", "是否已批准（是／否）", value="是", check=choice_check(approved))


def optional_year_check(value: str) -> tuple[bool, str]:
    return (True, "") if not value.strip() else year_check(value)


class IndicatorForm(RecordForm[Any]):
    """A new indicator: plan, 领域, name, unit of measure, direction, target and baseline, owner units."""

    TITLE = "新增指标"

    def fields(self) -> ComposeResult:
        yield Field("plan", "规划（妇女 / 儿童）", value="儿童", check=required("规划", 20))
        yield Field("domain", "领域（如：健康、教育）", check=required("领域", 20))
        yield Field("name", "指标名称", check=required("指标名称", TITLE_MAX), placeholder="如：学前教育毛入园率")
        yield Field("measure", "计量单位（%、‰、/10万……）", value="%", check=optional_text("计量单位", 20))
        yield Field("direction", f"方向（{DIRECTION.listed()}）", value="≥", check=choice_check(DIRECTION))
        yield Field("target", "目标值（定性指标可留空）", check=number_check("目标值"))
        yield Field("target_text", "目标说明（定性指标填写，如：逐步提高）", check=optional_text("目标说明", 200))
        yield Field("target_year", "目标年份（留空为所属规划的结束年份）", check=optional_year_check)
        yield Field("baseline", "基线值（可留空）", check=number_check("基线值"))
        yield Field("baseline_year", "基线年份", value="2020", check=year_check)
        yield UnitField(self.repo, "lead", "牵头单位（可留空）", multiple=True, optional=True)
        yield UnitField(self.repo, "partners", "配合单位（可留空）", multiple=True, optional=True)

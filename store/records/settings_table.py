"""The one table of the office settings: key, label, what to type, default. The settings page of the TUI and
`supervisor settings` both read it; the check of every value is store.commands.settings.clean_setting."""

from __future__ import annotations

from dataclasses import dataclass

from store.records.choices import BASIS
from store.records.fonts import FONT_ROLES
from store.records.model import DEFAULT_SETTINGS


@dataclass(frozen=True)
class SettingSpec:
    key: str
    label: str  # the setting's name: the CLI prints 「label（key）：value」, messages name it
    hint: str = ""  # what to type, shown after the label on the settings page

    @property
    def default(self) -> object:
        return DEFAULT_SETTINGS[self.key]  # type: ignore[literal-required]

    @property
    def form_label(self) -> str:
        return f"{self.label}（{self.hint}）" if self.hint else self.label


SETTINGS_TABLE: tuple[SettingSpec, ...] = (
    SettingSpec("office_name", "办公室全称", "印在红头上"),
    SettingSpec("office_short", "办公室简称"),
    SettingSpec("doc_prefix", "发文机关代字", "如：示妇儿工委办"),
    SettingSpec("contact_person", "联系人"),
    SettingSpec("contact_phone", "联系电话"),
    SettingSpec("operator", "记录人", "默认记在谁名下"),
    SettingSpec("yellow_days", "黄灯提前工作日数", "期限前几个工作日亮黄灯"),
    SettingSpec("report_days", "反馈期限工作日数", "督办通知要求几个工作日内反馈"),
    SettingSpec("cc", "抄送", "督办通知的抄送，可留空"),
    SettingSpec("rate_basis", "达标率分母", "／".join(BASIS.words())),
    SettingSpec("jump_threshold", "数据跳变提醒阈值", "与上年相比相对变化超过多少%时提醒核实，按点数比较的除外"),
    SettingSpec("jump_points", "按点数比较的计量单位", "按百分点（千分点）比较变化，如 %=5；‰=1"),
    SettingSpec("checked_only", "只计已审核数据", "是／否"),
    SettingSpec("evaluation_year", "评估数据年度", "0 表示按规划的中期评估年份"),
    SettingSpec("chase_near_days", "催报提前工作日数", "截止前几个工作日起催报"),
    SettingSpec(
        "period_on_workday", "期限顺延到工作日", "旬、月底、年底的期限落在休息日时顺延到下一个工作日（是／否）"
    ),
    *(SettingSpec(role.key, role.label, "“/”后为缺字体时的替代字体") for role in FONT_ROLES),
)
SETTING_KEYS = tuple(spec.key for spec in SETTINGS_TABLE)
SETTING_LABELS = {spec.key: spec.label for spec in SETTINGS_TABLE}


def setting_spec(key: str) -> SettingSpec:
    return next(spec for spec in SETTINGS_TABLE if spec.key == key)

"""What a batch step on the item list will touch, shown before saving: "催办 2项 × 2个单位" and the units.

The Items screen's filters decide the scope. A unit filter, or a text filter that names exactly one unit
(`/wjw`, `/卫健委`), limits a step to that unit's shares, exactly as the unit filter does; the shares
themselves are chosen by store.rules.steps, the same rule the command line's steps use.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from store.records.model import STATUS_LABELS, Item, Unit
from store.records.units import normalise, unit_matches_text
from store.rules.steps import STEP_VERBS, step_shares


def units_named_by(text: str, units: Iterable[Unit]) -> list[Unit]:
    """The units a filter text names: the same match as the item filter's unit part (name, short name, alias
    contain it; pinyin initials start with it)."""
    needle = normalise(text)
    return [unit for unit in units if unit_matches_text(unit, needle)] if needle else []


def scope_unit(unit_id: int | None, text: str, units: Mapping[int, Unit]) -> int | None:
    """The unit a batch step is limited to: the unit filter's, else the one unit the text filter names."""
    if unit_id is not None:
        return unit_id
    named = units_named_by(text, units.values())
    return named[0]["id"] if len(named) == 1 else None


@dataclass
class BatchScope:
    """Per item, the units whose shares the step changes; and the items it skips, with why."""

    step: str
    unit_id: int | None
    targets: list[tuple[str, list[str]]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    @property
    def share_count(self) -> int:
        return sum(len(names) for _, names in self.targets)

    @property
    def unit_names(self) -> list[str]:
        return list(dict.fromkeys(n for _, names in self.targets for n in names))

    def headline(self) -> str:
        """'2项 × 1个单位'; shares counted when not every item goes to every unit ('3项 × 4个单位，共6份承办')."""
        shares = f"，共{self.share_count}份承办" if self.share_count != len(self.targets) * len(self.unit_names) else ""
        return f"{len(self.targets)}项 × {len(self.unit_names)}个单位{shares}"

    def label(self) -> str:
        """The history line of the whole batch: '批量催办 2项 × 1个单位（县卫健委）', '催办 2026-09（县卫健委）'."""
        verb = STEP_VERBS[self.step]
        names = self.unit_names
        shown = "、".join(names[:3]) + ("等" if len(names) > 3 else "")
        if len(self.targets) == 1:
            return f"{verb} {self.targets[0][0]}（{shown}）"
        return f"批量{verb} {self.headline()}（{shown}）"

    def lines(self, limit: int = 8) -> list[str]:
        """One line per item with its units, then what is skipped."""
        out = [f"{number}：{_names(names)}" for number, names in self.targets[:limit]]
        if len(self.targets) > limit:
            out.append(f"……另有{len(self.targets) - limit}项")
        out.extend(f"跳过 {s}" for s in self.skipped[:3])
        if len(self.skipped) > 3:
            out.append(f"……另有{len(self.skipped) - 3}项跳过")
        return out


def batch_scope(
    items: Iterable[Item], step: str, units: Mapping[int, Unit], *, unit_id: int | None = None, text: str = ""
) -> BatchScope:
    """What `step` changes on these items under the screen's filters (see `scope_unit`)."""
    limit = scope_unit(unit_id, text, units)
    scope = BatchScope(step, limit)
    verb = STEP_VERBS[step]
    for item in items:
        shares = step_shares(item, step, [limit] if limit is not None else None)
        names = [_name(units, a["unit_id"]) for a in shares.targets]
        if names:
            scope.targets.append((item["number"], names))
        elif shares.refused:
            a = shares.refused[0]
            scope.skipped.append(
                f"{item['number']}：{_name(units, a['unit_id'])}状态为「{STATUS_LABELS[a['status']]}」，不能{verb}"
            )
        elif shares.missing:
            scope.skipped.append(f"{item['number']}：没有交办给{_name(units, shares.missing[0])}")
        else:
            scope.skipped.append(f"{item['number']}：没有可以{verb}的承办单位")
    return scope


def _names(names: list[str], shown: int = 4) -> str:
    """'县卫健委、县妇联' or '县检察院、县财政局、县总工会、东河镇等5个单位'."""
    if len(names) <= shown:
        return "、".join(names)
    return "、".join(names[:shown]) + f"等{len(names)}个单位"


def _name(units: Mapping[int, Unit], unit_id: int) -> str:
    unit = units.get(unit_id)
    return unit["name"] if unit else f"单位{unit_id}"

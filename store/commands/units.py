"""The unit directory (成员单位): listing, resolving a name, adding and editing a unit."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypedDict, Unpack, cast

from store.commands.base import RepositoryBase
from store.errors import ValidationError
from store.records.model import Unit
from store.records.text import NAME_MAX, echo, require_text
from store.records.units import collective_of, initials_of, own_names, resolve_unit


class UnitChanges(TypedDict, total=False):
    """What `edit_unit` may change; the fields left out keep their values (initials are recomputed)."""

    name: str
    short: str
    kind: str
    contact: str
    phone: str
    aliases: Iterable[str]
    initials: Iterable[str]
    order: int | None
    active: bool


class UnitCommands(RepositoryBase):
    """成员单位 and the names they may be called by."""

    def units(self, *, include_inactive: bool = False) -> list[Unit]:
        units = cast(list[Unit], self._all("units"))
        if not include_inactive:
            units = [u for u in units if u["active"]]
        return sorted(units, key=lambda u: (u["order"], u["id"]))

    def unit(self, unit_id: int) -> Unit:
        return cast(Unit, self._record("units", unit_id, "单位"))

    def units_by_id(self) -> dict[int, Unit]:
        return {u["id"]: u for u in cast(list[Unit], self._all("units"))}

    def resolve_unit(self, name: str) -> Unit:
        return resolve_unit(name, self.units())

    def add_unit(
        self,
        name: str,
        *,
        short: str = "",
        kind: str = "department",
        contact: str = "",
        phone: str = "",
        aliases: Iterable[str] = (),
        initials: Iterable[str] = (),
        order: int | None = None,
    ) -> Unit:
        doc = self._unit_doc(name, short, kind, contact, phone, aliases, initials, order, None)
        unit_id = self._insert("units", doc, f"新增单位 {doc['name']}", "unit add")
        return self.unit(unit_id)

    def edit_unit(self, unit_id: int, **values: Unpack[UnitChanges]) -> Unit:
        current = self.unit(unit_id)
        merged: dict[str, Any] = {**current, **values}
        doc = self._unit_doc(
            merged["name"],
            merged["short"],
            merged["kind"],
            merged["contact"],
            merged["phone"],
            merged["aliases"],
            values.get("initials", ()),
            merged["order"],
            unit_id,
        )
        doc["active"] = bool(merged.get("active", True))
        self._save("units", unit_id, doc, f"修改单位 {doc['name']}", "unit edit")
        return self.unit(unit_id)

    def _unit_doc(
        self,
        name: str,
        short: str,
        kind: str,
        contact: str,
        phone: str,
        aliases: Iterable[str],
        initials: Iterable[str],
        order: int | None,
        own_id: int | None,
    ) -> Unit:
        name = require_text("name", "单位名称", name, max_len=NAME_MAX)
        short = require_text("short", "单位简称", short, max_len=NAME_MAX, allow_empty=True)
        if collective_of(name):
            raise ValidationError("name", f"「{echo(name)}」是泛指，不能作为单位名称")
        from store.records.choices import UNIT_KIND  # the choice tables load when a unit is written, not per command

        kind = UNIT_KIND.parse(kind)
        for other in self.units(include_inactive=True):
            if other["id"] != own_id and name in own_names(other):
                raise ValidationError("name", f"已有同名单位「{other['name']}」")
            if other["id"] != own_id and short and short in own_names(other):
                raise ValidationError("short", f"简称「{echo(short)}」已被「{echo(other['name'])}」使用")
        alias_list = [require_text("aliases", "别名", a, max_len=NAME_MAX) for a in aliases if str(a).strip()]
        auto = [initials_of(name)] + ([initials_of(short)] if short else [])
        manual = [str(i).strip().lower() for i in initials if str(i).strip()]
        if order is None:
            order = max((u["order"] for u in self.units(include_inactive=True)), default=0) + 10
        return {
            "name": name,
            "short": short,
            "kind": kind,
            "contact": require_text("contact", "联系人", contact, max_len=20, allow_empty=True),
            "phone": require_text("phone", "联系电话", phone, max_len=40, allow_empty=True),
            "order": int(order),
            "initials": list(dict.fromkeys(manual + [i for i in auto if i])),
            "aliases": list(dict.fromkeys(alias_list)),
            "active": True,
        }

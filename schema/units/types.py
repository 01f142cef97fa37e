"""`OrgUnit`: the organisation tree, readable by every signed-in user."""

from __future__ import annotations

from collections.abc import Awaitable, Iterable
from typing import Any

import strawberry
from strawberry import relay

from models import OrgUnit as OrgUnitModel
from models import UnitKind as UnitKindModel
from schema.info import Info
from schema.protected import public_node

UnitKind = strawberry.enum(UnitKindModel, name="UnitKind")


@public_node("The organisation tree is readable by every signed-in user (CONTRACT.md).")
@strawberry.type(name="OrgUnit")
class OrgUnit(relay.Node):
    id: relay.NodeID[int]
    code: str
    name: str
    kind: UnitKind  # type: ignore[valid-type]
    is_jurisdiction: bool = strawberry.field(
        description="Whether this unit is a committee with management authority over cadres (J1)."
    )
    _parent_id: strawberry.Private[int | None]

    @classmethod
    def of(cls, unit: OrgUnitModel) -> OrgUnit:
        return cls(
            id=unit.id,
            code=unit.code,
            name=unit.name,
            kind=unit.kind,
            is_jurisdiction=unit.is_jurisdiction,
            _parent_id=unit.parent_id,
        )

    @strawberry.field
    async def parent(self, info: Info) -> OrgUnit | None:
        if self._parent_id is None:
            return None
        unit = await info.context.loaders.unit.load(self._parent_id)
        return OrgUnit.of(unit) if unit else None

    @strawberry.field
    async def children(self, info: Info) -> list[OrgUnit]:
        return [OrgUnit.of(u) for u in await info.context.loaders.children.load(self.id)]

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False, **_: Any
    ) -> list[OrgUnit | None]:
        info.context.require_principal()
        units = await info.context.loaders.unit.load_many([int(i) for i in node_ids])
        return [OrgUnit.of(u) if u else None for u in units]


def unit_field(info: Info, unit_id: int) -> OrgUnit | Awaitable[OrgUnit]:
    """A unit for a nested field: at once when this request has loaded it (no task, no await per
    row), else through the loader."""
    known = info.context.loaders.known_units.get(unit_id)
    if known is not None:
        return OrgUnit.of(known)
    return _load_unit(info, unit_id)


async def _load_unit(info: Info, unit_id: int) -> OrgUnit:
    unit = await info.context.loaders.unit.load(unit_id)
    assert unit is not None
    return OrgUnit.of(unit)


async def preload_units(info: Info, ids: Iterable[int]) -> None:
    """Load the units a page points at in one query, so its nested unit fields resolve at once."""
    await info.context.loaders.unit.load_many(sorted(set(ids)))

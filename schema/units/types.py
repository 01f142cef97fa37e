"""`OrgUnit`: the organisation tree, readable by every signed-in user."""

from __future__ import annotations

from collections.abc import Awaitable, Iterable
from typing import Any, Protocol

import strawberry
from strawberry import relay

from models import OrgUnit as OrgUnitModel
from models import UnitKind as UnitKindModel
from schema.enums import described_enum
from schema.info import Info
from schema.protected import public_node

UnitKind = described_enum(
    UnitKindModel,
    name="UnitKind",
    description="What kind of body a unit is; only committees manage cadres (J1).",
    values={
        UnitKindModel.CITY_COMMITTEE: "The city party committee (市委), the top of the tree.",
        UnitKindModel.COUNTY_COMMITTEE: (
            "A county party committee (县委); its leaders are managed by the city."
        ),
        UnitKindModel.TOWNSHIP: "A township (乡镇); its leaders are managed by the county above.",
        UnitKindModel.CITY_DEPARTMENT: (
            "A city department; its party group (党组) manages its own section-level cadres."
        ),
        UnitKindModel.STATE_ENTERPRISE: (
            "A city state-owned enterprise; its party committee manages its middle managers."
        ),
        UnitKindModel.DISCIPLINE_COMMISSION: (
            "The discipline inspection and supervision commission (纪委监委): answers integrity "
            "appraisals and receives referred cases, sees only what is addressed to it (J7)."
        ),
        UnitKindModel.AUDIT_BUREAU: (
            "The audit bureau (审计局): performs the economic-responsibility audits commissioned "
            "from it (D7) and sees only those (J7)."
        ),
    },
)


class UnitRow(Protocol):
    """A unit read as a row rather than a model object (the dashboard's tree)."""

    @property
    def id(self) -> int: ...
    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def kind(self) -> UnitKindModel: ...
    @property
    def is_jurisdiction(self) -> bool: ...
    @property
    def parent_id(self) -> int | None: ...


@public_node("The organisation tree is readable by every signed-in user (CONTRACT.md).")
@strawberry.type(
    name="OrgUnit",
    description=(
        "A unit of the organisation tree: a committee, department, township, enterprise, the "
        "discipline commission or the audit bureau. Every signed-in user may read the whole tree."
    ),
)
class OrgUnit(relay.Node):
    id: relay.NodeID[int]
    code: str = strawberry.field(
        description=(
            "The unit's stable code, e.g. `county-a` or `county-a.town-1`; unit arguments take it."
        )
    )
    name: str = strawberry.field(description="The unit's official name, in Chinese.")
    kind: UnitKind = strawberry.field(  # type: ignore[valid-type]
        description="What kind of body the unit is."
    )
    is_jurisdiction: bool = strawberry.field(
        description="Whether this unit is a committee with management authority over cadres (J1)."
    )
    _parent_id: strawberry.Private[int | None]

    @classmethod
    def of(cls, unit: OrgUnitModel | UnitRow) -> OrgUnit:
        return cls(
            id=unit.id,
            code=unit.code,
            name=unit.name,
            kind=unit.kind,
            is_jurisdiction=unit.is_jurisdiction,
            _parent_id=unit.parent_id,
        )

    @strawberry.field(description="The unit directly above, `null` for the city committee.")
    async def parent(self, info: Info) -> OrgUnit | None:
        if self._parent_id is None:
            return None
        unit = await info.context.loaders.unit.load(self._parent_id)
        return OrgUnit.of(unit) if unit else None

    @strawberry.field(description="The units directly below, by code.")
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

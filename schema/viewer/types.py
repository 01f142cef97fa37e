"""`viewer`: who the caller is and what the policy lets them do, per unit."""

from __future__ import annotations

from collections import defaultdict

import strawberry
from tortoise.expressions import Q

from models import OrgUnit as OrgUnitModel
from policies.engine import Reach, actions_of
from policies.principal import Principal
from schema.cadres.access import person
from schema.cadres.types import Person
from schema.info import Info
from schema.protected import through_layer
from schema.units.types import OrgUnit


@strawberry.type
class ViewerRole:
    role: str
    _unit_id: strawberry.Private[int]

    @strawberry.field
    async def unit(self, info: Info) -> OrgUnit:
        unit = await info.context.loaders.unit.load(self._unit_id)
        assert unit is not None
        return OrgUnit.of(unit)


@strawberry.type
class UnitPermissions:
    unit: OrgUnit
    actions: list[str] = strawberry.field(description="e.g. `cadre:read`, `tipoff:reveal`.")


@strawberry.type
class Viewer:
    username: str
    _principal: strawberry.Private[Principal]

    @strawberry.field
    def role_assignments(self) -> list[ViewerRole]:
        return [ViewerRole(role=a.role, _unit_id=a.unit_id) for a in self._principal.assignments]

    @strawberry.field(
        description="The cadre this account belongs to, if any: the full `Cadre` when the caller "
        "may read that cadre, otherwise who they are (J5: linked accounts)."
    )
    @through_layer
    async def cadre(self, info: Info) -> Person | None:
        return await person(info, self._principal.cadre_id)

    @strawberry.field(
        description="Per unit, the actions the policy grants; subordinate jurisdictions appear "
        "with the actions granted through oversight (J4)."
    )
    async def permissions(self) -> list[UnitPermissions]:
        return await unit_permissions(self._principal)


async def unit_permissions(principal: Principal) -> list[UnitPermissions]:
    by_unit: dict[int, set[str]] = defaultdict(set)
    below: dict[str, set[str]] = defaultdict(set)  # path prefix -> actions reaching below it
    for a in principal.assignments:
        for action, reach in actions_of(a.role):
            by_unit[a.unit_id].add(action)
            if reach is Reach.SUBTREE:
                below[a.unit_path].add(action)
    units: dict[int, OrgUnitModel] = {}
    if by_unit:
        units.update({u.id: u for u in await OrgUnitModel.filter(id__in=list(by_unit))})
    if below:
        condition = Q(*(Q(path__startswith=p) for p in below), join_type=Q.OR)
        for unit in await OrgUnitModel.filter(condition, is_jurisdiction=True):
            units[unit.id] = unit
            for prefix, actions in below.items():
                if unit.path.startswith(prefix):
                    by_unit[unit.id] |= actions
    return [
        UnitPermissions(unit=OrgUnit.of(units[uid]), actions=sorted(by_unit[uid]))
        for uid in sorted(by_unit, key=lambda i: units[i].path)
    ]


@strawberry.type
class ViewerQueries:
    @strawberry.field(description="The signed-in caller.")
    def viewer(self, info: Info) -> Viewer:
        principal = info.context.require_principal()
        return Viewer(username=principal.username, _principal=principal)

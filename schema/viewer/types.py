"""`viewer`: who the caller is and what the policy lets them do, per unit."""

from __future__ import annotations

from collections import defaultdict

import strawberry
from tortoise.expressions import Q

from models import Cadre as CadreModel
from models import OrgUnit as OrgUnitModel
from policies.engine import Reach, actions_of
from policies.principal import Principal
from policies.resources import CADRE
from schema.cadres.types import Cadre
from schema.info import Info
from schema.units.types import OrgUnit


@strawberry.type(description="One role the caller holds in one unit (J3).")
class ViewerRole:
    role: str = strawberry.field(
        description=(
            "The role, a plain string from the policy: `admin`, `supervisor`, `selector`, "
            "`discipline` or `auditor`."
        )
    )
    _unit_id: strawberry.Private[int]

    @strawberry.field(description="The unit the role is held in; it grants actions there (J3).")
    async def unit(self, info: Info) -> OrgUnit:
        unit = await info.context.loaders.unit.load(self._unit_id)
        assert unit is not None
        return OrgUnit.of(unit)


@strawberry.type(
    description=(
        "What the policy lets the caller do in one unit, so a portal shows only the buttons that "
        "will work."
    )
)
class UnitPermissions:
    unit: OrgUnit = strawberry.field(description="The unit the actions apply to.")
    actions: list[str] = strawberry.field(
        description=(
            "The actions granted there as `resource:action`, e.g. `cadre:read`, `tipoff:reveal`."
        )
    )


@strawberry.type(
    description="The signed-in caller: account, roles, own cadre record and permissions per unit."
)
class Viewer:
    username: str = strawberry.field(description="The account's login name.")
    _principal: strawberry.Private[Principal]

    @strawberry.field(description="The roles the caller holds now, each in its unit (J3).")
    def role_assignments(self) -> list[ViewerRole]:
        return [ViewerRole(role=a.role, _unit_id=a.unit_id) for a in self._principal.assignments]

    @strawberry.field(
        description=(
            "The cadre record this account belongs to, if any: its conflict-sensitive records stay "
            "hidden from this caller (J5). Reading it is logged (J8)."
        )
    )
    async def cadre(self, info: Info) -> Cadre | None:
        if self._principal.cadre_id is None:
            return None
        row = await CadreModel.get_or_none(id=self._principal.cadre_id)
        if row is None:
            return None
        info.context.record_seen_through(CADRE, [row.id])  # J8, the caller's own record too
        return Cadre.of(row)

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
    @strawberry.field(
        description=(
            "The signed-in caller; any signed-in user, anonymous callers get `UNAUTHENTICATED`."
        )
    )
    def viewer(self, info: Info) -> Viewer:
        principal = info.context.require_principal()
        return Viewer(username=principal.username, _principal=principal)

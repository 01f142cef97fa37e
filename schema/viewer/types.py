"""`viewer`: who the caller is and what the policy lets them do, per unit."""

from __future__ import annotations

from collections import defaultdict

import strawberry

from models import OrgUnit as OrgUnitModel
from policies.engine import actions_of
from policies.principal import Principal
from policies.resources import PLACED_AT_ANY_UNIT, Resource
from schema.cadres.access import person
from schema.cadres.types import Person
from schema.info import Info
from schema.protected import through_layer
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
            "The cadre this account belongs to, if any: the full `Cadre` when the caller may read "
            "that cadre, otherwise who they are; its conflict-sensitive records stay hidden from "
            "this caller (J5). Reading it is logged (J8)."
        )
    )
    @through_layer
    async def cadre(self, info: Info) -> Person | None:
        return await person(info, self._principal.cadre_id)

    @strawberry.field(
        description="Per unit, the actions that will work there: granted by the policy and "
        "allowed by the structural rules, computed by the same scope as the mutations' guard "
        "(oversight below: read actions and a superior's acts, never at the caller's own unit)."
    )
    async def permissions(self, info: Info) -> list[UnitPermissions]:
        return await unit_permissions(info, self._principal)


async def unit_permissions(info: Info, principal: Principal) -> list[UnitPermissions]:
    """Each action the caller's roles grant, at each unit its scope admits records of (the
    scope `rules.guard.require` checks), where such records can be: role assignments and
    accounts at any unit, other records at committees that manage cadres and at the units
    they are addressed to."""
    granted = sorted({action for a in principal.assignments for action, _ in actions_of(a.role)})
    by_unit: dict[int, set[str]] = defaultdict(set)
    addressed: set[int] = set()
    anywhere: set[str] = set()
    for action in granted:
        obj, _, act = action.partition(":")
        scope = await info.context.scope(Resource(obj), act)
        for unit_id in scope.jurisdiction_ids | scope.addressee_ids:
            by_unit[unit_id].add(action)
        addressed |= scope.addressee_ids
        if obj in PLACED_AT_ANY_UNIT:
            anywhere.add(action)
    units = {u.id: u for u in await OrgUnitModel.filter(id__in=sorted(by_unit))}
    shown = []
    for unit in sorted(units.values(), key=lambda u: u.path):
        open_here = unit.is_jurisdiction or unit.id in addressed
        actions = sorted(a for a in by_unit[unit.id] if open_here or a in anywhere)
        if actions:
            shown.append(UnitPermissions(unit=OrgUnit.of(unit), actions=actions))
    return shown


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

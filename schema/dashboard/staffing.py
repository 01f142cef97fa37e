"""`supervisionStaffing` (L3): who does supervision work in each jurisdiction the caller may read,
and which jurisdictions have no one."""

from __future__ import annotations

from collections import defaultdict
from typing import Annotated

import strawberry

from models import OrgUnit as OrgUnitModel
from models import RoleAssignment
from policies.engine import supervision_roles
from policies.resources import STAFFING
from policies.scope import restrict
from schema.daily.common import StaffUser
from schema.info import Info
from schema.units.types import OrgUnit

READ = "read"


@strawberry.type(description="L3: a jurisdiction and the users doing supervision work there.")
class SupervisionStaffing:
    unit: OrgUnit = strawberry.field(description="The jurisdiction.")
    staff: list[StaffUser] = strawberry.field(
        description="Active users holding a supervision role (`supervisor`) at this unit itself "
        "(not through oversight from above), by username."
    )
    staffed: bool = strawberry.field(description="Whether anyone is named (L3); false: no one.")


@strawberry.type
class StaffingQueries:
    @strawberry.field(
        description="L3: per jurisdiction the caller may read (its own and, for a supervisor, "
        "those below it; an administrator, those under its unit), the users holding "
        "`supervisor` there, by unit path; `staffed: false` picks those with no one. Logged as "
        "a read (J8)."
    )
    async def supervision_staffing(
        self,
        info: Info,
        staffed: Annotated[
            bool | None,
            strawberry.argument(description="Only staffed (true) or unstaffed (false) units."),
        ] = None,
    ) -> list[SupervisionStaffing]:
        scope = await info.context.scope(STAFFING, READ)
        if scope.empty:
            return []
        units = await restrict(OrgUnitModel.filter(is_jurisdiction=True), scope, STAFFING).order_by(
            "path"
        )
        holders = await RoleAssignment.filter(
            unit_id__in=[u.id for u in units],
            role__in=sorted(supervision_roles()),
            revoked_at__isnull=True,
            user__is_active=True,
        ).values("unit_id", "user__username")
        staff: dict[int, list[str]] = defaultdict(list)
        for row in holders:
            staff[row["unit_id"]].append(row["user__username"])
        found = [
            SupervisionStaffing(
                unit=OrgUnit.of(u),
                staff=[StaffUser(username=n) for n in sorted(set(staff[u.id]))],
                staffed=bool(staff[u.id]),
            )
            for u in units
            if staffed is None or bool(staff[u.id]) is staffed
        ]
        info.context.record_read(STAFFING, READ, scope, [s.unit.code for s in found])
        return found

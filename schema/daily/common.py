"""What every record of the cadre's file shows: whom it is about (or which team), who recorded it
and when (CONTRACT.md: `cadre { code name post }`, `unit { code }`, `recordedBy { username }`,
`recordedAt`)."""

from __future__ import annotations

import datetime

import strawberry

from models import User as UserModel
from schema.cadres.access import person
from schema.cadres.types import Person
from schema.execution import context_only
from schema.info import Info
from schema.loaders import by_id
from schema.protected import through_layer
from schema.units.types import OrgUnit, unit_field


@strawberry.type(description="A user of the system, as a record names who made it.")
class StaffUser:
    username: str = strawberry.field(description="The user's login name.")


async def staff_user(info: Info, user_id: int | None) -> StaffUser | None:
    if user_id is None:
        return None
    user = await info.context.loaders.get("user", by_id(UserModel)).load(user_id)
    return StaffUser(username=user.username) if user is not None else None


@strawberry.type(description="Who recorded a record of the cadre's file, and when.")
class Recorded:
    recorded_at: datetime.datetime = strawberry.field(description="When it was recorded.")
    _recorded_by_id: strawberry.Private[int]

    @strawberry.field(description="The supervision staff member who recorded it (J8).")
    async def recorded_by(self, info: Info) -> StaffUser:
        user = await staff_user(info, self._recorded_by_id)
        assert user is not None
        return user


@strawberry.type(description="A record under a jurisdiction.")
class Placed:
    _jurisdiction_id: strawberry.Private[int]

    @strawberry.field(description="The jurisdiction the record falls under (J2).")
    @context_only
    def jurisdiction(self, info: Info) -> OrgUnit:
        return unit_field(info, self._jurisdiction_id)  # type: ignore[return-value]


@strawberry.type(description="A record in one cadre's file.")
class AboutCadre(Placed):
    _cadre_id: strawberry.Private[int]

    @strawberry.field(
        description=(
            "The cadre the record is about: the full record when the caller may read it, else "
            "who they are."
        )
    )
    @through_layer
    async def cadre(self, info: Info) -> Person | None:
        return await person(info, self._cadre_id)


@strawberry.type(description="A record of a leadership team's file.")
class TeamRecord(Placed):
    _unit_id: strawberry.Private[int]

    @strawberry.field(description="The unit whose leadership team it is (D1, D2).")
    @context_only
    def unit(self, info: Info) -> OrgUnit:
        return unit_field(info, self._unit_id)  # type: ignore[return-value]

"""`Committee`: a unit's committee roll as set from a day (S5), with its history."""

from __future__ import annotations

import datetime

import strawberry

from models import CommitteeRoll as RollModel
from models import CommitteeRollMember as MemberModel
from policies.resources import COMMITTEE
from schema.cadres.access import people
from schema.cadres.types import Person
from schema.info import Info
from schema.loaders import grouped
from schema.protected import protected, through_layer
from schema.selection.people import unit
from schema.units.types import OrgUnit


@protected(COMMITTEE, RollModel)
@strawberry.type(description="A committee roll (应到会成员) in force from `effectiveFrom`.")
class Committee:
    effective_from: datetime.date
    size: int
    set_at: datetime.datetime
    _id: strawberry.Private[int]
    _unit_id: strawberry.Private[int]

    @classmethod
    def of(cls, r: RollModel) -> Committee:
        return cls(
            effective_from=r.effective_from,
            size=r.size,
            set_at=r.set_at,
            _id=r.id,
            _unit_id=r.unit_id,
        )

    @strawberry.field
    async def unit(self, info: Info) -> OrgUnit:
        return await unit(info, self._unit_id)

    @strawberry.field
    @through_layer
    async def members(self, info: Info) -> list[Person]:
        loader = info.context.loaders.get(
            "roll_members", grouped(MemberModel.all, "roll_id", "position")
        )
        return await people(info, [m.cadre_id for m in await loader.load(self._id)])

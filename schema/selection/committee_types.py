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
    effective_from: datetime.date = strawberry.field(
        description="The offices' day the roll takes effect; always later than the day it was set."
    )
    size: int = strawberry.field(
        description="How many members the roll has: the base of quorum and majority (S5)."
    )
    set_at: datetime.datetime = strawberry.field(description="When the administrator set it.")
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

    @strawberry.field(description="The committee's unit.")
    async def unit(self, info: Info) -> OrgUnit:
        return await unit(info, self._unit_id)

    @strawberry.field(description="The members, in the order they were set.")
    @through_layer
    async def members(self, info: Info) -> list[Person]:
        loader = info.context.loaders.get(
            "roll_members", grouped(MemberModel.all, "roll_id", "position")
        )
        return await people(info, [m.cadre_id for m in await loader.load(self._id)])

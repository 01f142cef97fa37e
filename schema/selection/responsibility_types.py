"""Responsibility (S7): the chain of who recommended, inspected and decided, and the
accountability later attached to them."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from models import AccountabilityRecord as AccountabilityModel
from models import ResponsibilityRole as ResponsibilityRoleModel
from policies.resources import ACCOUNTABILITY
from schema.cadres.access import person
from schema.cadres.types import Person
from schema.enums import described_enum
from schema.info import Info
from schema.protected import protected, record, records_where, through_layer

if TYPE_CHECKING:
    from schema.selection.types import Selection

ResponsibilityRole = described_enum(
    ResponsibilityRoleModel,
    name="ResponsibilityRole",
    description="The part someone played in an appointment, for which they answer (S7).",
    values={
        ResponsibilityRoleModel.RECOMMENDER: "Recommended the candidate (organisation or leader).",
        ResponsibilityRoleModel.INSPECTOR: "Inspected the candidate.",
        ResponsibilityRoleModel.DECIDER: "Voted on the candidate at the decision meeting.",
    },
)


@strawberry.type(description="One person or organisation answerable for one step (S7).")
class ResponsibilityLink:
    role: ResponsibilityRole = strawberry.field(  # type: ignore[valid-type]
        description="The part played."
    )
    organisation: str | None = strawberry.field(description="A recommending organisation.")
    on: datetime.date = strawberry.field(description="The offices' day of the step.")
    detail: str = strawberry.field(
        description="The written record, the inspection's conclusion, or the vote cast."
    )
    recorded_by: str = strawberry.field(description="The user who recorded the step.")
    _cadre_id: strawberry.Private[int | None]
    _about_id: strawberry.Private[int | None]

    @strawberry.field(description="The leader, inspector or committee member.")
    @through_layer
    async def cadre(self, info: Info) -> Person | None:
        return await person(info, self._cadre_id)

    @strawberry.field(description="The candidate inspected or voted on.")
    @through_layer
    async def about(self, info: Info) -> Person | None:
        return await person(info, self._about_id)


@protected(ACCOUNTABILITY, AccountabilityModel)
@strawberry.type(description="Accountability for a failed appointment (S7), on the cadre's record.")
class AccountabilityRecord:
    role: ResponsibilityRole = strawberry.field(  # type: ignore[valid-type]
        description="The part the cadre played in the failed appointment."
    )
    finding: str = strawberry.field(description="What they are held to account for.")
    recorded_at: datetime.datetime = strawberry.field(description="When it was recorded.")
    _cadre_id: strawberry.Private[int]
    _selection_id: strawberry.Private[int]

    @classmethod
    def of(cls, r: AccountabilityModel) -> AccountabilityRecord:
        return cls(
            role=r.role,
            finding=r.finding,
            recorded_at=r.recorded_at,
            _cadre_id=r.cadre_id,
            _selection_id=r.selection_id,
        )

    @strawberry.field(description="The cadre held to account.")
    @through_layer
    async def cadre(self, info: Info) -> Person | None:
        return await person(info, self._cadre_id)

    @strawberry.field(
        description="The selection whose appointment failed, `null` if the caller may not read it."
    )
    @through_layer
    async def selection(
        self, info: Info
    ) -> Annotated[Selection, strawberry.lazy("schema.selection.types")] | None:
        from schema.selection.types import Selection

        return await record(info, Selection, self._selection_id)


async def accountability_of_cadre(info: Info, cadre_id: int) -> list[AccountabilityRecord]:
    """The accountability records about a cadre under the jurisdictions the caller reads
    selections of, newest first; one query per page of cadres."""
    return await records_where(info, AccountabilityRecord, "cadre_id", cadre_id, order=("-id",))

from __future__ import annotations

import datetime
from typing import Annotated

import strawberry

from rules import committees
from schema.info import Info
from schema.selection.committee_types import Committee


@strawberry.mutation(
    description="Administrators only (S5, J7): set a committee's roll (应到会成员) from a later "
    "day on (`from`, default tomorrow; today or earlier is BAD_USER_INPUT); earlier rolls are "
    "kept (`committeeRolls`)."
)
async def set_committee_members(
    info: Info,
    unit_code: Annotated[str, strawberry.argument(description="The committee's unit code.")],
    cadre_codes: Annotated[
        list[str], strawberry.argument(description="The members' personnel numbers, in order.")
    ],
    from_: Annotated[
        datetime.date | None,
        strawberry.argument(
            name="from",
            description="The first day the roll counts: after today (default tomorrow), S5.",
        ),
    ] = None,
) -> Committee:
    principal = info.context.require_principal()
    roll = await committees.set_members(principal, unit_code, cadre_codes, from_)
    return Committee.of(roll)

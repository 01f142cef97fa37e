from __future__ import annotations

import datetime
from typing import Annotated

import strawberry

from rules import committees
from schema.info import Info
from schema.protected import answers_decision
from schema.selection.committee_types import Committee


@strawberry.mutation(
    description="Administrators only (S5, J7): set a committee's roll (应到会成员) from a later "
    "day on (`from`, default tomorrow; today or earlier is BAD_USER_INPUT); earlier rolls are "
    "kept (`committeeRolls`)."
)
@answers_decision
async def set_committee_members(
    info: Info,
    unit_code: Annotated[str, strawberry.argument(description="Code of the committee's unit.")],
    cadre_codes: Annotated[
        list[str],
        strawberry.argument(description="Personnel numbers of every member of the new roll."),
    ],
    from_: Annotated[
        datetime.date | None,
        strawberry.argument(
            name="from",
            description=(
                "The offices' day the roll takes effect: after today (S5: never the day it is "
                "set, never earlier); tomorrow when left out."
            ),
        ),
    ] = None,
) -> Committee:
    principal = info.context.require_principal()
    roll = await committees.set_members(principal, unit_code, cadre_codes, from_)
    return Committee.of(roll)

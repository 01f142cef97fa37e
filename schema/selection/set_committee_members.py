from __future__ import annotations

import datetime
from typing import Annotated

import strawberry

from rules import committees
from schema.info import Info
from schema.selection.committee_types import Committee


@strawberry.mutation(
    description="Set a committee's roll from a day on (default today); earlier rolls are kept."
)
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
                "The offices' day the roll takes effect: after today; tomorrow when left out."
            ),
        ),
    ] = None,
) -> Committee:
    principal = info.context.require_principal()
    roll = await committees.set_members(principal, unit_code, cadre_codes, from_)
    return Committee.of(roll)

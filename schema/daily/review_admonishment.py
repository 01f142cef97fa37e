from __future__ import annotations

from typing import Annotated

import strawberry

from rules import admonishments
from schema.daily.inputs import ReviewAdmonishmentInput
from schema.daily.instruments import Admonishment
from schema.ids import decode_id
from schema.info import Info
from schema.protected import answers_decision


@strawberry.mutation(
    description=(
        "Review an admonishment at its deadline, once (D4): not before `correctBy`; no clear "
        "improvement, or new problems, proposes demotion or removal; lifting needs both right."
    )
)
@answers_decision
async def review_admonishment(
    info: Info,
    admonishment_id: Annotated[
        strawberry.ID, strawberry.argument(description="The admonishment's id.")
    ],
    input: Annotated[ReviewAdmonishmentInput, strawberry.argument(description="The review.")],
) -> Admonishment:
    principal = info.context.require_principal()
    row = await admonishments.review(
        principal,
        decode_id(admonishment_id, "Admonishment", "admonishmentId"),
        input.improved,
        input.new_problems,
        input.findings,
        input.proposal,
    )
    return Admonishment.of(row)

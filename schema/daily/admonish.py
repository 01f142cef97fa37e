from __future__ import annotations

from typing import Annotated

import strawberry

from rules import admonishments
from schema.daily.inputs import AdmonishInput
from schema.daily.instruments import Admonishment
from schema.info import Info
from schema.protected import answers_decision


@strawberry.mutation(
    description=(
        "Admonish a cadre (诫勉, D4) with a written notice and a deadline to correct: by "
        "`supervisor` of the cadre's managing unit."
    )
)
@answers_decision
async def admonish(
    info: Info,
    input: Annotated[AdmonishInput, strawberry.argument(description="The admonishment.")],
) -> Admonishment:
    principal = info.context.require_principal()
    row = await admonishments.admonish(
        principal, input.cadre_code, input.grounds, input.facts, input.correct_by
    )
    return Admonishment.of(row)

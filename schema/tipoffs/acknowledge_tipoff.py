from __future__ import annotations

from typing import Annotated

import strawberry

from rules import tipoffs
from schema.ids import decode_id
from schema.info import Info
from schema.protected import answers_decision
from schema.tipoffs.inputs import TipoffId
from schema.tipoffs.types import Tipoff


@strawberry.mutation(
    description="Send the acceptance notice to the reporter (due within 15 working days)."
)
@answers_decision
async def acknowledge_tipoff(
    info: Info,
    tipoff_id: TipoffId,
    message: Annotated[
        str,
        strawberry.argument(
            description=(
                "The acceptance notice (受理告知), as the reporter will read it by receipt code."
            )
        ),
    ],
) -> Tipoff:
    principal = info.context.require_principal()
    row = await tipoffs.message_reporter(
        principal, decode_id(tipoff_id, "Tipoff", "tipoffId"), message, acknowledge=True
    )
    return Tipoff.of(row)

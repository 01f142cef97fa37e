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
    description=(
        "Route a queued tip-off to the cadre it concerns (J2); not about the caller's own cadre "
        "record (`PRECONDITION_FAILED` J5)."
    )
)
@answers_decision
async def route_tipoff(
    info: Info,
    tipoff_id: TipoffId,
    cadre_code: Annotated[
        str,
        strawberry.argument(
            description=(
                "Personnel number of the cadre it concerns; it then falls under that cadre's "
                "managing unit."
            )
        ),
    ],
) -> Tipoff:
    principal = info.context.require_principal()
    row = await tipoffs.route(principal, decode_id(tipoff_id, "Tipoff", "tipoffId"), cadre_code)
    return Tipoff.of(row)

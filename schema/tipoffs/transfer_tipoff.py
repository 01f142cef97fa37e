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
    description="Transfer a tip-off to another jurisdiction (转办), with a reason."
)
@answers_decision
async def transfer_tipoff(
    info: Info,
    tipoff_id: TipoffId,
    unit_code: Annotated[
        str, strawberry.argument(description="Code of the jurisdiction to transfer it to.")
    ],
    reason: Annotated[str, strawberry.argument(description="Why it belongs there.")],
) -> Tipoff:
    principal = info.context.require_principal()
    row = await tipoffs.transfer(
        principal, decode_id(tipoff_id, "Tipoff", "tipoffId"), unit_code, reason
    )
    return Tipoff.of(row)

from __future__ import annotations

import strawberry

from rules import tipoffs
from schema.ids import decode_id
from schema.info import Info
from schema.tipoffs.types import Tipoff


@strawberry.mutation(
    description="Transfer a tip-off to another jurisdiction (转办), with a reason."
)
async def transfer_tipoff(
    info: Info, tipoff_id: strawberry.ID, unit_code: str, reason: str
) -> Tipoff:
    principal = info.context.require_principal()
    row = await tipoffs.transfer(
        principal, decode_id(tipoff_id, "Tipoff", "tipoffId"), unit_code, reason
    )
    return Tipoff.of(row)

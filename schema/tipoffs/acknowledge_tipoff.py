from __future__ import annotations

import strawberry

from rules import tipoffs
from schema.ids import decode_id
from schema.info import Info
from schema.tipoffs.types import Tipoff


@strawberry.mutation(
    description="Send the acceptance notice to the reporter (due within 15 working days)."
)
async def acknowledge_tipoff(info: Info, tipoff_id: strawberry.ID, message: str) -> Tipoff:
    principal = info.context.require_principal()
    row = await tipoffs.message_reporter(
        principal, decode_id(tipoff_id, "Tipoff", "tipoffId"), message, acknowledge=True
    )
    return Tipoff.of(row)

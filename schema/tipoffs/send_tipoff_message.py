from __future__ import annotations

import strawberry

from rules import tipoffs
from schema.ids import decode_id
from schema.info import Info
from schema.tipoffs.types import Tipoff


@strawberry.mutation(description="Ask or tell the reporter something; they read it by receipt.")
async def send_tipoff_message(info: Info, tipoff_id: strawberry.ID, body: str) -> Tipoff:
    principal = info.context.require_principal()
    row = await tipoffs.message_reporter(
        principal, decode_id(tipoff_id, "Tipoff", "tipoffId"), body
    )
    return Tipoff.of(row)

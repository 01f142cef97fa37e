from __future__ import annotations

import strawberry

from rules import tipoffs
from schema.ids import decode_id
from schema.info import Info
from schema.tipoffs.types import Tipoff


@strawberry.mutation(description="Route a queued tip-off to the cadre it concerns (J2).")
async def route_tipoff(info: Info, tipoff_id: strawberry.ID, cadre_code: str) -> Tipoff:
    principal = info.context.require_principal()
    row = await tipoffs.route(principal, decode_id(tipoff_id, "Tipoff", "tipoffId"), cadre_code)
    return Tipoff.of(row)

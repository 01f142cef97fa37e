from __future__ import annotations

from typing import Annotated

import strawberry

from rules import cases
from schema.cases.types import Case
from schema.ids import decode_id
from schema.info import Info
from schema.protected import answers_decision


@strawberry.mutation(description="Open a case on tip-offs routed to one cadre (D5).")
@answers_decision
async def open_case(
    info: Info,
    tipoff_ids: Annotated[
        list[strawberry.ID],
        strawberry.argument(description="Global ids of the tip-offs to join, at least one."),
    ],
    cadre_code: Annotated[
        str, strawberry.argument(description="Personnel number of the cadre the tip-offs concern.")
    ],
) -> Case:
    principal = info.context.require_principal()
    ids = [decode_id(i, "Tipoff", "tipoffIds") for i in tipoff_ids]
    return Case.of(await cases.open_case(principal, ids, cadre_code, info.context.settings))

from __future__ import annotations

from typing import Annotated

import strawberry

from rules import tipoffs
from schema.ids import decode_id
from schema.info import Info
from schema.protected import answers_decision
from schema.tipoffs.inputs import TipoffId
from schema.tipoffs.types import Tipoff


@strawberry.mutation(description="Ask or tell the reporter something; they read it by receipt.")
@answers_decision
async def send_tipoff_message(
    info: Info,
    tipoff_id: TipoffId,
    body: Annotated[
        str,
        strawberry.argument(
            description="The message, as the reporter will read it by receipt code."
        ),
    ],
) -> Tipoff:
    principal = info.context.require_principal()
    row = await tipoffs.message_reporter(
        principal, decode_id(tipoff_id, "Tipoff", "tipoffId"), body
    )
    return Tipoff.of(row)

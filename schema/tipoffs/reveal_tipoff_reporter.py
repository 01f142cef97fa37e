from __future__ import annotations

from typing import Annotated

import strawberry

from rules import tipoffs
from schema.ids import decode_id
from schema.info import Info
from schema.tipoffs.inputs import TipoffId
from schema.tipoffs.types import TipoffReporter


@strawberry.mutation(
    description="Reveal a tip-off's reporter to yourself, with a reason; logged (J6, J8). Null "
    "for an anonymous tip-off."
)
async def reveal_tipoff_reporter(
    info: Info,
    tipoff_id: TipoffId,
    reason: Annotated[
        str,
        strawberry.argument(
            description="Why the identity is needed; kept in the access log (J6, J8)."
        ),
    ],
) -> TipoffReporter | None:
    principal = info.context.require_principal()
    found = await tipoffs.reveal(
        principal, decode_id(tipoff_id, "Tipoff", "tipoffId"), reason, info.context.settings
    )
    return TipoffReporter(name=found.name, contact=found.contact) if found else None

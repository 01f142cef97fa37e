from __future__ import annotations

from typing import Annotated

import strawberry

from rules import accountability
from schema.ids import decode_id
from schema.info import Info
from schema.protected import answers_decision
from schema.selection.inputs import SelectionId
from schema.selection.types import Selection


@strawberry.mutation(description="S9: a superior committee orders an appointment decision revoked.")
@answers_decision
async def order_revocation(
    info: Info,
    selection_id: SelectionId,
    reason: Annotated[str, strawberry.argument(description="Why the decision is to be revoked.")],
) -> Selection:
    principal = info.context.require_principal()
    row = await accountability.order_revocation(
        principal, decode_id(selection_id, "Selection", "selectionId"), reason
    )
    return Selection.of(row)

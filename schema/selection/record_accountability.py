from __future__ import annotations

from typing import Annotated

import strawberry

from rules import accountability
from schema.ids import decode_id
from schema.info import Info
from schema.protected import answer, through_layer
from schema.selection.inputs import SelectionId
from schema.selection.responsibility_types import AccountabilityRecord, ResponsibilityRole


@strawberry.mutation(
    description="S7: attach accountability for a failed appointment to someone the "
    "responsibility chain names in that role."
)
@through_layer
async def record_accountability(
    info: Info,
    selection_id: SelectionId,
    cadre_code: Annotated[
        str, strawberry.argument(description="Personnel number of the cadre held to account.")
    ],
    role: Annotated[
        ResponsibilityRole,  # type: ignore[valid-type]
        strawberry.argument(description="The part they played in the failed appointment."),
    ],
    finding: Annotated[str, strawberry.argument(description="What they are held to account for.")],
) -> AccountabilityRecord:
    principal = info.context.require_principal()
    row = await accountability.record_accountability(
        principal, decode_id(selection_id, "Selection", "selectionId"), cadre_code, role, finding
    )
    return await answer(info, AccountabilityRecord, row.id)

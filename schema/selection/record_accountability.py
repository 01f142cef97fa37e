from __future__ import annotations

import strawberry

from rules import accountability
from schema.ids import decode_id
from schema.info import Info
from schema.selection.responsibility_types import AccountabilityRecord, ResponsibilityRole


@strawberry.mutation(
    description="S7: attach accountability for a failed appointment to someone the "
    "responsibility chain names in that role."
)
async def record_accountability(
    info: Info,
    selection_id: strawberry.ID,
    cadre_code: str,
    role: ResponsibilityRole,  # type: ignore[valid-type]
    finding: str,
) -> AccountabilityRecord:
    principal = info.context.require_principal()
    row = await accountability.record_accountability(
        principal, decode_id(selection_id, "Selection", "selectionId"), cadre_code, role, finding
    )
    return AccountabilityRecord.of(row)

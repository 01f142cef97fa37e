from __future__ import annotations

import strawberry

from rules import appraisals
from schema.ids import decode_id
from schema.info import Info
from schema.protected import answer, through_layer
from schema.selection.appraisal_types import IntegrityAppraisalRequest
from schema.selection.inputs import SelectionId


@strawberry.mutation(description="S4: send the candidate list to the discipline commission.")
@through_layer
async def request_integrity_appraisal(
    info: Info,
    selection_id: SelectionId,
) -> IntegrityAppraisalRequest:
    principal = info.context.require_principal()
    row = await appraisals.request_appraisal(
        principal, decode_id(selection_id, "Selection", "selectionId")
    )
    return await answer(info, IntegrityAppraisalRequest, row.id)

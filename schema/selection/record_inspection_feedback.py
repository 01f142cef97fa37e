from __future__ import annotations

from typing import Annotated

import strawberry

from rules import inspections
from schema.ids import decode_id
from schema.info import Info
from schema.selection.inputs import InspectionFeedbackInput, SelectionId
from schema.selection.records import InspectionFeedback


@strawberry.mutation(description="S3: feedback received during the notice period.")
async def record_inspection_feedback(
    info: Info,
    selection_id: SelectionId,
    input: Annotated[InspectionFeedbackInput, strawberry.argument(description="The feedback.")],
) -> InspectionFeedback:
    principal = info.context.require_principal()
    row = await inspections.record_feedback(
        principal,
        decode_id(selection_id, "Selection", "selectionId"),
        input.received_on,
        input.channel,
        input.content,
        input.cadre_code,
        info.context.settings if input.as_tipoff else None,
    )
    return InspectionFeedback.of(row)

from __future__ import annotations

from typing import Annotated

import strawberry

from rules import inspections
from schema.ids import decode_id
from schema.info import Info
from schema.protected import answers_decision
from schema.selection.inputs import SelectionCadreCode, SelectionId
from schema.selection.types import Selection


@strawberry.mutation(
    description="L2: the supervision office's opinion on a candidate, before the decision."
)
@answers_decision
async def record_supervision_opinion(
    info: Info,
    selection_id: SelectionId,
    cadre_code: SelectionCadreCode,
    opinion: Annotated[
        str,
        strawberry.argument(description="The supervision office's opinion on the candidate (L2)."),
    ],
) -> Selection:
    principal = info.context.require_principal()
    row = await inspections.record_supervision_opinion(
        principal, decode_id(selection_id, "Selection", "selectionId"), cadre_code, opinion
    )
    return Selection.of(row)

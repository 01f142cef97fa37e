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
    description="S4: after inspection, the supervision office's combined integrity opinion."
)
@answers_decision
async def record_integrity_opinion(
    info: Info,
    selection_id: SelectionId,
    cadre_code: SelectionCadreCode,
    opinion: Annotated[
        str,
        strawberry.argument(
            description=(
                "The combined opinion: appraisal, inspection findings and daily supervision "
                "information (S4)."
            )
        ),
    ],
) -> Selection:
    principal = info.context.require_principal()
    row = await inspections.record_integrity_opinion(
        principal, decode_id(selection_id, "Selection", "selectionId"), cadre_code, opinion
    )
    return Selection.of(row)

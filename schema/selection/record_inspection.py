from __future__ import annotations

from typing import Annotated

import strawberry

from rules import inspections
from schema.ids import decode_id
from schema.info import Info
from schema.protected import answers_decision
from schema.selection.inputs import InspectionInput, SelectionCadreCode, SelectionId
from schema.selection.types import Selection


@strawberry.mutation(description="S7: a candidate's inspection: inspectors, steps with facts.")
@answers_decision
async def record_inspection(
    info: Info,
    selection_id: SelectionId,
    cadre_code: SelectionCadreCode,
    input: Annotated[
        InspectionInput,
        strawberry.argument(
            description="The inspectors, steps with their facts, and the conclusion."
        ),
    ],
) -> Selection:
    principal = info.context.require_principal()
    row = await inspections.record_inspection(
        principal,
        decode_id(selection_id, "Selection", "selectionId"),
        cadre_code,
        input.inspectors,
        [inspections.Step(s.at, s.action, s.facts) for s in input.steps],
        input.conclusion,
    )
    return Selection.of(row)

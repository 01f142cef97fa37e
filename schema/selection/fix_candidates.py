from __future__ import annotations

from typing import Annotated

import strawberry

from rules import selections
from schema.ids import decode_id
from schema.info import Info
from schema.protected import answers_decision
from schema.selection.inputs import FixCandidatesInput, SelectionId
from schema.selection.types import Selection


@strawberry.mutation(
    description="S2, S6: the collective decision fixing the candidates for inspection; "
    "`extensions.needReasons` names those whose choice the votes do not explain."
)
@answers_decision
async def fix_candidates(
    info: Info,
    selection_id: SelectionId,
    input: Annotated[
        FixCandidatesInput,
        strawberry.argument(description="The candidates, reasons and meeting day."),
    ],
) -> Selection:
    principal = info.context.require_principal()
    row = await selections.fix_candidates(
        principal,
        decode_id(selection_id, "Selection", "selectionId"),
        input.candidates,
        [(r.cadre_code, r.reason) for r in input.reasons],
        input.meeting_date,
    )
    return Selection.of(row)

from __future__ import annotations

from typing import Annotated

import strawberry

from rules import selection_reports
from schema.cases.types import Case
from schema.ids import decode_id
from schema.info import Info
from schema.protected import answers_decision
from schema.selection.inputs import CanvassingReportInput, SelectionId


@strawberry.mutation(
    description="S8: vote canvassing, promises, hints or collusion during recommendation become "
    "a case about the cadre who did it."
)
@answers_decision
async def report_canvassing(
    info: Info,
    selection_id: SelectionId,
    input: Annotated[
        CanvassingReportInput, strawberry.argument(description="Who did it and the facts.")
    ],
) -> Case:
    principal = info.context.require_principal()
    row = await selection_reports.report_canvassing(
        principal,
        decode_id(selection_id, "Selection", "selectionId"),
        input.cadre_code,
        input.facts,
        info.context.settings,
    )
    return Case.of(row)

from __future__ import annotations

from typing import Annotated

import strawberry

from rules import inspections
from schema.ids import decode_id
from schema.info import Info
from schema.protected import answers_decision
from schema.selection.inputs import AnnounceInspectionInput, SelectionId
from schema.selection.types import Selection


@strawberry.mutation(description="S3: announce the inspection in advance, with its notice period.")
@answers_decision
async def announce_inspection(
    info: Info,
    selection_id: SelectionId,
    input: Annotated[
        AnnounceInspectionInput, strawberry.argument(description="The notice period.")
    ],
) -> Selection:
    principal = info.context.require_principal()
    row = await inspections.announce_inspection(
        principal,
        decode_id(selection_id, "Selection", "selectionId"),
        input.notice_from,
        input.notice_to,
    )
    return Selection.of(row)

from __future__ import annotations

from typing import Annotated

import strawberry

from rules import selections
from schema.info import Info
from schema.protected import answers_decision
from schema.selection.inputs import StartSelectionInput
from schema.selection.types import Selection


@strawberry.mutation(description="Start a selection for a post (or slate) the unit manages.")
@answers_decision
async def start_selection(
    info: Info,
    input: Annotated[
        StartSelectionInput,
        strawberry.argument(description="The post, its units, the kind and how many positions."),
    ],
) -> Selection:
    principal = info.context.require_principal()
    row = await selections.start_selection(
        principal,
        input.managing_unit,
        input.post_title,
        input.work_unit,
        input.kind,
        input.positions,
    )
    return Selection.of(row)

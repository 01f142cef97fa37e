from __future__ import annotations

from typing import Annotated

import strawberry

from rules import selections
from schema.ids import decode_id
from schema.info import Info
from schema.protected import answers_decision
from schema.selection.inputs import RecommendationRoundInput, SelectionId
from schema.selection.types import Selection


@strawberry.mutation(description="S1, S7: a democratic recommendation round and who recommended.")
@answers_decision
async def record_recommendation_round(
    info: Info,
    selection_id: SelectionId,
    input: Annotated[
        RecommendationRoundInput,
        strawberry.argument(
            description="The round: participants, ballots, tallies and who recommended."
        ),
    ],
) -> Selection:
    principal = info.context.require_principal()
    who = input.recommended_by
    row = await selections.record_round(
        principal,
        decode_id(selection_id, "Selection", "selectionId"),
        input.eligible,
        input.cast,
        [(t.cadre_code, t.votes) for t in input.tallies],
        selections.Recommender(who.organisation, who.leader_cadre_code, who.written_record),
    )
    return Selection.of(row)

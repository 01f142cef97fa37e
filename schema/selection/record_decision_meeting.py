from __future__ import annotations

from typing import Annotated

import strawberry

from rules import decisions
from schema.ids import decode_id
from schema.info import Info
from schema.protected import answer, through_layer
from schema.selection.inputs import DecisionMeetingInput, SelectionId
from schema.selection.meetings import DecisionMeeting


@strawberry.mutation(
    description="S5, S6, L2, J5: the committee's decision meeting, checked gate by gate."
)
@through_layer
async def record_decision_meeting(
    info: Info,
    selection_id: SelectionId,
    input: Annotated[
        DecisionMeetingInput,
        strawberry.argument(description="The meeting: day, members present, votes and minutes."),
    ],
) -> DecisionMeeting:
    principal = info.context.require_principal()
    row = await decisions.record_meeting(
        principal,
        decode_id(selection_id, "Selection", "selectionId"),
        input.held_on,
        input.present,
        [
            decisions.CastVote(v.member_cadre_code, v.candidate_cadre_code, v.vote)
            for v in input.votes
        ],
        input.minutes,
    )
    return await answer(info, DecisionMeeting, row.id)

from __future__ import annotations

from typing import Annotated

import strawberry

from rules import team_records
from schema.daily.inputs import ReviewLifeMeetingInput
from schema.daily.team import LifeMeeting
from schema.ids import decode_id
from schema.info import Info
from schema.protected import answers_decision


@strawberry.mutation(
    description=(
        "Review a life meeting, once (D2: the superior organisation department reviews): by "
        "`supervisor` of a unit strictly above the team, that is of the committee managing the "
        "team or one above it."
    )
)
@answers_decision
async def review_life_meeting(
    info: Info,
    meeting_id: Annotated[strawberry.ID, strawberry.argument(description="The meeting's id.")],
    input: Annotated[ReviewLifeMeetingInput, strawberry.argument(description="The review.")],
) -> LifeMeeting:
    principal = info.context.require_principal()
    row = await team_records.review_life_meeting(
        principal, decode_id(meeting_id, "LifeMeeting", "meetingId"), input.verdict, input.comment
    )
    return LifeMeeting.of(row)

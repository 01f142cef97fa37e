from __future__ import annotations

from typing import Annotated

import strawberry

from rules import team_records
from schema.daily.inputs import RecordLifeMeetingInput
from schema.daily.team import LifeMeeting
from schema.info import Info
from schema.protected import answers_decision


@strawberry.mutation(
    description=(
        "Record a team's democratic life meeting with the problems raised and their "
        "rectification (D2): by `supervisor` of the committee that manages the team."
    )
)
@answers_decision
async def record_life_meeting(
    info: Info,
    input: Annotated[RecordLifeMeetingInput, strawberry.argument(description="The meeting.")],
) -> LifeMeeting:
    principal = info.context.require_principal()
    problems = [
        team_records.ProblemInput(p.cadre_code, p.problem, p.rectification, p.due_on)
        for p in input.problems
    ]
    row = await team_records.record_life_meeting(
        principal, input.unit_code, input.held_on, input.attendees, problems
    )
    return LifeMeeting.of(row)

from __future__ import annotations

from typing import Annotated

import strawberry

from rules import team_records
from schema.daily.team import LifeMeeting
from schema.ids import decode_id
from schema.info import Info
from schema.protected import answers_decision


@strawberry.mutation(
    description=(
        "Record a life meeting's rectification as done, once (D2): by `supervisor` of the "
        "committee keeping the meeting; returns the meeting."
    )
)
@answers_decision
async def complete_rectification(
    info: Info,
    problem_id: Annotated[strawberry.ID, strawberry.argument(description="The problem's id.")],
    note: Annotated[str, strawberry.argument(description="What was done.")],
) -> LifeMeeting:
    principal = info.context.require_principal()
    row = await team_records.complete_rectification(
        principal, decode_id(problem_id, "LifeMeetingProblem", "problemId"), note
    )
    return LifeMeeting.of(row)

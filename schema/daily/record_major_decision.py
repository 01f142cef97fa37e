from __future__ import annotations

from typing import Annotated

import strawberry

from rules import team_records
from schema.daily.inputs import RecordMajorDecisionInput
from schema.daily.team import MajorDecision
from schema.info import Info
from schema.protected import answers_decision


@strawberry.mutation(
    description=(
        "Record a team's collective decision on a major matter (D1): by `supervisor` of the "
        "committee that manages the team."
    )
)
@answers_decision
async def record_major_decision(
    info: Info,
    input: Annotated[RecordMajorDecisionInput, strawberry.argument(description="The decision.")],
) -> MajorDecision:
    principal = info.context.require_principal()
    data = team_records.MajorDecisionInput(
        unit_code=input.unit_code,
        kind=input.kind,
        decided_on=input.decided_on,
        subject=input.subject,
        amount=input.amount,
        present=input.present,
        outcome=input.outcome,
        minutes=input.minutes,
    )
    return MajorDecision.of(await team_records.record_major_decision(principal, data))

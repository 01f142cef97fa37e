from __future__ import annotations

from typing import Annotated

import strawberry

from rules import cases
from schema.cases.inputs import CaseId, DecideCaseInput
from schema.cases.types import Case
from schema.ids import decode_id
from schema.info import Info
from schema.protected import answers_decision


@strawberry.mutation(description="Decide a case with one of D5's outcomes and its measures.")
@answers_decision
async def decide_case(
    info: Info,
    case_id: CaseId,
    input: Annotated[DecideCaseInput, strawberry.argument(description="The decision.")],
) -> Case:
    principal = info.context.require_principal()
    decision = cases.Decision(
        outcome=input.outcome, measures=tuple(input.measures), reason=input.reason
    )
    row = await cases.decide(
        principal, decode_id(case_id, "Case", "caseId"), decision, info.context.settings
    )
    return Case.of(row)

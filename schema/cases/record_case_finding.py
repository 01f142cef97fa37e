from __future__ import annotations

from typing import Annotated

import strawberry

from rules import cases
from schema.cases.inputs import CaseFindingInput, CaseId
from schema.cases.types import Case
from schema.ids import decode_id
from schema.info import Info
from schema.protected import answers_decision


@strawberry.mutation(description="An investigator records what was found, with the facts.")
@answers_decision
async def record_case_finding(
    info: Info,
    case_id: CaseId,
    input: Annotated[CaseFindingInput, strawberry.argument(description="The finding.")],
) -> Case:
    principal = info.context.require_principal()
    row = await cases.record_finding(
        principal,
        decode_id(case_id, "Case", "caseId"),
        cases.FindingInput(assessment=input.assessment, facts=input.facts),
    )
    return Case.of(row)

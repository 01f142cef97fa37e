from __future__ import annotations

from typing import Annotated

import strawberry

from rules import cases
from schema.cases.inputs import CaseId
from schema.cases.types import Case
from schema.ids import decode_id
from schema.info import Info
from schema.protected import answers_decision


@strawberry.mutation(description="A superior supervision office takes a case over (J4).")
@answers_decision
async def take_over_case(
    info: Info,
    case_id: CaseId,
    reason: Annotated[
        str,
        strawberry.argument(description="Why the superior takes it over (e.g. its seriousness)."),
    ],
) -> Case:
    principal = info.context.require_principal()
    return Case.of(await cases.take_over(principal, decode_id(case_id, "Case", "caseId"), reason))

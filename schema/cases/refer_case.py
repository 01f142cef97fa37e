from __future__ import annotations

from typing import Annotated

import strawberry

from rules import cases
from schema.cases.inputs import CaseId
from schema.cases.types import Case
from schema.ids import decode_id
from schema.info import Info
from schema.protected import answers_decision


@strawberry.mutation(description="Refer a case to the discipline commission (J7).")
@answers_decision
async def refer_case(
    info: Info,
    case_id: CaseId,
    reason: Annotated[
        str, strawberry.argument(description="Why it goes to the discipline commission.")
    ],
) -> Case:
    principal = info.context.require_principal()
    return Case.of(await cases.refer(principal, decode_id(case_id, "Case", "caseId"), reason))

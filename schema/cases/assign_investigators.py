from __future__ import annotations

from typing import Annotated

import strawberry

from rules import cases
from schema.cases.inputs import CaseId
from schema.cases.types import Case
from schema.ids import decode_id
from schema.info import Info
from schema.protected import answers_decision


@strawberry.mutation(description="Assign investigators from the case's own jurisdiction.")
@answers_decision
async def assign_investigators(
    info: Info,
    case_id: CaseId,
    usernames: Annotated[
        list[str],
        strawberry.argument(
            description="Login names of users who handle cases in the case's jurisdiction."
        ),
    ],
) -> Case:
    principal = info.context.require_principal()
    row = await cases.assign_investigators(
        principal, decode_id(case_id, "Case", "caseId"), usernames
    )
    return Case.of(row)

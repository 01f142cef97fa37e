from __future__ import annotations

import strawberry

from rules import cases
from schema.cases.types import Case
from schema.ids import decode_id
from schema.info import Info


@strawberry.mutation(description="Assign investigators from the case's own jurisdiction.")
async def assign_investigators(info: Info, case_id: strawberry.ID, usernames: list[str]) -> Case:
    principal = info.context.require_principal()
    row = await cases.assign_investigators(
        principal, decode_id(case_id, "Case", "caseId"), usernames
    )
    return Case.of(row)

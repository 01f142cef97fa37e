from __future__ import annotations

import strawberry

from rules import cases
from schema.cases.types import Case
from schema.ids import decode_id
from schema.info import Info


@strawberry.mutation(description="A superior supervision office takes a case over (J4).")
async def take_over_case(info: Info, case_id: strawberry.ID, reason: str) -> Case:
    principal = info.context.require_principal()
    return Case.of(await cases.take_over(principal, decode_id(case_id, "Case", "caseId"), reason))

from __future__ import annotations

from typing import Annotated

import strawberry

from rules import personal_matters
from schema.daily.filings import PersonalMattersReport
from schema.daily.inputs import RecordPersonalMattersReportInput
from schema.info import Info
from schema.protected import answers_decision


@strawberry.mutation(
    description=(
        "Record a cadre's personal matters report for a year (D4); one per cadre and year "
        "(again: CONFLICT)."
    )
)
@answers_decision
async def record_personal_matters_report(
    info: Info,
    input: Annotated[
        RecordPersonalMattersReportInput, strawberry.argument(description="The report.")
    ],
) -> PersonalMattersReport:
    principal = info.context.require_principal()
    matters = [personal_matters.Matter(m.category, m.detail) for m in input.matters]
    row = await personal_matters.record_report(
        principal, input.cadre_code, input.year, input.submitted_on, matters
    )
    return PersonalMattersReport.of(row)

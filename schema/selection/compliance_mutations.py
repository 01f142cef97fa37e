"""S9: the yearly self-check, the special report (due 30 November) and the superior's checks;
each returns the unit's compliance for that year."""

from __future__ import annotations

from typing import Annotated

import strawberry

from rules import compliance
from schema.info import Info
from schema.protected import answers_decision
from schema.selection.compliance_types import UnitCompliance
from schema.selection.inputs import ComplianceCheckInput, SelectionReportInput, SelfCheckInput


@strawberry.mutation(description="S9: a county's or city department's yearly self-check.")
@answers_decision
async def record_self_check(
    info: Info,
    input: Annotated[SelfCheckInput, strawberry.argument(description="The self-check.")],
) -> UnitCompliance:
    principal = info.context.require_principal()
    row = await compliance.record_self_check(
        principal, input.unit_code, input.year, input.completed_on, input.findings
    )
    return UnitCompliance(year=row.year, _unit_id=row.unit_id)


@strawberry.mutation(description="S9: the special report on selection work, due 30 November.")
@answers_decision
async def submit_selection_report(
    info: Info,
    input: Annotated[SelectionReportInput, strawberry.argument(description="The report.")],
) -> UnitCompliance:
    principal = info.context.require_principal()
    row = await compliance.submit_report(principal, input.unit_code, input.year, input.content)
    return UnitCompliance(year=row.year, _unit_id=row.unit_id)


@strawberry.mutation(description="S9: the superior's check or spot check of a unit.")
@answers_decision
async def record_compliance_check(
    info: Info,
    input: Annotated[ComplianceCheckInput, strawberry.argument(description="The check.")],
) -> UnitCompliance:
    principal = info.context.require_principal()
    row = await compliance.record_check(
        principal, input.unit_code, input.year, input.kind, input.checked_on, input.findings
    )
    return UnitCompliance(year=row.year, _unit_id=row.unit_id)

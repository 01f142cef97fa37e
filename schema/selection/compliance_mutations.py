"""S9: the yearly self-check, the special report (due 30 November) and the superior's checks;
each returns the unit's compliance for that year."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

import strawberry

from rules import compliance
from schema.info import Info
from schema.protected import answer, through_layer
from schema.selection.compliance_types import UnitCompliance
from schema.selection.inputs import ComplianceCheckInput, SelectionReportInput, SelfCheckInput


@strawberry.mutation(description="S9: a county's or city department's yearly self-check.")
@through_layer
async def record_self_check(
    info: Info,
    input: Annotated[SelfCheckInput, strawberry.argument(description="The self-check.")],
) -> UnitCompliance:
    principal = info.context.require_principal()
    row = await compliance.record_self_check(
        principal, input.unit_code, input.year, input.completed_on, input.findings
    )
    return await _answer(info, row)


@strawberry.mutation(description="S9: the special report on selection work, due 30 November.")
@through_layer
async def submit_selection_report(
    info: Info,
    input: Annotated[SelectionReportInput, strawberry.argument(description="The report.")],
) -> UnitCompliance:
    principal = info.context.require_principal()
    row = await compliance.submit_report(principal, input.unit_code, input.year, input.content)
    return await _answer(info, row)


@strawberry.mutation(description="S9: the superior's check or spot check of a unit.")
@through_layer
async def record_compliance_check(
    info: Info,
    input: Annotated[ComplianceCheckInput, strawberry.argument(description="The check.")],
) -> UnitCompliance:
    principal = info.context.require_principal()
    row = await compliance.record_check(
        principal, input.unit_code, input.year, input.kind, input.checked_on, input.findings
    )
    return await _answer(info, row)


async def _answer(info: Info, row: Any) -> UnitCompliance:
    """The unit's selection work of the year, through the layer: the decision's own entry names
    the row it wrote, while the answer shows the unit's whole year (others' checks included)."""
    shown = await answer(info, UnitCompliance, row.unit_id)
    return dataclasses.replace(shown, year=row.year)

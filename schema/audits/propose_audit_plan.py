from __future__ import annotations

import decimal
from typing import Annotated

import strawberry

from rules import audit_plans
from schema.audits.types import AuditPlan
from schema.info import Info
from schema.protected import answers_decision


@strawberry.mutation(
    description="Propose the year's audit targets under a jurisdiction: money-managing leaders "
    "first, then the longest without an audit, each with its reason (D7)."
)
@answers_decision
async def propose_audit_plan(
    info: Info,
    year: Annotated[int, strawberry.argument(description="The calendar year to plan.")],
    unit_code: Annotated[
        str,
        strawberry.argument(
            description="Code of the jurisdiction whose unit leaders are planned; the caller's own."
        ),
    ],
    share: Annotated[
        decimal.Decimal,
        strawberry.argument(
            description=(
                "The fraction of unit leaders to audit, above 0 and at most 1 with at most 4 "
                'decimals, e.g. "0.2" for a fifth.'
            )
        ),
    ],
) -> AuditPlan:
    principal = info.context.require_principal()
    return AuditPlan.of(await audit_plans.propose_plan(principal, year, unit_code, share))

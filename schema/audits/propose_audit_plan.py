from __future__ import annotations

import decimal

import strawberry

from rules import audit_plans
from schema.audits.types import AuditPlan
from schema.info import Info


@strawberry.mutation(
    description="Propose the year's audit targets under a jurisdiction: money-managing leaders "
    "first, then the longest without an audit, each with its reason (D7)."
)
async def propose_audit_plan(
    info: Info, year: int, unit_code: str, share: decimal.Decimal
) -> AuditPlan:
    principal = info.context.require_principal()
    return AuditPlan.of(await audit_plans.propose_plan(principal, year, unit_code, share))

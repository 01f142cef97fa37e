from __future__ import annotations

from typing import Annotated

import strawberry

from rules import audit_plans
from rules.audit_plans import Adjustment
from schema.audits.inputs import AdjustAuditPlanInput, PlanId
from schema.audits.types import AuditPlan
from schema.ids import decode_id
from schema.info import Info
from schema.protected import answers_decision


@strawberry.mutation(description="Add or drop targets of a proposed plan, each with a reason.")
@answers_decision
async def adjust_audit_plan(
    info: Info,
    plan_id: PlanId,
    input: Annotated[
        AdjustAuditPlanInput, strawberry.argument(description="The cadres to add and drop.")
    ],
) -> AuditPlan:
    principal = info.context.require_principal()
    plan = await audit_plans.adjust_plan(
        principal,
        decode_id(plan_id, "AuditPlan", "planId"),
        [Adjustment(a.cadre_code, a.reason) for a in input.include],
        [Adjustment(a.cadre_code, a.reason) for a in input.exclude],
    )
    return AuditPlan.of(plan)

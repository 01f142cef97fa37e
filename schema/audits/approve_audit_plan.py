from __future__ import annotations

import strawberry

from rules import audit_plans
from schema.audits.inputs import PlanId
from schema.audits.types import AuditPlan
from schema.ids import decode_id
from schema.info import Info
from schema.protected import answers_decision


@strawberry.mutation(description="Approve a proposed audit plan.")
@answers_decision
async def approve_audit_plan(info: Info, plan_id: PlanId) -> AuditPlan:
    principal = info.context.require_principal()
    plan = await audit_plans.approve_plan(principal, decode_id(plan_id, "AuditPlan", "planId"))
    return AuditPlan.of(plan)

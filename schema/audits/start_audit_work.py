from __future__ import annotations

import strawberry

from rules import audits
from schema.audits.inputs import CommissionId
from schema.audits.types import AuditCommission, present
from schema.ids import decode_id
from schema.info import Info
from schema.protected import answers_decision


@strawberry.mutation(description="The audit bureau starts work on an accepted commission.")
@answers_decision
async def start_audit_work(info: Info, commission_id: CommissionId) -> AuditCommission:
    principal = info.context.require_principal()
    row = await audits.start_work(
        principal, decode_id(commission_id, "AuditCommission", "commissionId")
    )
    return await present(info, row)

from __future__ import annotations

import strawberry

from rules import audits
from schema.audits.inputs import CommissionId
from schema.audits.types import AuditCommission, present
from schema.ids import decode_id
from schema.info import Info
from schema.protected import answers_decision


@strawberry.mutation(
    description="The audit bureau accepts a commission; accepting twice is harmless."
)
@answers_decision
async def accept_audit_commission(info: Info, commission_id: CommissionId) -> AuditCommission:
    principal = info.context.require_principal()
    row = await audits.accept_commission(
        principal, decode_id(commission_id, "AuditCommission", "commissionId")
    )
    return await present(info, row)

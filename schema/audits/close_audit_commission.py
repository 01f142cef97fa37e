from __future__ import annotations

import strawberry

from rules import audits
from schema.audits.inputs import CommissionId
from schema.audits.types import AuditCommission, present
from schema.ids import decode_id
from schema.info import Info
from schema.protected import answers_decision


@strawberry.mutation(description="Close a commission once fed back and fully rectified.")
@answers_decision
async def close_audit_commission(info: Info, commission_id: CommissionId) -> AuditCommission:
    principal = info.context.require_principal()
    row = await audits.close_commission(
        principal, decode_id(commission_id, "AuditCommission", "commissionId")
    )
    return await present(info, row)

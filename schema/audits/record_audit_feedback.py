from __future__ import annotations

from typing import Annotated

import strawberry

from rules import audits
from schema.audits.inputs import AuditFeedbackInput, CommissionId
from schema.audits.types import AuditCommission, present
from schema.ids import decode_id
from schema.info import Info
from schema.protected import answers_decision


@strawberry.mutation(description="The audit result was discussed with the cadre (D7).")
@answers_decision
async def record_audit_feedback(
    info: Info,
    commission_id: CommissionId,
    input: Annotated[
        AuditFeedbackInput, strawberry.argument(description="The talk with the cadre.")
    ],
) -> AuditCommission:
    principal = info.context.require_principal()
    row = await audits.record_feedback(
        principal,
        decode_id(commission_id, "AuditCommission", "commissionId"),
        input.discussed_on,
        input.notes,
    )
    return await present(info, row)

from __future__ import annotations

from typing import Annotated

import strawberry

from rules import audits
from schema.audits.inputs import CommissionAuditInput
from schema.audits.types import AuditCommission, present
from schema.info import Info
from schema.protected import answers_decision


@strawberry.mutation(
    description="Commission the audit bureau to audit a cadre under the caller's own jurisdiction."
)
@answers_decision
async def commission_audit(
    info: Info,
    input: Annotated[
        CommissionAuditInput,
        strawberry.argument(description="The cadre, kind, period and due day."),
    ],
) -> AuditCommission:
    principal = info.context.require_principal()
    row = await audits.commission_audit(
        principal,
        input.cadre_code,
        input.kind,
        input.period_start,
        input.period_end,
        input.due_date,
    )
    return await present(info, row)

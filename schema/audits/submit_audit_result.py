from __future__ import annotations

from typing import Annotated

import strawberry

from models import AuditResult as AuditResultModel
from rules import audits
from rules.audits import FindingInput
from schema.audits.inputs import AuditResultInput
from schema.audits.types import AuditCommission, present
from schema.bounds import stored_in
from schema.ids import decode_id
from schema.info import Info


@strawberry.mutation(
    description="The audit bureau's result, stored once: the same idempotencyKey replays it."
)
async def submit_audit_result(
    info: Info,
    commission_id: strawberry.ID,
    input: AuditResultInput,
    idempotency_key: Annotated[
        str, strawberry.argument(metadata=stored_in(AuditResultModel, "idempotency_key"))
    ],
) -> AuditCommission:
    principal = info.context.require_principal()
    row = await audits.submit_result(
        principal,
        decode_id(commission_id, "AuditCommission", "commissionId"),
        input.rating,
        input.summary,
        [FindingInput(f.severity, f.category, f.description, f.amount) for f in input.findings],
        idempotency_key,
    )
    return await present(info, row)

from __future__ import annotations

from typing import Annotated

import strawberry

from models import AuditResult as AuditResultModel
from rules import audits
from rules.audits import FindingInput
from schema.audits.inputs import AuditResultInput, CommissionId
from schema.audits.types import AuditCommission, present
from schema.bounds import stored_in
from schema.ids import decode_id
from schema.info import Info
from schema.protected import answers_decision


@strawberry.mutation(
    description="The audit bureau's result, stored once: the same idempotencyKey replays it."
)
@answers_decision
async def submit_audit_result(
    info: Info,
    commission_id: CommissionId,
    input: Annotated[AuditResultInput, strawberry.argument(description="The result.")],
    idempotency_key: Annotated[
        str,
        strawberry.argument(
            metadata=stored_in(AuditResultModel, "idempotency_key"),
            description=(
                "A key the caller chooses per result (at most 128 characters): the same key with "
                "the same result replays it, another result is `CONFLICT`."
            ),
        ),
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

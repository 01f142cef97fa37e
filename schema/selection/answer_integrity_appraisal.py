from __future__ import annotations

import strawberry

from rules import appraisals
from schema.ids import decode_id
from schema.info import Info
from schema.selection.appraisal_types import IntegrityAppraisalRequest
from schema.selection.inputs import AppraisalAnswerInput


@strawberry.mutation(
    description="S4: the discipline commission's answer per candidate; a later answer may replace "
    "UNDER_VERIFICATION only."
)
async def answer_integrity_appraisal(
    info: Info, request_id: strawberry.ID, answers: list[AppraisalAnswerInput]
) -> IntegrityAppraisalRequest:
    principal = info.context.require_principal()
    row = await appraisals.answer_appraisal(
        principal,
        decode_id(request_id, "IntegrityAppraisalRequest", "requestId"),
        [appraisals.Answer(a.cadre_code, a.verdict, a.detail) for a in answers],
    )
    return IntegrityAppraisalRequest.of(row)

from __future__ import annotations

from typing import Annotated

import strawberry

from rules import appraisals
from schema.ids import decode_id
from schema.info import Info
from schema.protected import answers_decision
from schema.selection.appraisal_types import IntegrityAppraisalRequest
from schema.selection.inputs import AppraisalAnswerInput


@strawberry.mutation(
    description="S4: the discipline commission's answer per candidate; a later answer may replace "
    "UNDER_VERIFICATION only."
)
@answers_decision
async def answer_integrity_appraisal(
    info: Info,
    request_id: Annotated[
        strawberry.ID, strawberry.argument(description="The appraisal request's global id.")
    ],
    answers: Annotated[
        list[AppraisalAnswerInput],
        strawberry.argument(description="One answer per candidate answered now."),
    ],
) -> IntegrityAppraisalRequest:
    principal = info.context.require_principal()
    row = await appraisals.answer_appraisal(
        principal,
        decode_id(request_id, "IntegrityAppraisalRequest", "requestId"),
        [appraisals.Answer(a.cadre_code, a.verdict, a.detail) for a in answers],
    )
    return IntegrityAppraisalRequest.of(row)

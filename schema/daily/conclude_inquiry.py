from __future__ import annotations

from typing import Annotated

import strawberry

from rules import inquiries
from schema.daily.inputs import ConcludeInquiryInput
from schema.daily.instruments import InquiryLetter
from schema.ids import decode_id
from schema.info import Info
from schema.protected import answers_decision


@strawberry.mutation(
    description=(
        "Conclude a letter of inquiry on its reply, or once the reply is overdue (D4); "
        "`CASE_OPENED` opens a case about the cadre in the same transaction (D5)."
    )
)
@answers_decision
async def conclude_inquiry(
    info: Info,
    letter_id: Annotated[strawberry.ID, strawberry.argument(description="The letter's id.")],
    input: Annotated[ConcludeInquiryInput, strawberry.argument(description="The conclusion.")],
) -> InquiryLetter:
    principal = info.context.require_principal()
    row = await inquiries.conclude(
        principal,
        decode_id(letter_id, "InquiryLetter", "letterId"),
        input.outcome,
        input.note,
        info.context.settings,
    )
    return InquiryLetter.of(row)

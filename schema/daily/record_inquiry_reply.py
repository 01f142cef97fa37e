from __future__ import annotations

from typing import Annotated

import strawberry

from rules import inquiries
from schema.daily.inputs import InquiryReplyInput
from schema.daily.instruments import InquiryLetter
from schema.ids import decode_id
from schema.info import Info
from schema.protected import answers_decision


@strawberry.mutation(
    description="Record the cadre's written reply to a letter of inquiry, once (D4)."
)
@answers_decision
async def record_inquiry_reply(
    info: Info,
    letter_id: Annotated[strawberry.ID, strawberry.argument(description="The letter's id.")],
    input: Annotated[InquiryReplyInput, strawberry.argument(description="The reply.")],
) -> InquiryLetter:
    principal = info.context.require_principal()
    row = await inquiries.record_reply(
        principal,
        decode_id(letter_id, "InquiryLetter", "letterId"),
        input.received_on,
        input.text,
    )
    return InquiryLetter.of(row)

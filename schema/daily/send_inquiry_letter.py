from __future__ import annotations

from typing import Annotated

import strawberry

from rules import inquiries
from schema.daily.inputs import SendInquiryLetterInput
from schema.daily.instruments import InquiryLetter
from schema.info import Info
from schema.protected import answers_decision


@strawberry.mutation(
    description=(
        "Send a letter of inquiry (函询, D4) to a cadre, who must reply in writing by "
        "`replyDue`: by `supervisor` of the cadre's managing unit."
    )
)
@answers_decision
async def send_inquiry_letter(
    info: Info,
    input: Annotated[SendInquiryLetterInput, strawberry.argument(description="The letter.")],
) -> InquiryLetter:
    principal = info.context.require_principal()
    row = await inquiries.send_inquiry_letter(
        principal, input.cadre_code, input.matter, input.reply_due
    )
    return InquiryLetter.of(row)

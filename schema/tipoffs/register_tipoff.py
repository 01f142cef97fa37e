from __future__ import annotations

from typing import Annotated

import strawberry

from rules import tipoffs
from schema.info import Info
from schema.protected import answers_decision
from schema.tipoffs.inputs import RegisterTipoffInput
from schema.tipoffs.types import Tipoff


@strawberry.mutation(
    description="Register a tip-off received by phone, letter, visit or referral (staff)."
)
@answers_decision
async def register_tipoff(
    info: Info,
    input: Annotated[
        RegisterTipoffInput, strawberry.argument(description="The tip-off as received.")
    ],
) -> Tipoff:
    principal = info.context.require_principal()
    row = await tipoffs.register(
        principal,
        tipoffs.StaffTipoffInput(
            channel=input.channel,
            content=input.content,
            subject_name=input.subject_name,
            subject_post=input.subject_post,
            subject_unit=input.subject_unit,
            reporter_name=input.reporter_name,
            reporter_contact=input.reporter_contact,
            source_department=input.source_department,
            cadre_code=input.cadre_code,
            receiving_unit=input.receiving_unit,
        ),
        info.context.settings,
    )
    return Tipoff.of(row)

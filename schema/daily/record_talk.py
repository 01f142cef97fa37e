from __future__ import annotations

from typing import Annotated

import strawberry

from rules import talks
from schema.daily.inputs import RecordTalkInput
from schema.daily.instruments import Talk
from schema.info import Info
from schema.protected import answers_decision


@strawberry.mutation(
    description=(
        "Record a talk held with a cadre (D3, D4): by `supervisor` of the cadre's managing unit; "
        "never about oneself (J5)."
    )
)
@answers_decision
async def record_talk(
    info: Info, input: Annotated[RecordTalkInput, strawberry.argument(description="The talk.")]
) -> Talk:
    principal = info.context.require_principal()
    row = await talks.record_talk(
        principal, input.cadre_code, input.kind, input.held_on, input.held_by, input.summary
    )
    return Talk.of(row)

from __future__ import annotations

from typing import Annotated

import strawberry

from rules import supervision_information
from schema.daily.information import SupervisionInformation
from schema.daily.inputs import RecordSupervisionInformationInput
from schema.info import Info
from schema.protected import answers_decision


@strawberry.mutation(
    description=(
        "Record information about a cadre from another department (D6): by `supervisor` of the "
        "cadre's managing unit."
    )
)
@answers_decision
async def record_supervision_information(
    info: Info,
    input: Annotated[
        RecordSupervisionInformationInput, strawberry.argument(description="The information.")
    ],
) -> SupervisionInformation:
    principal = info.context.require_principal()
    row = await supervision_information.record_information(
        principal,
        input.cadre_code,
        input.source,
        input.received_on,
        input.summary,
        input.severity,
    )
    return SupervisionInformation.of(row)

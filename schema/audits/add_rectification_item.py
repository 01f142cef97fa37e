from __future__ import annotations

from typing import Annotated

import strawberry

from rules import audits
from schema.audits.inputs import RectificationItemInput
from schema.audits.types import RectificationItem
from schema.ids import decode_id
from schema.info import Info
from schema.protected import answer, through_layer


@strawberry.mutation(description="Turn an audit finding into a rectification item.")
@through_layer
async def add_rectification_item(
    info: Info,
    finding_id: Annotated[
        strawberry.ID,
        strawberry.argument(description="The finding's global id (`AuditFinding.id`)."),
    ],
    input: Annotated[
        RectificationItemInput,
        strawberry.argument(description="What must be put right, by whom and by when."),
    ],
) -> RectificationItem:
    principal = info.context.require_principal()
    row = await audits.add_rectification(
        principal,
        decode_id(finding_id, "AuditFinding", "findingId"),
        input.owner,
        input.description,
        input.due_date,
    )
    return await answer(info, RectificationItem, row.id)

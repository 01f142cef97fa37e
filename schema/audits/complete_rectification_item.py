from __future__ import annotations

from typing import Annotated

import strawberry

from rules import audits
from schema.audits.types import RectificationItem
from schema.ids import decode_id
from schema.info import Info
from schema.protected import answer, through_layer


@strawberry.mutation(description="Mark a rectification item done, with what was done.")
@through_layer
async def complete_rectification_item(
    info: Info,
    item_id: Annotated[
        strawberry.ID, strawberry.argument(description="The rectification item's global id.")
    ],
    note: Annotated[str, strawberry.argument(description="What was done.")],
) -> RectificationItem:
    principal = info.context.require_principal()
    row = await audits.complete_rectification(
        principal, decode_id(item_id, "RectificationItem", "itemId"), note
    )
    return await answer(info, RectificationItem, row.id)

"""`node(id)`: any record by global id, through the same scope as its list (J3): each `Node` type's
`resolve_nodes` is the protected layer's (`schema.protected`), which the schema check enforces."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.utils.await_maybe import await_maybe

from api.errors import BadUserInput
from schema.bounds import database_id
from schema.info import Info
from schema.protected import through_layer


@strawberry.type
class NodeQueries:
    @strawberry.field(
        description=(
            "A record by global id, under the same rules as its list; `null` when it does not "
            "exist or the caller may not read it."
        )
    )
    @through_layer
    async def node(
        self,
        info: Info,
        id: Annotated[
            strawberry.ID,
            strawberry.argument(description="A global id as any record's `id` field gives it."),
        ],
    ) -> relay.Node | None:
        info.context.require_principal()
        try:
            gid = relay.GlobalID.from_id(id)
        except (ValueError, TypeError):
            raise BadUserInput("malformed id", argument="id") from None
        type_def = info.schema.get_type_by_name(gid.type_name)
        origin = getattr(type_def, "origin", None)
        if origin is None or not isinstance(origin, type) or not issubclass(origin, relay.Node):
            return None
        if database_id(gid.node_id) is None:
            return None
        nodes = await await_maybe(
            origin.resolve_nodes(info=info, node_ids=[gid.node_id], required=False)
        )
        return next(iter(nodes), None)

"""The record behind a file entry or a deadline: exactly what `node(id)` shows the caller."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from strawberry import relay
from strawberry.utils.await_maybe import await_maybe

from schema.info import Info


async def node_of(info: Info, type_name: str, record_id: int | None) -> relay.Node | None:
    """The record as `node(id)` resolves it (the type's own `resolve_nodes`: its scope, J5,
    and the read noted for the access log), batched per type across a page."""
    if record_id is None:
        return None
    origin = getattr(info.schema.get_type_by_name(type_name), "origin", None)
    if not (isinstance(origin, type) and issubclass(origin, relay.Node)):
        raise TypeError(f"{type_name} is not a Node type")

    async def load(ids: list[int]) -> Sequence[Any]:
        found = await await_maybe(
            origin.resolve_nodes(info=info, node_ids=[str(i) for i in ids], required=False)
        )
        return list(found)

    node: relay.Node | None = await info.context.loaders.get(("node", type_name), load).load(
        record_id
    )
    return node

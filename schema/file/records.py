"""The record behind a file entry or a deadline: exactly what `node(id)` shows the caller."""

from __future__ import annotations

from strawberry import relay

from schema.info import Info
from schema.protected import record


async def node_of(info: Info, type_name: str, record_id: int | None) -> relay.Node | None:
    """The record through the protected layer, as `node(id)` resolves it: the type's scope,
    J5, and the read noted for the access log (J8); batched per type across a page."""
    origin = getattr(info.schema.get_type_by_name(type_name), "origin", None)
    if not (isinstance(origin, type) and issubclass(origin, relay.Node)):
        raise TypeError(f"{type_name} is not a Node type")
    found: relay.Node | None = await record(info, origin, record_id)
    return found

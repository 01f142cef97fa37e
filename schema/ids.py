"""Global ids: in mutation arguments (`decode_id`) and in lookups by id (`one_by_global_id`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from strawberry import relay
from strawberry.types.base import get_object_definition

from api.errors import BadUserInput, NotFound
from schema.bounds import database_id
from schema.protected import record

if TYPE_CHECKING:
    from schema.info import Info

T = TypeVar("T")


def decode_id(value: str, type_name: str, argument: str) -> int:
    """The database id inside a global id of `type_name`; an id of another type is not found."""
    try:
        gid = relay.GlobalID.from_id(value)
    except (ValueError, TypeError):
        raise BadUserInput("malformed id", argument=argument) from None
    pk = database_id(gid.node_id)
    if gid.type_name != type_name or pk is None:
        raise NotFound(f"no {type_name} with that id")
    return pk


async def one_by_global_id(info: Info, value: str, cls: type[T]) -> T | None:
    """A single lookup by global id, as every `thing(id)` query answers it: anonymous callers are
    refused, an id of another kind of record is simply not found (`null`), and what is found goes
    through the protected layer (`schema.protected.record`), as the lists do."""
    info.context.require_principal()
    definition = get_object_definition(cls, strict=True)
    try:
        pk = decode_id(value, definition.name, "id")
    except NotFound:
        return None
    return await record(info, cls, pk)

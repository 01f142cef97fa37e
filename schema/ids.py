"""Global ids in mutation arguments."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar

from strawberry import relay

from api.errors import BadUserInput, NotFound
from schema.bounds import database_id

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


async def one_by_global_id(
    info: Info, value: str, type_name: str, fetch: Callable[[Info, list[int]], Awaitable[list[T]]]
) -> T | None:
    """A single lookup by global id, as every `thing(id)` query answers it: anonymous callers are
    refused, an id of another kind of record is simply not found (`null`), and what is found goes
    through the same scope as the lists (`fetch`)."""
    info.context.require_principal()
    try:
        pk = decode_id(value, type_name, "id")
    except NotFound:
        return None
    (found,) = await fetch(info, [pk])
    return found

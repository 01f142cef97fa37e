"""Global ids in mutation arguments."""

from __future__ import annotations

from strawberry import relay

from api.errors import BadUserInput, NotFound


def decode_id(value: str, type_name: str, argument: str) -> int:
    """The database id inside a global id of `type_name`; an id of another type is not found."""
    try:
        gid = relay.GlobalID.from_id(value)
    except (ValueError, TypeError):
        raise BadUserInput("malformed id", argument=argument) from None
    if gid.type_name != type_name or not gid.node_id.isdigit():
        raise NotFound(f"no {type_name} with that id")
    return int(gid.node_id)

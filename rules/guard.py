"""The one check every mutation makes on the record it acts on (CONTRACT.md):

* a record the caller cannot read is `NOT_FOUND` (its existence is not disclosed);
* a record it can read (say, through oversight, J4) but may not act on is `FORBIDDEN`.
"""

from __future__ import annotations

from typing import Any

from api import access_log
from api.errors import Forbidden, NotFound
from policies.principal import Principal
from policies.resources import Resource
from policies.scope import Scope, resolve_scope


async def require(
    principal: Principal,
    resource: Resource,
    act: str,
    record: Any,
    *,
    what: str,
    read_resource: Resource | None = None,
    read_act: str = "read",
) -> Scope:
    """The caller's scope for `act`, after checking that it admits `record`."""
    reading = await resolve_scope(principal, read_resource or resource, read_act)
    if record is None or not reading.admits(read_resource or resource, record):
        raise NotFound(f"no {what} here")
    acting = await resolve_scope(principal, resource, act)
    if not acting.admits(resource, record):
        raise Forbidden(f"you may read this {what} but not {act.replace('_', ' ')} it")
    return acting


def actor(principal: Principal, scope: Scope) -> access_log.Actor:
    """The caller as the access log names it: under the role assignments that allowed the act."""
    return access_log.Actor(principal.user_id, principal.username, ",".join(scope.roles))

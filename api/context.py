"""The per-request context: who asks, their resolved scopes, dataloaders, the reads to log."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket

from api.errors import Unauthenticated
from api.settings import Settings
from policies.principal import Principal
from policies.resources import Resource
from policies.scope import Scope, Subtrees, resolve_scope

if TYPE_CHECKING:
    from schema.loaders import Loaders


@dataclass
class Context:
    request: Request | WebSocket
    response: Response | WebSocket | None
    settings: Settings
    principal: Principal | None
    loaders: Loaders
    auth_error: str | None = None
    _scopes: dict[tuple[Resource, str], Scope] = field(default_factory=dict)
    _subtrees: Subtrees = field(default_factory=Subtrees)
    # (action, resource) -> (roles used, record ids read), flushed to the access log once
    reads: dict[tuple[str, str], tuple[set[str], list[Any]]] = field(
        default_factory=lambda: defaultdict(lambda: (set(), []))
    )

    def require_principal(self) -> Principal:
        if self.principal is None:
            raise Unauthenticated("sign in to use this operation")
        return self.principal

    async def scope(self, resource: Resource, act: str) -> Scope:
        """The caller's scope for `act` on `resource`, resolved once per request."""
        principal = self.require_principal()
        key = (resource, act)
        if key not in self._scopes:
            self._scopes[key] = await resolve_scope(principal, resource, act, self._subtrees)
        return self._scopes[key]

    async def read_scope(self, resource: Resource) -> Scope:
        """The caller's scope for reading `resource`, resolved once per request: the `ScopeOf`
        (policies/scope.py) that warnings, statistics and deadlines count under."""
        return await self.scope(resource, "read")

    def record_read(self, resource: Resource, act: str, scope: Scope, ids: list[Any]) -> None:
        """Note protected records shown to the caller (J8); written when the operation ends."""
        if not ids:
            return
        roles, seen = self.reads[(f"{resource.kind}:{act}", resource.kind)]
        roles.update(scope.roles)
        seen.extend(ids)

    def record_seen_through(self, resource: Resource, ids: list[Any]) -> None:
        """Note records shown because a record the caller may read names them (the cadres of a
        selection, say), attributed to all of the caller's role assignments (J8)."""
        if not ids:
            return
        roles, seen = self.reads[(f"{resource.kind}:read", resource.kind)]
        roles.update(a.label for a in self.require_principal().assignments)
        seen.extend(ids)


def client_address(context: Context) -> str:
    """The caller's address for rate limits only; never stored or logged."""
    request = context.request
    if context.settings.trust_proxy_headers:
        # The address our own proxy appended (the last hop), not what the client claims.
        forwarded = request.headers.get("x-forwarded-for", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.client.host if request.client else "unknown"

"""Who is asking: a user and the role assignments in force, read fresh on every request so that a
granted or revoked role takes effect on the next request, in every worker process (J3)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from api.sql import fetch
from models import User


@dataclass(frozen=True, slots=True)
class Assignment:
    role: str
    unit_id: int
    unit_code: str
    unit_path: str

    @property
    def label(self) -> str:
        return f"{self.role}@{self.unit_code}"


@dataclass(frozen=True, slots=True)
class Principal:
    user_id: int
    username: str
    cadre_id: int | None
    assignments: tuple[Assignment, ...] = field(default=())
    # Scopes resolved for this principal, kept as long as it is (one request, or one mutation's
    # rules): resolvers and rules share them (`policies.scope.resolve_scope`).
    scopes: dict[object, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)

    @property
    def roles_label(self) -> str:
        return ",".join(a.label for a in self.assignments)


# What `RoleAssignment.filter(user__username=…, user__is_active=True, revoked_at__isnull=True)
# .order_by("id").values(…)` sends, written out (see api/sql.py).
_ASSIGNMENTS = (
    'SELECT ra.role "role", ra.unit_id "unit_id", u.code "unit__code", u.path "unit__path", '
    'ra.user_id "user_id", au.cadre_id "user__cadre_id" '
    "FROM role_assignment ra "
    "JOIN app_user au ON au.id = ra.user_id "
    "JOIN org_unit u ON u.id = ra.unit_id "
    "WHERE au.username = $1 AND au.is_active = $2 AND ra.revoked_at IS NULL "
    "ORDER BY ra.id"
)


async def load_principal(username: str) -> Principal | None:
    """The active user named `username` with its unrevoked assignments; None if unknown or
    deactivated. One query in the common case (a user with at least one role)."""
    rows = await fetch(_ASSIGNMENTS, (username, True))
    if rows:
        first = rows[0]
        return Principal(
            user_id=first["user_id"],
            username=username,
            cadre_id=first["user__cadre_id"],
            assignments=tuple(
                Assignment(r["role"], r["unit_id"], r["unit__code"], r["unit__path"]) for r in rows
            ),
        )
    user = await User.get_or_none(username=username, is_active=True)
    if user is None:
        return None
    return Principal(user_id=user.id, username=username, cadre_id=user.cadre_id)

"""Users and role assignments (J3, J7, J8). Each step is one transaction with its log entry."""

from __future__ import annotations

from datetime import UTC, datetime

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from api import access_log
from api.errors import BadUserInput, Conflict, Forbidden, NotFound, PreconditionFailed
from models import Cadre, OrgUnit, RoleAssignment, User
from policies.engine import held_apart, known_roles
from policies.principal import Principal
from policies.resources import ROLE, USER
from policies.scope import resolve_scope
from rules.tipoff_concerns import note_linked_cadre

USERNAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789.-_")


def _actor(principal: Principal, roles: tuple[str, ...]) -> access_log.Actor:
    return access_log.Actor(principal.user_id, principal.username, ",".join(roles))


async def _scope(principal: Principal, act: str) -> tuple[frozenset[int], tuple[str, ...]]:
    scope = await resolve_scope(principal, ROLE, act)
    return scope.jurisdiction_ids, scope.roles


async def _require_account_admin(principal: Principal) -> tuple[frozenset[int], tuple[str, ...]]:
    """J7: only holders of `user:manage` create or deactivate accounts."""
    scope = await resolve_scope(principal, USER, "manage")
    if scope.empty:
        raise Forbidden("managing users needs the user:manage permission")
    return scope.jurisdiction_ids, scope.roles


def normalise_username(username: str) -> str:
    name = username.strip().lower()
    if not name or len(name) > 64 or not set(name) <= USERNAME_CHARS:
        raise BadUserInput(
            "a username is 1–64 characters of a–z, 0–9, '.', '-', '_'", argument="username"
        )
    return name


async def create_user(
    principal: Principal, username: str, display_name: str = "", cadre_code: str | None = None
) -> User:
    _, roles = await _require_account_admin(principal)
    name = normalise_username(username)
    cadre_id = None
    if cadre_code:
        cadre_id = await Cadre.filter(code=cadre_code).first().values_list("id", flat=True)
        if cadre_id is None:
            raise BadUserInput(f"no cadre with code {cadre_code!r}", argument="cadreCode")
    async with in_transaction() as conn:
        if await User.filter(username=name).using_db(conn).exists():
            raise Conflict(f"the username {name!r} is taken")
        try:
            user = await User.create(
                username=name, display_name=display_name.strip(), cadre_id=cadre_id, using_db=conn
            )
        except IntegrityError:
            raise Conflict(f"the username {name!r} is taken") from None
        if cadre_id is not None:
            await note_linked_cadre(int(str(cadre_id)), conn)  # J5 before routing
        await access_log.append(
            _actor(principal, roles),
            "user:create",
            "user",
            [user.id],
            {"username": name, "cadre": cadre_code},
            connection=conn,
        )
    return user


async def deactivate_user(principal: Principal, username: str) -> User:
    """Deactivate an account and end its role assignments; its tokens stop working at once."""
    units, roles = await _require_account_admin(principal)
    user = await User.get_or_none(username=username.strip().lower())
    if user is None:
        raise NotFound(f"no user {username!r}")
    if user.id == principal.user_id:
        raise PreconditionFailed("J7", "an administrator does not deactivate their own account")
    held: list[int] = await RoleAssignment.filter(  # type: ignore[assignment]
        user_id=user.id, revoked_at__isnull=True
    ).values_list("unit_id", flat=True)
    if any(unit_id not in units for unit_id in held):
        raise Forbidden("this user holds roles outside the units you administer")
    now = datetime.now(UTC)
    async with in_transaction() as conn:
        await User.filter(id=user.id).using_db(conn).update(is_active=False, deactivated_at=now)
        await (
            RoleAssignment.filter(user_id=user.id, revoked_at__isnull=True)
            .using_db(conn)
            .update(revoked_at=now, revoked_by_id=principal.user_id)
        )
        await access_log.append(
            _actor(principal, roles),
            "user:deactivate",
            "user",
            [user.id],
            {"username": user.username},
            connection=conn,
        )
    await user.refresh_from_db()
    return user


async def _target(
    principal: Principal,
    username: str,
    role: str,
    unit_code: str,
) -> tuple[User, OrgUnit, tuple[str, ...]]:
    if role not in known_roles():
        raise BadUserInput(
            f"unknown role {role!r}; roles are {', '.join(sorted(known_roles()))}",
            argument="role",
        )
    unit = await OrgUnit.get_or_none(code=unit_code)
    if unit is None:
        raise BadUserInput(f"unknown unit code {unit_code!r}", argument="unitCode")
    units, roles = await _scope(principal, "assign")
    if not units:
        raise Forbidden("assigning roles needs the role:assign permission")
    if unit.id not in units:
        raise Forbidden(f"you do not administer {unit_code}")
    user = await User.get_or_none(username=username.strip().lower())
    if user is None:
        raise NotFound(f"no user {username!r}")
    if user.id == principal.user_id:
        raise PreconditionFailed("J7", "no one assigns or revokes their own roles")
    return user, unit, roles


async def assign_role(
    principal: Principal,
    username: str,
    role: str,
    unit_code: str,
) -> RoleAssignment:
    user, unit, roles = await _target(principal, username, role, unit_code)
    if not user.is_active:
        raise PreconditionFailed("J3", f"{user.username} is deactivated")
    async with in_transaction() as conn:
        # Lock the user: two identical grants racing cannot both pass the check below; nor can a
        # grant race the user's deactivation.
        locked = await User.filter(id=user.id).using_db(conn).select_for_update().first()
        if locked is None or not locked.is_active:
            raise PreconditionFailed("J3", f"{user.username} is deactivated")
        await _refuse_mixed_duties(user, role, conn)
        existing = (
            await RoleAssignment.filter(
                user_id=user.id, role=role, unit_id=unit.id, revoked_at__isnull=True
            )
            .using_db(conn)
            .first()
        )
        if existing is not None:
            raise Conflict(f"{user.username} already holds {role} @ {unit.code}")
        assignment = await RoleAssignment.create(
            user_id=user.id,
            role=role,
            unit_id=unit.id,
            granted_by_id=principal.user_id,
            using_db=conn,
        )
        await access_log.append(
            _actor(principal, roles),
            "role:assign",
            "role",
            [assignment.id],
            {"username": user.username, "role": role, "unit": unit.code},
            connection=conn,
        )
    return assignment


async def _refuse_mixed_duties(user: User, role: str, conn: BaseDBAsyncClient) -> None:
    """J7: no one holds an administrator's role together with another role, neither on one
    account nor through a second account of the same person (accounts linked to one cadre)."""
    accounts = Q(user_id=user.id)
    if user.cadre_id is not None:
        # the person's other accounts too, locked so that two grants cannot race past this check
        await User.filter(cadre_id=user.cadre_id).using_db(conn).select_for_update()
        accounts |= Q(user__cadre_id=user.cadre_id, user__is_active=True)
    held: list[str] = await (  # type: ignore[assignment]
        RoleAssignment.filter(accounts, revoked_at__isnull=True)
        .using_db(conn)
        .distinct()
        .values_list("role", flat=True)
    )
    clash = sorted(h for h in held if held_apart(role, h))
    if clash:
        raise PreconditionFailed(
            "J7",
            f"{role} cannot be held together with {', '.join(clash)} by {user.username} "
            "or another account of the same person",
        )


async def revoke_role(
    principal: Principal,
    username: str,
    role: str,
    unit_code: str,
) -> RoleAssignment:
    user, unit, roles = await _target(principal, username, role, unit_code)
    async with in_transaction() as conn:
        assignment = (
            await RoleAssignment.filter(
                user_id=user.id, role=role, unit_id=unit.id, revoked_at__isnull=True
            )
            .using_db(conn)
            .first()
        )
        if assignment is None:
            raise NotFound(f"{user.username} holds no {role} @ {unit.code}")
        assignment.revoked_at = datetime.now(UTC)
        assignment.revoked_by_id = principal.user_id
        await assignment.save(using_db=conn, update_fields=["revoked_at", "revoked_by_id"])
        await access_log.append(
            _actor(principal, roles),
            "role:revoke",
            "role",
            [assignment.id],
            {"username": user.username, "role": role, "unit": unit.code},
            connection=conn,
        )
    return assignment

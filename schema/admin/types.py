"""`User` and `RoleAssignment` as administrators see them."""

from __future__ import annotations

import datetime

import strawberry
from strawberry import relay

from models import RoleAssignment as RoleAssignmentModel
from models import User as UserModel
from policies.resources import ROLE
from schema.bounds import stored_in
from schema.info import Info
from schema.protected import protected
from schema.units.types import OrgUnit


@protected(ROLE, RoleAssignmentModel)
@strawberry.type(
    name="RoleAssignment",
    description=(
        "A role held by an account in a unit (J3), kept after it ends. Administrators only: they "
        "manage accounts and roles and read no supervision data (J7)."
    ),
)
class RoleAssignment(relay.Node):
    id: relay.NodeID[int]
    role: str = strawberry.field(
        description="The role: `admin`, `supervisor`, `selector`, `discipline` or `auditor`."
    )
    granted_at: datetime.datetime = strawberry.field(description="When the role was granted.")
    revoked_at: datetime.datetime | None = strawberry.field(
        description="When the role was revoked, `null` while it is in force."
    )
    _unit_id: strawberry.Private[int]

    @classmethod
    def of(cls, a: RoleAssignmentModel) -> RoleAssignment:
        return cls(
            id=a.id,
            role=a.role,
            granted_at=a.granted_at,
            revoked_at=a.revoked_at,
            _unit_id=a.unit_id,
        )

    @strawberry.field(description="The unit the role is held in.")
    async def unit(self, info: Info) -> OrgUnit:
        unit = await info.context.loaders.unit.load(self._unit_id)
        assert unit is not None
        return OrgUnit.of(unit)


@strawberry.type(
    name="User",
    description=(
        "An account as administrators see it (J7); supervision records show only `username`."
    ),
)
class User:
    username: str = strawberry.field(description="The login name, unique.")
    display_name: str = strawberry.field(description="The name shown to other staff.")
    is_active: bool = strawberry.field(
        description="False once deactivated: its tokens are refused and its roles ended."
    )
    created_at: datetime.datetime = strawberry.field(description="When the account was created.")
    deactivated_at: datetime.datetime | None = strawberry.field(
        description="When the account was deactivated, `null` while active."
    )

    @classmethod
    def of(cls, u: UserModel) -> User:
        return cls(
            username=u.username,
            display_name=u.display_name,
            is_active=u.is_active,
            created_at=u.created_at,
            deactivated_at=u.deactivated_at,
        )


@strawberry.input(description="A new account; it holds no role until one is assigned.")
class CreateUserInput:
    username: str = strawberry.field(description="The login name; an existing one is `CONFLICT`.")
    display_name: str = strawberry.field(
        metadata=stored_in(UserModel, "display_name"),
        default="",
        description="The name shown to other staff.",
    )
    cadre_code: str | None = strawberry.field(
        default=None, description="Link the account to the cadre it belongs to (J5)."
    )


@strawberry.input(description="Which role, for which account, in which unit.")
class RoleAssignmentInput:
    username: str = strawberry.field(description="The account's login name.")
    role: str = strawberry.field(
        metadata=stored_in(RoleAssignmentModel, "role"),
        description="One of the policy's roles, e.g. `supervisor`.",
    )
    unit_code: str = strawberry.field(description="The code of the unit the role applies to.")

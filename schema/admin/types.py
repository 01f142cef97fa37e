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
@strawberry.type(name="RoleAssignment")
class RoleAssignment(relay.Node):
    id: relay.NodeID[int]
    role: str
    granted_at: datetime.datetime
    revoked_at: datetime.datetime | None
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

    @strawberry.field
    async def unit(self, info: Info) -> OrgUnit:
        unit = await info.context.loaders.unit.load(self._unit_id)
        assert unit is not None
        return OrgUnit.of(unit)


@strawberry.type(name="User")
class User:
    username: str
    display_name: str
    is_active: bool
    created_at: datetime.datetime
    deactivated_at: datetime.datetime | None

    @classmethod
    def of(cls, u: UserModel) -> User:
        return cls(
            username=u.username,
            display_name=u.display_name,
            is_active=u.is_active,
            created_at=u.created_at,
            deactivated_at=u.deactivated_at,
        )


@strawberry.input
class CreateUserInput:
    username: str
    display_name: str = strawberry.field(default="", metadata=stored_in(UserModel, "display_name"))
    cadre_code: str | None = strawberry.field(
        default=None, description="Link the account to the cadre it belongs to (J5)."
    )


@strawberry.input
class RoleAssignmentInput:
    username: str
    role: str = strawberry.field(
        description="One of the policy's roles, e.g. `supervisor`.",
        metadata=stored_in(RoleAssignmentModel, "role"),
    )
    unit_code: str

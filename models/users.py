"""Users and their role assignments (J3): (user, role, unit), with who granted and revoked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.cadres import Cadre
    from models.units import OrgUnit


class User(Model):
    id = fields.IntField(primary_key=True)
    username = fields.CharField(max_length=64, unique=True)
    display_name = fields.CharField(max_length=100, default="")
    cadre: fields.ForeignKeyNullableRelation[Cadre] = fields.ForeignKeyField(
        "models.Cadre", related_name="users", null=True, on_delete=fields.SET_NULL
    )
    cadre_id: int | None
    is_active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    deactivated_at = fields.DatetimeField(null=True)

    class Meta:
        table = "app_user"


class RoleAssignment(Model):
    """A role held in a unit. Never deleted: a revocation stamps `revoked_at`."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="role_assignments", on_delete=fields.RESTRICT
    )
    user_id: int
    role = fields.CharField(max_length=32)
    unit: fields.ForeignKeyRelation[OrgUnit] = fields.ForeignKeyField(
        "models.OrgUnit", related_name="role_assignments", on_delete=fields.RESTRICT
    )
    unit_id: int
    granted_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="granted_assignments", null=True, on_delete=fields.RESTRICT
    )
    granted_by_id: int | None
    granted_at = fields.DatetimeField(auto_now_add=True)
    revoked_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="revoked_assignments", null=True, on_delete=fields.RESTRICT
    )
    revoked_by_id: int | None
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "role_assignment"
        indexes = (("user_id", "revoked_at"),)

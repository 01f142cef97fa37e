"""Committee rolls (S5): who the members (应到会成员) of a unit's committee are from a given day.
A new roll never overwrites an old one, so a meeting counts against the roll in force that day."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.cadres import Cadre
    from models.units import OrgUnit
    from models.users import User


class CommitteeRoll(Model):
    id = fields.IntField(primary_key=True)
    unit: fields.ForeignKeyRelation[OrgUnit] = fields.ForeignKeyField(
        "models.OrgUnit", related_name=False, on_delete=fields.RESTRICT
    )
    unit_id: int
    effective_from = fields.DateField()
    size = fields.SmallIntField()
    set_by: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name=False, on_delete=fields.RESTRICT
    )
    set_by_id: int
    set_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "committee_roll"
        indexes = (("unit_id", "effective_from", "id"),)


class CommitteeRollMember(Model):
    id = fields.IntField(primary_key=True)
    roll: fields.ForeignKeyRelation[CommitteeRoll] = fields.ForeignKeyField(
        "models.CommitteeRoll", related_name="members", on_delete=fields.CASCADE
    )
    roll_id: int
    cadre: fields.ForeignKeyRelation[Cadre] = fields.ForeignKeyField(
        "models.Cadre", related_name=False, on_delete=fields.RESTRICT
    )
    cadre_id: int
    position = fields.SmallIntField()

    class Meta:
        table = "committee_roll_member"
        unique_together = (("roll_id", "cadre_id"),)

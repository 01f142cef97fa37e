"""Annual compliance of selection work (S9): each county and city department's self-check and
special report (due 30 November), and the city's checks and spot checks."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.units import OrgUnit
    from models.users import User


class ComplianceCheckKind(StrEnum):
    CHECK = "CHECK"
    SPOT_CHECK = "SPOT_CHECK"


class SelfCheck(Model):
    id = fields.IntField(primary_key=True)
    unit: fields.ForeignKeyRelation[OrgUnit] = fields.ForeignKeyField(
        "models.OrgUnit", related_name=False, on_delete=fields.RESTRICT
    )
    unit_id: int
    year = fields.SmallIntField()
    completed_on = fields.DateField()
    findings = fields.TextField()
    recorded_by: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name=False, on_delete=fields.RESTRICT
    )
    recorded_by_id: int
    recorded_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "selection_self_check"
        unique_together = (("unit_id", "year"),)


class SelectionReport(Model):
    """The special report on cadre selection work, due by 30 November of its year."""

    id = fields.IntField(primary_key=True)
    unit: fields.ForeignKeyRelation[OrgUnit] = fields.ForeignKeyField(
        "models.OrgUnit", related_name=False, on_delete=fields.RESTRICT
    )
    unit_id: int
    year = fields.SmallIntField()
    content = fields.TextField()
    submitted_on = fields.DateField()
    submitted_by: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name=False, on_delete=fields.RESTRICT
    )
    submitted_by_id: int
    submitted_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "selection_report"
        unique_together = (("unit_id", "year"),)


class ComplianceCheck(Model):
    """The city organisation department's check or spot check of a unit's selection work."""

    id = fields.IntField(primary_key=True)
    unit: fields.ForeignKeyRelation[OrgUnit] = fields.ForeignKeyField(
        "models.OrgUnit", related_name=False, on_delete=fields.RESTRICT
    )
    unit_id: int
    checking_unit: fields.ForeignKeyRelation[OrgUnit] = fields.ForeignKeyField(
        "models.OrgUnit", related_name=False, on_delete=fields.RESTRICT
    )
    checking_unit_id: int
    year = fields.SmallIntField()
    kind = fields.CharEnumField(ComplianceCheckKind, max_length=16)
    checked_on = fields.DateField()
    findings = fields.TextField()
    recorded_by: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name=False, on_delete=fields.RESTRICT
    )
    recorded_by_id: int
    recorded_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "selection_compliance_check"
        indexes = (("unit_id", "year"),)

"""The organisation tree. Each unit keeps a materialized path of ids (`/1/4/9/`), so that
"this unit and everything below it" is one indexed prefix condition."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class UnitKind(StrEnum):
    CITY_COMMITTEE = "CITY_COMMITTEE"
    COUNTY_COMMITTEE = "COUNTY_COMMITTEE"
    TOWNSHIP = "TOWNSHIP"
    CITY_DEPARTMENT = "CITY_DEPARTMENT"
    STATE_ENTERPRISE = "STATE_ENTERPRISE"
    DISCIPLINE_COMMISSION = "DISCIPLINE_COMMISSION"
    AUDIT_BUREAU = "AUDIT_BUREAU"


class OrgUnit(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=64, unique=True)
    name = fields.CharField(max_length=200)
    kind = fields.CharEnumField(UnitKind, max_length=32)
    parent: fields.ForeignKeyNullableRelation[OrgUnit] = fields.ForeignKeyField(
        "models.OrgUnit", related_name="children", null=True, on_delete=fields.RESTRICT
    )
    parent_id: int | None
    path = fields.CharField(max_length=255, db_index=True)
    depth = fields.SmallIntField(default=0)
    is_jurisdiction = fields.BooleanField(default=False)

    class Meta:
        table = "org_unit"
        ordering = ["path"]

    def __str__(self) -> str:
        return self.code

    def ancestor_ids(self) -> list[int]:
        """Ids from the root down to this unit, read off the path."""
        return [int(part) for part in self.path.strip("/").split("/") if part]

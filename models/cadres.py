"""Cadres (J1): each has exactly one managing unit, which need not be the unit they work in."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import TYPE_CHECKING

from pypinyin import Style, lazy_pinyin
from tortoise import fields
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model

if TYPE_CHECKING:
    from models.units import OrgUnit


class Gender(StrEnum):
    MALE = "MALE"
    FEMALE = "FEMALE"


class CadreRank(StrEnum):
    """Civil-service leadership ranks, from 正厅级 down to 科员."""

    BUREAU_CHIEF = "BUREAU_CHIEF"  # 正厅级
    DEPUTY_BUREAU_CHIEF = "DEPUTY_BUREAU_CHIEF"  # 副厅级
    DIVISION_CHIEF = "DIVISION_CHIEF"  # 正处级
    DEPUTY_DIVISION_CHIEF = "DEPUTY_DIVISION_CHIEF"  # 副处级
    SECTION_CHIEF = "SECTION_CHIEF"  # 正科级
    DEPUTY_SECTION_CHIEF = "DEPUTY_SECTION_CHIEF"  # 副科级
    STAFF = "STAFF"  # 科员


class CadreStatus(StrEnum):
    IN_OFFICE = "IN_OFFICE"
    RETIRED = "RETIRED"
    LEFT = "LEFT"


class Cadre(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=32, unique=True)
    name = fields.CharField(max_length=64)
    name_pinyin = fields.CharField(max_length=128, default="")
    name_initials = fields.CharField(max_length=32, default="")
    gender = fields.CharEnumField(Gender, max_length=8)
    birth_date = fields.DateField(null=True)
    post = fields.CharField(max_length=200)
    rank = fields.CharEnumField(CadreRank, max_length=32)
    is_top_leader = fields.BooleanField(default=False)
    manages_funds = fields.BooleanField(default=False)
    managing_unit: fields.ForeignKeyRelation[OrgUnit] = fields.ForeignKeyField(
        "models.OrgUnit", related_name="managed_cadres", on_delete=fields.RESTRICT
    )
    managing_unit_id: int
    work_unit: fields.ForeignKeyRelation[OrgUnit] = fields.ForeignKeyField(
        "models.OrgUnit", related_name="working_cadres", on_delete=fields.RESTRICT
    )
    work_unit_id: int
    status = fields.CharEnumField(CadreStatus, max_length=16, default=CadreStatus.IN_OFFICE)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "cadre"
        indexes = (("managing_unit_id", "id"),)

    def fill_search_keys(self) -> None:
        """Pinyin and initials of the name, so that 王建国 is found as "wangjianguo" or "wjg"."""
        self.name_pinyin = "".join(lazy_pinyin(self.name)).lower()
        self.name_initials = "".join(lazy_pinyin(self.name, style=Style.FIRST_LETTER)).lower()

    async def save(
        self,
        using_db: BaseDBAsyncClient | None = None,
        update_fields: Iterable[str] | None = None,
        force_create: bool = False,
        force_update: bool = False,
    ) -> None:
        self.fill_search_keys()
        if update_fields is not None:
            update_fields = list(update_fields)
            if "name" in update_fields:
                update_fields += ["name_pinyin", "name_initials"]
        await super().save(using_db, update_fields, force_create, force_update)

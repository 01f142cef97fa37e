"""Tip-offs (举报) and what happens to them before a case: routing by jurisdiction (J2), transfers,
two-way messages with the reporter, and each reveal of the reporter's identity (J6)."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.cadres import Cadre
    from models.cases import Case
    from models.units import OrgUnit
    from models.users import User


class TipoffChannel(StrEnum):
    PHONE = "PHONE"
    LETTER = "LETTER"
    VISIT = "VISIT"
    ONLINE = "ONLINE"
    REFERRAL = "REFERRAL"


class TipoffStatus(StrEnum):
    RECEIVED = "RECEIVED"  # waiting in a queue for routing to a cadre (J2)
    ROUTED = "ROUTED"  # under the managing unit of the cadre it concerns
    IN_CASE = "IN_CASE"  # joined a case
    CONCLUDED = "CONCLUDED"  # its case was decided


class DeadlineBasis(StrEnum):
    OFFICIAL_CALENDAR = "OFFICIAL_CALENDAR"
    WEEKDAYS_FALLBACK = "WEEKDAYS_FALLBACK"  # the holiday calendar does not cover that year yet


class Tipoff(Model):
    id = fields.IntField(primary_key=True)
    channel = fields.CharEnumField(TipoffChannel, max_length=16)
    content = fields.TextField()
    source_department = fields.CharField(max_length=200, default="")
    subject_cadre: fields.ForeignKeyNullableRelation[Cadre] = fields.ForeignKeyField(
        "models.Cadre", related_name="tipoffs", null=True, on_delete=fields.RESTRICT
    )
    subject_cadre_id: int | None
    subject_name = fields.CharField(max_length=100, default="")
    subject_post = fields.CharField(max_length=200, default="")
    subject_unit_text = fields.CharField(max_length=200, default="")
    jurisdiction: fields.ForeignKeyRelation[OrgUnit] = fields.ForeignKeyField(
        "models.OrgUnit", related_name=False, on_delete=fields.RESTRICT
    )
    jurisdiction_id: int
    receiving_unit: fields.ForeignKeyRelation[OrgUnit] = fields.ForeignKeyField(
        "models.OrgUnit", related_name=False, on_delete=fields.RESTRICT
    )
    receiving_unit_id: int
    # J6: encrypted with a key from the settings, never in the database.
    reporter_name_enc = fields.TextField(null=True)
    reporter_contact_enc = fields.TextField(null=True)
    # A public submission's receipt: an index part and a slow hash of the whole code.
    receipt_lookup = fields.CharField(max_length=16, null=True, unique=True)
    receipt_hash = fields.CharField(max_length=200, null=True)
    status = fields.CharEnumField(TipoffStatus, max_length=16, default=TipoffStatus.RECEIVED)
    case: fields.ForeignKeyNullableRelation[Case] = fields.ForeignKeyField(
        "models.Case", related_name="tipoffs", null=True, on_delete=fields.SET_NULL
    )
    case_id: int | None
    registered_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name=False, null=True, on_delete=fields.RESTRICT
    )
    registered_by_id: int | None
    received_at = fields.DatetimeField(auto_now_add=True)
    routed_at = fields.DatetimeField(null=True)
    acknowledged_at = fields.DatetimeField(null=True)
    routing_due = fields.DateField()
    acknowledgement_due = fields.DateField(null=True)  # only for a named reporter
    deadline_basis = fields.CharEnumField(DeadlineBasis, max_length=20)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "tipoff"
        indexes = (("jurisdiction_id", "id"), ("subject_cadre_id", "id"), ("status", "routing_due"))


class TipoffMessage(Model):
    id = fields.IntField(primary_key=True)
    tipoff: fields.ForeignKeyRelation[Tipoff] = fields.ForeignKeyField(
        "models.Tipoff", related_name="messages", on_delete=fields.RESTRICT
    )
    tipoff_id: int
    at = fields.DatetimeField(auto_now_add=True)
    body = fields.TextField()
    from_reporter = fields.BooleanField()
    author: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name=False, null=True, on_delete=fields.RESTRICT
    )
    author_id: int | None

    class Meta:
        table = "tipoff_message"


class TipoffTransfer(Model):
    """转办: a tip-off handed to another jurisdiction, with who, when and why."""

    id = fields.IntField(primary_key=True)
    tipoff: fields.ForeignKeyRelation[Tipoff] = fields.ForeignKeyField(
        "models.Tipoff", related_name="transfers", on_delete=fields.RESTRICT
    )
    tipoff_id: int
    from_unit: fields.ForeignKeyRelation[OrgUnit] = fields.ForeignKeyField(
        "models.OrgUnit", related_name=False, on_delete=fields.RESTRICT
    )
    from_unit_id: int
    to_unit: fields.ForeignKeyRelation[OrgUnit] = fields.ForeignKeyField(
        "models.OrgUnit", related_name=False, on_delete=fields.RESTRICT
    )
    to_unit_id: int
    reason = fields.TextField()
    by: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name=False, on_delete=fields.RESTRICT
    )
    by_id: int
    at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "tipoff_transfer"


class TipoffReveal(Model):
    """J6: one reveal of a reporter's identity to one user, with the reason given."""

    id = fields.IntField(primary_key=True)
    tipoff: fields.ForeignKeyRelation[Tipoff] = fields.ForeignKeyField(
        "models.Tipoff", related_name="reveals", on_delete=fields.RESTRICT
    )
    tipoff_id: int
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name=False, on_delete=fields.RESTRICT
    )
    user_id: int
    reason = fields.TextField()
    at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "tipoff_reveal"
        indexes = (("tipoff_id", "user_id"),)


class TipoffConcern(Model):
    """J5: a cadre linked to a user account whom an unrouted tip-off may concern by what it names
    (subject name, post, unit), found when the tip-off arrives or when the account is linked.
    That user never sees the tip-off."""

    id = fields.IntField(primary_key=True)
    tipoff: fields.ForeignKeyRelation[Tipoff] = fields.ForeignKeyField(
        "models.Tipoff", related_name="concerns", on_delete=fields.RESTRICT
    )
    tipoff_id: int
    cadre: fields.ForeignKeyRelation[Cadre] = fields.ForeignKeyField(
        "models.Cadre", related_name=False, on_delete=fields.RESTRICT
    )
    cadre_id: int

    class Meta:
        table = "tipoff_concern"
        unique_together = (("cadre_id", "tipoff_id"),)

"""Integrity appraisals (S4, J7): the candidate list sent to the discipline commission, and its
answer per candidate."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.cadres import Cadre
    from models.selections import Selection
    from models.units import OrgUnit
    from models.users import User


class AppraisalVerdict(StrEnum):
    NO_PROBLEMS_KNOWN = "NO_PROBLEMS_KNOWN"
    CONCLUDED_FINDING = "CONCLUDED_FINDING"  # already concluded: not re-examined in inspection
    UNDER_VERIFICATION = "UNDER_VERIFICATION"


class AppraisalStatus(StrEnum):
    REQUESTED = "REQUESTED"
    PARTLY_ANSWERED = "PARTLY_ANSWERED"  # some candidates unanswered or still under verification
    ANSWERED = "ANSWERED"  # every candidate has a final answer


class IntegrityAppraisalRequest(Model):
    id = fields.IntField(primary_key=True)
    selection: fields.OneToOneRelation[Selection] = fields.OneToOneField(
        "models.Selection", related_name="appraisal_request", on_delete=fields.RESTRICT
    )
    selection_id: int
    # The jurisdiction of the selection (J2) and the discipline commission it is addressed to (J7).
    managing_unit: fields.ForeignKeyRelation[OrgUnit] = fields.ForeignKeyField(
        "models.OrgUnit", related_name=False, on_delete=fields.RESTRICT
    )
    managing_unit_id: int
    addressed_unit: fields.ForeignKeyRelation[OrgUnit] = fields.ForeignKeyField(
        "models.OrgUnit", related_name=False, on_delete=fields.RESTRICT
    )
    addressed_unit_id: int
    status = fields.CharEnumField(AppraisalStatus, max_length=16, default=AppraisalStatus.REQUESTED)
    requested_by: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name=False, on_delete=fields.RESTRICT
    )
    requested_by_id: int
    requested_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "integrity_appraisal_request"
        indexes = (("addressed_unit_id", "id"), ("managing_unit_id", "id"))


class IntegrityAppraisalAnswer(Model):
    """One candidate of a request: unanswered until the commission gives its verdict."""

    id = fields.IntField(primary_key=True)
    request: fields.ForeignKeyRelation[IntegrityAppraisalRequest] = fields.ForeignKeyField(
        "models.IntegrityAppraisalRequest", related_name="answers", on_delete=fields.RESTRICT
    )
    request_id: int
    cadre: fields.ForeignKeyRelation[Cadre] = fields.ForeignKeyField(
        "models.Cadre", related_name=False, on_delete=fields.RESTRICT
    )
    cadre_id: int
    position = fields.SmallIntField()
    verdict = fields.CharEnumField(AppraisalVerdict, max_length=20, null=True)
    detail = fields.TextField(default="")
    answered_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name=False, null=True, on_delete=fields.RESTRICT
    )
    answered_by_id: int | None
    answered_at = fields.DatetimeField(null=True)

    class Meta:
        table = "integrity_appraisal_answer"
        indexes = (("cadre_id", "request_id"),)
        unique_together = (("request_id", "cadre_id"),)

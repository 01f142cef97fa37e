"""Economic-responsibility audits (D7): yearly plans, commissions to the audit bureau, results with
findings, feedback to the cadre, and rectification of each finding."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.cadres import Cadre
    from models.units import OrgUnit
    from models.users import User


class AuditKind(StrEnum):
    IN_TERM = "IN_TERM"
    DEPARTURE = "DEPARTURE"


class AuditStatus(StrEnum):
    COMMISSIONED = "COMMISSIONED"
    ACCEPTED = "ACCEPTED"
    IN_PROGRESS = "IN_PROGRESS"
    RESULT_SUBMITTED = "RESULT_SUBMITTED"
    FEEDBACK_GIVEN = "FEEDBACK_GIVEN"
    CLOSED = "CLOSED"


class AuditRating(StrEnum):
    """The overall appraisal of an economic-responsibility audit: 好, 较好, 一般, 较差."""

    GOOD = "GOOD"
    FAIRLY_GOOD = "FAIRLY_GOOD"
    AVERAGE = "AVERAGE"
    POOR = "POOR"


class FindingSeverity(StrEnum):
    MINOR = "MINOR"
    SIGNIFICANT = "SIGNIFICANT"
    SERIOUS = "SERIOUS"


class PlanStatus(StrEnum):
    PROPOSED = "PROPOSED"
    APPROVED = "APPROVED"


class RectificationStatus(StrEnum):
    OPEN = "OPEN"
    DONE = "DONE"


class AuditPlan(Model):
    id = fields.IntField(primary_key=True)
    year = fields.SmallIntField()
    unit: fields.ForeignKeyRelation[OrgUnit] = fields.ForeignKeyField(
        "models.OrgUnit", related_name="audit_plans", on_delete=fields.RESTRICT
    )
    unit_id: int
    share = fields.DecimalField(max_digits=5, decimal_places=4)
    status = fields.CharEnumField(PlanStatus, max_length=16, default=PlanStatus.PROPOSED)
    proposed_by: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name=False, on_delete=fields.RESTRICT
    )
    proposed_by_id: int
    approved_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name=False, null=True, on_delete=fields.RESTRICT
    )
    approved_by_id: int | None
    approved_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "audit_plan"
        unique_together = (("year", "unit_id"),)


class AuditPlanItem(Model):
    id = fields.IntField(primary_key=True)
    plan: fields.ForeignKeyRelation[AuditPlan] = fields.ForeignKeyField(
        "models.AuditPlan", related_name="items", on_delete=fields.CASCADE
    )
    plan_id: int
    cadre: fields.ForeignKeyRelation[Cadre] = fields.ForeignKeyField(
        "models.Cadre", related_name=False, on_delete=fields.RESTRICT
    )
    cadre_id: int
    position = fields.IntField()
    reason = fields.TextField()
    included = fields.BooleanField(default=True)
    adjusted_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name=False, null=True, on_delete=fields.RESTRICT
    )
    adjusted_by_id: int | None

    class Meta:
        table = "audit_plan_item"
        unique_together = (("plan_id", "cadre_id"),)


class AuditCommission(Model):
    id = fields.IntField(primary_key=True)
    cadre: fields.ForeignKeyRelation[Cadre] = fields.ForeignKeyField(
        "models.Cadre", related_name="audit_commissions", on_delete=fields.RESTRICT
    )
    cadre_id: int
    # The jurisdiction that commissioned it (the cadre's managing unit then, J2).
    managing_unit: fields.ForeignKeyRelation[OrgUnit] = fields.ForeignKeyField(
        "models.OrgUnit", related_name=False, on_delete=fields.RESTRICT
    )
    managing_unit_id: int
    # The audit bureau it is addressed to (J7).
    addressed_unit: fields.ForeignKeyRelation[OrgUnit] = fields.ForeignKeyField(
        "models.OrgUnit", related_name=False, on_delete=fields.RESTRICT
    )
    addressed_unit_id: int
    kind = fields.CharEnumField(AuditKind, max_length=16)
    status = fields.CharEnumField(AuditStatus, max_length=20, default=AuditStatus.COMMISSIONED)
    period_start = fields.DateField()
    period_end = fields.DateField()
    due_date = fields.DateField()
    plan_item: fields.ForeignKeyNullableRelation[AuditPlanItem] = fields.ForeignKeyField(
        "models.AuditPlanItem", related_name="commissions", null=True, on_delete=fields.SET_NULL
    )
    plan_item_id: int | None
    commissioned_by: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name=False, on_delete=fields.RESTRICT
    )
    commissioned_by_id: int
    accepted_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True, db_index=True)

    class Meta:
        table = "audit_commission"
        indexes = (
            ("addressed_unit_id", "id"),
            ("managing_unit_id", "id"),
            ("cadre_id", "id"),
            ("status", "due_date"),
        )


class AuditResult(Model):
    id = fields.IntField(primary_key=True)
    commission: fields.OneToOneRelation[AuditCommission] = fields.OneToOneField(
        "models.AuditCommission", related_name="result", on_delete=fields.RESTRICT
    )
    commission_id: int
    rating = fields.CharEnumField(AuditRating, max_length=16)
    summary = fields.TextField()
    idempotency_key = fields.CharField(max_length=128)
    content_hash = fields.CharField(max_length=64)
    submitted_by: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name=False, on_delete=fields.RESTRICT
    )
    submitted_by_id: int
    submitted_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "audit_result"


class AuditFinding(Model):
    id = fields.IntField(primary_key=True)
    result: fields.ForeignKeyRelation[AuditResult] = fields.ForeignKeyField(
        "models.AuditResult", related_name="findings", on_delete=fields.RESTRICT
    )
    result_id: int
    position = fields.SmallIntField()
    severity = fields.CharEnumField(FindingSeverity, max_length=16)
    category = fields.CharField(max_length=100)
    description = fields.TextField()
    amount = fields.DecimalField(max_digits=16, decimal_places=2, null=True)

    class Meta:
        table = "audit_finding"
        unique_together = (("result_id", "position"),)


class AuditFeedback(Model):
    """D7: the result was discussed with the cadre."""

    id = fields.IntField(primary_key=True)
    commission: fields.OneToOneRelation[AuditCommission] = fields.OneToOneField(
        "models.AuditCommission", related_name="feedback", on_delete=fields.RESTRICT
    )
    commission_id: int
    discussed_on = fields.DateField()
    notes = fields.TextField()
    recorded_by: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name=False, on_delete=fields.RESTRICT
    )
    recorded_by_id: int
    recorded_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "audit_feedback"


class RectificationItem(Model):
    id = fields.IntField(primary_key=True)
    finding: fields.ForeignKeyRelation[AuditFinding] = fields.ForeignKeyField(
        "models.AuditFinding", related_name="rectifications", on_delete=fields.RESTRICT
    )
    finding_id: int
    owner = fields.CharField(max_length=100)
    description = fields.TextField()
    due_date = fields.DateField()
    status = fields.CharEnumField(
        RectificationStatus, max_length=8, default=RectificationStatus.OPEN
    )
    completion_note = fields.TextField(default="")
    created_by: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name=False, on_delete=fields.RESTRICT
    )
    created_by_id: int
    created_at = fields.DatetimeField(auto_now_add=True)
    completed_at = fields.DatetimeField(null=True)

    class Meta:
        table = "rectification_item"
        indexes = (("status", "due_date"),)

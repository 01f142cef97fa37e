"""Cases (问题线索核查): verification of reported problems to an outcome (D5)."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.audits import AuditFinding
    from models.cadres import Cadre
    from models.selections import Selection
    from models.units import OrgUnit
    from models.users import User


class CaseKind(StrEnum):
    VERIFICATION = "VERIFICATION"  # of tip-offs about a cadre
    AUDIT_FINDING = "AUDIT_FINDING"  # opened from an audit finding (D7)
    FALSE_ACCUSATION = "FALSE_ACCUSATION"  # a matter of its own (D5, J6)
    RETALIATION = "RETALIATION"  # a matter of its own (D5, J6)
    CANVASSING = "CANVASSING"  # vote canvassing, promises, hints or collusion (S8)


class CaseStatus(StrEnum):
    OPEN = "OPEN"
    INVESTIGATING = "INVESTIGATING"
    FINDINGS_RECORDED = "FINDINGS_RECORDED"
    DECIDED = "DECIDED"
    REFERRED = "REFERRED"  # to the discipline commission


class CaseOutcome(StrEnum):
    NAME_CLEARED = "NAME_CLEARED"
    FOUNDED = "FOUNDED"
    PARTLY_FOUNDED = "PARTLY_FOUNDED"
    FALSE_ACCUSATION = "FALSE_ACCUSATION"
    RETALIATION = "RETALIATION"


class CaseMeasure(StrEnum):
    TALK_AND_REMINDER = "TALK_AND_REMINDER"
    LETTER_OF_INQUIRY = "LETTER_OF_INQUIRY"
    ADMONISHMENT = "ADMONISHMENT"
    REMOVAL = "REMOVAL"
    DEMOTION = "DEMOTION"
    ORDERED_RESIGNATION = "ORDERED_RESIGNATION"
    TRANSFER_TO_NON_LEADERSHIP = "TRANSFER_TO_NON_LEADERSHIP"
    REFERRAL_TO_DISCIPLINE = "REFERRAL_TO_DISCIPLINE"


class FindingAssessment(StrEnum):
    SUBSTANTIATED = "SUBSTANTIATED"
    PARTLY_SUBSTANTIATED = "PARTLY_SUBSTANTIATED"
    UNSUBSTANTIATED = "UNSUBSTANTIATED"
    SERIOUSLY_UNTRUE = "SERIOUSLY_UNTRUE"


class Case(Model):
    id = fields.IntField(primary_key=True)
    kind = fields.CharEnumField(CaseKind, max_length=20, default=CaseKind.VERIFICATION)
    cadre: fields.ForeignKeyNullableRelation[Cadre] = fields.ForeignKeyField(
        "models.Cadre", related_name="cases", null=True, on_delete=fields.RESTRICT
    )
    cadre_id: int | None
    jurisdiction: fields.ForeignKeyRelation[OrgUnit] = fields.ForeignKeyField(
        "models.OrgUnit", related_name=False, on_delete=fields.RESTRICT
    )
    jurisdiction_id: int
    original_jurisdiction: fields.ForeignKeyRelation[OrgUnit] = fields.ForeignKeyField(
        "models.OrgUnit", related_name=False, on_delete=fields.RESTRICT
    )
    original_jurisdiction_id: int
    referred_to: fields.ForeignKeyNullableRelation[OrgUnit] = fields.ForeignKeyField(
        "models.OrgUnit", related_name=False, null=True, on_delete=fields.RESTRICT
    )
    referred_to_id: int | None
    status = fields.CharEnumField(CaseStatus, max_length=20, default=CaseStatus.OPEN)
    summary = fields.TextField(default="")
    parent_case: fields.ForeignKeyNullableRelation[Case] = fields.ForeignKeyField(
        "models.Case", related_name="matters", null=True, on_delete=fields.RESTRICT
    )
    parent_case_id: int | None
    source_finding: fields.ForeignKeyNullableRelation[AuditFinding] = fields.ForeignKeyField(
        "models.AuditFinding", related_name="cases", null=True, on_delete=fields.RESTRICT
    )
    source_finding_id: int | None
    selection: fields.ForeignKeyNullableRelation[Selection] = fields.ForeignKeyField(
        "models.Selection", related_name="cases", null=True, on_delete=fields.RESTRICT
    )
    selection_id: int | None  # S8: the selection in which the canvassing happened
    opened_by: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name=False, on_delete=fields.RESTRICT
    )
    opened_by_id: int
    opened_at = fields.DatetimeField(auto_now_add=True)
    conclusion_due = fields.DateField()
    outcome = fields.CharEnumField(CaseOutcome, max_length=20, null=True)
    measures = fields.CharField(max_length=400, default="")  # comma-separated CaseMeasure values
    decision_reason = fields.TextField(default="")
    decided_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name=False, null=True, on_delete=fields.RESTRICT
    )
    decided_by_id: int | None
    decided_at = fields.DatetimeField(null=True)
    informed_unit: fields.ForeignKeyNullableRelation[OrgUnit] = fields.ForeignKeyField(
        "models.OrgUnit", related_name=False, null=True, on_delete=fields.RESTRICT
    )
    informed_unit_id: int | None  # D5: the committee told that the cadre's name is cleared
    takeover_reason = fields.TextField(default="")
    referral_reason = fields.TextField(default="")
    version = fields.IntField(default=0)  # optimistic concurrency: a decision races to bump it
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "supervision_case"
        indexes = (
            ("jurisdiction_id", "id"),
            ("referred_to_id", "id"),
            ("cadre_id", "id"),
            ("status", "conclusion_due"),
        )


class CaseInvestigator(Model):
    id = fields.IntField(primary_key=True)
    case: fields.ForeignKeyRelation[Case] = fields.ForeignKeyField(
        "models.Case", related_name="investigators", on_delete=fields.RESTRICT
    )
    case_id: int
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name=False, on_delete=fields.RESTRICT
    )
    user_id: int
    assigned_by: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name=False, on_delete=fields.RESTRICT
    )
    assigned_by_id: int
    assigned_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "case_investigator"
        unique_together = (("case_id", "user_id"),)


class CaseFinding(Model):
    id = fields.IntField(primary_key=True)
    case: fields.ForeignKeyRelation[Case] = fields.ForeignKeyField(
        "models.Case", related_name="findings", on_delete=fields.RESTRICT
    )
    case_id: int
    assessment = fields.CharEnumField(FindingAssessment, max_length=24)
    facts = fields.TextField()
    author: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name=False, on_delete=fields.RESTRICT
    )
    author_id: int
    at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "case_finding"
        indexes = (("case_id", "id"),)


class CaseNotice(Model):
    """D5: when a cadre's name is cleared, their committee is told, even when a superior decided
    the case after taking it over; the notice falls under that committee's jurisdiction."""

    id = fields.IntField(primary_key=True)
    case: fields.ForeignKeyRelation[Case] = fields.ForeignKeyField(
        "models.Case", related_name="notices", on_delete=fields.RESTRICT
    )
    case_id: int
    unit: fields.ForeignKeyRelation[OrgUnit] = fields.ForeignKeyField(
        "models.OrgUnit", related_name=False, on_delete=fields.RESTRICT
    )
    unit_id: int
    cadre: fields.ForeignKeyNullableRelation[Cadre] = fields.ForeignKeyField(
        "models.Cadre", related_name=False, null=True, on_delete=fields.RESTRICT
    )
    cadre_id: int | None
    body = fields.TextField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "case_notice"
        indexes = (("unit_id", "id"),)

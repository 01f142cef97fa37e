"""Inputs of the audit mutations."""

from __future__ import annotations

import datetime
import decimal

import strawberry

from models import AuditFinding as AuditFindingModel
from models import RectificationItem as RectificationItemModel
from schema.audits.types import AuditKind, AuditRating, FindingSeverity
from schema.bounds import stored_in


@strawberry.input
class CommissionAuditInput:
    cadre_code: str
    kind: AuditKind = strawberry.field(default=AuditKind.IN_TERM)  # type: ignore[valid-type]
    period_start: datetime.date
    period_end: datetime.date
    due_date: datetime.date


@strawberry.input
class AuditFindingInput:
    severity: FindingSeverity  # type: ignore[valid-type]
    category: str = strawberry.field(metadata=stored_in(AuditFindingModel, "category"))
    description: str
    amount: decimal.Decimal | None = strawberry.field(
        default=None, description='Yuan as a string, e.g. "12500.00"; never negative.'
    )


@strawberry.input
class AuditResultInput:
    rating: AuditRating  # type: ignore[valid-type]
    summary: str
    findings: list[AuditFindingInput]


@strawberry.input
class AuditFeedbackInput:
    discussed_on: datetime.date
    notes: str


@strawberry.input
class RectificationItemInput:
    owner: str = strawberry.field(metadata=stored_in(RectificationItemModel, "owner"))
    description: str
    due_date: datetime.date


@strawberry.input
class PlanAdjustmentInput:
    cadre_code: str
    reason: str


@strawberry.input
class AdjustAuditPlanInput:
    include: list[PlanAdjustmentInput] = strawberry.field(default_factory=list)
    exclude: list[PlanAdjustmentInput] = strawberry.field(default_factory=list)

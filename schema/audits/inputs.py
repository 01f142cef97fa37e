"""Inputs of the audit mutations."""

from __future__ import annotations

import datetime
import decimal
from typing import Annotated

import strawberry

from models import AuditFinding as AuditFindingModel
from models import RectificationItem as RectificationItemModel
from schema.audits.types import AuditKind, AuditRating, FindingSeverity
from schema.bounds import stored_in


@strawberry.input(description="An audit to commission from the audit bureau (D7).")
class CommissionAuditInput:
    cadre_code: str = strawberry.field(
        description="Personnel number of the cadre to audit, managed by the caller's unit."
    )
    kind: AuditKind = strawberry.field(  # type: ignore[valid-type]
        default=AuditKind.IN_TERM, description="In-term (the default) or departure."
    )
    period_start: datetime.date = strawberry.field(
        description="First day of the period to audit; not in the future."
    )
    period_end: datetime.date = strawberry.field(
        description="Last day of the period to audit, not before `periodStart`."
    )
    due_date: datetime.date = strawberry.field(description="The offices' day the result is due.")


@strawberry.input(description="One finding of an audit result.")
class AuditFindingInput:
    severity: FindingSeverity = strawberry.field(  # type: ignore[valid-type]
        description="How serious it is."
    )
    category: str = strawberry.field(
        metadata=stored_in(AuditFindingModel, "category"),
        description="The audit bureau's category of the problem.",
    )
    description: str = strawberry.field(description="What was found.")
    amount: decimal.Decimal | None = strawberry.field(
        default=None, description='Yuan as a string, e.g. "12500.00"; never negative.'
    )


@strawberry.input(description="The audit bureau's result of one audit.")
class AuditResultInput:
    rating: AuditRating = strawberry.field(  # type: ignore[valid-type]
        description="The overall appraisal."
    )
    summary: str = strawberry.field(description="The audit report's summary.")
    findings: list[AuditFindingInput] = strawberry.field(
        description="The findings, in order; may be empty."
    )


@strawberry.input(description="How the result was discussed with the cadre (D7).")
class AuditFeedbackInput:
    discussed_on: datetime.date = strawberry.field(
        description="The offices' day of the talk; not in the future."
    )
    notes: str = strawberry.field(description="What was said and agreed.")


@strawberry.input(description="What must be put right after a finding, by whom and by when.")
class RectificationItemInput:
    owner: str = strawberry.field(
        metadata=stored_in(RectificationItemModel, "owner"),
        description="Who answers for it (a person or an office).",
    )
    description: str = strawberry.field(description="What is to be done.")
    due_date: datetime.date = strawberry.field(description="The offices' day it is due.")


@strawberry.input(description="One cadre to add to or drop from an audit plan, with the reason.")
class PlanAdjustmentInput:
    cadre_code: str = strawberry.field(description="Personnel number of the cadre.")
    reason: str = strawberry.field(description="Why the cadre is added or dropped.")


@strawberry.input(description="Changes to a proposed audit plan's targets.")
class AdjustAuditPlanInput:
    include: list[PlanAdjustmentInput] = strawberry.field(
        default_factory=list, description="Cadres to add."
    )
    exclude: list[PlanAdjustmentInput] = strawberry.field(
        default_factory=list, description="Cadres to drop."
    )


CommissionId = Annotated[
    strawberry.ID,
    strawberry.argument(
        description=("The audit commission's global id; one the caller cannot read is `NOT_FOUND`.")
    ),
]
PlanId = Annotated[strawberry.ID, strawberry.argument(description="The audit plan's global id.")]

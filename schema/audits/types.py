"""Audit commissions, results, findings, rectification and plans as GraphQL types."""

from __future__ import annotations

import asyncio
import datetime
import decimal

import strawberry
from strawberry import relay

from models import AuditCommission as CommissionModel
from models import AuditFeedback as FeedbackModel
from models import AuditFinding as FindingModel
from models import AuditKind as AuditKindModel
from models import AuditPlan as PlanModel
from models import AuditPlanItem as PlanItemModel
from models import AuditRating as AuditRatingModel
from models import AuditResult as ResultModel
from models import AuditStatus as AuditStatusModel
from models import FindingSeverity as FindingSeverityModel
from models import PlanStatus as PlanStatusModel
from models import RectificationItem as RectificationModel
from models import RectificationStatus as RectificationStatusModel
from policies.resources import AUDIT, AUDIT_FINDING, AUDIT_PLAN, RECTIFICATION
from rules.audits import OPEN
from rules.calendar import office_today
from schema.audits.access import audit_scope, on_commissioning_side
from schema.cadres.access import person
from schema.cadres.types import Cadre, Person
from schema.enums import described_enum
from schema.info import Info
from schema.loaders import grouped, one_by
from schema.protected import protected, record, records_where, through_layer
from schema.units.types import OrgUnit

AuditKind = described_enum(
    AuditKindModel,
    name="AuditKind",
    description="When an economic-responsibility audit (经济责任审计) takes place (D7).",
    values={
        AuditKindModel.IN_TERM: "While the cadre holds the post (任中审计), preferred (D7).",
        AuditKindModel.DEPARTURE: "When the cadre leaves the post (离任审计).",
    },
)
AuditCommissionStatus = described_enum(
    AuditStatusModel,
    name="AuditCommissionStatus",
    description="Where an audit commission stands, from commissioning to closing (D7).",
    values={
        AuditStatusModel.COMMISSIONED: "Sent to the audit bureau, not yet accepted.",
        AuditStatusModel.ACCEPTED: "Accepted by the audit bureau.",
        AuditStatusModel.IN_PROGRESS: "The audit bureau's field work has started.",
        AuditStatusModel.RESULT_SUBMITTED: "The audit bureau has submitted its result.",
        AuditStatusModel.FEEDBACK_GIVEN: "The result has been discussed with the cadre (D7).",
        AuditStatusModel.CLOSED: "Closed: fed back and every rectification item done.",
    },
)
AuditRating = described_enum(
    AuditRatingModel,
    name="AuditRating",
    description="The overall appraisal of an economic-responsibility audit: 好, 较好, 一般, 较差.",
    values={
        AuditRatingModel.GOOD: "Good (好).",
        AuditRatingModel.FAIRLY_GOOD: "Fairly good (较好).",
        AuditRatingModel.AVERAGE: "Average (一般).",
        AuditRatingModel.POOR: "Poor (较差); a warning sign on the cadre's file.",
    },
)
FindingSeverity = described_enum(
    FindingSeverityModel,
    name="FindingSeverity",
    description="How serious an audit finding is.",
    values={
        FindingSeverityModel.MINOR: "Minor: to correct.",
        FindingSeverityModel.SIGNIFICANT: "Significant: to rectify, with an owner and a due date.",
        FindingSeverityModel.SERIOUS: "Serious: may open a case (D7).",
    },
)
AuditPlanStatus = described_enum(
    PlanStatusModel,
    name="AuditPlanStatus",
    description="Whether a yearly audit plan is still a proposal (D7).",
    values={
        PlanStatusModel.PROPOSED: "Proposed: its targets may still be adjusted.",
        PlanStatusModel.APPROVED: "Approved: fixed.",
    },
)
RectificationStatus = described_enum(
    RectificationStatusModel,
    name="RectificationStatus",
    description="Whether a rectification item (整改) is done.",
    values={
        RectificationStatusModel.OPEN: "Still to be done.",
        RectificationStatusModel.DONE: "Done, with a note of what was done.",
    },
)

OPEN_STATUSES = OPEN  # commissioned, accepted or in progress (rules.audits)


def _today() -> datetime.date:
    return office_today()


async def _unit(info: Info, unit_id: int) -> OrgUnit:
    unit = await info.context.loaders.unit.load(unit_id)
    assert unit is not None
    return OrgUnit.of(unit)


@protected(RECTIFICATION, RectificationModel)
@strawberry.type(
    name="RectificationItem",
    description=(
        "What must be put right after an audit finding (整改), by whom and by when; seen by the "
        "commissioning side only, not the audit bureau."
    ),
)
class RectificationItem(relay.Node):
    id: relay.NodeID[int]
    owner: str = strawberry.field(description="Who answers for it (a person or an office).")
    description: str = strawberry.field(description="What is to be done.")
    due_date: datetime.date = strawberry.field(description="The offices' day it is due.")
    status: RectificationStatus = strawberry.field(  # type: ignore[valid-type]
        description="Whether it is done."
    )
    completion_note: str = strawberry.field(description="What was done; empty while open.")
    completed_at: datetime.datetime | None = strawberry.field(
        description="When it was marked done, `null` while open."
    )

    @strawberry.field(description="True while open past its due day.")
    def overdue(self) -> bool:
        return self.status == RectificationStatusModel.OPEN and self.due_date < _today()

    @classmethod
    def of(cls, r: RectificationModel) -> RectificationItem:
        return cls(
            id=r.id,
            owner=r.owner,
            description=r.description,
            due_date=r.due_date,
            status=r.status,
            completion_note=r.completion_note,
            completed_at=r.completed_at,
        )


@protected(AUDIT_FINDING, FindingModel)
@strawberry.type(
    name="AuditFinding",
    description="One problem an economic-responsibility audit found (D7); it may open a case.",
)
class AuditFinding(relay.Node):
    id: relay.NodeID[int]
    severity: FindingSeverity = strawberry.field(  # type: ignore[valid-type]
        description="How serious it is."
    )
    category: str = strawberry.field(description="The audit bureau's category of the problem.")
    description: str = strawberry.field(description="What was found.")
    amount: decimal.Decimal | None = strawberry.field(
        description='The sum concerned in yuan, e.g. "12500.00"; `null` when none.'
    )

    @classmethod
    def of(cls, f: FindingModel) -> AuditFinding:
        return cls(
            id=f.id,
            severity=f.severity,
            category=f.category,
            description=f.description,
            amount=f.amount,
        )

    @strawberry.field(description="Rectification of this finding (the commissioning side only).")
    @through_layer
    async def rectifications(self, info: Info) -> list[RectificationItem]:
        return await records_where(info, RectificationItem, "finding_id", self.id)


@strawberry.type(description="The audit bureau's result of one audit, submitted once.")
class AuditResult:
    rating: AuditRating = strawberry.field(  # type: ignore[valid-type]
        description="The overall appraisal."
    )
    summary: str = strawberry.field(description="The audit report's summary.")
    submitted_at: datetime.datetime = strawberry.field(description="When it was submitted.")
    _id: strawberry.Private[int]

    @strawberry.field(description="The findings, in the order the audit bureau gave them.")
    @through_layer
    async def findings(self, info: Info) -> list[AuditFinding]:
        return await records_where(
            info, AuditFinding, "result_id", self._id, order=("position", "id")
        )


@strawberry.type(
    description="The audit result as discussed with the cadre (D7: results are fed back)."
)
class AuditFeedback:
    discussed_on: datetime.date = strawberry.field(description="The offices' day of the talk.")
    notes: str = strawberry.field(description="What was said and agreed.")
    recorded_at: datetime.datetime = strawberry.field(description="When it was recorded.")


@protected(
    AUDIT,
    CommissionModel,
    present=lambda row, scope: AuditCommission.of(row, on_commissioning_side(scope, row)),
)
@strawberry.type(
    name="AuditCommission",
    description=(
        "An economic-responsibility audit of one cadre commissioned from the audit bureau (D7). "
        "Read by the commissioning jurisdiction's staff and those above (J4), and by the audit "
        "bureau it is addressed to, which sees the cadre only as a `PersonSummary` and never the "
        "feedback or rectification (J7). Every read is logged (J8)."
    ),
)
class AuditCommission(relay.Node):
    id: relay.NodeID[int]
    kind: AuditKind = strawberry.field(description="In-term or departure.")  # type: ignore[valid-type]
    status: AuditCommissionStatus = strawberry.field(  # type: ignore[valid-type]
        description="Where it stands."
    )
    period_start: datetime.date = strawberry.field(description="First day of the period audited.")
    period_end: datetime.date = strawberry.field(description="Last day of the period audited.")
    due_date: datetime.date = strawberry.field(
        description="The offices' day by which the result is due."
    )
    accepted_at: datetime.datetime | None = strawberry.field(
        description="When the audit bureau accepted it, `null` before."
    )
    created_at: datetime.datetime = strawberry.field(description="When it was commissioned.")
    updated_at: datetime.datetime = strawberry.field(
        description="Changes with every step; poll with `updatedAfter` to synchronise."
    )
    _row: strawberry.Private[CommissionModel]
    _internal: strawberry.Private[bool]

    @classmethod
    def of(cls, c: CommissionModel, internal: bool) -> AuditCommission:
        return cls(
            id=c.id,
            kind=c.kind,
            status=c.status,
            period_start=c.period_start,
            period_end=c.period_end,
            due_date=c.due_date,
            accepted_at=c.accepted_at,
            created_at=c.created_at,
            updated_at=c.updated_at,
            _row=c,
            _internal=internal,
        )

    @strawberry.field(description="True while no result is in and `dueDate` has passed.")
    def overdue(self) -> bool:
        return self._row.status in OPEN_STATUSES and self.due_date < _today()

    @strawberry.field(
        description="The audited cadre: the full `Cadre` for the commissioning side, who they "
        "are (a `PersonSummary`) for the audit bureau (J7)."
    )
    @through_layer
    async def cadre(self, info: Info) -> Person:
        found = await person(info, self._row.cadre_id)
        assert found is not None
        return found

    @strawberry.field(description="The jurisdiction that commissioned the audit.")
    async def managing_unit(self, info: Info) -> OrgUnit:
        return await _unit(info, self._row.managing_unit_id)

    @strawberry.field(description="The audit bureau it is addressed to.")
    async def addressed_to(self, info: Info) -> OrgUnit:
        return await _unit(info, self._row.addressed_unit_id)

    @strawberry.field(description="The audit bureau's result, `null` until submitted.")
    async def result(self, info: Info) -> AuditResult | None:
        row = await _result_of(info, self._row.id)
        if row is None:
            return None
        return AuditResult(
            rating=row.rating,
            summary=row.summary,
            submitted_at=row.submitted_at,
            _id=row.id,
        )

    @strawberry.field(description="The result discussed with the cadre (commissioning side only).")
    async def feedback(self, info: Info) -> AuditFeedback | None:
        if not self._internal:
            return None
        loader = info.context.loaders.get("audit_feedback", one_by(FeedbackModel, "commission_id"))
        row = await loader.load(self._row.id)
        if row is None:
            return None
        return AuditFeedback(
            discussed_on=row.discussed_on, notes=row.notes, recorded_at=row.recorded_at
        )


async def _result_of(info: Info, commission_id: int) -> ResultModel | None:
    loader = info.context.loaders.get("result", one_by(ResultModel, "commission_id"))
    row: ResultModel | None = await loader.load(commission_id)
    return row


async def present(info: Info, row: CommissionModel) -> AuditCommission:
    """A commission as a mutation returns it to its caller."""
    return AuditCommission.of(row, on_commissioning_side(await audit_scope(info), row))


@strawberry.type(description="One target of a yearly audit plan.")
class AuditPlanItem:
    position: int = strawberry.field(description="Rank in the plan, from 1.")
    reason: str = strawberry.field(description="Why this cadre was picked, or added or removed.")
    included: bool = strawberry.field(
        description="False when the target was dropped from the plan (the reason says why)."
    )
    _cadre_id: strawberry.Private[int]

    @strawberry.field(description="The cadre to audit, `null` if the caller may not read them.")
    @through_layer
    async def cadre(self, info: Info) -> Cadre | None:
        return await record(info, Cadre, self._cadre_id)


@protected(AUDIT_PLAN, PlanModel)
@strawberry.type(
    name="AuditPlan",
    description=(
        "A jurisdiction's yearly audit plan (D7): a share of its unit leaders, those who manage "
        "money or materials first, then those longest unaudited. Read by its planners and above."
    ),
)
class AuditPlan(relay.Node):
    id: relay.NodeID[int]
    year: int = strawberry.field(description="The calendar year planned.")
    share: float = strawberry.field(
        description="The fraction of unit leaders to audit, above 0 and at most 1 (0.2 = 20 %)."
    )
    status: AuditPlanStatus = strawberry.field(  # type: ignore[valid-type]
        description="Proposed or approved."
    )
    approved_at: datetime.datetime | None = strawberry.field(
        description="When it was approved, `null` while proposed."
    )
    _unit_id: strawberry.Private[int]

    @classmethod
    def of(cls, p: PlanModel) -> AuditPlan:
        return cls(
            id=p.id,
            year=p.year,
            share=float(p.share),
            status=p.status,
            approved_at=p.approved_at,
            _unit_id=p.unit_id,
        )

    @strawberry.field(description="The jurisdiction whose leaders it covers.")
    async def unit(self, info: Info) -> OrgUnit:
        return await _unit(info, self._unit_id)

    @strawberry.field(description="Targets in rank order, with the reason for each.")
    async def items(self, info: Info) -> list[AuditPlanItem]:
        loader = info.context.loaders.get(
            "plan_items", grouped(PlanItemModel.all, "plan_id", order="position")
        )
        return [
            AuditPlanItem(
                position=i.position, reason=i.reason, included=i.included, _cadre_id=i.cadre_id
            )
            for i in await loader.load(self.id)
        ]


async def audits_of_cadre(info: Info, cadre_id: int) -> list[AuditCommission]:
    """A cadre's audits that the caller may read, newest period first."""
    return await records_where(
        info, AuditCommission, "cadre_id", cadre_id, order=("-period_end", "-id")
    )


async def latest_rating(info: Info, cadre_id: int) -> AuditRatingModel | None:
    commissions = await audits_of_cadre(info, cadre_id)
    results = await asyncio.gather(*(_result_of(info, c.id) for c in commissions))  # one batch
    return next((r.rating for r in results if r is not None), None)

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
from schema.info import Info
from schema.loaders import grouped, one_by
from schema.protected import protected, record, records_where, through_layer
from schema.units.types import OrgUnit

AuditKind = strawberry.enum(AuditKindModel, name="AuditKind")
AuditCommissionStatus = strawberry.enum(AuditStatusModel, name="AuditCommissionStatus")
AuditRating = strawberry.enum(AuditRatingModel, name="AuditRating")
FindingSeverity = strawberry.enum(FindingSeverityModel, name="FindingSeverity")
AuditPlanStatus = strawberry.enum(PlanStatusModel, name="AuditPlanStatus")
RectificationStatus = strawberry.enum(RectificationStatusModel, name="RectificationStatus")

OPEN_STATUSES = OPEN  # commissioned, accepted or in progress (rules.audits)


def _today() -> datetime.date:
    return office_today()


async def _unit(info: Info, unit_id: int) -> OrgUnit:
    unit = await info.context.loaders.unit.load(unit_id)
    assert unit is not None
    return OrgUnit.of(unit)


@protected(RECTIFICATION, RectificationModel)
@strawberry.type(name="RectificationItem")
class RectificationItem(relay.Node):
    id: relay.NodeID[int]
    owner: str
    description: str
    due_date: datetime.date
    status: RectificationStatus  # type: ignore[valid-type]
    completion_note: str
    completed_at: datetime.datetime | None

    @strawberry.field
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
@strawberry.type(name="AuditFinding")
class AuditFinding(relay.Node):
    id: relay.NodeID[int]
    severity: FindingSeverity  # type: ignore[valid-type]
    category: str
    description: str
    amount: decimal.Decimal | None = strawberry.field(description='Yuan, e.g. "12500.00".')

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


@strawberry.type
class AuditResult:
    rating: AuditRating  # type: ignore[valid-type]
    summary: str
    submitted_at: datetime.datetime
    _id: strawberry.Private[int]

    @strawberry.field
    @through_layer
    async def findings(self, info: Info) -> list[AuditFinding]:
        return await records_where(
            info, AuditFinding, "result_id", self._id, order=("position", "id")
        )


@strawberry.type
class AuditFeedback:
    discussed_on: datetime.date
    notes: str
    recorded_at: datetime.datetime


@protected(
    AUDIT,
    CommissionModel,
    present=lambda row, scope: AuditCommission.of(row, on_commissioning_side(scope, row)),
)
@strawberry.type(name="AuditCommission")
class AuditCommission(relay.Node):
    id: relay.NodeID[int]
    kind: AuditKind  # type: ignore[valid-type]
    status: AuditCommissionStatus  # type: ignore[valid-type]
    period_start: datetime.date
    period_end: datetime.date
    due_date: datetime.date
    accepted_at: datetime.datetime | None
    created_at: datetime.datetime
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

    @strawberry.field
    def overdue(self) -> bool:
        return self._row.status in OPEN_STATUSES and self.due_date < _today()

    @strawberry.field(
        description="The audited cadre: the full `Cadre` for the commissioning side, who they "
        "are for the audit bureau (J7)."
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

    @strawberry.field
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


@strawberry.type
class AuditPlanItem:
    position: int
    reason: str = strawberry.field(description="Why this cadre was picked, or added or removed.")
    included: bool
    _cadre_id: strawberry.Private[int]

    @strawberry.field(description="The cadre picked, if the caller may read that cadre.")
    @through_layer
    async def cadre(self, info: Info) -> Cadre | None:
        return await record(info, Cadre, self._cadre_id)


@protected(AUDIT_PLAN, PlanModel)
@strawberry.type(name="AuditPlan")
class AuditPlan(relay.Node):
    id: relay.NodeID[int]
    year: int
    share: float
    status: AuditPlanStatus  # type: ignore[valid-type]
    approved_at: datetime.datetime | None
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

    @strawberry.field
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

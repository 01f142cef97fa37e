"""Audit commissions, results, findings, rectification and plans as GraphQL types."""

from __future__ import annotations

import asyncio
import datetime
import decimal
from collections.abc import Iterable
from typing import Any

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
from policies.resources import AUDIT, AUDIT_PLAN
from policies.scope import restrict
from rules.audits import OPEN
from rules.calendar import office_today
from schema.audits.access import READ, audit_scope, on_commissioning_side
from schema.cadres.access import readable_cadres_by_id
from schema.cadres.types import Cadre
from schema.info import Info
from schema.loaders import by_id, grouped, one_by
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


@strawberry.type(description="What the audit bureau needs to know of the audited cadre, no more.")
class AuditedCadre:
    code: str
    name: str
    post: str
    _work_unit_id: strawberry.Private[int]

    @strawberry.field
    async def work_unit(self, info: Info) -> OrgUnit:
        return await _unit(info, self._work_unit_id)


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


@strawberry.type(name="AuditFinding")
class AuditFinding(relay.Node):
    id: relay.NodeID[int]
    severity: FindingSeverity  # type: ignore[valid-type]
    category: str
    description: str
    amount: decimal.Decimal | None = strawberry.field(description='Yuan, e.g. "12500.00".')
    _internal: strawberry.Private[bool]

    @classmethod
    def of(cls, f: FindingModel, internal: bool) -> AuditFinding:
        return cls(
            id=f.id,
            severity=f.severity,
            category=f.category,
            description=f.description,
            amount=f.amount,
            _internal=internal,
        )

    @strawberry.field(description="Rectification of this finding (the commissioning side only).")
    async def rectifications(self, info: Info) -> list[RectificationItem]:
        if not self._internal:
            return []
        loader = info.context.loaders.get(
            "rectifications", grouped(RectificationModel.all, "finding_id")
        )
        return [RectificationItem.of(r) for r in await loader.load(self.id)]


@strawberry.type
class AuditResult:
    rating: AuditRating  # type: ignore[valid-type]
    summary: str
    submitted_at: datetime.datetime
    _id: strawberry.Private[int]
    _internal: strawberry.Private[bool]

    @strawberry.field
    async def findings(self, info: Info) -> list[AuditFinding]:
        loader = info.context.loaders.get(
            "findings", grouped(FindingModel.all, "result_id", order="position")
        )
        return [AuditFinding.of(f, self._internal) for f in await loader.load(self._id)]


@strawberry.type
class AuditFeedback:
    discussed_on: datetime.date
    notes: str
    recorded_at: datetime.datetime


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

    @strawberry.field
    async def cadre(self, info: Info) -> AuditedCadre:
        row = await info.context.loaders.cadre.load(self._row.cadre_id)
        assert row is not None
        return AuditedCadre(
            code=row.code, name=row.name, post=row.post, _work_unit_id=row.work_unit_id
        )

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
            _internal=self._internal,
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

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False, **_: Any
    ) -> list[AuditCommission | None]:
        return await commissions_by_id(info, [int(i) for i in node_ids])


async def _result_of(info: Info, commission_id: int) -> ResultModel | None:
    loader = info.context.loaders.get("result", one_by(ResultModel, "commission_id"))
    row: ResultModel | None = await loader.load(commission_id)
    return row


async def present(info: Info, row: CommissionModel) -> AuditCommission:
    """A commission as a mutation returns it to its caller."""
    return AuditCommission.of(row, on_commissioning_side(await audit_scope(info), row))


async def commissions_by_id(info: Info, ids: list[int]) -> list[AuditCommission | None]:
    scope = await audit_scope(info)
    rows = await info.context.loaders.get("commission", by_id(CommissionModel)).load_many(ids)
    shown = [r if r is not None and scope.admits(AUDIT, r) else None for r in rows]
    info.context.record_read(AUDIT, READ, scope, [r.id for r in shown if r is not None])
    return [AuditCommission.of(r, on_commissioning_side(scope, r)) if r else None for r in shown]


@strawberry.type
class AuditPlanItem:
    position: int
    reason: str = strawberry.field(description="Why this cadre was picked, or added or removed.")
    included: bool
    _cadre_id: strawberry.Private[int]

    @strawberry.field
    async def cadre(self, info: Info) -> Cadre | None:
        (row,) = await readable_cadres_by_id(info, [self._cadre_id])
        return Cadre.of(row) if row else None


@strawberry.type(name="AuditPlan")
class AuditPlan(relay.Node):
    id: relay.NodeID[int]
    year: int
    share: decimal.Decimal = strawberry.field(
        description='The share of unit leaders the plan audits, as a Decimal string ("0.30"), '
        "the same form proposeAuditPlan takes (D7)."
    )
    status: AuditPlanStatus  # type: ignore[valid-type]
    approved_at: datetime.datetime | None
    _unit_id: strawberry.Private[int]

    @classmethod
    def of(cls, p: PlanModel) -> AuditPlan:
        return cls(
            id=p.id,
            year=p.year,
            share=p.share,
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

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False, **_: Any
    ) -> list[AuditPlan | None]:
        scope = await info.context.scope(AUDIT_PLAN, READ)
        ids = [int(i) for i in node_ids]
        rows = {p.id: p for p in await restrict(PlanModel.filter(id__in=ids), scope, AUDIT_PLAN)}
        info.context.record_read(AUDIT_PLAN, READ, scope, sorted(rows))
        return [AuditPlan.of(rows[i]) if i in rows else None for i in ids]


async def _findings_with_access(
    info: Info, finding_ids: list[int]
) -> dict[int, tuple[FindingModel, bool]]:
    """Findings whose commission the caller may read, with whether it is the commissioning side."""
    findings = {f.id: f for f in await FindingModel.filter(id__in=finding_ids)}
    results = {
        r.id: r.commission_id
        for r in await ResultModel.filter(id__in={f.result_id for f in findings.values()})
    }
    commissions = await commissions_by_id(info, sorted(set(results.values())))
    visible = {c.id: c._internal for c in commissions if c is not None}
    return {
        f.id: (f, visible[results[f.result_id]])
        for f in findings.values()
        if results.get(f.result_id) in visible
    }


async def _resolve_findings(
    cls: type[AuditFinding],
    *,
    info: Info,
    node_ids: Iterable[str],
    required: bool = False,
    **_: Any,
) -> list[AuditFinding | None]:
    ids = [int(i) for i in node_ids]
    found = await _findings_with_access(info, ids)
    return [AuditFinding.of(*found[i]) if i in found else None for i in ids]


async def _resolve_rectifications(
    cls: type[RectificationItem],
    *,
    info: Info,
    node_ids: Iterable[str],
    required: bool = False,
    **_: Any,
) -> list[RectificationItem | None]:
    ids = [int(i) for i in node_ids]
    items = {r.id: r for r in await RectificationModel.filter(id__in=ids)}
    found = await _findings_with_access(info, sorted({r.finding_id for r in items.values()}))
    return [
        RectificationItem.of(items[i])
        if i in items and found.get(items[i].finding_id, (None, False))[1]
        else None
        for i in ids
    ]


AuditFinding.resolve_nodes = classmethod(_resolve_findings)  # type: ignore[assignment,method-assign,arg-type]
RectificationItem.resolve_nodes = classmethod(_resolve_rectifications)  # type: ignore[assignment,method-assign,arg-type]


async def audits_of_cadre(info: Info, cadre_id: int) -> list[AuditCommission]:
    """The commissioning side's view of a cadre's audits (the bureau never reaches a `Cadre`)."""
    scope = await audit_scope(info)
    if not scope.jurisdiction_ids:
        return []

    async def load(keys: list[int]) -> list[list[CommissionModel]]:
        rows = await restrict(CommissionModel.filter(cadre_id__in=keys), scope, AUDIT).order_by(
            "-period_end", "-id"
        )
        grouped_rows: dict[int, list[CommissionModel]] = {k: [] for k in keys}
        for row in rows:
            grouped_rows[row.cadre_id].append(row)
        return [grouped_rows[k] for k in keys]

    rows = await info.context.loaders.get(("audits_of_cadre", scope), load).load(cadre_id)
    info.context.record_read(AUDIT, READ, scope, [r.id for r in rows])
    return [AuditCommission.of(r, on_commissioning_side(scope, r)) for r in rows]


async def latest_rating(info: Info, cadre_id: int) -> AuditRatingModel | None:
    commissions = await audits_of_cadre(info, cadre_id)
    results = await asyncio.gather(*(_result_of(info, c.id) for c in commissions))  # one batch
    return next((r.rating for r in results if r is not None), None)

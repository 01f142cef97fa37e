"""`auditCommissions`, `auditCommission`, `auditPlans`, `auditPlan`."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

import strawberry
from tortoise.expressions import Subquery

from models import AuditCommission as CommissionModel
from models import AuditPlan as PlanModel
from models import Cadre as CadreModel
from models import OrgUnit as OrgUnitModel
from policies.resources import AUDIT, AUDIT_PLAN
from policies.scope import restrict
from rules.calendar import office_today
from schema.audits.access import READ, audit_scope, on_commissioning_side
from schema.audits.types import (
    AuditCommission,
    AuditCommissionStatus,
    AuditKind,
    AuditPlan,
    commissions_by_id,
)
from schema.ids import one_by_global_id
from schema.info import Info
from schema.relay import Connection, paginate


def _unit_ids(code: str) -> Subquery:
    return Subquery(OrgUnitModel.filter(code=code).values("id"))


@strawberry.input
class AuditCommissionFilter:
    updated_after: datetime.datetime | None = strawberry.field(
        default=None, description="Only commissions changed after this instant (incremental sync)."
    )
    status: AuditCommissionStatus | None = None  # type: ignore[valid-type]
    kind: AuditKind | None = None  # type: ignore[valid-type]
    cadre_code: str | None = None
    managing_unit: str | None = None
    overdue: bool | None = None


@strawberry.input
class AuditPlanFilter:
    year: int | None = None
    unit_code: str | None = None


@strawberry.type
class AuditQueries:
    @strawberry.field(
        description="Commissions under the caller's jurisdiction, or addressed to its unit (the "
        "audit bureau), oldest first."
    )
    async def audit_commissions(
        self,
        info: Info,
        filter: AuditCommissionFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[AuditCommission]:
        scope = await audit_scope(info)
        if scope.empty:
            return Connection.empty()
        qs = restrict(CommissionModel.all(), scope, AUDIT)
        if filter is not None:
            if filter.updated_after is not None:
                qs = qs.filter(updated_at__gt=filter.updated_after)
            if filter.status is not None:
                qs = qs.filter(status=filter.status)
            if filter.kind is not None:
                qs = qs.filter(kind=filter.kind)
            if filter.cadre_code:
                qs = qs.filter(
                    cadre_id__in=Subquery(CadreModel.filter(code=filter.cadre_code).values("id"))
                )
            if filter.managing_unit:
                qs = qs.filter(managing_unit_id__in=_unit_ids(filter.managing_unit))
            if filter.overdue is not None:
                today = office_today()
                late = {
                    "status__in": ["COMMISSIONED", "ACCEPTED", "IN_PROGRESS"],
                    "due_date__lt": today,
                }
                qs = qs.filter(**late) if filter.overdue else qs.exclude(**late)

        def log(rows: Sequence[CommissionModel]) -> None:
            info.context.record_read(AUDIT, READ, scope, [r.id for r in rows])

        return await paginate(
            qs,
            kind="audit",
            key="id",
            first=first,
            after=after,
            parse_key=int,
            on_page=log,
            to_node=lambda r: AuditCommission.of(r, on_commissioning_side(scope, r)),
        )

    @strawberry.field
    async def audit_commission(self, info: Info, id: strawberry.ID) -> AuditCommission | None:
        return await one_by_global_id(info, id, "AuditCommission", commissions_by_id)

    @strawberry.field(description="Audit plans of the jurisdictions the caller plans for or reads.")
    async def audit_plans(
        self,
        info: Info,
        filter: AuditPlanFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[AuditPlan]:
        scope = await info.context.scope(AUDIT_PLAN, READ)
        if scope.empty:
            return Connection.empty()
        qs = restrict(PlanModel.all(), scope, AUDIT_PLAN)
        if filter is not None and filter.year is not None:
            qs = qs.filter(year=filter.year)
        if filter is not None and filter.unit_code:
            qs = qs.filter(unit_id__in=_unit_ids(filter.unit_code))
        return await paginate(
            qs,
            kind="audit-plan",
            key="id",
            first=first,
            after=after,
            parse_key=int,
            to_node=AuditPlan.of,
            on_page=lambda rows: info.context.record_read(
                AUDIT_PLAN, READ, scope, [r.id for r in rows]
            ),
        )

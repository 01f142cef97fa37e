"""`auditCommissions`, `auditCommission`, `auditPlans`, `auditPlan`."""

from __future__ import annotations

import datetime
from typing import Annotated

import strawberry
from tortoise.expressions import Subquery
from tortoise.queryset import QuerySet

from models import AuditCommission as CommissionModel
from models import AuditPlan as PlanModel
from models import Cadre as CadreModel
from models import OrgUnit as OrgUnitModel
from rules.calendar import office_today
from schema.audits.types import (
    OPEN_STATUSES,
    AuditCommission,
    AuditCommissionStatus,
    AuditKind,
    AuditPlan,
)
from schema.ids import one_by_global_id
from schema.info import Info
from schema.protected import through_layer
from schema.relay import After, Connection, First, restricted_page


def _unit_ids(code: str) -> Subquery:
    return Subquery(OrgUnitModel.filter(code=code).values("id"))


@strawberry.input(
    description="Narrows a list of audit commissions; every condition given must hold."
)
class AuditCommissionFilter:
    updated_after: datetime.datetime | None = strawberry.field(
        default=None,
        description="Only commissions changed after this instant (incremental sync). Changes are "
        "listed here once settled (CADRE_SYNC_SETTLE_SECONDS, default 30 s), so that keeping the "
        "latest `updatedAt` seen as the next watermark never skips a change.",
    )
    status: AuditCommissionStatus | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Only commissions with this status."
    )
    kind: AuditKind | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Only audits of this kind."
    )
    cadre_code: str | None = strawberry.field(
        default=None, description="Only audits of the cadre with this personnel number."
    )
    managing_unit: str | None = strawberry.field(
        default=None, description="Only commissions of the jurisdiction with this unit code."
    )
    overdue: bool | None = strawberry.field(
        default=None,
        description="Only those still without a result past `dueDate`, or only the others.",
    )


@strawberry.input(description="Narrows a list of audit plans.")
class AuditPlanFilter:
    year: int | None = strawberry.field(default=None, description="Only plans for this year.")
    unit_code: str | None = strawberry.field(
        default=None, description="Only plans of the jurisdiction with this unit code."
    )


def _narrow_commissions(
    qs: QuerySet[CommissionModel], f: AuditCommissionFilter | None, settle_seconds: int
) -> QuerySet[CommissionModel]:
    if f is None:
        return qs
    if f.updated_after is not None:
        # A change is stamped when written and seen when committed: list only changes older than
        # the settling time, so that a watermark never passes a change still being committed.
        settled = datetime.datetime.now(datetime.UTC) - datetime.timedelta(seconds=settle_seconds)
        qs = qs.filter(updated_at__gt=f.updated_after, updated_at__lte=settled)
    if f.status is not None:
        qs = qs.filter(status=f.status)
    if f.kind is not None:
        qs = qs.filter(kind=f.kind)
    if f.cadre_code:
        qs = qs.filter(cadre_id__in=Subquery(CadreModel.filter(code=f.cadre_code).values("id")))
    if f.managing_unit:
        qs = qs.filter(managing_unit_id__in=_unit_ids(f.managing_unit))
    if f.overdue is not None:
        late = {"status__in": list(OPEN_STATUSES), "due_date__lt": office_today()}
        qs = qs.filter(**late) if f.overdue else qs.exclude(**late)
    return qs


@strawberry.type
class AuditQueries:
    @strawberry.field(
        description="Commissions under the caller's jurisdiction, or addressed to its unit (the "
        "audit bureau), oldest first."
    )
    @through_layer
    async def audit_commissions(
        self,
        info: Info,
        filter: Annotated[
            AuditCommissionFilter | None,
            strawberry.argument(description="Conditions the commissions must meet."),
        ] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[AuditCommission]:
        return await restricted_page(
            info,
            AuditCommission,
            CommissionModel.all(),
            kind="audit",
            first=first,
            after=after,
            narrow=lambda qs: _narrow_commissions(
                qs, filter, info.context.settings.sync_settle_seconds
            ),
        )

    @strawberry.field(
        description="One audit commission by global id; `null` when the caller may not read it."
    )
    @through_layer
    async def audit_commission(
        self,
        info: Info,
        id: Annotated[
            strawberry.ID, strawberry.argument(description="The commission's global id.")
        ],
    ) -> AuditCommission | None:
        return await one_by_global_id(info, id, AuditCommission)

    @strawberry.field(description="Audit plans of the jurisdictions the caller plans for or reads.")
    @through_layer
    async def audit_plans(
        self,
        info: Info,
        filter: Annotated[
            AuditPlanFilter | None,
            strawberry.argument(description="Conditions the plans must meet."),
        ] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[AuditPlan]:
        def narrow(qs: QuerySet[PlanModel]) -> QuerySet[PlanModel]:
            if filter is not None and filter.year is not None:
                qs = qs.filter(year=filter.year)
            if filter is not None and filter.unit_code:
                qs = qs.filter(unit_id__in=_unit_ids(filter.unit_code))
            return qs

        return await restricted_page(
            info,
            AuditPlan,
            PlanModel.all(),
            kind="audit-plan",
            first=first,
            after=after,
            narrow=narrow,
        )

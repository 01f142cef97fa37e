"""`cases`, `case(id)`: cases under the caller's jurisdiction or referred to its commission."""

from __future__ import annotations

import datetime

import strawberry
from tortoise.expressions import Subquery
from tortoise.queryset import QuerySet

from models import Cadre as CadreModel
from models import Case as CaseModel
from schema.cases.types import OPEN_STATUSES, Case, CaseKind, CaseStatus
from schema.ids import one_by_global_id
from schema.info import Info
from schema.protected import through_layer
from schema.relay import Connection, restricted_page
from schema.tipoffs.types import today


@strawberry.input
class CaseFilter:
    status: CaseStatus | None = None  # type: ignore[valid-type]
    kind: CaseKind | None = None  # type: ignore[valid-type]
    cadre_code: str | None = None
    overdue: bool | None = strawberry.field(
        default=None, description="Open past its conclusion deadline."
    )
    due_before: datetime.date | None = strawberry.field(
        default=None, description="Open, with its conclusion due before this day."
    )


def apply_filter(qs: QuerySet[CaseModel], f: CaseFilter | None) -> QuerySet[CaseModel]:
    if f is None:
        return qs
    if f.status is not None:
        qs = qs.filter(status=f.status)
    if f.kind is not None:
        qs = qs.filter(kind=f.kind)
    if f.cadre_code:
        qs = qs.filter(cadre_id__in=Subquery(CadreModel.filter(code=f.cadre_code).values("id")))
    if f.overdue is not None:
        late = {"status__in": OPEN_STATUSES, "conclusion_due__lt": today()}
        qs = qs.filter(**late) if f.overdue else qs.exclude(**late)
    if f.due_before is not None:
        qs = qs.filter(status__in=OPEN_STATUSES, conclusion_due__lt=f.due_before)
    return qs


@strawberry.type
class CaseQueries:
    @strawberry.field(description="Cases the caller may read, oldest first.")
    @through_layer
    async def cases(
        self,
        info: Info,
        filter: CaseFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Case]:
        return await restricted_page(
            info,
            Case,
            CaseModel.all(),
            kind="case",
            first=first,
            after=after,
            narrow=lambda qs: apply_filter(qs, filter),
        )

    @strawberry.field(description="One case by id; null when it does not exist or is hidden.")
    @through_layer
    async def case(self, info: Info, id: strawberry.ID) -> Case | None:
        return await one_by_global_id(info, id, Case)

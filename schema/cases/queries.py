"""`cases`, `case(id)`: cases under the caller's jurisdiction or referred to its commission."""

from __future__ import annotations

import datetime
from typing import Annotated

import strawberry
from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet

from models import Cadre as CadreModel
from models import Case as CaseModel
from schema.cases.types import OPEN_STATUSES, Case, CaseKind, CaseStatus
from schema.ids import one_by_global_id
from schema.info import Info
from schema.protected import through_layer
from schema.relay import After, Connection, First, restricted_page
from schema.tipoffs.types import today


@strawberry.input(description="Narrows a case list; every condition given must hold.")
class CaseFilter:
    status: CaseStatus | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Only cases with this status."
    )
    kind: CaseKind | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Only cases of this kind."
    )
    cadre_code: str | None = strawberry.field(
        default=None, description="Only cases about the cadre with this personnel number."
    )
    overdue: bool | None = strawberry.field(
        default=None, description="Open past its conclusion deadline."
    )
    due_before: datetime.date | None = strawberry.field(
        default=None, description="Open, with its conclusion due before this day."
    )


def overdue_condition() -> Q:
    """Open past its conclusion deadline today: `overdue: true`, and what the dashboard counts
    as overdue."""
    return Q(status__in=OPEN_STATUSES, conclusion_due__lt=today())


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
        late = overdue_condition()
        qs = qs.filter(late) if f.overdue else qs.filter(~late)
    if f.due_before is not None:
        qs = qs.filter(status__in=OPEN_STATUSES, conclusion_due__lt=f.due_before)
    return qs


@strawberry.type
class CaseQueries:
    @strawberry.field(
        description=(
            "Cases the caller may read, oldest first: under its jurisdiction and, read-only, below "
            "(J2-J4), never about its own cadre record (J5); the discipline commission sees those "
            "referred to it (J7)."
        )
    )
    @through_layer
    async def cases(
        self,
        info: Info,
        filter: Annotated[
            CaseFilter | None, strawberry.argument(description="Conditions the cases must meet.")
        ] = None,
        first: First = None,
        after: After = None,
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

    @strawberry.field(description="One case by global id; `null` when the caller may not read it.")
    @through_layer
    async def case(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The case's global id.")],
    ) -> Case | None:
        return await one_by_global_id(info, id, Case)

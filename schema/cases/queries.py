"""`cases`, `case(id)`: cases under the caller's jurisdiction or referred to its commission."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

import strawberry
from tortoise.expressions import Subquery

from models import Cadre as CadreModel
from models import Case as CaseModel
from policies.resources import CASE
from policies.scope import restrict
from schema.cases.types import OPEN_STATUSES, READ, Case, CaseKind, CaseStatus, cases_by_id
from schema.ids import one_by_global_id
from schema.info import Info
from schema.relay import Connection, paginate
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


@strawberry.type
class CaseQueries:
    @strawberry.field(description="Cases the caller may read, oldest first.")
    async def cases(
        self,
        info: Info,
        filter: CaseFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Case]:
        scope = await info.context.scope(CASE, READ)
        if scope.empty:
            return Connection.empty()
        qs = restrict(CaseModel.all(), scope, CASE)
        if filter is not None:
            if filter.status is not None:
                qs = qs.filter(status=filter.status)
            if filter.kind is not None:
                qs = qs.filter(kind=filter.kind)
            if filter.cadre_code:
                qs = qs.filter(
                    cadre_id__in=Subquery(CadreModel.filter(code=filter.cadre_code).values("id"))
                )
            if filter.overdue is not None:
                late = {"status__in": OPEN_STATUSES, "conclusion_due__lt": today()}
                qs = qs.filter(**late) if filter.overdue else qs.exclude(**late)
            if filter.due_before is not None:
                qs = qs.filter(status__in=OPEN_STATUSES, conclusion_due__lt=filter.due_before)

        def log(rows: Sequence[CaseModel]) -> None:
            info.context.record_read(CASE, READ, scope, [r.id for r in rows])

        return await paginate(
            qs,
            kind="case",
            key="id",
            first=first,
            after=after,
            parse_key=int,
            to_node=Case.of,
            on_page=log,
        )

    @strawberry.field
    async def case(self, info: Info, id: strawberry.ID) -> Case | None:
        return await one_by_global_id(info, id, "Case", cases_by_id)

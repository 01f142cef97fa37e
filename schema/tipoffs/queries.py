"""`tipoffs`, `tipoff(id)`: tip-offs under the caller's jurisdiction, filtered in SQL."""

from __future__ import annotations

import datetime
from typing import Annotated

import strawberry
from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet

from models import Cadre as CadreModel
from models import OrgUnit as OrgUnitModel
from models import Tipoff as TipoffModel
from models import TipoffStatus as TipoffStatusModel
from schema.ids import one_by_global_id
from schema.info import Info
from schema.protected import through_layer
from schema.relay import After, Connection, First, restricted_page
from schema.tipoffs.types import Tipoff, TipoffChannel, TipoffStatus, today


@strawberry.input(description="Narrows a tip-off list; every condition given must hold.")
class TipoffFilter:
    status: TipoffStatus | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Only tip-offs with this status."
    )
    channel: TipoffChannel | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Only tip-offs received this way."
    )
    cadre_code: str | None = strawberry.field(
        default=None, description="Only tip-offs routed to the cadre with this personnel number."
    )
    jurisdiction: str | None = strawberry.field(
        default=None, description="Only tip-offs under the jurisdiction with this unit code (J2)."
    )
    overdue: bool | None = strawberry.field(
        default=None, description="Routing or the acceptance notice is past its deadline."
    )
    due_before: datetime.date | None = strawberry.field(
        default=None, description="Routing or the acceptance notice falls due before this day."
    )


def _due_before(day: datetime.date) -> Q:
    return Q(
        Q(status=TipoffStatusModel.RECEIVED, routing_due__lt=day),
        Q(
            acknowledged_at__isnull=True,
            acknowledgement_due__isnull=False,  # anonymous: no notice owed, never overdue
            acknowledgement_due__lt=day,
        ),
        join_type=Q.OR,
    )


def overdue_condition() -> Q:
    """Routing or the acceptance notice past its deadline today: `overdue: true`, and what the
    dashboard counts as overdue."""
    return _due_before(today())


def apply_filter(qs: QuerySet[TipoffModel], f: TipoffFilter | None) -> QuerySet[TipoffModel]:
    if f is None:
        return qs
    if f.status is not None:
        qs = qs.filter(status=f.status)
    if f.channel is not None:
        qs = qs.filter(channel=f.channel)
    if f.cadre_code:
        qs = qs.filter(
            subject_cadre_id__in=Subquery(CadreModel.filter(code=f.cadre_code).values("id"))
        )
    if f.jurisdiction:
        qs = qs.filter(
            jurisdiction_id__in=Subquery(OrgUnitModel.filter(code=f.jurisdiction).values("id"))
        )
    if f.overdue is not None:
        late = overdue_condition()
        qs = qs.filter(late) if f.overdue else qs.filter(~late)
    if f.due_before is not None:
        qs = qs.filter(_due_before(f.due_before))
    return qs


@strawberry.type
class TipoffQueries:
    @strawberry.field(
        description=(
            "Tip-offs under the caller's jurisdiction and, read-only, below it (J2-J4), oldest "
            "first; "
            "never those about the caller's own cadre record (J5). Supervision staff."
        )
    )
    @through_layer
    async def tipoffs(
        self,
        info: Info,
        filter: Annotated[
            TipoffFilter | None,
            strawberry.argument(description="Conditions the tip-offs must meet."),
        ] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[Tipoff]:
        return await restricted_page(
            info,
            Tipoff,
            TipoffModel.all(),
            kind="tipoff",
            first=first,
            after=after,
            narrow=lambda qs: apply_filter(qs, filter),
        )

    @strawberry.field(
        description="One tip-off by global id; `null` when the caller may not read it (J3-J5)."
    )
    @through_layer
    async def tipoff(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The tip-off's global id.")],
    ) -> Tipoff | None:
        return await one_by_global_id(info, id, Tipoff)

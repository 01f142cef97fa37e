"""The filter every list of the cadre's file takes (cadre, area, days)."""

from __future__ import annotations

import datetime
from typing import TypeVar

import strawberry
from tortoise.expressions import Subquery
from tortoise.models import Model
from tortoise.queryset import QuerySet

from models import Cadre, OrgUnit

M = TypeVar("M", bound=Model)
READ = "read"


@strawberry.input(description="The filter every list of the cadre's file takes.")
class RecordFilter:
    cadre_code: str | None = strawberry.field(
        default=None,
        description=(
            "Only records about this cadre (personnel number); for team records, those the "
            "cadre attended."
        ),
    )
    unit_code: str | None = strawberry.field(
        default=None,
        description=(
            "Only records of this unit's area: about cadres working at or below the unit, or of "
            "teams at or below it."
        ),
    )
    from_: datetime.date | None = strawberry.field(
        default=None, name="from", description="Only records dated on or after this day."
    )
    to: datetime.date | None = strawberry.field(
        default=None, description="Only records dated on or before this day."
    )


def cadres_coded(code: str) -> Subquery:
    return Subquery(Cadre.filter(code=code.strip()).values("id"))


async def units_at_or_below(code: str) -> Subquery | None:
    """The ids of the unit `code` and every unit below it; None when there is no such unit."""
    unit = await OrgUnit.get_or_none(code=code.strip())
    if unit is None:
        return None
    return Subquery(OrgUnit.filter(path__startswith=unit.path).values("id"))


async def narrow(
    qs: QuerySet[M],
    f: RecordFilter | None,
    *,
    date: str,
    attendance: tuple[type[Model], str] | None = None,
) -> QuerySet[M]:
    """The common filter on a list: about a cadre (or, for a team record, attended by them,
    through `attendance` = (attendee model, its column naming the record)), in an area, between
    two days (`date` is the record's date column)."""
    if f is None:
        return qs
    if f.cadre_code:
        if attendance is None:
            qs = qs.filter(cadre_id__in=cadres_coded(f.cadre_code))
        else:
            model, column = attendance
            attended = model.filter(cadre_id__in=cadres_coded(f.cadre_code)).values(column)
            qs = qs.filter(id__in=Subquery(attended))
    if f.unit_code:
        units = await units_at_or_below(f.unit_code)
        if units is None:
            return qs.filter(id__in=[])
        if attendance is None:
            working = Subquery(Cadre.filter(work_unit_id__in=units).values("id"))
            qs = qs.filter(cadre_id__in=working)
        else:
            qs = qs.filter(unit_id__in=units)
    if f.from_ is not None:
        qs = qs.filter(**{f"{date}__gte": f.from_})
    if f.to is not None:
        qs = qs.filter(**{f"{date}__lte": f.to})
    return qs

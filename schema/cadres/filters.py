"""`CadreFilter`: narrowing a cadre list the way Chinese users search for people."""

from __future__ import annotations

import re

import strawberry
from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from api.context import Context
from api.errors import BadUserInput
from models import Cadre, OrgUnit
from schema.cadres.types import CadreRank, CadreStatus
from schema.dashboard.warnings import WarningLevel, warning_condition


@strawberry.input(
    description="Narrows a cadre list; every condition given must hold, and runs in SQL."
)
class CadreFilter:
    managing_unit: str | None = strawberry.field(
        default=strawberry.UNSET,
        description="Code of the managing unit (J1); an unknown code is `BAD_USER_INPUT`.",
    )
    work_unit: str | None = strawberry.field(
        default=strawberry.UNSET,
        description="Code of the unit the cadre works in; an unknown code is `BAD_USER_INPUT`.",
    )
    search: str | None = strawberry.field(
        default=strawberry.UNSET,
        description="A name (王建国), its pinyin (wangjianguo), its initials (wjg) or a code.",
    )
    is_top_leader: bool | None = strawberry.field(
        default=strawberry.UNSET, description="Only top leaders (一把手), or only the others."
    )
    manages_funds: bool | None = strawberry.field(
        default=strawberry.UNSET,
        description="Only cadres who manage money or materials (D7), or only the others.",
    )
    rank: CadreRank | None = strawberry.field(  # type: ignore[valid-type]
        default=strawberry.UNSET, description="Only cadres of this rank."
    )
    status: CadreStatus | None = strawberry.field(  # type: ignore[valid-type]
        default=strawberry.UNSET, description="Only cadres with this status."
    )
    warning_level: WarningLevel | None = strawberry.field(
        default=strawberry.UNSET,
        description="Only cadres whose `warning` has this level (as the caller sees it).",
    )


async def apply_cadre_filter(
    qs: QuerySet[Cadre], f: CadreFilter | None, context: Context | None = None
) -> QuerySet[Cadre]:
    """The client's filter inside the caller's scope; `warningLevel` needs the caller (`context`),
    whose scope bounds the records a warning may count."""
    if f is None:
        return qs
    if f.warning_level:
        if context is None:
            raise TypeError("a warningLevel filter needs the caller's context")
        qs = qs.filter(await warning_condition(context, f.warning_level))
    if f.managing_unit:
        qs = qs.filter(managing_unit_id=await _unit_id(f.managing_unit, "managingUnit"))
    if f.work_unit:
        qs = qs.filter(work_unit_id=await _unit_id(f.work_unit, "workUnit"))
    if f.is_top_leader is not None and f.is_top_leader is not strawberry.UNSET:
        qs = qs.filter(is_top_leader=f.is_top_leader)
    if f.manages_funds is not None and f.manages_funds is not strawberry.UNSET:
        qs = qs.filter(manages_funds=f.manages_funds)
    if f.rank:
        qs = qs.filter(rank=f.rank)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.search:
        qs = qs.filter(search_condition(f.search))
    return qs


def search_condition(text: str) -> Q:
    """Name, full pinyin (spaces and tone marks ignored), pinyin initials, or personnel code."""
    term = text.strip()
    if not term:
        raise BadUserInput("`search` must not be blank", argument="filter.search")
    latin = re.sub(r"[\s'·-]+", "", term).lower()
    parts = [Q(name__contains=term), Q(code__icontains=term)]
    if latin.isascii() and latin.isalpha():
        parts += [Q(name_pinyin__contains=latin), Q(name_initials__startswith=latin)]
    return Q(*parts, join_type=Q.OR)


async def _unit_id(code: str, argument: str) -> int:
    unit_id = await OrgUnit.filter(code=code).first().values_list("id", flat=True)
    if unit_id is None:
        raise BadUserInput(f"unknown unit code {code!r}", argument=f"filter.{argument}")
    return int(str(unit_id))

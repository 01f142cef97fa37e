"""Selection queries: `selections`, `selection`, `integrityAppraisalRequests`, `committee`,
`committeeRolls`, `responsibilityChain`, `selectionCompliance`. Every list is restricted in SQL."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Annotated

import strawberry
from tortoise.expressions import Subquery
from tortoise.queryset import QuerySet

from api.errors import NotFound
from models import CommitteeRoll as RollModel
from models import IntegrityAppraisalRequest as RequestModel
from models import OrgUnit as OrgUnitModel
from models import Selection as SelectionModel
from models import User as UserModel
from policies.resources import APPRAISAL, COMMITTEE, SELECTION, Resource
from policies.scope import restrict
from rules.accountability import responsibility_chain
from rules.compliance import REPORTING_KINDS
from rules.selection_common import today
from schema.ids import decode_id
from schema.info import Info
from schema.relay import After, Connection, First, paginate, restricted_page
from schema.selection.access import READ, appraisal_scope, readable_selections, selection_scope
from schema.selection.appraisal_types import IntegrityAppraisalRequest
from schema.selection.committee_types import Committee
from schema.selection.compliance_types import UnitCompliance
from schema.selection.inputs import SelectionId
from schema.selection.responsibility_types import ResponsibilityLink
from schema.selection.types import Selection, SelectionKind, SelectionStatus

# The units whose selection work the caller reads (S9): the unit row is its own jurisdiction.
UNIT_SELECTION_WORK = Resource("selection", jurisdiction="id", label="selection_compliance")


@strawberry.input(description="Narrows a list of selections; every condition given must hold.")
class SelectionFilter:
    status: SelectionStatus | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Only selections with this status."
    )
    kind: SelectionKind | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Only selections of this kind."
    )
    managing_unit: str | None = strawberry.field(
        default=None, description="Only selections of the jurisdiction with this unit code."
    )


async def _selection(info: Info, id: str) -> SelectionModel | None:
    info.context.require_principal()
    try:
        selection_id = decode_id(id, "Selection", "id")
    except NotFound:
        return None
    (row,) = await readable_selections(info, [selection_id])
    return row


@strawberry.type
class SelectionQueries:
    @strawberry.field(
        description=(
            "Selections under the caller's jurisdiction and, read-only, below (J3, J4), oldest "
            "first. Selectors and supervisors; empty for other roles."
        )
    )
    async def selections(
        self,
        info: Info,
        filter: Annotated[
            SelectionFilter | None,
            strawberry.argument(description="Conditions the selections must meet."),
        ] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[Selection]:
        def narrow(qs: QuerySet[SelectionModel]) -> QuerySet[SelectionModel]:
            if filter is None:
                return qs
            if filter.status is not None:
                qs = qs.filter(status=filter.status)
            if filter.kind is not None:
                qs = qs.filter(kind=filter.kind)
            if filter.managing_unit:
                units = Subquery(OrgUnitModel.filter(code=filter.managing_unit).values("id"))
                qs = qs.filter(managing_unit_id__in=units)
            return qs

        return await restricted_page(
            info,
            SELECTION,
            SelectionModel.all(),
            kind="selection",
            first=first,
            after=after,
            narrow=narrow,
            to_node=lambda row, _: Selection.of(row),
        )

    @strawberry.field(
        description="One selection; `null` when it does not exist or the caller may not read it."
    )
    async def selection(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The selection's global id.")],
    ) -> Selection | None:
        row = await _selection(info, id)
        return Selection.of(row) if row else None

    @strawberry.field(
        description="Integrity appraisal requests: to the discipline commission, those addressed "
        "to its unit; to the organisation side, those of its own selections."
    )
    async def integrity_appraisal_requests(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[IntegrityAppraisalRequest]:
        scope = await appraisal_scope(info)
        if scope.empty:
            return Connection.empty()

        def log(rows: Sequence[RequestModel]) -> None:
            info.context.record_read(APPRAISAL, READ, scope, [r.id for r in rows])

        return await paginate(
            restrict(RequestModel.all(), scope, APPRAISAL),
            kind="appraisal",
            key="id",
            first=first,
            after=after,
            parse_key=int,
            on_page=log,
            to_node=IntegrityAppraisalRequest.of,
        )

    @strawberry.field(description="The committee roll in force on a day (default today).")
    async def committee(
        self,
        info: Info,
        unit_code: Annotated[str, strawberry.argument(description="Code of the committee's unit.")],
        on: Annotated[
            datetime.date | None,
            strawberry.argument(
                description="The offices' day to read the roll for; today when left out."
            ),
        ] = None,
    ) -> Committee | None:
        scope = await info.context.scope(COMMITTEE, READ)
        qs = restrict(RollModel.filter(unit__code=unit_code), scope, COMMITTEE)
        row = (
            await qs.filter(effective_from__lte=on or today())
            .order_by("-effective_from", "-id")
            .first()
        )
        if row is None:
            return None
        info.context.record_read(COMMITTEE, READ, scope, [row.id])
        return Committee.of(row)

    @strawberry.field(description="Every roll a unit's committee has had, newest first.")
    async def committee_rolls(
        self,
        info: Info,
        unit_code: Annotated[str, strawberry.argument(description="Code of the committee's unit.")],
    ) -> list[Committee]:
        scope = await info.context.scope(COMMITTEE, READ)
        qs = restrict(RollModel.filter(unit__code=unit_code), scope, COMMITTEE)
        rows = await qs.order_by("-effective_from", "-id")
        info.context.record_read(COMMITTEE, READ, scope, [r.id for r in rows])
        return [Committee.of(r) for r in rows]

    @strawberry.field(
        description="S7: who recommended, inspected and decided; null when the selection is not "
        "visible."
    )
    async def responsibility_chain(
        self, info: Info, selection_id: SelectionId
    ) -> list[ResponsibilityLink] | None:
        row = await _selection(info, selection_id)
        if row is None:
            return None
        links = await responsibility_chain(row)
        users = dict(
            await UserModel.filter(id__in={link.recorded_by_id for link in links}).values_list(
                "id", "username"
            )
        )
        return [
            ResponsibilityLink(
                role=link.role,
                organisation=link.organisation,
                on=link.on,
                detail=link.detail,
                recorded_by=str(users.get(link.recorded_by_id, "")),
                _cadre_id=link.cadre_id,
                _about_id=link.about_id,
            )
            for link in links
        ]

    @strawberry.field(
        description="S9: each county committee and city department whose selection work the "
        "caller reads, with its self-check, special report and checks for the year."
    )
    async def selection_compliance(
        self,
        info: Info,
        year: Annotated[int, strawberry.argument(description="The calendar year.")],
        first: First = None,
        after: After = None,
    ) -> Connection[UnitCompliance]:
        scope = await selection_scope(info)
        if scope.empty:
            return Connection.empty()
        qs = restrict(OrgUnitModel.filter(kind__in=REPORTING_KINDS), scope, UNIT_SELECTION_WORK)
        return await paginate(
            qs,
            kind="compliance",
            key="code",
            first=first,
            after=after,
            to_node=lambda u: UnitCompliance(year=year, _unit_id=u.id),
            on_page=lambda rows: info.context.record_read(
                UNIT_SELECTION_WORK, READ, scope, [f"{u.code}/{year}" for u in rows]
            ),
        )

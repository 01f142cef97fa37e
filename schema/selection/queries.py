"""Selection queries: `selections`, `selection`, `integrityAppraisalRequests`, `committee`,
`committeeRolls`, `responsibilityChain`, `selectionCompliance`. Every list is restricted in SQL."""

from __future__ import annotations

import datetime
from typing import Annotated

import strawberry
from tortoise.expressions import Subquery
from tortoise.queryset import QuerySet

from models import IntegrityAppraisalRequest as RequestModel
from models import OrgUnit as OrgUnitModel
from models import Selection as SelectionModel
from models import User as UserModel
from rules.accountability import responsibility_chain
from rules.compliance import REPORTING_KINDS
from rules.selection_common import today
from schema.ids import one_by_global_id
from schema.info import Info
from schema.protected import select, through_layer
from schema.relay import After, Connection, First, restricted_page
from schema.selection.appraisal_types import IntegrityAppraisalRequest
from schema.selection.committee_types import Committee
from schema.selection.compliance_types import UnitCompliance
from schema.selection.inputs import SelectionId
from schema.selection.responsibility_types import ResponsibilityLink
from schema.selection.types import Selection, SelectionKind, SelectionStatus

# The units whose selection work the caller reads (S9): the unit row is its own jurisdiction.


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


@strawberry.type
class SelectionQueries:
    @strawberry.field(
        description=(
            "Selections under the caller's jurisdiction and, read-only, below (J3, J4), oldest "
            "first. Selectors and supervisors; empty for other roles."
        )
    )
    @through_layer
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
            Selection,
            SelectionModel.all(),
            kind="selection",
            first=first,
            after=after,
            narrow=narrow,
        )

    @strawberry.field(
        description="One selection; `null` when it does not exist or the caller may not read it."
    )
    @through_layer
    async def selection(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The selection's global id.")],
    ) -> Selection | None:
        return await one_by_global_id(info, id, Selection)

    @strawberry.field(
        description="Integrity appraisal requests: to the discipline commission, those addressed "
        "to its unit; to the organisation side, those of its own selections."
    )
    @through_layer
    async def integrity_appraisal_requests(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[IntegrityAppraisalRequest]:
        return await restricted_page(
            info,
            IntegrityAppraisalRequest,
            RequestModel.all(),
            kind="appraisal",
            first=first,
            after=after,
        )

    @strawberry.field(description="The committee roll in force on a day (default today).")
    @through_layer
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
        found = await select(
            info,
            Committee,
            lambda qs: (
                qs.filter(unit__code=unit_code, effective_from__lte=on or today())
                .order_by("-effective_from", "-id")
                .limit(1)
            ),
        )
        return found[0] if found else None

    @strawberry.field(description="Every roll a unit's committee has had, newest first.")
    @through_layer
    async def committee_rolls(
        self,
        info: Info,
        unit_code: Annotated[str, strawberry.argument(description="Code of the committee's unit.")],
    ) -> list[Committee]:
        return await select(
            info,
            Committee,
            lambda qs: qs.filter(unit__code=unit_code).order_by("-effective_from", "-id"),
        )

    @strawberry.field(
        description="S7: who recommended, inspected and decided; null when the selection is not "
        "visible."
    )
    async def responsibility_chain(
        self, info: Info, selection_id: SelectionId
    ) -> list[ResponsibilityLink] | None:
        found = await one_by_global_id(info, selection_id, Selection)
        if found is None:
            return None
        reader = info.context.require_principal().cadre_id
        links = await responsibility_chain(found._row, reader=reader)
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
    @through_layer
    async def selection_compliance(
        self,
        info: Info,
        year: Annotated[int, strawberry.argument(description="The calendar year.")],
        first: First = None,
        after: After = None,
    ) -> Connection[UnitCompliance]:
        return await restricted_page(
            info,
            UnitCompliance,
            OrgUnitModel.filter(kind__in=REPORTING_KINDS),
            kind="compliance",
            key="code",
            parse_key=str,
            first=first,
            after=after,
            to_node=lambda u, _: UnitCompliance(year=year, _unit_id=u.id),
        )

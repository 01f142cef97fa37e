"""`caseNotices`: what a committee is told when a cadre under it is cleared (D5)."""

from __future__ import annotations

import datetime

import strawberry

from models import CaseNotice as NoticeModel
from policies.resources import CASE_NOTICE
from schema.cadres.access import person
from schema.cadres.types import Person
from schema.execution import context_only
from schema.info import Info
from schema.protected import protected, through_layer
from schema.relay import After, Connection, First, restricted_page
from schema.units.types import OrgUnit, unit_field


@protected(CASE_NOTICE, NoticeModel)
@strawberry.type(
    description=(
        "A notice to a committee that a cadre under it has been cleared (D5: 澄清正名); read by "
        "that committee's supervision staff and those above."
    )
)
class CaseNotice:
    body: str = strawberry.field(description="The text of the notice.")
    created_at: datetime.datetime = strawberry.field(description="When it was issued.")
    _unit_id: strawberry.Private[int]
    _cadre_id: strawberry.Private[int | None]

    @classmethod
    def of(cls, n: NoticeModel) -> CaseNotice:
        return cls(body=n.body, created_at=n.created_at, _unit_id=n.unit_id, _cadre_id=n.cadre_id)

    @strawberry.field(description="The committee told.")
    @context_only
    def unit(self, info: Info) -> OrgUnit:
        return unit_field(info, self._unit_id)  # type: ignore[return-value]

    @strawberry.field(
        description="The cadre whose name was cleared: the full `Cadre` when the caller may read "
        "that cadre, otherwise who they are."
    )
    @through_layer
    async def cadre(self, info: Info) -> Person | None:
        return await person(info, self._cadre_id)


@strawberry.type
class CaseNoticeQueries:
    @strawberry.field(
        description="Notices to the committees under the caller's jurisdiction that a cadre's "
        "name was cleared (D5), newest last."
    )
    @through_layer
    async def case_notices(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[CaseNotice]:
        return await restricted_page(
            info,
            CaseNotice,
            NoticeModel.all(),
            kind="case-notice",
            first=first,
            after=after,
        )

"""`Cadre`: an official under supervision, with the unit that manages them (J1)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay

from models import Cadre as CadreModel
from models import CadreRank as CadreRankModel
from models import CadreStatus as CadreStatusModel
from models import Gender as GenderModel
from policies.resources import CADRE
from schema.enums import described_enum
from schema.execution import context_only
from schema.file.timeline import TimelineEntry, TimelineFilter, timeline_page
from schema.info import Info
from schema.protected import protected, through_layer
from schema.relay import Connection
from schema.units.types import OrgUnit, unit_field

if TYPE_CHECKING:
    from schema.audits.types import AuditCommission, AuditRating
    from schema.selection.responsibility_types import AccountabilityRecord

Gender = described_enum(
    GenderModel,
    name="Gender",
    description="A cadre's gender as the personnel file records it.",
    values={GenderModel.MALE: "Male (男).", GenderModel.FEMALE: "Female (女)."},
)
CadreRank = described_enum(
    CadreRankModel,
    name="CadreRank",
    description="Civil-service leadership rank (职务级别), from 正厅级 down to 科员.",
    values={
        CadreRankModel.BUREAU_CHIEF: "Bureau (department) chief, 正厅级.",
        CadreRankModel.DEPUTY_BUREAU_CHIEF: "Deputy bureau chief, 副厅级.",
        CadreRankModel.DIVISION_CHIEF: "Division chief, 正处级 (e.g. a county party secretary).",
        CadreRankModel.DEPUTY_DIVISION_CHIEF: "Deputy division chief, 副处级.",
        CadreRankModel.SECTION_CHIEF: "Section chief, 正科级 (e.g. a township head).",
        CadreRankModel.DEPUTY_SECTION_CHIEF: "Deputy section chief, 副科级.",
        CadreRankModel.STAFF: "Staff member without a leadership rank, 科员.",
    },
)
CadreStatus = described_enum(
    CadreStatusModel,
    name="CadreStatus",
    description="Whether a cadre still holds office.",
    values={
        CadreStatusModel.IN_OFFICE: "In office (在职).",
        CadreStatusModel.RETIRED: "Retired (退休); the file is kept.",
        CadreStatusModel.LEFT: "Left the service (离职); the file is kept.",
    },
)


@strawberry.interface(
    name="Person",
    description=(
        "A cadre as another record names them: who they are (code, name, post, work unit). A "
        "`Cadre` (the personnel file) when the caller may read that cadre, otherwise a "
        "`PersonSummary` (J3, J7)."
    ),
)
class Person:
    code: str = strawberry.field(
        description="Personnel number, e.g. `C-0001`; arguments named `cadreCode` take it."
    )
    name: str = strawberry.field(description="Full name, in Chinese.")
    post: str = strawberry.field(description="The post held, e.g. party secretary of county A.")

    @strawberry.field(description="The unit this cadre works in.")
    def work_unit(self, info: Info) -> OrgUnit:
        raise NotImplementedError  # each implementation answers


@strawberry.type(
    name="PersonSummary",
    description=(
        "A cadre named by a record the caller may read, whose personnel file the caller may not "
        "read: who they are, nothing more (J3; J7: administrators, the audit bureau and the "
        "discipline commission see cadres only so)."
    ),
)
class PersonSummary(Person):
    _work_unit_id: strawberry.Private[int]

    @classmethod
    def of(cls, c: CadreModel) -> PersonSummary:
        return cls(code=c.code, name=c.name, post=c.post, _work_unit_id=c.work_unit_id)

    @strawberry.field(description="The unit this cadre works in.")
    @context_only
    def work_unit(self, info: Info) -> OrgUnit:
        return unit_field(info, self._work_unit_id)  # type: ignore[return-value]


@protected(CADRE, CadreModel, shared=lambda loaders: loaders.cadre)
@strawberry.type(
    name="Cadre",
    description=(
        "An official whose appointment and conduct are supervised (干部): the personnel file's "
        "head. Readable by supervision and selection staff of the cadre's managing unit and, "
        "through oversight, of the units above it (J3, J4); never by administrators, the audit "
        "bureau or the discipline commission, which see a cadre only as a `PersonSummary` (J7)."
    ),
)
class Cadre(relay.Node, Person):
    id: relay.NodeID[int]
    gender: Gender = strawberry.field(description="Gender.")  # type: ignore[valid-type]
    birth_date: datetime.date | None = strawberry.field(
        description="Date of birth, `null` when the file does not hold it."
    )
    rank: CadreRank = strawberry.field(description="Leadership rank.")  # type: ignore[valid-type]
    is_top_leader: bool = strawberry.field(description="Head of a leadership team (一把手).")
    manages_funds: bool = strawberry.field(description="Manages money or materials (D7).")
    status: CadreStatus = strawberry.field(  # type: ignore[valid-type]
        description="Whether the cadre still holds office."
    )
    updated_at: datetime.datetime = strawberry.field(
        description="When the personnel record last changed."
    )
    _managing_unit_id: strawberry.Private[int]
    _work_unit_id: strawberry.Private[int]

    @classmethod
    def of(cls, c: CadreModel) -> Cadre:
        return cls(
            id=c.id,
            code=c.code,
            name=c.name,
            gender=c.gender,
            birth_date=c.birth_date,
            post=c.post,
            rank=c.rank,
            is_top_leader=c.is_top_leader,
            manages_funds=c.manages_funds,
            status=c.status,
            updated_at=c.updated_at,
            _managing_unit_id=c.managing_unit_id,
            _work_unit_id=c.work_unit_id,
        )

    @strawberry.field(description="The committee with management authority over this cadre (J1).")
    @context_only
    def managing_unit(self, info: Info) -> OrgUnit:
        return unit_field(info, self._managing_unit_id)  # type: ignore[return-value]

    @strawberry.field(description="The unit this cadre works in.")
    @context_only
    def work_unit(self, info: Info) -> OrgUnit:
        return unit_field(info, self._work_unit_id)  # type: ignore[return-value]

    @strawberry.field(
        description="Economic-responsibility audits of this cadre that the caller may read, "
        "newest period first (D7: used in selection and assessment)."
    )
    @through_layer
    async def audits(
        self, info: Info
    ) -> list[Annotated[AuditCommission, strawberry.lazy("schema.audits.types")]]:
        from schema.audits.types import audits_of_cadre

        return await audits_of_cadre(info, self.id)

    @strawberry.field(description="The rating of the latest audit with a result, if any.")
    async def latest_audit_rating(
        self, info: Info
    ) -> Annotated[AuditRating, strawberry.lazy("schema.audits.types")] | None:  # type: ignore[valid-type]
        from schema.audits.types import latest_rating

        return await latest_rating(info, self.id)

    @strawberry.field(
        description="Accountability for failed appointments this cadre recommended, inspected or "
        "decided (S7), under the jurisdictions whose selections the caller reads; newest first."
    )
    @through_layer
    async def accountability_records(
        self, info: Info
    ) -> list[
        Annotated[AccountabilityRecord, strawberry.lazy("schema.selection.responsibility_types")]
    ]:
        from schema.selection.responsibility_types import accountability_of_cadre

        return await accountability_of_cadre(info, self.id)

    @strawberry.field(
        description="The cadre's file (D6): every record about this cadre from every part of "
        "the system that the caller may read, newest first (J3–J7; never a reporter, J6)."
    )
    async def timeline(
        self,
        info: Info,
        first: Annotated[
            int | None, strawberry.argument(description="Page size: 20 if omitted, at most 100.")
        ] = None,
        after: Annotated[
            str | None, strawberry.argument(description="The `endCursor` of the previous page.")
        ] = None,
        filter: Annotated[
            TimelineFilter | None, strawberry.argument(description="Kinds and office days.")
        ] = None,
    ) -> Connection[TimelineEntry]:
        return await timeline_page(info, self.id, filter, first, after)

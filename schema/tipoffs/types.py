"""`Tipoff` as supervision staff see it. The reporter is `null` unless this caller holds the reveal
permission for the tip-off's unit and has revealed it (J6)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay

from models import DeadlineBasis as DeadlineBasisModel
from models import Tipoff as TipoffModel
from models import TipoffChannel as TipoffChannelModel
from models import TipoffMessage as MessageModel
from models import TipoffReveal as RevealModel
from models import TipoffStatus as TipoffStatusModel
from models import TipoffTransfer as TransferModel
from policies.resources import TIPOFF
from rules.calendar import office_today
from rules.tipoffs import reporter_of
from schema.cadres.types import Cadre
from schema.enums import described_enum
from schema.info import Info
from schema.loaders import grouped
from schema.protected import protected, record, through_layer
from schema.units.types import OrgUnit

if TYPE_CHECKING:
    from schema.cases.types import Case

TipoffChannel = described_enum(
    TipoffChannelModel,
    name="TipoffChannel",
    description="How a tip-off (举报) reached the office.",
    values={
        TipoffChannelModel.PHONE: "By telephone (e.g. the 12380 line), registered by staff.",
        TipoffChannelModel.LETTER: "By letter, registered by staff.",
        TipoffChannelModel.VISIT: "In person (来访), registered by staff.",
        TipoffChannelModel.ONLINE: "Online, by the reporter through `submitTipoff` or `/report`.",
        TipoffChannelModel.REFERRAL: (
            "Referred by another department (移送), which `sourceDepartment` names (D5)."
        ),
    },
)
TipoffStatus = described_enum(
    TipoffStatusModel,
    name="TipoffStatus",
    description="Where a tip-off stands in the office's handling (J2, D5).",
    values={
        TipoffStatusModel.RECEIVED: (
            "Waiting in a jurisdiction's queue to be routed to the cadre it concerns (J2)."
        ),
        TipoffStatusModel.ROUTED: "Routed to a cadre: under that cadre's managing unit (J2).",
        TipoffStatusModel.IN_CASE: "Joined a case that verifies it (D5).",
        TipoffStatusModel.CONCLUDED: "Its case has been decided.",
    },
)
DeadlineBasis = described_enum(
    DeadlineBasisModel,
    name="DeadlineBasis",
    description="How a deadline counted in working days was computed.",
    values={
        DeadlineBasisModel.OFFICIAL_CALENDAR: (
            "Working days of the official holiday calendar (法定节假日 and adjusted workdays)."
        ),
        DeadlineBasisModel.WEEKDAYS_FALLBACK: (
            "Monday to Friday, because the holiday calendar does not cover that year yet: check "
            "the date by hand."
        ),
    },
)
READ = "read"


async def _unit(info: Info, unit_id: int) -> OrgUnit:
    unit = await info.context.loaders.unit.load(unit_id)
    assert unit is not None
    return OrgUnit.of(unit)


def today() -> datetime.date:
    return office_today()


@strawberry.type(
    description=(
        "Whom a tip-off is about, as the reporter named them, and the cadre it was routed to."
    )
)
class TipoffSubject:
    name: str = strawberry.field(description="The name as the reporter gave it; may be empty.")
    post: str = strawberry.field(description="The post as the reporter gave it; may be empty.")
    unit: str = strawberry.field(description="The unit as the reporter named it; may be empty.")
    _cadre_id: strawberry.Private[int | None]

    @strawberry.field(
        description=(
            "The cadre it was routed to, `null` before routing or if the caller may not read that "
            "cadre."
        )
    )
    @through_layer
    async def cadre(self, info: Info) -> Cadre | None:
        return await record(info, Cadre, self._cadre_id)


@strawberry.type(
    description=(
        "Who reported a tip-off. Shown only to holders of the reveal permission for the tip-off's "
        "unit who revealed it; every showing is logged (J6, J8)."
    )
)
class TipoffReporter:
    name: str | None = strawberry.field(description="The reporter's name, `null` if not given.")
    contact: str | None = strawberry.field(
        description="How to reach the reporter (phone, address, e-mail), `null` if not given."
    )


@strawberry.type(description="A message between the office and the reporter of a tip-off.")
class TipoffMessage:
    at: datetime.datetime = strawberry.field(description="When it was sent.")
    body: str = strawberry.field(description="The text.")
    from_reporter: bool = strawberry.field(
        description="True when the reporter wrote it (by receipt code), false when the office did."
    )


@strawberry.type(description="A transfer of a tip-off to another jurisdiction (转办).")
class TipoffTransfer:
    at: datetime.datetime = strawberry.field(description="When it was transferred.")
    reason: str = strawberry.field(description="Why, as the transferring staff wrote it.")
    _from: strawberry.Private[int]
    _to: strawberry.Private[int]

    @strawberry.field(description="The jurisdiction it left.")
    async def from_unit(self, info: Info) -> OrgUnit:
        return await _unit(info, self._from)

    @strawberry.field(description="The jurisdiction it went to.")
    async def to_unit(self, info: Info) -> OrgUnit:
        return await _unit(info, self._to)


@protected(TIPOFF, TipoffModel)
@strawberry.type(
    name="Tipoff",
    description=(
        "A report about a cadre (举报) from the public or another department, as supervision "
        "staff see it: staff of the jurisdiction it falls under (J2, J3) and, read-only, of the "
        "units above (J4). A user whose own cadre record it concerns, or may concern by what it "
        "names, never sees it (J5); the reporter stays hidden unless revealed (J6). Every read is "
        "logged (J8)."
    ),
)
class Tipoff(relay.Node):
    id: relay.NodeID[int]
    received_at: datetime.datetime = strawberry.field(description="When it was received.")
    channel: TipoffChannel = strawberry.field(  # type: ignore[valid-type]
        description="How it was received."
    )
    status: TipoffStatus = strawberry.field(  # type: ignore[valid-type]
        description="Where its handling stands."
    )
    content: str = strawberry.field(description="What the reporter says, as received.")
    source_department: str = strawberry.field(
        description="For a referral, the department that sent it; empty otherwise."
    )
    routed_at: datetime.datetime | None = strawberry.field(
        description="When it was routed to a cadre (J2), `null` while it waits in a queue."
    )
    acknowledged_at: datetime.datetime | None = strawberry.field(
        description="When the acceptance notice (受理告知) went to the reporter, `null` before."
    )
    routing_due: datetime.date = strawberry.field(
        description=(
            "Routing or transfer to the right jurisdiction is due by this day (the offices' day; "
            "5 working days from receipt by default, `CADRE_ROUTING_WORKING_DAYS`)."
        )
    )
    acknowledgement_due: datetime.date | None = strawberry.field(
        description=(
            "The acceptance notice to a named reporter is due by this day (15 working days from "
            "receipt by default); `null` for an anonymous tip-off, which is owed none."
        )
    )
    deadline_basis: DeadlineBasis = strawberry.field(  # type: ignore[valid-type]
        description=(
            "How the working-day deadlines were counted: `WEEKDAYS_FALLBACK` when the holiday "
            "calendar does not cover the period yet."
        )
    )
    _row: strawberry.Private[TipoffModel]

    @classmethod
    def of(cls, t: TipoffModel) -> Tipoff:
        return cls(
            id=t.id,
            received_at=t.received_at,
            channel=t.channel,
            status=t.status,
            content=t.content,
            source_department=t.source_department,
            routed_at=t.routed_at,
            acknowledged_at=t.acknowledged_at,
            routing_due=t.routing_due,
            acknowledgement_due=t.acknowledgement_due,
            deadline_basis=t.deadline_basis,
            _row=t,
        )

    @strawberry.field(
        description=(
            "True when routing, or the acceptance notice to a named reporter, is past its day."
        )
    )
    def overdue(self) -> bool:
        t = self._row
        late_routing = t.status == TipoffStatusModel.RECEIVED and t.routing_due < today()
        late_notice = (
            t.acknowledgement_due is not None
            and t.acknowledged_at is None
            and t.acknowledgement_due < today()
        )
        return late_routing or late_notice

    @strawberry.field(description="Whom it is about: as named, and the cadre once routed.")
    def subject(self) -> TipoffSubject:
        t = self._row
        return TipoffSubject(
            name=t.subject_name,
            post=t.subject_post,
            unit=t.subject_unit_text,
            _cadre_id=t.subject_cadre_id,
        )

    @strawberry.field(description="The jurisdiction the tip-off falls under (J2).")
    async def jurisdiction(self, info: Info) -> OrgUnit:
        return await _unit(info, self._row.jurisdiction_id)

    @strawberry.field(description="The unit that received it (its first queue).")
    async def receiving_unit(self, info: Info) -> OrgUnit:
        return await _unit(info, self._row.receiving_unit_id)

    @strawberry.field(
        description=(
            "The reporter: `null` unless the caller holds the reveal permission for this tip-off's "
            "unit and has revealed it with `revealTipoffReporter` (J6); each showing is logged "
            "(J8)."
        )
    )
    async def reporter(self, info: Info) -> TipoffReporter | None:
        if not await _revealed_to_caller(info, self._row):
            return None
        found = reporter_of(self._row, info.context.settings)
        if found is None:
            return None
        # Every showing of the identity is logged as such, not as a plain read (J6, J8).
        scope = await info.context.scope(TIPOFF, "reveal")
        info.context.record_read(TIPOFF, "reveal", scope, [self._row.id])
        return TipoffReporter(name=found.name, contact=found.contact)

    @strawberry.field(
        description="Messages with the reporter, oldest first (the reporter reads them by receipt)."
    )
    async def messages(self, info: Info) -> list[TipoffMessage]:
        loader = info.context.loaders.get("tipoff_messages", grouped(MessageModel.all, "tipoff_id"))
        return [
            TipoffMessage(at=m.at, body=m.body, from_reporter=m.from_reporter)
            for m in await loader.load(self.id)
        ]

    @strawberry.field(description="Transfers to other jurisdictions (转办), oldest first.")
    async def transfers(self, info: Info) -> list[TipoffTransfer]:
        loader = info.context.loaders.get(
            "tipoff_transfers", grouped(TransferModel.all, "tipoff_id")
        )
        return [
            TipoffTransfer(at=t.at, reason=t.reason, _from=t.from_unit_id, _to=t.to_unit_id)
            for t in await loader.load(self.id)
        ]

    @strawberry.field(
        description="The case verifying it, `null` before one is opened or if the caller may not "
        "read it."
    )
    @through_layer
    async def case(
        self, info: Info
    ) -> Annotated[Case, strawberry.lazy("schema.cases.types")] | None:
        from schema.cases.types import Case

        return await record(info, Case, self._row.case_id)


async def _revealed_to_caller(info: Info, tipoff: TipoffModel) -> bool:
    """J6: a reveal by this caller, and the reveal permission for the tip-off's unit still held."""
    scope = await info.context.scope(TIPOFF, "reveal")
    if not scope.admits(TIPOFF, tipoff):
        return False
    user_id = info.context.require_principal().user_id

    async def load(keys: list[int]) -> list[bool]:
        seen: set[int] = set(
            await RevealModel.filter(tipoff_id__in=keys, user_id=user_id).values_list(  # type: ignore[arg-type]
                "tipoff_id", flat=True
            )
        )
        return [k in seen for k in keys]

    revealed: bool = await info.context.loaders.get("reveals", load).load(tipoff.id)
    return revealed

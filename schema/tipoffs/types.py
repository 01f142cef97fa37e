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
from schema.info import Info
from schema.loaders import grouped
from schema.protected import protected, record, through_layer
from schema.units.types import OrgUnit

if TYPE_CHECKING:
    from schema.cases.types import Case

TipoffChannel = strawberry.enum(TipoffChannelModel, name="TipoffChannel")
TipoffStatus = strawberry.enum(TipoffStatusModel, name="TipoffStatus")
DeadlineBasis = strawberry.enum(DeadlineBasisModel, name="DeadlineBasis")
READ = "read"


async def _unit(info: Info, unit_id: int) -> OrgUnit:
    unit = await info.context.loaders.unit.load(unit_id)
    assert unit is not None
    return OrgUnit.of(unit)


def today() -> datetime.date:
    return office_today()


@strawberry.type
class TipoffSubject:
    name: str
    post: str
    unit: str = strawberry.field(description="The unit as the reporter named it.")
    _cadre_id: strawberry.Private[int | None]

    @strawberry.field(description="The cadre it was routed to, if the caller may read that cadre.")
    @through_layer
    async def cadre(self, info: Info) -> Cadre | None:
        return await record(info, Cadre, self._cadre_id)


@strawberry.type
class TipoffReporter:
    name: str | None
    contact: str | None


@strawberry.type
class TipoffMessage:
    at: datetime.datetime
    body: str
    from_reporter: bool


@strawberry.type
class TipoffTransfer:
    at: datetime.datetime
    reason: str
    _from: strawberry.Private[int]
    _to: strawberry.Private[int]

    @strawberry.field
    async def from_unit(self, info: Info) -> OrgUnit:
        return await _unit(info, self._from)

    @strawberry.field
    async def to_unit(self, info: Info) -> OrgUnit:
        return await _unit(info, self._to)


@protected(TIPOFF, TipoffModel)
@strawberry.type(name="Tipoff")
class Tipoff(relay.Node):
    id: relay.NodeID[int]
    received_at: datetime.datetime
    channel: TipoffChannel  # type: ignore[valid-type]
    status: TipoffStatus  # type: ignore[valid-type]
    content: str
    source_department: str
    routed_at: datetime.datetime | None
    acknowledged_at: datetime.datetime | None
    routing_due: datetime.date = strawberry.field(
        description="Routing or transfer to the right jurisdiction is due by this day."
    )
    acknowledgement_due: datetime.date | None = strawberry.field(
        description="The acceptance notice to a named reporter is due by this day."
    )
    deadline_basis: DeadlineBasis = strawberry.field(  # type: ignore[valid-type]
        description="WEEKDAYS_FALLBACK when the holiday calendar does not cover the period yet."
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

    @strawberry.field
    def overdue(self) -> bool:
        t = self._row
        late_routing = t.status == TipoffStatusModel.RECEIVED and t.routing_due < today()
        late_notice = (
            t.acknowledgement_due is not None
            and t.acknowledged_at is None
            and t.acknowledgement_due < today()
        )
        return late_routing or late_notice

    @strawberry.field
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

    @strawberry.field
    async def receiving_unit(self, info: Info) -> OrgUnit:
        return await _unit(info, self._row.receiving_unit_id)

    @strawberry.field(description="Null unless you hold the reveal permission and revealed it.")
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

    @strawberry.field
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

    @strawberry.field(description="The case this tip-off was joined in, if the caller may read it.")
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

"""Decision meetings (S5, J5) and the decision they add up to, as GraphQL types."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

import strawberry
from strawberry import relay

from models import DecisionMeeting as MeetingModel
from models import MeetingResult as ResultModel
from models import MeetingVote as VoteModel
from models import Vote as VoteEnumModel
from policies.resources import DECISION_MEETING
from schema.cadres.access import people, person
from schema.cadres.types import Person
from schema.enums import described_enum
from schema.info import Info
from schema.loaders import grouped
from schema.protected import protected, through_layer

Vote = described_enum(
    VoteEnumModel,
    name="Vote",
    description="A present member's vote on a candidate at a decision meeting (S5).",
    values={
        VoteEnumModel.AGREE: "Agree (同意).",
        VoteEnumModel.DISAGREE: "Disagree (不同意).",
        VoteEnumModel.DEFER: "Defer (缓议).",
    },
)


@strawberry.type(description="One candidate's count at a decision meeting (S5).")
class CandidateResult:
    agree: int = strawberry.field(description="Agree votes.")
    disagree: int = strawberry.field(description="Disagree votes.")
    defer: int = strawberry.field(description="Defer votes.")
    passed: bool = strawberry.field(
        description="Whether agree votes are more than half of the whole roll (S5)."
    )
    _cadre_id: strawberry.Private[int]

    @strawberry.field(description="The candidate.")
    @through_layer
    async def candidate(self, info: Info) -> Person | None:
        return await person(info, self._cadre_id)


@strawberry.type(description="One member's vote on one candidate, as the minutes record it.")
class CastVote:
    vote: Vote = strawberry.field(description="The vote.")  # type: ignore[valid-type]
    _member_id: strawberry.Private[int]
    _candidate_id: strawberry.Private[int]

    @strawberry.field(description="The member who voted.")
    @through_layer
    async def member(self, info: Info) -> Person | None:
        return await person(info, self._member_id)

    @strawberry.field(description="The candidate voted on.")
    @through_layer
    async def candidate(self, info: Info) -> Person | None:
        return await person(info, self._candidate_id)


@protected(DECISION_MEETING, MeetingModel)
@strawberry.type(name="DecisionMeeting", description="A decision meeting and its arithmetic (S5).")
class DecisionMeeting(relay.Node):
    id: relay.NodeID[int]
    held_on: datetime.date = strawberry.field(
        description="The offices' day it was held; the roll in force that day counts."
    )
    quorum: int = strawberry.field(description="⌈2/3 × the roll⌉ members present (S5).")
    agree_needed: int = strawberry.field(description="More than half of the whole roll (S5).")
    minutes: str = strawberry.field(description="The minutes.")
    recorded_at: datetime.datetime = strawberry.field(description="When it was recorded.")
    _row: strawberry.Private[MeetingModel]

    @classmethod
    def of(cls, m: MeetingModel) -> DecisionMeeting:
        return cls(
            id=m.id,
            held_on=m.held_on,
            quorum=m.quorum,
            agree_needed=m.agree_needed,
            minutes=m.minutes,
            recorded_at=m.recorded_at,
            _row=m,
        )

    @strawberry.field(description="The committee roll in force on the day (应到会成员).")
    @through_layer
    async def members(self, info: Info) -> list[Person]:
        return await people(info, self._row.member_ids)

    @strawberry.field(description="The members present.")
    @through_layer
    async def present(self, info: Info) -> list[Person]:
        return await people(info, self._row.present_ids)

    @strawberry.field(description="Each candidate's count and whether they passed.")
    async def results(self, info: Info) -> list[CandidateResult]:
        loader = info.context.loaders.get(
            "meeting_results", grouped(ResultModel.all, "meeting_id", "position")
        )
        return [
            CandidateResult(
                agree=r.agree,
                disagree=r.disagree,
                defer=r.defer,
                passed=r.passed,
                _cadre_id=r.candidate_id,
            )
            for r in await loader.load(self.id)
        ]

    @strawberry.field(description="Every vote cast, as the minutes record it.")
    async def votes(self, info: Info) -> list[CastVote]:
        loader = info.context.loaders.get("meeting_votes", grouped(VoteModel.all, "meeting_id"))
        return [
            CastVote(vote=v.vote, _member_id=v.member_id, _candidate_id=v.candidate_id)
            for v in await loader.load(self.id)
        ]


@strawberry.type(description="Where the decision stands: who passed, and whether it is final.")
class SelectionDecision:
    decided_on: datetime.date | None = strawberry.field(
        description="The day the last of `positions` candidates passed; `null` while open."
    )
    _passed_ids: strawberry.Private[list[int]]

    @strawberry.field(description="The candidates who passed so far.")
    @through_layer
    async def passed(self, info: Info) -> list[Person]:
        return await people(info, self._passed_ids)


async def decision_of(
    info: Info, selection_id: int, decided_on: datetime.date | None
) -> SelectionDecision | None:
    """Null until a meeting has voted; then the candidates passed so far."""

    async def load(keys: list[int]) -> Sequence[list[dict[str, Any]]]:
        rows = (
            await ResultModel.filter(meeting__selection_id__in=keys)
            .order_by("meeting_id", "position")
            .values("meeting__selection_id", "candidate_id", "passed")
        )
        groups: dict[int, list[dict[str, Any]]] = {k: [] for k in keys}
        for row in rows:
            groups[row["meeting__selection_id"]].append(row)
        return [groups[k] for k in keys]

    results = await info.context.loaders.get("decision", load).load(selection_id)
    if not results:
        return None
    return SelectionDecision(
        decided_on=decided_on, _passed_ids=[r["candidate_id"] for r in results if r["passed"]]
    )

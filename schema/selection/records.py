"""What a selection records before its decision: rounds (S1, S7), the fixing of candidates (S2),
the notice and its feedback (S3), inspections (S7), and the opinions (S4, L2)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from models import FeedbackChannel as FeedbackChannelModel
from models import InspectionFeedback as FeedbackModel
from models import InspectionRecord as InspectionModel
from models import RecommendationRound as RoundModel
from schema.cadres.access import people, person
from schema.cadres.types import Person
from schema.enums import described_enum
from schema.info import Info
from schema.loaders import grouped
from schema.protected import record, through_layer

if TYPE_CHECKING:
    from schema.tipoffs.types import Tipoff

FeedbackChannel = described_enum(
    FeedbackChannelModel,
    name="FeedbackChannel",
    description="How feedback during an inspection notice period reached the office (S3).",
    values={
        FeedbackChannelModel.PHONE: "By telephone.",
        FeedbackChannelModel.LETTER: "By letter.",
        FeedbackChannelModel.VISIT: "In person.",
        FeedbackChannelModel.ONLINE: "Online.",
        FeedbackChannelModel.REFERRAL: "Referred by another department.",
    },
)


@strawberry.type(description="One nominee's votes in a recommendation round (S1).")
class RecommendationTally:
    votes: int = strawberry.field(description="Votes the nominee received.")
    _cadre_id: strawberry.Private[int]

    @strawberry.field(description="The nominee.")
    @through_layer
    async def cadre(self, info: Info) -> Person | None:
        return await person(info, self._cadre_id)


@strawberry.type(description="Who recommended (S7): an organisation, or a leader in writing.")
class Recommender:
    organisation: str | None = strawberry.field(
        description="The recommending organisation, `null` when a leader recommended."
    )
    written_record: str | None = strawberry.field(
        description="A leader's written recommendation (S7: never verbal), `null` otherwise."
    )
    _leader_id: strawberry.Private[int | None]

    @strawberry.field(description="The recommending leader, `null` when an organisation did.")
    @through_layer
    async def leader(self, info: Info) -> Person | None:
        return await person(info, self._leader_id)


@strawberry.type(description="A democratic recommendation round (S1).")
class RecommendationRound:
    number: int = strawberry.field(description="The round's number in this selection, from 1.")
    eligible: int = strawberry.field(description="How many participants were eligible to vote.")
    cast: int = strawberry.field(description="How many ballots were cast (at most `eligible`).")
    recorded_at: datetime.datetime = strawberry.field(description="When it was recorded.")
    recommended_by: Recommender = strawberry.field(description="Who recommended (S7).")
    _id: strawberry.Private[int]

    @classmethod
    def of(cls, r: RoundModel) -> RecommendationRound:
        return cls(
            number=r.number,
            eligible=r.eligible,
            cast=r.cast,
            recorded_at=r.recorded_at,
            recommended_by=Recommender(
                organisation=r.recommending_organisation,
                written_record=r.written_record or None,
                _leader_id=r.recommending_leader_id,
            ),
            _id=r.id,
        )

    @strawberry.field(description="Each nominee's votes.")
    async def tallies(self, info: Info) -> list[RecommendationTally]:
        from models import RoundTally

        loader = info.context.loaders.get("round_tallies", grouped(RoundTally.all, "round_id"))
        return [
            RecommendationTally(votes=t.votes, _cadre_id=t.cadre_id)
            for t in await loader.load(self._id)
        ]


@strawberry.type(description="The announcement of inspection (S3).")
class InspectionNotice:
    notice_from: datetime.date = strawberry.field(
        description="First day of the notice period (the offices' day)."
    )
    notice_to: datetime.date = strawberry.field(description="Last day of the notice period.")
    announced_at: datetime.datetime = strawberry.field(description="When it was announced.")


@strawberry.type(description="Feedback received during the notice period (S3).")
class InspectionFeedback:
    received_on: datetime.date = strawberry.field(description="The offices' day it came in.")
    channel: FeedbackChannel = strawberry.field(  # type: ignore[valid-type]
        description="How it came in."
    )
    content: str = strawberry.field(description="What it says.")
    recorded_at: datetime.datetime = strawberry.field(description="When it was recorded.")
    _cadre_id: strawberry.Private[int | None]
    _tipoff_id: strawberry.Private[int | None]

    @classmethod
    def of(cls, f: FeedbackModel) -> InspectionFeedback:
        return cls(
            received_on=f.received_on,
            channel=f.channel,
            content=f.content,
            recorded_at=f.recorded_at,
            _cadre_id=f.cadre_id,
            _tipoff_id=f.tipoff_id,
        )

    @strawberry.field(description="The tip-off it became, if the caller may read it (S3).")
    @through_layer
    async def tipoff(
        self, info: Info
    ) -> Annotated[Tipoff, strawberry.lazy("schema.tipoffs.types")] | None:
        from schema.tipoffs.types import Tipoff

        return await record(info, Tipoff, self._tipoff_id)

    @strawberry.field(description="The candidate it concerns, if it names one.")
    @through_layer
    async def cadre(self, info: Info) -> Person | None:
        return await person(info, self._cadre_id)


@strawberry.type(description="One step of an inspection and the facts it established (S7).")
class InspectionStep:
    at: datetime.date = strawberry.field(description="The offices' day of the step.")
    action: str = strawberry.field(description="What was done (a talk, a document review ...).")
    facts: str = strawberry.field(description="The facts behind the step's conclusion (S7).")


@strawberry.type(description="The inspection of one candidate (S7).")
class Inspection:
    conclusion: str = strawberry.field(description="The inspectors' conclusion.")
    recorded_at: datetime.datetime = strawberry.field(description="When it was recorded.")
    steps: list[InspectionStep] = strawberry.field(description="The steps, in order.")
    _inspector_ids: strawberry.Private[list[int]]

    @classmethod
    def of(cls, r: InspectionModel) -> Inspection:
        return cls(
            conclusion=r.conclusion,
            recorded_at=r.recorded_at,
            steps=[
                InspectionStep(
                    at=datetime.date.fromisoformat(s["at"]), action=s["action"], facts=s["facts"]
                )
                for s in r.steps
            ],
            _inspector_ids=list(r.inspector_ids),
        )

    @strawberry.field(description="The inspectors, who answer for the conclusion (S7).")
    @through_layer
    async def inspectors(self, info: Info) -> list[Person]:
        return await people(info, self._inspector_ids)


@strawberry.type(description="A written opinion of the supervision office (S4 or L2).")
class Opinion:
    opinion: str = strawberry.field(description="The opinion's text.")
    recorded_at: datetime.datetime = strawberry.field(description="When it was recorded.")
    basis: str | None = strawberry.field(
        description="For the combined integrity opinion (S4): the appraisal, inspection findings "
        "and daily supervision information it was written on."
    )

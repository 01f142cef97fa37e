"""The leadership team's file (D1, D2): collective decisions on major matters and democratic life
meetings. Readable by the supervision office of the committee that manages the team and, through
oversight, those above (J4)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import strawberry
from strawberry import relay

from models import LifeMeeting as LifeMeetingModel
from models import LifeMeetingAttendee as LifeMeetingAttendeeModel
from models import LifeMeetingProblem as ProblemModel
from models import MajorDecision as MajorDecisionModel
from models import MajorDecisionAttendee as MajorDecisionAttendeeModel
from policies.resources import LIFE_MEETING, LIFE_MEETING_PROBLEM, MAJOR_DECISION
from rules.calendar import office_today
from rules.team_records import rectification_overdue
from schema.cadres.access import people
from schema.cadres.types import Person
from schema.daily.common import (
    AboutCadre,
    Recorded,
    StaffUser,
    TeamRecord,
    staff_user,
)
from schema.daily.enums import LifeMeetingVerdict, MajorMatterKind
from schema.info import Info
from schema.loaders import grouped
from schema.protected import protected, records_where, through_layer


@protected(MAJOR_DECISION, MajorDecisionModel)
@strawberry.type(
    name="MajorDecision",
    description=(
        "A leadership team's collective decision on a major matter (三重一大, D1): who was "
        "present, what was decided, the minutes. On the timeline of every cadre present."
    ),
)
class MajorDecision(TeamRecord, Recorded, relay.Node):
    id: relay.NodeID[int]
    kind: MajorMatterKind = strawberry.field(description="The kind of matter.")  # type: ignore[valid-type]
    decided_on: datetime.date = strawberry.field(description="The day it was decided.")
    subject: str = strawberry.field(description="What was decided on.")
    amount: Decimal | None = strawberry.field(description="The sum involved, in yuan, if any.")
    outcome: str = strawberry.field(description="What the team decided.")
    minutes: str = strawberry.field(description="The minutes of the meeting.")

    @classmethod
    def of(cls, row: MajorDecisionModel) -> MajorDecision:
        return cls(
            id=row.id,
            kind=row.kind,
            decided_on=row.decided_on,
            subject=row.subject,
            amount=row.amount,
            outcome=row.outcome,
            minutes=row.minutes,
            recorded_at=row.recorded_at,
            _recorded_by_id=row.recorded_by_id,
            _jurisdiction_id=row.jurisdiction_id,
            _unit_id=row.unit_id,
        )

    @strawberry.field(description="The cadres present.")
    @through_layer
    async def present(self, info: Info) -> list[Person]:
        loader = info.context.loaders.get(
            "major_decision_attendees", grouped(MajorDecisionAttendeeModel.all, "decision_id")
        )
        return await people(info, [a.cadre_id for a in await loader.load(self.id)])


@protected(LIFE_MEETING_PROBLEM, ProblemModel)
@strawberry.type(
    name="LifeMeetingProblem",
    description="A problem raised at a life meeting about an attendee, and its rectification (D2).",
)
class LifeMeetingProblem(AboutCadre, relay.Node):
    id: relay.NodeID[int]
    problem: str = strawberry.field(description="The problem raised (批评意见、查摆问题).")
    rectification: str = strawberry.field(description="The rectification undertaken.")
    due_on: datetime.date = strawberry.field(description="The day the rectification is due.")
    done_on: datetime.date | None = strawberry.field(
        description="The day it was recorded as done; null while open."
    )
    completion_note: str | None = strawberry.field(description="What was done; null while open.")
    _completed_by_id: strawberry.Private[int | None]

    @strawberry.field(description="Whether the rectification is done.")
    def done(self) -> bool:
        return self.done_on is not None

    @strawberry.field(description="True while not done after `dueOn` has passed (D2).")
    def overdue(self) -> bool:
        return rectification_overdue(self.due_on, self.done_on, office_today())

    @strawberry.field(description="Who recorded it as done; null while open.")
    async def completed_by(self, info: Info) -> StaffUser | None:
        return await staff_user(info, self._completed_by_id)

    @classmethod
    def of(cls, row: ProblemModel) -> LifeMeetingProblem:
        return cls(
            id=row.id,
            problem=row.problem,
            rectification=row.rectification,
            due_on=row.due_on,
            done_on=row.done_on,
            completion_note=row.completion_note,
            _completed_by_id=row.completed_by_id,
            _jurisdiction_id=row.jurisdiction_id,
            _cadre_id=row.cadre_id,
        )


@strawberry.type(description="The superior organisation department's review of a life meeting.")
class LifeMeetingReview:
    verdict: LifeMeetingVerdict = strawberry.field(description="The verdict.")  # type: ignore[valid-type]
    comment: str = strawberry.field(description="The reviewer's comment.")
    on: datetime.date = strawberry.field(description="The day of the review.")
    _reviewed_by_id: strawberry.Private[int | None]

    @strawberry.field(description="The supervision staff member who reviewed it.")
    async def reviewed_by(self, info: Info) -> StaffUser | None:
        return await staff_user(info, self._reviewed_by_id)


@protected(LIFE_MEETING, LifeMeetingModel)
@strawberry.type(
    name="LifeMeeting",
    description=(
        "A leadership team's democratic life meeting (民主生活会, D2) with the problems raised, "
        "their rectification and the superior's review. On the timeline of every attendee."
    ),
)
class LifeMeeting(TeamRecord, Recorded, relay.Node):
    id: relay.NodeID[int]
    held_on: datetime.date = strawberry.field(description="The day it was held.")
    review: LifeMeetingReview | None = strawberry.field(
        description="The superior's review, once given."
    )

    @classmethod
    def of(cls, row: LifeMeetingModel) -> LifeMeeting:
        review = None
        if row.review_verdict is not None and row.reviewed_on is not None:
            review = LifeMeetingReview(
                verdict=row.review_verdict,
                comment=row.review_comment or "",
                on=row.reviewed_on,
                _reviewed_by_id=row.reviewed_by_id,
            )
        return cls(
            id=row.id,
            held_on=row.held_on,
            review=review,
            recorded_at=row.recorded_at,
            _recorded_by_id=row.recorded_by_id,
            _jurisdiction_id=row.jurisdiction_id,
            _unit_id=row.unit_id,
        )

    @strawberry.field(description="The cadres who attended.")
    @through_layer
    async def attendees(self, info: Info) -> list[Person]:
        loader = info.context.loaders.get(
            "life_meeting_attendees", grouped(LifeMeetingAttendeeModel.all, "meeting_id")
        )
        return await people(info, [a.cadre_id for a in await loader.load(self.id)])

    @strawberry.field(description="The problems raised, in the order recorded.")
    @through_layer
    async def problems(self, info: Info) -> list[LifeMeetingProblem]:
        return await records_where(info, LifeMeetingProblem, "meeting_id", self.id)

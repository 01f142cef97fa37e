"""Inputs of the selection mutations (names as CONTRACT.md fixes them)."""

from __future__ import annotations

import datetime
from typing import Annotated

import strawberry

from models import RecommendationRound as RoundModel
from models import Selection as SelectionModel
from schema.bounds import stored_in
from schema.selection.appraisal_types import AppraisalVerdict
from schema.selection.compliance_types import ComplianceCheckKind
from schema.selection.meetings import Vote
from schema.selection.records import FeedbackChannel
from schema.selection.types import SelectionKind

SelectionId = Annotated[
    strawberry.ID,
    strawberry.argument(
        description=(
            "The selection's global id; one the caller cannot read is `NOT_FOUND`, one it reads "
            "only through oversight `FORBIDDEN`."
        )
    ),
]
SelectionCadreCode = Annotated[
    str, strawberry.argument(description="Personnel number of the candidate concerned.")
]


@strawberry.input(description="A new selection for a post or a slate that the unit manages.")
class StartSelectionInput:
    managing_unit: str = strawberry.field(
        description="Code of the jurisdiction that manages the post; the caller is its `selector`."
    )
    post_title: str = strawberry.field(
        metadata=stored_in(SelectionModel, "post_title"),
        description="The post to fill, as its title reads.",
    )
    work_unit: str = strawberry.field(description="Code of the unit the post is in.")
    kind: SelectionKind = strawberry.field(  # type: ignore[valid-type]
        description="General election or single promotion."
    )
    positions: int = strawberry.field(
        description="How many to appoint: 1 to 50, exactly 1 for `SINGLE_PROMOTION`."
    )


@strawberry.input(description="One nominee's votes in a recommendation round.")
class TallyInput:
    cadre_code: str = strawberry.field(
        description="Personnel number of the nominee, once per round."
    )
    votes: int = strawberry.field(description="Votes received: 0 to `cast`.")


@strawberry.input(description="S7: an organisation, or a named leader with the written record.")
class RecommenderInput:
    organisation: str | None = strawberry.field(
        metadata=stored_in(RoundModel, "recommending_organisation"),
        default=None,
        description="The recommending organisation; or else `leaderCadreCode`.",
    )
    leader_cadre_code: str | None = strawberry.field(
        default=None,
        description="Personnel number of the recommending leader; or else `organisation`.",
    )
    written_record: str | None = strawberry.field(
        default=None,
        description="A leader's written recommendation; required with `leaderCadreCode` (S7).",
    )


@strawberry.input(description="A democratic recommendation round (民主推荐, S1).")
class RecommendationRoundInput:
    eligible: int = strawberry.field(description="How many participants were eligible to vote.")
    cast: int = strawberry.field(description="Ballots cast: 0 to `eligible`.")
    tallies: list[TallyInput] = strawberry.field(
        description="Each nominee's votes; their sum is at most `cast` × `positions`."
    )
    recommended_by: RecommenderInput = strawberry.field(description="Who recommended (S7).")


@strawberry.input(description="The written reason for choosing, or passing over, one nominee (S2).")
class ReasonInput:
    cadre_code: str = strawberry.field(description="Personnel number of the nominee.")
    reason: str = strawberry.field(description="The reason.")


@strawberry.input(description="The collective decision fixing the candidates for inspection (S2).")
class FixCandidatesInput:
    candidates: list[str] = strawberry.field(
        description="Personnel numbers of the candidates chosen, all nominees of the latest round."
    )
    reasons: list[ReasonInput] = strawberry.field(
        default_factory=list,
        description=(
            "Reasons for the choices the votes alone do not explain (S2); missing ones are listed "
            "in the error's `extensions.needReasons`."
        ),
    )
    meeting_date: datetime.date = strawberry.field(
        description="The offices' day of the meeting that decided."
    )


@strawberry.input(description="The inspection announcement's notice period (考察预告, S3).")
class AnnounceInspectionInput:
    notice_from: datetime.date = strawberry.field(description="First day of the notice period.")
    notice_to: datetime.date = strawberry.field(
        description="Last day of the notice period, not before `noticeFrom`."
    )


@strawberry.input(description="Feedback received during the inspection notice period (S3).")
class InspectionFeedbackInput:
    received_on: datetime.date = strawberry.field(description="The offices' day it came in.")
    channel: FeedbackChannel = strawberry.field(  # type: ignore[valid-type]
        description="How it came in."
    )
    content: str = strawberry.field(description="What it says.")
    cadre_code: str | None = strawberry.field(
        default=None, description="Personnel number of the candidate it concerns, if it names one."
    )
    as_tipoff: bool = strawberry.field(
        default=False, description="Also register it as a tip-off (supervision staff)."
    )


@strawberry.input(description="A report of vote canvassing during recommendation (拉票, S8).")
class CanvassingReportInput:
    cadre_code: str = strawberry.field(description="Who canvassed, promised, hinted or colluded.")
    facts: str = strawberry.field(description="What happened, as far as known.")


@strawberry.input(description="The discipline commission's answer on one candidate (S4).")
class AppraisalAnswerInput:
    cadre_code: str = strawberry.field(description="Personnel number of the candidate.")
    verdict: AppraisalVerdict = strawberry.field(  # type: ignore[valid-type]
        description="The verdict; a later answer may replace `UNDER_VERIFICATION` only."
    )
    detail: str = strawberry.field(default="", description="The commission's statement.")


@strawberry.input(description="One step of an inspection (S7).")
class InspectionStepInput:
    at: datetime.date = strawberry.field(description="The offices' day of the step.")
    action: str = strawberry.field(description="What was done (a talk, a document review ...).")
    facts: str = strawberry.field(description="The facts it established; required (S7).")


@strawberry.input(description="The inspection (考察) of one candidate (S7).")
class InspectionInput:
    inspectors: list[str] = strawberry.field(
        description="Personnel numbers (cadre codes) of the inspectors, at least one."
    )
    steps: list[InspectionStepInput] = strawberry.field(description="The steps, in order.")
    conclusion: str = strawberry.field(description="The inspectors' conclusion.")


@strawberry.input(description="One present member's vote on one candidate (S5).")
class VoteInput:
    member_cadre_code: str = strawberry.field(
        description="Personnel number of the member voting; never the candidate themself (J5)."
    )
    candidate_cadre_code: str = strawberry.field(description="Personnel number of the candidate.")
    vote: Vote = strawberry.field(description="The vote.")  # type: ignore[valid-type]


@strawberry.input(description="A decision meeting of the committee with jurisdiction (S5).")
class DecisionMeetingInput:
    held_on: datetime.date | None = strawberry.field(
        default=None,
        description=(
            "The offices' day it was held, today when left out; the roll in force that day counts."
        ),
    )
    present: list[str] = strawberry.field(
        description="Personnel numbers of the members present: at least ⌈2/3 × roll⌉ (S5)."
    )
    votes: list[VoteInput] = strawberry.field(
        description="Every present member's vote on every candidate except themself."
    )
    minutes: str = strawberry.field(description="The minutes.")


@strawberry.input(description="A unit's yearly self-check of its selection work (S9).")
class SelfCheckInput:
    unit_code: str = strawberry.field(
        description="Code of the county committee or city department."
    )
    year: int = strawberry.field(description="The calendar year checked.")
    completed_on: datetime.date = strawberry.field(description="The offices' day it was completed.")
    findings: str = strawberry.field(description="What it found.")


@strawberry.input(
    description="A unit's special report on its selection work, due 30 November (S9)."
)
class SelectionReportInput:
    unit_code: str = strawberry.field(
        description="Code of the county committee or city department."
    )
    year: int = strawberry.field(description="The calendar year reported on.")
    content: str = strawberry.field(description="The report's text.")


@strawberry.input(
    description="The city organisation department's check of a unit's selection work (S9)."
)
class ComplianceCheckInput:
    unit_code: str = strawberry.field(description="Code of the unit checked.")
    year: int = strawberry.field(description="The calendar year checked.")
    kind: ComplianceCheckKind = strawberry.field(  # type: ignore[valid-type]
        description="Check or spot check."
    )
    checked_on: datetime.date = strawberry.field(description="The offices' day of the check.")
    findings: str = strawberry.field(description="What it found.")

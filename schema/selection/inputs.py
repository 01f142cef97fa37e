"""Inputs of the selection mutations (names as CONTRACT.md fixes them)."""

from __future__ import annotations

import datetime

import strawberry

from models import RecommendationRound as RoundModel
from models import Selection as SelectionModel
from schema.bounds import stored_in
from schema.selection.appraisal_types import AppraisalVerdict
from schema.selection.compliance_types import ComplianceCheckKind
from schema.selection.meetings import Vote
from schema.selection.records import FeedbackChannel
from schema.selection.types import SelectionKind


@strawberry.input
class StartSelectionInput:
    managing_unit: str
    post_title: str = strawberry.field(metadata=stored_in(SelectionModel, "post_title"))
    work_unit: str
    kind: SelectionKind  # type: ignore[valid-type]
    positions: int


@strawberry.input
class TallyInput:
    cadre_code: str
    votes: int


@strawberry.input(description="S7: an organisation, or a named leader with the written record.")
class RecommenderInput:
    organisation: str | None = strawberry.field(
        default=None, metadata=stored_in(RoundModel, "recommending_organisation")
    )
    leader_cadre_code: str | None = None
    written_record: str | None = None


@strawberry.input
class RecommendationRoundInput:
    eligible: int
    cast: int
    tallies: list[TallyInput]
    recommended_by: RecommenderInput


@strawberry.input
class ReasonInput:
    cadre_code: str
    reason: str


@strawberry.input
class FixCandidatesInput:
    candidates: list[str]
    reasons: list[ReasonInput] = strawberry.field(default_factory=list)
    meeting_date: datetime.date


@strawberry.input
class AnnounceInspectionInput:
    notice_from: datetime.date
    notice_to: datetime.date


@strawberry.input
class InspectionFeedbackInput:
    received_on: datetime.date
    channel: FeedbackChannel  # type: ignore[valid-type]
    content: str
    cadre_code: str | None = None
    as_tipoff: bool = strawberry.field(
        default=False, description="Also register it as a tip-off (supervision staff)."
    )


@strawberry.input
class CanvassingReportInput:
    cadre_code: str = strawberry.field(description="Who canvassed, promised, hinted or colluded.")
    facts: str


@strawberry.input
class AppraisalAnswerInput:
    cadre_code: str
    verdict: AppraisalVerdict  # type: ignore[valid-type]
    detail: str = ""


@strawberry.input
class InspectionStepInput:
    at: datetime.date
    action: str
    facts: str


@strawberry.input
class InspectionInput:
    inspectors: list[str]
    steps: list[InspectionStepInput]
    conclusion: str


@strawberry.input
class VoteInput:
    member_cadre_code: str
    candidate_cadre_code: str
    vote: Vote  # type: ignore[valid-type]


@strawberry.input
class DecisionMeetingInput:
    held_on: datetime.date | None = None
    present: list[str]
    votes: list[VoteInput]
    minutes: str


@strawberry.input
class SelfCheckInput:
    unit_code: str
    year: int
    completed_on: datetime.date
    findings: str


@strawberry.input
class SelectionReportInput:
    unit_code: str
    year: int
    content: str


@strawberry.input
class ComplianceCheckInput:
    unit_code: str
    year: int
    kind: ComplianceCheckKind  # type: ignore[valid-type]
    checked_on: datetime.date
    findings: str

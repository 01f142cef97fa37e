"""Inputs of the daily-supervision mutations (D1–D6)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import strawberry

from schema.daily.enums import (
    AdmonishmentGround,
    InformationSource,
    InquiryOutcome,
    LifeMeetingVerdict,
    MajorMatterKind,
    ReviewProposal,
    Severity,
    TalkKind,
)

CADRE_CODE = "The personnel number of the cadre it is about."


@strawberry.input(description="A talk held with a cadre (D3, D4).")
class RecordTalkInput:
    cadre_code: str = strawberry.field(description=CADRE_CODE)
    kind: TalkKind = strawberry.field(description="Why it was held.")  # type: ignore[valid-type]
    held_on: datetime.date = strawberry.field(description="The day it was held; not in the future.")
    held_by: list[str] = strawberry.field(
        description="Personnel numbers of the cadres who held it (at least one)."
    )
    summary: str | None = strawberry.field(default=None, description="What was said.")


@strawberry.input(description="A letter of inquiry to send (D4).")
class SendInquiryLetterInput:
    cadre_code: str = strawberry.field(description=CADRE_CODE)
    matter: str = strawberry.field(description="The matter the cadre must explain in writing.")
    reply_due: datetime.date = strawberry.field(
        description="The day the written reply is due; after today."
    )


@strawberry.input(description="The cadre's written reply to a letter of inquiry (D4).")
class InquiryReplyInput:
    received_on: datetime.date = strawberry.field(
        description="The day it was received; not in the future, not before the letter."
    )
    text: str = strawberry.field(description="The reply as written.")


@strawberry.input(description="The conclusion of a letter of inquiry (D4).")
class ConcludeInquiryInput:
    outcome: InquiryOutcome = strawberry.field(  # type: ignore[valid-type]
        description="The outcome; `CASE_OPENED` opens a case about the cadre in the same step."
    )
    note: str = strawberry.field(description="The reasons for the outcome.")


@strawberry.input(description="An admonishment to issue (D4).")
class AdmonishInput:
    cadre_code: str = strawberry.field(description=CADRE_CODE)
    grounds: list[AdmonishmentGround] = strawberry.field(  # type: ignore[valid-type]
        description="Its grounds (at least one)."
    )
    facts: str = strawberry.field(description="The facts behind it.")
    correct_by: datetime.date = strawberry.field(
        description="The deadline to correct, after today; the review falls due that day."
    )


@strawberry.input(description="The review of an admonishment at its deadline (D4).")
class ReviewAdmonishmentInput:
    improved: bool = strawberry.field(description="Whether the cadre clearly improved.")
    new_problems: bool = strawberry.field(description="Whether new problems appeared.")
    findings: str = strawberry.field(description="What the review found.")
    proposal: ReviewProposal = strawberry.field(  # type: ignore[valid-type]
        description=(
            "`LIFTED` only with a clear improvement and no new problems; otherwise `DEMOTION` or "
            "`REMOVAL` (D4)."
        )
    )


@strawberry.input(description="One matter declared in a personal matters report.")
class PersonalMatterInput:
    category: str = strawberry.field(description="What kind of matter (e.g. 房产, 投资).")
    detail: str = strawberry.field(description="The matter as declared.")


@strawberry.input(description="A personal matters report as submitted (D4).")
class RecordPersonalMattersReportInput:
    cadre_code: str = strawberry.field(description=CADRE_CODE)
    year: int = strawberry.field(description="The year it covers; one report per cadre and year.")
    submitted_on: datetime.date = strawberry.field(
        description="The day it was submitted; not in the future, not before `year`."
    )
    matters: list[PersonalMatterInput] = strawberry.field(
        description="The matters declared; empty when there is nothing to declare."
    )


@strawberry.input(description="A top leader's yearly report as filed (D3).")
class SubmitTopLeaderReportInput:
    cadre_code: str = strawberry.field(description="The personnel number of the top leader.")
    year: int = strawberry.field(description="The year it covers; one report a year.")
    submitted_on: datetime.date = strawberry.field(
        description="The day it was filed; not in the future, not before `year`."
    )
    thought: str = strawberry.field(description="On political thought (思想).")
    work: str = strawberry.field(description="On the work done (工作).")
    style: str = strawberry.field(description="On work style (作风).")
    integrity: str = strawberry.field(description="On integrity and self-discipline (廉洁自律).")
    responsibility: str = strawberry.field(
        description="On the clean-government responsibility system (党风廉政建设责任制)."
    )
    team_building: str = strawberry.field(description="On building the team (班子建设).")


@strawberry.input(description="A team's collective decision on a major matter (D1).")
class RecordMajorDecisionInput:
    unit_code: str = strawberry.field(
        description="The unit whose leadership team decided (managed by the caller's unit, J2)."
    )
    kind: MajorMatterKind = strawberry.field(description="The kind of matter.")  # type: ignore[valid-type]
    decided_on: datetime.date = strawberry.field(description="The day; not in the future.")
    subject: str = strawberry.field(description="What was decided on.")
    amount: Decimal | None = strawberry.field(
        default=None, description="The sum involved, in yuan; required for `LARGE_SUM`."
    )
    present: list[str] = strawberry.field(
        description="Personnel numbers of the members present (at least one)."
    )
    outcome: str = strawberry.field(description="What the team decided.")
    minutes: str = strawberry.field(description="The minutes of the meeting.")


@strawberry.input(description="A problem raised at a life meeting and its rectification (D2).")
class LifeMeetingProblemInput:
    cadre_code: str = strawberry.field(description="The attendee it concerns.")
    problem: str = strawberry.field(description="The problem raised.")
    rectification: str = strawberry.field(description="The rectification undertaken.")
    due_on: datetime.date = strawberry.field(
        description="The day the rectification is due; after the meeting."
    )


@strawberry.input(description="A democratic life meeting held by a leadership team (D2).")
class RecordLifeMeetingInput:
    unit_code: str = strawberry.field(
        description="The unit whose leadership team met; its team is managed by the caller's unit."
    )
    held_on: datetime.date = strawberry.field(description="The day it was held; not in the future.")
    attendees: list[str] = strawberry.field(
        description="Personnel numbers of the attendees (at least one)."
    )
    problems: list[LifeMeetingProblemInput] = strawberry.field(
        description="The problems raised, each about an attendee."
    )


@strawberry.input(description="The superior's review of a life meeting (D2).")
class ReviewLifeMeetingInput:
    verdict: LifeMeetingVerdict = strawberry.field(description="The verdict.")  # type: ignore[valid-type]
    comment: str = strawberry.field(description="The reviewer's comment.")


@strawberry.input(description="Information about a cadre from another department (D6).")
class RecordSupervisionInformationInput:
    cadre_code: str = strawberry.field(description=CADRE_CODE)
    source: InformationSource = strawberry.field(description="Where it came from.")  # type: ignore[valid-type]
    received_on: datetime.date = strawberry.field(description="The day; not in the future.")
    summary: str = strawberry.field(description="What it says.")
    severity: Severity = strawberry.field(description="How serious it is.")  # type: ignore[valid-type]

"""D1, D2: the leadership team's file. Major matters are decided collectively and their records
kept (D1); democratic life meetings are recorded with the problems raised and their
rectification, and the superior organisation department reviews them (D2)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from tortoise.transactions import in_transaction

from api.errors import BadUserInput, Conflict
from models import (
    LifeMeeting,
    LifeMeetingAttendee,
    LifeMeetingProblem,
    LifeMeetingVerdict,
    MajorDecision,
    MajorDecisionAttendee,
    MajorMatterKind,
)
from policies.principal import Principal
from policies.resources import LIFE_MEETING, MAJOR_DECISION
from rules.calendar import office_today
from rules.daily_file import MAX_ITEMS, RECORD, cadres_named, log_decision, team_to_record
from rules.guard import require
from rules.inputs import not_future, text

REVIEW = "review"


@dataclass(frozen=True, slots=True)
class MajorDecisionInput:
    unit_code: str
    kind: MajorMatterKind
    decided_on: datetime.date
    subject: str
    amount: Decimal | None
    present: Sequence[str]
    outcome: str
    minutes: str


def decision_amount(kind: MajorMatterKind, amount: Decimal | None) -> Decimal | None:
    """D1: a large sum names its amount; an amount given is positive, in yuan, to the fen."""
    if amount is None:
        if kind is MajorMatterKind.LARGE_SUM:
            raise BadUserInput("a decision on a large sum names its amount", argument="amount")
        return None
    if not amount.is_finite() or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        raise BadUserInput("`amount` is a positive sum in yuan, to the fen", argument="amount")
    if amount >= Decimal("1e14"):
        raise BadUserInput("`amount` is too large", argument="amount")
    return amount


async def record_major_decision(principal: Principal, data: MajorDecisionInput) -> MajorDecision:
    """D1: who was present, what was decided, the minutes."""
    unit, jurisdiction, scope = await team_to_record(principal, MAJOR_DECISION, data.unit_code)
    not_future(data.decided_on, "decidedOn")
    amount = decision_amount(data.kind, data.amount)
    present = await cadres_named(data.present, "present")
    fields = {
        "subject": text(data.subject, "subject"),
        "outcome": text(data.outcome, "outcome"),
        "minutes": text(data.minutes, "minutes", 100_000),
    }
    async with in_transaction() as conn:
        decision = await MajorDecision.create(
            unit_id=unit.id,
            jurisdiction_id=jurisdiction.id,
            kind=data.kind,
            decided_on=data.decided_on,
            amount=amount,
            recorded_by_id=principal.user_id,
            using_db=conn,
            **fields,
        )
        await MajorDecisionAttendee.bulk_create(
            [MajorDecisionAttendee(decision_id=decision.id, cadre_id=c.id) for c in present],
            using_db=conn,
        )
        await log_decision(
            principal,
            scope,
            MAJOR_DECISION,
            RECORD,
            decision.id,
            {"unit": unit.code, "kind": data.kind.value, "present": [c.code for c in present]},
            conn,
        )
    return decision


@dataclass(frozen=True, slots=True)
class ProblemInput:
    cadre_code: str
    problem: str
    rectification: str
    due_on: datetime.date


def rectification_overdue(
    due_on: datetime.date, done_on: datetime.date | None, today: datetime.date
) -> bool:
    """D2: a rectification not done is overdue once its due day has passed."""
    return done_on is None and today > due_on


async def record_life_meeting(
    principal: Principal,
    unit_code: str,
    held_on: datetime.date,
    attendees: Sequence[str],
    problems: Sequence[ProblemInput],
) -> LifeMeeting:
    """D2: the meeting held, who attended, each problem raised about an attendee with its
    rectification and the day it is due (after the meeting)."""
    unit, jurisdiction, scope = await team_to_record(principal, LIFE_MEETING, unit_code)
    not_future(held_on, "heldOn")
    present = await cadres_named(attendees, "attendees")
    if len(problems) > MAX_ITEMS:
        raise BadUserInput(f"at most {MAX_ITEMS} problems per meeting", argument="problems")
    by_code = {c.code: c for c in present}
    raised: list[tuple[int, str, str, datetime.date]] = []
    for p in problems:
        cadre = by_code.get(p.cadre_code.strip())
        if cadre is None:
            raise BadUserInput(
                f"{p.cadre_code} did not attend: problems are raised about attendees",
                argument="problems.cadreCode",
            )
        if p.due_on <= held_on:
            raise BadUserInput(
                "a rectification is due after the meeting", argument="problems.dueOn"
            )
        raised.append(
            (
                cadre.id,
                text(p.problem, "problems.problem"),
                text(p.rectification, "problems.rectification"),
                p.due_on,
            )
        )
    async with in_transaction() as conn:
        meeting = await LifeMeeting.create(
            unit_id=unit.id,
            jurisdiction_id=jurisdiction.id,
            held_on=held_on,
            recorded_by_id=principal.user_id,
            using_db=conn,
        )
        await LifeMeetingAttendee.bulk_create(
            [LifeMeetingAttendee(meeting_id=meeting.id, cadre_id=c.id) for c in present],
            using_db=conn,
        )
        await LifeMeetingProblem.bulk_create(
            [
                LifeMeetingProblem(
                    meeting_id=meeting.id,
                    jurisdiction_id=jurisdiction.id,
                    cadre_id=cadre_id,
                    problem=problem,
                    rectification=rectification,
                    due_on=due_on,
                )
                for cadre_id, problem, rectification, due_on in raised
            ],
            using_db=conn,
        )
        await log_decision(
            principal,
            scope,
            LIFE_MEETING,
            RECORD,
            meeting.id,
            {"unit": unit.code, "attendees": len(present), "problems": len(raised)},
            conn,
        )
    return meeting


async def complete_rectification(
    principal: Principal, problem_id: int, note: str, *, on: datetime.date | None = None
) -> LifeMeeting:
    """D2: a rectification done, with what was done, once; kept by the office keeping the
    meeting."""
    what = text(note, "note")
    async with in_transaction() as conn:
        problem = (
            await LifeMeetingProblem.filter(id=problem_id)
            .using_db(conn)
            .select_for_update()
            .first()
        )
        scope = await require(principal, LIFE_MEETING, RECORD, problem, what="problem")
        assert problem is not None
        if problem.done_on is not None:
            raise Conflict("this rectification is already complete")
        problem.done_on = on or office_today()
        problem.completion_note = what
        problem.completed_by_id = principal.user_id
        await problem.save(
            using_db=conn, update_fields=["done_on", "completion_note", "completed_by_id"]
        )
        await log_decision(
            principal,
            scope,
            LIFE_MEETING,
            "rectify",
            problem.meeting_id,
            {"problem": problem.id},
            conn,
        )
        return await LifeMeeting.get(id=problem.meeting_id, using_db=conn)


async def review_life_meeting(
    principal: Principal,
    meeting_id: int,
    verdict: LifeMeetingVerdict,
    comment: str,
    *,
    on: datetime.date | None = None,
) -> LifeMeeting:
    """D2: the superior organisation department reviews the meeting once. The meeting falls
    under the committee that manages the team (strictly above the team's unit), so `review`
    with oversight reach is held exactly by that committee's supervisors and those above it."""
    why = text(comment, "comment")
    async with in_transaction() as conn:
        meeting = await LifeMeeting.filter(id=meeting_id).using_db(conn).select_for_update().first()
        scope = await require(principal, LIFE_MEETING, REVIEW, meeting, what="life meeting")
        assert meeting is not None
        if meeting.review_verdict is not None:
            raise Conflict("this life meeting is already reviewed")
        meeting.review_verdict = verdict
        meeting.review_comment = why
        meeting.reviewed_on = on or office_today()
        meeting.reviewed_by_id = principal.user_id
        await meeting.save(
            using_db=conn,
            update_fields=["review_verdict", "review_comment", "reviewed_on", "reviewed_by_id"],
        )
        await log_decision(
            principal, scope, LIFE_MEETING, REVIEW, meeting.id, {"verdict": verdict.value}, conn
        )
    return meeting

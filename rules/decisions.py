"""The decision meeting (S5, S6, J5, L2): the gates in CONTRACT.md's order, the roll in force on
the day, every present member's vote on every undecided candidate but themself, and the result."""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from api.errors import BadUserInput, Conflict, PreconditionFailed
from models import (
    CandidateChoice,
    CommitteeRollMember,
    DecisionMeeting,
    InspectionRecord,
    IntegrityAppraisalAnswer,
    MeetingResult,
    MeetingVote,
    Selection,
    SelectionStatus,
    SupervisionOpinion,
    Vote,
)
from policies.principal import Principal
from rules.committees import roll_on
from rules.decision_rule import Ballot, quorum, tally
from rules.inputs import not_future, text
from rules.selection_common import (
    cadres_by_code,
    log,
    refuse_when_closed,
    selection_for,
    today,
    unique,
)


@dataclass(frozen=True)
class CastVote:
    member_code: str
    candidate_code: str
    vote: Vote


async def _missing(
    model: type[InspectionRecord] | type[SupervisionOpinion],
    selection: Selection,
    ids: list[int],
    conn: BaseDBAsyncClient,
) -> list[int]:
    done = {
        row["cadre_id"]
        for row in await model.filter(selection_id=selection.id, cadre_id__in=ids)
        .using_db(conn)
        .values("cadre_id")
    }
    return [i for i in ids if i not in done]


async def check_gates(selection: Selection, conn: BaseDBAsyncClient) -> dict[int, str]:
    """S6 and L2 in order; returns the chosen candidates (id → code) when all are open."""
    refuse_when_closed(selection)
    if selection.status == SelectionStatus.RECOMMENDATION:
        raise PreconditionFailed("S6", "no candidates fixed: nothing to discuss")
    rows = (
        await CandidateChoice.filter(selection_id=selection.id, chosen=True)
        .using_db(conn)
        .order_by("position")
        .values_list("cadre_id", "cadre__code")
    )
    codes: dict[int, str] = dict(rows)
    ids = [row[0] for row in rows]

    def named(missing: list[int]) -> list[str]:
        return [codes[i] for i in missing]

    uninspected = await _missing(InspectionRecord, selection, ids, conn)
    if uninspected:
        raise PreconditionFailed(
            "S6", "no discussion without inspection", candidates=named(uninspected)
        )
    answered = {
        row["cadre_id"]
        for row in await IntegrityAppraisalAnswer.filter(
            request__selection_id=selection.id,
            verdict__in=("NO_PROBLEMS_KNOWN", "CONCLUDED_FINDING"),
        )
        .using_db(conn)
        .values("cadre_id")
    }
    unappraised = [i for i in ids if i not in answered]
    if unappraised:
        raise PreconditionFailed(
            "S6", "not on the agenda without an integrity appraisal", candidates=named(unappraised)
        )
    unopined = await _missing(SupervisionOpinion, selection, ids, conn)
    if unopined:
        raise PreconditionFailed(
            "L2", "the supervision office's opinion is needed first", candidates=named(unopined)
        )
    return {i: codes[i] for i in ids}


async def record_meeting(
    principal: Principal,
    selection_id: int,
    held_on: datetime.date | None,
    present_codes: list[str],
    votes: list[CastVote],
    minutes: str,
) -> DecisionMeeting:
    day = not_future(held_on or today(), "input.heldOn")
    present_listed = unique(present_codes, "input.present")
    fingerprint = meeting_fingerprint(selection_id, day, present_listed, votes, minutes)
    async with in_transaction() as conn:
        selection, scope = await selection_for(principal, selection_id, "run", conn)
        candidates = await check_gates(selection, conn)
        if await DecisionMeeting.filter(fingerprint=fingerprint).using_db(conn).exists():
            raise Conflict("this meeting is already recorded (the same day, members and votes)")
        if selection.candidates_fixed_on is not None and day < selection.candidates_fixed_on:
            # The roll of an earlier day must not decide: that would let a backdated meeting
            # choose its own quorum (S5).
            raise BadUserInput(
                "the meeting cannot be held before the candidates were fixed", argument="heldOn"
            )
        passed_before = {
            row["candidate_id"]
            for row in await MeetingResult.filter(meeting__selection_id=selection.id, passed=True)
            .using_db(conn)
            .values("candidate_id")
        }
        open_codes = [code for i, code in candidates.items() if i not in passed_before]
        written = text(minutes, "input.minutes", 100_000)
        roll = await roll_on(selection.managing_unit_id, day, conn)
        if roll is None:
            raise PreconditionFailed("S5", f"no committee roll in force on {day}")
        member_ids: list[int] = [
            row["cadre_id"]
            for row in await CommitteeRollMember.filter(roll_id=roll.id)
            .using_db(conn)
            .order_by("position")
            .values("cadre_id")
        ]
        people = await cadres_by_code(
            {*present_listed, *(v.member_code for v in votes), *open_codes}, "input", conn
        )
        strangers = [c for c in present_listed if people[c].id not in member_ids]
        if strangers:
            raise BadUserInput(
                f"not on the roll in force on {day}: {', '.join(strangers)}",
                argument="input.present",
            )
        needed = quorum(len(member_ids))
        if len(present_listed) < needed:
            raise PreconditionFailed(
                "S5",
                f"no quorum: {len(present_listed)} of {len(member_ids)} present, {needed} needed",
                quorum=needed,
                present=len(present_listed),
                roll=len(member_ids),
            )
        ballots = _validate_votes(votes, set(present_listed), open_codes)
        results = tally(len(member_ids), present_listed, open_codes, ballots)
        try:
            meeting = await DecisionMeeting.create(
                selection_id=selection.id,
                held_on=day,
                roll_id=roll.id,
                member_ids=member_ids,
                present_ids=[people[c].id for c in present_listed],
                quorum=needed,
                agree_needed=len(member_ids) // 2 + 1,
                minutes=written,
                recorded_by_id=principal.user_id,
                fingerprint=fingerprint,
                using_db=conn,
            )
        except IntegrityError:  # the same meeting, committed meanwhile
            raise Conflict("this meeting is already recorded") from None
        await MeetingVote.bulk_create(
            [
                MeetingVote(
                    meeting_id=meeting.id,
                    member_id=people[m].id,
                    candidate_id=people[c].id,
                    vote=Vote(b.value),
                )
                for (m, c), b in ballots.items()
            ],
            using_db=conn,
        )
        await MeetingResult.bulk_create(
            [
                MeetingResult(
                    meeting_id=meeting.id,
                    candidate_id=people[r.candidate].id,
                    position=i,
                    agree=r.agree,
                    disagree=r.disagree,
                    defer=r.defer,
                    passed=r.passed,
                )
                for i, r in enumerate(results)
            ],
            using_db=conn,
        )
        if len(passed_before) + sum(r.passed for r in results) >= selection.positions:
            selection.status = SelectionStatus.DECIDED
            selection.decided_on = day
        await selection.save(using_db=conn)
        detail = {"meeting": meeting.id, "passed": [r.candidate for r in results if r.passed]}
        await log(principal, scope, "decide", selection, detail, conn)
    return meeting


def meeting_fingerprint(
    selection_id: int,
    day: datetime.date,
    present: list[str],
    votes: list[CastVote],
    minutes: str,
) -> str:
    """What makes two recordings the same meeting: a retry or a double click is one meeting,
    while another meeting of the same day (other members, votes or minutes) is another."""
    content = [
        selection_id,
        day.isoformat(),
        sorted(present),
        sorted((v.member_code, v.candidate_code, v.vote.value) for v in votes),
        minutes.strip(),
    ]
    return hashlib.sha256(json.dumps(content, ensure_ascii=False).encode()).hexdigest()


def _validate_votes(
    votes: list[CastVote], present: set[str], candidates: list[str]
) -> dict[tuple[str, str], Ballot]:
    """J5, S5: exactly one vote of each present member on each open candidate but themself."""
    ballots: dict[tuple[str, str], Ballot] = {}
    for i, v in enumerate(votes):
        if v.member_code not in present:
            raise BadUserInput(
                f"{v.member_code} is not among those present", argument=f"input.votes[{i}]"
            )
        if v.candidate_code not in candidates:
            raise BadUserInput(
                f"{v.candidate_code} is not a candidate still to decide",
                argument=f"input.votes[{i}]",
            )
        if v.member_code == v.candidate_code:
            raise PreconditionFailed(
                "J5", f"{v.member_code} is the candidate and does not vote on themself"
            )
        key = (v.member_code, v.candidate_code)
        if key in ballots:
            raise BadUserInput(f"{key[0]} voted twice on {key[1]}", argument=f"input.votes[{i}]")
        ballots[key] = Ballot(v.vote.value)
    missing = [
        (m, c) for c in candidates for m in sorted(present) if m != c and (m, c) not in ballots
    ]
    if missing:
        raise BadUserInput(
            f"{len(missing)} vote(s) missing, e.g. {missing[0][0]} on {missing[0][1]}",
            argument="input.votes",
        )
    return ballots

"""Starting a selection, its democratic recommendation rounds (S1, S7) and the collective decision
that fixes its candidates (S2, S6). Each step is one transaction with its log entry (J8)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from tortoise.transactions import in_transaction

from api.errors import BadUserInput, Conflict, PreconditionFailed
from models import (
    CandidateChoice,
    RecommendationRound,
    RoundTally,
    Selection,
    SelectionKind,
    SelectionStatus,
)
from policies.principal import Principal
from policies.resources import SELECTION
from rules.candidate_rule import reasons_needed
from rules.guard import require
from rules.inputs import not_future, text
from rules.selection_common import cadres_by_code, log, selection_for, unique, unit_by_code

MAX_POSITIONS = 50


async def start_selection(
    principal: Principal,
    managing_unit: str,
    post_title: str,
    work_unit: str,
    kind: SelectionKind,
    positions: int,
) -> Selection:
    """A selection for a post (or a slate) under the jurisdiction that manages it (J2)."""
    unit = await unit_by_code(managing_unit, "input.managingUnit")
    scope = await require(
        principal, SELECTION, "run", {"managing_unit_id": unit.id}, what="jurisdiction"
    )
    if not unit.is_jurisdiction:
        raise BadUserInput(f"{unit.code} manages no cadres", argument="input.managingUnit")
    works = await unit_by_code(work_unit, "input.workUnit")
    if not works.path.startswith(unit.path):
        raise BadUserInput(
            f"{unit.code} manages no posts in {works.code}", argument="input.workUnit"
        )
    if not 1 <= positions <= MAX_POSITIONS:
        raise BadUserInput(f"positions is 1 to {MAX_POSITIONS}", argument="input.positions")
    if kind == SelectionKind.SINGLE_PROMOTION and positions != 1:
        raise BadUserInput("a single promotion fills one post", argument="input.positions")
    title = text(post_title, "input.postTitle", 200)
    async with in_transaction() as conn:
        selection = await Selection.create(
            managing_unit_id=unit.id,
            work_unit_id=works.id,
            post_title=title,
            kind=kind,
            positions=positions,
            started_by_id=principal.user_id,
            using_db=conn,
        )
        await log(principal, scope, "start", selection, {"post": title}, conn)
    return selection


@dataclass(frozen=True)
class Recommender:
    organisation: str | None
    leader_code: str | None
    written_record: str | None


def validate_tallies(
    eligible: int, cast: int, positions: int, tallies: list[tuple[str, int]]
) -> None:
    """S1: the arithmetic of a round; any impossible number is bad input."""
    if eligible < 1:
        raise BadUserInput("a round has at least one eligible participant", argument="eligible")
    if not 0 <= cast <= eligible:
        raise BadUserInput("ballots cast lie between 0 and the eligible", argument="cast")
    if not tallies:
        raise BadUserInput("a round names at least one nominee", argument="tallies")
    unique([code for code, _ in tallies], "input.tallies")
    for code, votes in tallies:
        if not 0 <= votes <= cast:
            raise BadUserInput(
                f"{code}: votes lie between 0 and the ballots cast", argument="input.tallies"
            )
    if sum(v for _, v in tallies) > cast * positions:
        raise BadUserInput(
            f"more votes than ballots × positions ({cast} × {positions})",
            argument="input.tallies",
        )


def validate_recommender(who: Recommender) -> tuple[str | None, str | None, str]:
    """S7: an organisation, or a named leader in writing; never verbal and unrecorded."""
    organisation = (who.organisation or "").strip() or None
    leader = (who.leader_code or "").strip() or None
    record = (who.written_record or "").strip()
    if (organisation is None) == (leader is None):
        raise PreconditionFailed(
            "S7", "a recommendation names exactly one recommender: an organisation or a leader"
        )
    if leader is not None and not record:
        raise PreconditionFailed("S7", "a leader's recommendation needs its written record")
    return organisation, leader, record


async def record_round(
    principal: Principal,
    selection_id: int,
    eligible: int,
    cast: int,
    tallies: list[tuple[str, int]],
    recommender: Recommender,
) -> Selection:
    """S1, S7: one democratic recommendation round; the latest round is the basis of S2."""
    async with in_transaction() as conn:
        selection, scope = await selection_for(principal, selection_id, "run", conn)
        if selection.status != SelectionStatus.RECOMMENDATION:
            raise Conflict("the candidates are fixed: no more recommendation rounds")
        validate_tallies(eligible, cast, selection.positions, tallies)
        organisation, leader_code, record = validate_recommender(recommender)
        codes = [c for c, _ in tallies] + ([leader_code] if leader_code else [])
        cadres = await cadres_by_code(codes, "input.tallies", conn)
        number = await RecommendationRound.filter(selection_id=selection.id).using_db(conn).count()
        row = await RecommendationRound.create(
            selection_id=selection.id,
            number=number + 1,
            eligible=eligible,
            cast=cast,
            recommending_organisation=organisation,
            recommending_leader_id=cadres[leader_code].id if leader_code else None,
            written_record=record,
            recorded_by_id=principal.user_id,
            using_db=conn,
        )
        await RoundTally.bulk_create(
            [RoundTally(round_id=row.id, cadre_id=cadres[c].id, votes=v) for c, v in tallies],
            using_db=conn,
        )
        await selection.save(using_db=conn)
        await log(principal, scope, "round", selection, {"round": row.number}, conn)
    return selection


async def fix_candidates(
    principal: Principal,
    selection_id: int,
    candidates: list[str],
    reasons: list[tuple[str, str]],
    meeting_date: datetime.date,
) -> Selection:
    """S2, S6: the recorded collective decision naming the candidates for inspection."""
    chosen = unique(candidates, "input.candidates")
    unique([c for c, _ in reasons], "input.reasons")
    given = dict(reasons)
    not_future(meeting_date, "input.meetingDate")
    async with in_transaction() as conn:
        selection, scope = await selection_for(principal, selection_id, "run", conn)
        if selection.status != SelectionStatus.RECOMMENDATION:
            raise Conflict("the candidates are already fixed")
        if not chosen:
            raise BadUserInput("name at least one candidate", argument="input.candidates")
        latest = (
            await RecommendationRound.filter(selection_id=selection.id)
            .using_db(conn)
            .order_by("-number")
            .first()
        )
        if latest is None:
            raise PreconditionFailed("S6", "no nomination without a democratic recommendation")
        rows = await RoundTally.filter(round_id=latest.id).using_db(conn).prefetch_related("cadre")
        votes = {t.cadre.code: t.votes for t in rows}
        ids = {t.cadre.code: t.cadre_id for t in rows}
        absent = [c for c in chosen if c not in votes]
        if absent:
            raise PreconditionFailed(
                "S6", "nominated without recommendation in the latest round", notRecommended=absent
            )
        if len(chosen) < selection.positions:
            raise BadUserInput(
                f"at least {selection.positions} candidates for {selection.positions} posts",
                argument="input.candidates",
            )
        strangers = sorted(set(given) - votes.keys())
        if strangers:
            raise BadUserInput(
                f"not nominees of the latest round: {', '.join(strangers)}",
                argument="input.reasons",
            )
        needed = reasons_needed(votes, chosen)
        missing = [c for c in needed if not given.get(c, "").strip()]
        if missing:
            raise PreconditionFailed(
                "S2", "the votes alone do not explain this choice", needReasons=missing
            )
        others = sorted((c for c in votes if c not in chosen), key=lambda c: (-votes[c], c))
        await CandidateChoice.bulk_create(
            [
                CandidateChoice(
                    selection_id=selection.id,
                    cadre_id=ids[code],
                    votes=votes[code],
                    chosen=code in chosen,
                    reason_needed=code in needed,
                    reason=given.get(code, "").strip(),
                    position=position,
                )
                for position, code in enumerate([*chosen, *others])
            ],
            using_db=conn,
        )
        selection.status = SelectionStatus.CANDIDATES_FIXED
        selection.candidates_fixed_on = meeting_date
        selection.candidates_fixed_by_id = principal.user_id
        await selection.save(using_db=conn)
        await log(principal, scope, "fix_candidates", selection, {"candidates": chosen}, conn)
    return selection

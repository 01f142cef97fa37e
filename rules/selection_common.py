"""What every selection step shares: loading the selection under lock with the caller's right to
act on it, the state checks, text and cadre-code validation, and the log entry (J8)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from tortoise.backends.base.client import BaseDBAsyncClient

from api import access_log
from api.errors import BadUserInput, Conflict, Forbidden, PreconditionFailed
from models import Cadre, CandidateChoice, OrgUnit, Selection, SelectionStatus
from policies.principal import Assignment, Principal
from policies.resources import SELECTION
from policies.scope import Scope, superior_assignment
from rules.calendar import office_today
from rules.guard import actor, require

CLOSED = (SelectionStatus.DECIDED, SelectionStatus.REVOKED)


today = office_today  # the offices' day (rules.calendar)


def unique(codes: Iterable[str], argument: str) -> list[str]:
    listed = [c.strip() for c in codes]
    twice = sorted(code for code, n in Counter(listed).items() if n > 1)
    if twice:
        raise BadUserInput(f"listed more than once: {', '.join(twice)}", argument=argument)
    return listed


async def cadres_by_code(
    codes: Iterable[str], argument: str, conn: BaseDBAsyncClient | None = None
) -> dict[str, Cadre]:
    """The cadres with these codes; any unknown code is bad input (named in `unknown`)."""
    wanted = set(codes)
    found = {c.code: c for c in await Cadre.filter(code__in=wanted).using_db(conn)}
    unknown = sorted(wanted - found.keys())
    if unknown:
        raise BadUserInput(
            f"no cadre with code {', '.join(unknown)}", argument=argument, unknown=unknown
        )
    return found


async def unit_by_code(code: str, argument: str) -> OrgUnit:
    unit = await OrgUnit.get_or_none(code=code)
    if unit is None:
        raise BadUserInput(f"unknown unit code {code!r}", argument=argument)
    return unit


async def selection_for(
    principal: Principal, selection_id: int, act: str, conn: BaseDBAsyncClient
) -> tuple[Selection, Scope]:
    """The selection, locked for this transaction, after checking the caller may `act` on it:
    NOT_FOUND when it cannot read it, FORBIDDEN when it reads but may not act (J4)."""
    row = await Selection.filter(id=selection_id).using_db(conn).select_for_update().first()
    scope = await require(principal, SELECTION, act, row, what="selection")
    assert row is not None
    return row, scope


def refuse_when_closed(selection: Selection) -> None:
    """A step after the decision (or its revocation) is out of order: CONFLICT."""
    if selection.status in CLOSED:
        raise Conflict(f"the selection is already {selection.status.value.lower()}")


def refuse_without_candidates(selection: Selection) -> None:
    """S2: inspection, appraisal and opinions concern candidates fixed by a collective decision."""
    refuse_when_closed(selection)
    if selection.status == SelectionStatus.RECOMMENDATION:
        raise PreconditionFailed("S2", "the candidates have not been fixed yet")


async def chosen_candidates(
    selection: Selection, conn: BaseDBAsyncClient | None = None
) -> list[CandidateChoice]:
    return list(
        await CandidateChoice.filter(selection_id=selection.id, chosen=True)
        .using_db(conn)
        .order_by("position")
    )


async def candidate(selection: Selection, code: str, conn: BaseDBAsyncClient) -> Cadre:
    """One of the selection's chosen candidates, by code; anyone else is bad input."""
    cadre = await Cadre.filter(code=code).using_db(conn).first()
    if (
        cadre is None
        or not await CandidateChoice.filter(
            selection_id=selection.id, cadre_id=cadre.id, chosen=True
        )
        .using_db(conn)
        .exists()
    ):
        raise BadUserInput(f"{code} is not a candidate of this selection", argument="cadreCode")
    return cadre


async def as_superior(principal: Principal, act: str, unit_id: int, what: str) -> Assignment:
    """S9: the assignment through which the caller acts on `unit_id` from a unit strictly above
    it (a superior committee); FORBIDDEN for the unit's own staff."""
    unit = await OrgUnit.get(id=unit_id)
    assignment = superior_assignment(principal, SELECTION, act, unit.path)
    if assignment is None:
        raise Forbidden(f"only a superior committee's supervision office may {what}")
    return assignment


async def log(
    principal: Principal,
    scope: Scope,
    action: str,
    selection: Selection,
    detail: Mapping[str, object] | None,
    conn: BaseDBAsyncClient,
) -> None:
    await access_log.append(
        actor(principal, scope),
        f"selection:{action}",
        "selection",
        [selection.id],
        dict(detail) if detail else None,
        connection=conn,
    )

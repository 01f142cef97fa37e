"""What every record of the daily-supervision file (D1–D6) starts with: the cadre or team it
belongs to, the jurisdiction it falls under (J2), the caller's right to keep it there (J3), the
conflict-of-interest rule (J5), and the access-log entry of the decision (J8)."""

from __future__ import annotations

from collections.abc import Sequence

from tortoise.backends.base.client import BaseDBAsyncClient

from api import access_log
from api.errors import BadUserInput, PreconditionFailed
from models import Cadre, OrgUnit
from policies.principal import Principal
from policies.resources import CADRE, Resource
from policies.scope import Scope
from rules.guard import actor, require

RECORD = "record"
MAX_NAMED = 200  # cadres named by one record (present, attendees, held by)
MAX_ITEMS = 200  # problems raised at one meeting, matters in one report


async def cadre_to_record(
    principal: Principal, resource: Resource, cadre_code: str
) -> tuple[Cadre, Scope]:
    """J2, J3: a record about a cadre is kept by the supervision office of the cadre's managing
    unit (a cadre the caller cannot read is not found; one it reads through oversight is
    forbidden); J5: no one keeps their own file."""
    cadre = await Cadre.get_or_none(code=cadre_code.strip())
    placed = (
        None
        if cadre is None
        else {"managing_unit_id": cadre.managing_unit_id, "jurisdiction_id": cadre.managing_unit_id}
    )
    scope = await require(principal, resource, RECORD, placed, what="cadre", read_resource=CADRE)
    assert cadre is not None
    if cadre.id == principal.cadre_id:
        raise PreconditionFailed("J5", "a record about yourself is kept by someone else")
    return cadre, scope


async def team_jurisdiction(unit: OrgUnit) -> OrgUnit:
    """J2 (下管一级): a leadership team is managed by the nearest jurisdiction strictly above its
    unit: a township's team by its county, a county's or a city department's team by the city."""
    above = unit.ancestor_ids()[:-1]
    rows = {u.id: u for u in await OrgUnit.filter(id__in=above, is_jurisdiction=True)}
    for unit_id in reversed(above):
        if unit_id in rows:
            return rows[unit_id]
    raise BadUserInput(
        f"no committee in this system manages the team of {unit.code}", argument="unitCode"
    )


async def team_to_record(
    principal: Principal, resource: Resource, unit_code: str
) -> tuple[OrgUnit, OrgUnit, Scope]:
    """D1, D2: a team record is kept by the supervision office of the committee that manages the
    team; returns the team's unit, that committee and the caller's scope."""
    unit = await OrgUnit.get_or_none(code=unit_code.strip())
    if unit is None:
        raise BadUserInput(f"no unit {unit_code!r}", argument="unitCode")
    jurisdiction = await team_jurisdiction(unit)
    scope = await require(
        principal, resource, RECORD, {"jurisdiction_id": jurisdiction.id}, what="team"
    )
    return unit, jurisdiction, scope


async def cadres_named(codes: Sequence[str], argument: str) -> list[Cadre]:
    """The cadres with these personnel numbers, in the order given, each once; an unknown code or
    none at all is bad input (a team record names who was there)."""
    wanted = list(dict.fromkeys(c.strip() for c in codes if c.strip()))
    if len(wanted) > MAX_NAMED:
        raise BadUserInput(f"`{argument}` names more than {MAX_NAMED} cadres", argument=argument)
    if not wanted:
        raise BadUserInput(f"`{argument}` names no cadre", argument=argument)
    found = {c.code: c for c in await Cadre.filter(code__in=wanted)}
    unknown = [c for c in wanted if c not in found]
    if unknown:
        raise BadUserInput(f"unknown cadre codes: {', '.join(unknown)}", argument=argument)
    return [found[c] for c in wanted]


async def log_decision(
    principal: Principal,
    scope: Scope,
    resource: Resource,
    act: str,
    record_id: int,
    detail: dict[str, object],
    conn: BaseDBAsyncClient,
) -> None:
    """J8: the decision, in the transaction that makes it."""
    await access_log.append(
        actor(principal, scope),
        f"{resource.kind}:{act}",
        resource.kind,
        [record_id],
        detail,
        connection=conn,
    )

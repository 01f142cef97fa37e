"""Committee rolls (S5): set from a day on, never overwritten, read as they stood on a day."""

from __future__ import annotations

import datetime

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from api import access_log
from api.errors import BadUserInput
from models import CommitteeRoll, CommitteeRollMember, DecisionMeeting
from policies.principal import Principal
from policies.resources import COMMITTEE
from rules.guard import actor, require
from rules.selection_common import cadres_by_code, today, unique, unit_by_code

MAX_MEMBERS = 200


async def roll_on(
    unit_id: int, day: datetime.date, conn: BaseDBAsyncClient | None = None
) -> CommitteeRoll | None:
    """The roll in force on `day`: the latest set from that day or before (the last one set
    wins when two start the same day)."""
    return (
        await CommitteeRoll.filter(unit_id=unit_id, effective_from__lte=day)
        .using_db(conn)
        .order_by("-effective_from", "-id")
        .first()
    )


async def _refuse_rewriting_history(
    unit_id: int, start: datetime.date, conn: BaseDBAsyncClient
) -> None:
    """History is kept, not rewritten: a new roll may not change the roll in force on a day a
    meeting of this committee was held, which counted against that roll (S5)."""
    following = (
        await CommitteeRoll.filter(unit_id=unit_id, effective_from__gt=start)
        .using_db(conn)
        .order_by("effective_from")
        .first()
    )
    affected = DecisionMeeting.filter(selection__managing_unit_id=unit_id, held_on__gte=start)
    if following is not None:
        affected = affected.filter(held_on__lt=following.effective_from)
    if await affected.using_db(conn).exists():
        raise BadUserInput(
            "a meeting was already held under the roll in force then", argument="from"
        )


async def set_members(
    principal: Principal,
    unit_code: str,
    cadre_codes: list[str],
    effective_from: datetime.date | None,
) -> CommitteeRoll:
    """S5, J7: the administrator sets U's roll from a later day on (default tomorrow): never
    effective on the day it is set, never backdated, so that no one changes who counts on the
    day of a vote; whoever runs the selection may not set it at all (the policy's
    `committee:manage`)."""
    tomorrow = today() + datetime.timedelta(days=1)
    start = effective_from or tomorrow
    return await load_roll(principal, unit_code, cadre_codes, start, earliest=tomorrow)


async def load_roll(
    principal: Principal,
    unit_code: str,
    cadre_codes: list[str],
    start: datetime.date,
    *,
    earliest: datetime.date | None = None,
) -> CommitteeRoll:
    """A roll from `start` on, not before `earliest`. Without `earliest` the operator loads a
    roll of any day, past rolls included (`seed demo`): not an API operation. History is never
    rewritten either way."""
    unit = await unit_by_code(unit_code, "unitCode")
    scope = await require(principal, COMMITTEE, "manage", {"unit_id": unit.id}, what="committee")
    if earliest is not None and start < earliest:
        raise BadUserInput(
            f"a roll takes effect on a later day than it is set: {earliest.isoformat()} or "
            "after (S5)",
            argument="from",
        )
    if not unit.is_jurisdiction:
        raise BadUserInput(f"{unit.code} is not a committee that decides", argument="unitCode")
    codes = unique(cadre_codes, "cadreCodes")
    if not codes or len(codes) > MAX_MEMBERS:
        raise BadUserInput(f"a roll has 1 to {MAX_MEMBERS} members", argument="cadreCodes")
    cadres = await cadres_by_code(codes, "cadreCodes")
    async with in_transaction() as conn:
        await _refuse_rewriting_history(unit.id, start, conn)
        roll = await CommitteeRoll.create(
            unit_id=unit.id,
            effective_from=start,
            size=len(codes),
            set_by_id=principal.user_id,
            using_db=conn,
        )
        await CommitteeRollMember.bulk_create(
            [
                CommitteeRollMember(roll_id=roll.id, cadre_id=cadres[c].id, position=i)
                for i, c in enumerate(codes)
            ],
            using_db=conn,
        )
        await access_log.append(
            actor(principal, scope),
            "committee:manage",
            "committee",
            [roll.id],
            {"unit": unit.code, "from": roll.effective_from.isoformat(), "members": codes},
            connection=conn,
        )
    return roll

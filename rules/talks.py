"""D3, D4 谈话: reminders and periodic talks with top leaders, the talk before appointment, and
the feedback every inspected cadre gets, promoted or not."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from tortoise.transactions import in_transaction

from models import Talk, TalkHolder, TalkKind
from policies.principal import Principal
from policies.resources import TALK
from rules.daily_file import RECORD, cadre_to_record, cadres_named, log_decision
from rules.inputs import not_future, text


async def record_talk(
    principal: Principal,
    cadre_code: str,
    kind: TalkKind,
    held_on: datetime.date,
    held_by: Sequence[str],
    summary: str | None,
) -> Talk:
    """D3, D4: a talk held (not one planned: `heldOn` is not in the future), naming who held it."""
    cadre, scope = await cadre_to_record(principal, TALK, cadre_code)
    not_future(held_on, "heldOn")
    holders = await cadres_named(held_by, "heldBy")
    note = text(summary, "summary", required=False)
    async with in_transaction() as conn:
        talk = await Talk.create(
            cadre_id=cadre.id,
            jurisdiction_id=cadre.managing_unit_id,
            kind=kind,
            held_on=held_on,
            summary=note,
            recorded_by_id=principal.user_id,
            using_db=conn,
        )
        await TalkHolder.bulk_create(
            [TalkHolder(talk_id=talk.id, cadre_id=h.id) for h in holders], using_db=conn
        )
        await log_decision(
            principal,
            scope,
            TALK,
            RECORD,
            talk.id,
            {"cadre": cadre.code, "kind": kind.value, "heldBy": [h.code for h in holders]},
            conn,
        )
    return talk

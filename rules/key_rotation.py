"""Re-sealing reporters' identities under a new CADRE_REPORTER_KEY (J6).

Run with the new key as CADRE_REPORTER_KEY and the old one as CADRE_REPORTER_KEY_PREVIOUS: every
sealed name and contact still under the old key is opened and sealed again under the new one, in
batches of one transaction each, each batch recorded in the access log (J8). What already opens
with the new key is left alone, so the command can be run again after an interruption.
"""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.transactions import in_transaction

from api import access_log
from api.sealing import seal, sealed_under, unseal
from api.settings import Settings
from models import Tipoff
from rules.tipoffs import CONTACT, NAME

BATCH = 500
SYSTEM = access_log.Actor(None, "cadre-api reseal-reporters", "")


@dataclass(frozen=True, slots=True)
class Resealed:
    resealed: int
    already_current: int


async def reseal_reporters(settings: Settings) -> Resealed:
    """Seal every reporter identity under `settings.reporter_key` (see the module doc). Raises
    `cryptography.exceptions.InvalidTag` when a value opens with neither key (nothing of that
    batch is changed)."""
    new, old = settings.reporter_key, settings.reporter_key_previous
    resealed = current = 0
    last_id = 0
    while True:
        async with in_transaction() as conn:
            batch = (
                await Tipoff.filter(id__gt=last_id)
                .order_by("id")
                .limit(BATCH)
                .select_for_update()
                .using_db(conn)
            )
            if not batch:
                break
            changed: list[int] = []
            for tipoff in batch:
                values = {
                    "reporter_name_enc": (tipoff.reporter_name_enc, NAME),
                    "reporter_contact_enc": (tipoff.reporter_contact_enc, CONTACT),
                }
                updates = {
                    column: seal(unseal(value, new, purpose, old), new, purpose)
                    for column, (value, purpose) in values.items()
                    if value is not None and not sealed_under(value, new, purpose)
                }
                if updates:
                    await Tipoff.filter(id=tipoff.id).using_db(conn).update(**updates)
                    changed.append(tipoff.id)
                elif any(value is not None for value, _ in values.values()):
                    current += 1
            if changed:
                await access_log.append(SYSTEM, "tipoff:reseal", "tipoff", changed, connection=conn)
            resealed += len(changed)
            last_id = batch[-1].id
    return Resealed(resealed, current)

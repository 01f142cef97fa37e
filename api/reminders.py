"""`cadre-api remind`: per jurisdiction, what falls due in the next N working days and what is
overdue, from the one registry of deadlines (`schema.file.due`), as a digest in the log and as
JSON. Meant for cron or a systemd timer; idempotent per office day: the first run of the day
stores the digest, and any later run that day prints the stored digest and logs nothing again.

Each jurisdiction's digest holds the deadlines under that jurisdiction itself (J2), not those of
the jurisdictions below it, which get their own: every committee is reminded of its own work.
The job reads protected records, so it is recorded in the access log (J8) as `system:remind`.
"""

from __future__ import annotations

import datetime
import json
import logging
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from strawberry import relay
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from api import access_log
from models import Cadre, OrgUnit, ReminderDigest
from policies.scope import Scope
from rules.calendar import office_today
from rules.deadlines import add_working_days
from schema.file.due import Criteria, Due, due_page

log = logging.getLogger("cadre_api.remind")

ACTOR = access_log.Actor(user_id=None, username="system:remind", roles="system:remind")
PAGE = 500


async def _all_due(scope: Scope, criteria: Criteria) -> list[Due]:
    """Every deadline the criteria select under the scope, soonest first, page by page."""
    found: list[Due] = []
    after = None
    while True:
        page, more = await due_page(scope.for_every_kind, criteria, PAGE, after)
        found += page
        if not more:
            return found
        after = page[-1].key


def _item(due: Due, cadres: dict[int, str]) -> dict[str, Any]:
    record = None
    if due.source.node is not None and due.record_id is not None:
        record = str(relay.GlobalID(due.source.node, str(due.record_id)))
    return {
        "kind": due.kind.name,
        "summary": due.summary,
        "dueOn": due.due_on.isoformat(),
        "daysLeft": due.days_left,
        "cadre": cadres.get(due.cadre_id) if due.cadre_id is not None else None,
        "record": record,
    }


async def build_digest(today: datetime.date, working_days: int) -> dict[str, Any]:
    """The digest of `today`: for each jurisdiction, its overdue deadlines and those falling due
    within `working_days` official working days (on or before `horizon`)."""
    horizon, basis = add_working_days(today, working_days)
    units = await OrgUnit.filter(is_jurisdiction=True).order_by("path")
    scope = Scope(
        jurisdiction_ids=frozenset(u.id for u in units),
        addressee_ids=frozenset(),
        excluded_subject=None,
        roles=(ACTOR.roles,),
    )
    dues = await _all_due(
        scope, Criteria(today=today, due_before=horizon + datetime.timedelta(days=1))
    )
    cadre_ids = {d.cadre_id for d in dues if d.cadre_id is not None}
    cadres = dict(await Cadre.filter(id__in=cadre_ids).values_list("id", "code"))
    per_unit: dict[int, list[Due]] = defaultdict(list)
    for due in dues:
        per_unit[due.unit_id].append(due)
    return {
        "day": today.isoformat(),
        "workingDays": working_days,
        "horizon": horizon.isoformat(),
        "calendar": basis.value,
        "jurisdictions": [
            {
                "unit": unit.code,
                "name": unit.name,
                "overdue": [_item(d, cadres) for d in per_unit[unit.id] if d.overdue],
                "dueSoon": [_item(d, cadres) for d in per_unit[unit.id] if not d.overdue],
            }
            for unit in units
        ],
    }


def _log_digest(digest: dict[str, Any]) -> None:
    for entry in digest["jurisdictions"]:
        overdue, soon = entry["overdue"], entry["dueSoon"]
        if not overdue and not soon:
            continue
        kinds = sorted({i["kind"] for i in overdue})
        log.info(
            "reminder %s %s: %d overdue%s, %d due by %s",
            digest["day"],
            entry["unit"],
            len(overdue),
            f" ({', '.join(kinds)})" if kinds else "",
            len(soon),
            digest["horizon"],
        )


def _records(digest: dict[str, Any]) -> Iterable[str]:
    for entry in digest["jurisdictions"]:
        for item in (*entry["overdue"], *entry["dueSoon"]):
            if item["record"] is not None:
                yield item["record"]


async def remind(
    working_days: int, today: datetime.date | None = None
) -> tuple[dict[str, Any], bool]:
    """The digest of the day and whether this run made it (False: made earlier today, printed
    again, nothing logged twice)."""
    day = today or office_today()
    stored = await ReminderDigest.get_or_none(day=day)
    if stored is not None:
        return json.loads(stored.body), False
    digest = await build_digest(day, working_days)
    body = json.dumps(digest, ensure_ascii=False)
    try:
        async with in_transaction() as connection:
            await ReminderDigest.create(
                day=day, working_days=working_days, body=body, using_db=connection
            )
            await access_log.append(
                ACTOR,
                "remind",
                "deadline",
                list(_records(digest)),
                {"day": digest["day"], "workingDays": working_days},
                connection=connection,
            )
    except IntegrityError:  # another run made today's digest meanwhile: that one stands
        stored = await ReminderDigest.get(day=day)
        return json.loads(stored.body), False
    _log_digest(digest)
    return digest, True

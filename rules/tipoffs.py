"""Tip-offs (J2, J5, J6, D5): public intake with a receipt, staff intake, routing by management
authority, transfers, messages with the reporter, and the logged reveal of the reporter."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from tortoise.transactions import in_transaction

from api import access_log
from api.errors import BadUserInput, Forbidden, NotFound, PreconditionFailed
from api.sealing import seal, unseal
from api.settings import Settings
from api.sql import fetch
from models import (
    Cadre,
    DeadlineBasis,
    OrgUnit,
    Tipoff,
    TipoffChannel,
    TipoffMessage,
    TipoffReveal,
    TipoffStatus,
    TipoffTransfer,
)
from policies.principal import Principal
from policies.resources import CADRE, TIPOFF
from policies.scope import Scope, resolve_scope
from rules import receipts
from rules.calendar import office_today
from rules.deadlines import add_working_days
from rules.guard import actor, require
from rules.inputs import text
from rules.tipoff_concerns import note_concerns

ANONYMOUS = access_log.Actor(None, "", "")
NAME, CONTACT = "reporter-name", "reporter-contact"


@dataclass(frozen=True)
class TipoffInput:
    channel: TipoffChannel
    content: str
    subject_name: str | None = None
    subject_post: str | None = None
    subject_unit: str | None = None
    reporter_name: str | None = None
    reporter_contact: str | None = None
    source_department: str | None = None


_UNIT_PATH = "SELECT path FROM org_unit WHERE code = $1"
_ROOT_QUEUE = (
    "SELECT id, code FROM org_unit WHERE parent_id IS NULL AND is_jurisdiction ORDER BY id LIMIT 1"
)


async def _nearest_queue(path: str, code: str) -> dict[str, Any]:
    """The unit itself if it is a jurisdiction, else its nearest ancestor that is (J2)."""
    ids = [int(part) for part in path.strip("/").split("/") if part]  # root first, as stored
    marks = ", ".join(f"${n}" for n in range(1, len(ids) + 1))
    rows = await fetch(
        f"SELECT id, code FROM org_unit WHERE is_jurisdiction AND id IN ({marks}) "
        "ORDER BY depth DESC LIMIT 1",
        ids,
    )
    if not rows:
        raise PreconditionFailed("J2", f"no jurisdiction at or above {code}")
    return rows[0]


async def public_queue(subject_unit: str | None) -> dict[str, Any]:
    """Where a public tip-off waits (its `id` and `code`): the nearest jurisdiction at or above the
    unit `subject_unit` names by code, else the root's (J2). Written as SQL: it is on every
    submission's path, and tortoise takes longer to build these than PostgreSQL to answer them."""
    code = (subject_unit or "").strip()
    unit = await fetch(_UNIT_PATH, [code]) if code else []
    if unit:
        return await _nearest_queue(unit[0]["path"], code)
    root = await fetch(_ROOT_QUEUE)
    if not root:
        raise PreconditionFailed("J2", "no jurisdiction to receive tip-offs")
    return root[0]


def _fields(data: TipoffInput, settings: Settings) -> dict[str, object]:
    return {
        "channel": data.channel,
        "content": text(data.content, "input.content", 20_000),
        "subject_name": text(data.subject_name, "input.subjectName", 100, required=False),
        "subject_post": text(data.subject_post, "input.subjectPost", 200, required=False),
        "subject_unit_text": text(data.subject_unit, "input.subjectUnit", 200, required=False),
        "source_department": text(
            data.source_department, "input.sourceDepartment", 200, required=False
        ),
        "reporter_name_enc": seal(
            text(data.reporter_name, "input.reporterName", 100, required=False),
            settings.reporter_key,
            NAME,
        ),
        "reporter_contact_enc": seal(
            text(data.reporter_contact, "input.reporterContact", 200, required=False),
            settings.reporter_key,
            CONTACT,
        ),
    }


def _deadlines(
    settings: Settings, named: bool, received_on: datetime.date | None = None
) -> dict[str, object]:
    """Routing and acceptance-notice deadlines, counted from the day the report was received."""
    today = received_on or office_today()
    routing, basis = add_working_days(today, settings.routing_working_days)
    acknowledgement = None
    if named:
        acknowledgement, second = add_working_days(today, settings.acknowledgement_working_days)
        if second is DeadlineBasis.WEEKDAYS_FALLBACK:
            basis = second
    return {"routing_due": routing, "acknowledgement_due": acknowledgement, "deadline_basis": basis}


async def submit_public(data: TipoffInput, settings: Settings) -> tuple[Tipoff, str]:
    """A tip-off from the public, without a token: it waits in the queue of the nearest jurisdiction
    at or above `subjectUnit` when that is a unit code, else in the root's. Returns the receipt
    code, which is shown once and stored only as keyed hashes (`rules.receipts`)."""
    fields = _fields(data, settings)
    queue = await public_queue(data.subject_unit)
    receipt = receipts.new_receipt(settings.receipt_key)
    async with in_transaction() as conn:
        tipoff = await Tipoff.create(
            **fields,
            **_deadlines(settings, bool(data.reporter_name and data.reporter_name.strip())),
            jurisdiction_id=queue["id"],
            receiving_unit_id=queue["id"],
            receipt_lookup=receipt.lookup,
            receipt_hash=receipt.hash,
            using_db=conn,
        )
        await note_concerns(tipoff, conn)
        await access_log.append(
            ANONYMOUS,
            "tipoff:submit",
            "tipoff",
            [tipoff.id],
            {"queue": queue["code"]},
            connection=conn,
        )
    return tipoff, receipt.code


async def by_receipt(code: str, settings: Settings) -> Tipoff:
    """The tip-off a receipt code belongs to; `NOT_FOUND` for any code that does not match. A
    receipt stored under the previous key, or before receipts were keyed, is re-keyed on use."""
    normal = receipts.normalise(code)
    keys = [k for k in (settings.receipt_key, settings.receipt_key_previous) if k]
    tipoff = None
    if normal is not None:
        tipoff = await Tipoff.filter(receipt_lookup__in=receipts.lookups(normal, keys)).first()
    if normal is None or tipoff is None or tipoff.receipt_hash is None:
        raise NotFound("no tip-off with that receipt code")
    made_with = await receipts.matching_key(normal, tipoff.receipt_hash, keys)
    if made_with is None:
        raise NotFound("no tip-off with that receipt code")
    if made_with != 0:
        key = settings.receipt_key
        tipoff.receipt_lookup = receipts.lookup_of(normal, key)
        tipoff.receipt_hash = receipts.hash_of(normal, key)
        await Tipoff.filter(id=tipoff.id).update(
            receipt_lookup=tipoff.receipt_lookup, receipt_hash=tipoff.receipt_hash
        )
    return tipoff


async def reply_public(code: str, body: str, settings: Settings) -> Tipoff:
    message = text(body, "body", 5000)
    tipoff = await by_receipt(code, settings)
    async with in_transaction() as conn:
        await TipoffMessage.create(
            tipoff_id=tipoff.id, body=message, from_reporter=True, using_db=conn
        )
        # Only the timestamp: the row was read outside this transaction (J2 fields untouched).
        await (
            Tipoff.filter(id=tipoff.id)
            .using_db(conn)
            .update(updated_at=datetime.datetime.now(datetime.UTC))
        )
        await access_log.append(
            ANONYMOUS, "tipoff:reporter_reply", "tipoff", [tipoff.id], connection=conn
        )
    return tipoff


@dataclass(frozen=True)
class StaffTipoffInput(TipoffInput):
    cadre_code: str | None = None
    receiving_unit: str | None = None
    received_on: datetime.date | None = None  # when it reached the office, if not today


async def register(principal: Principal, data: StaffTipoffInput, settings: Settings) -> Tipoff:
    """Staff intake (phone, letter, visit, referral). With a cadre it falls under the cadre's
    managing unit at once (J2); about the caller's own cadre record it is refused (J5)."""
    if data.channel == TipoffChannel.REFERRAL and not (data.source_department or "").strip():
        raise BadUserInput("a referral names its source department", argument="sourceDepartment")
    register_scope = await resolve_scope(principal, TIPOFF, "register")
    if register_scope.empty:
        raise Forbidden("registering tip-offs is for supervision staff")
    receiving = await _receiving_unit(principal, register_scope, data.receiving_unit)
    cadre = None
    jurisdiction_id = receiving.id
    if data.cadre_code:
        cadre = await Cadre.get_or_none(code=data.cadre_code.strip())
        cadre_scope = await resolve_scope(principal, CADRE, "read")
        if cadre is None or not cadre_scope.admits(CADRE, cadre):
            raise NotFound(f"no cadre {data.cadre_code} under your jurisdiction")
        if cadre.id == principal.cadre_id:
            raise PreconditionFailed("J5", "a tip-off about yourself is registered by someone else")
        jurisdiction_id = cadre.managing_unit_id
    fields = _fields(data, settings)
    async with in_transaction() as conn:
        tipoff = await Tipoff.create(
            **fields,
            **_deadlines(
                settings, bool(data.reporter_name and data.reporter_name.strip()), data.received_on
            ),
            subject_cadre_id=cadre.id if cadre else None,
            jurisdiction_id=jurisdiction_id,
            receiving_unit_id=receiving.id,
            status=TipoffStatus.ROUTED if cadre else TipoffStatus.RECEIVED,
            routed_at=datetime.datetime.now(datetime.UTC) if cadre else None,
            registered_by_id=principal.user_id,
            using_db=conn,
        )
        await note_concerns(tipoff, conn)
        await access_log.append(
            actor(principal, register_scope),
            "tipoff:register",
            "tipoff",
            [tipoff.id],
            {"cadre": cadre.code if cadre else None, "receiving": receiving.code},
            connection=conn,
        )
    return tipoff


async def _receiving_unit(principal: Principal, scope: Scope, code: str | None) -> OrgUnit:
    if code:
        unit = await OrgUnit.get_or_none(code=code.strip())
        if unit is None:
            raise BadUserInput(f"unknown unit code {code!r}", argument="receivingUnit")
        if unit.id not in scope.jurisdiction_ids:
            raise NotFound(f"you do not receive tip-offs for {code}")
        return unit
    units = sorted(scope.jurisdiction_ids)
    if len(units) != 1:
        raise BadUserInput(
            "name the receivingUnit: you register for several", argument="receivingUnit"
        )
    return await OrgUnit.get(id=units[0])


async def _tipoff_for(
    principal: Principal, tipoff_id: int, act: str, conn: object
) -> tuple[Tipoff, Scope]:
    tipoff = await Tipoff.filter(id=tipoff_id).using_db(conn).select_for_update().first()  # type: ignore[arg-type]
    scope = await require(principal, TIPOFF, act, tipoff, what="tip-off")
    assert tipoff is not None
    return tipoff, scope


async def route(principal: Principal, tipoff_id: int, cadre_code: str) -> Tipoff:
    """J2: a tip-off waiting in a queue goes to the managing unit of the cadre it concerns."""
    async with in_transaction() as conn:
        tipoff, scope = await _tipoff_for(principal, tipoff_id, "route", conn)
        if tipoff.status != TipoffStatus.RECEIVED:
            raise PreconditionFailed("J2", "the tip-off is already routed; transfer it instead")
        cadre = await Cadre.get_or_none(code=cadre_code.strip())
        cadre_scope = await resolve_scope(principal, CADRE, "read")
        if cadre is None or not cadre_scope.admits(CADRE, cadre):
            raise NotFound(f"no cadre {cadre_code} within your reach")
        if cadre.id == principal.cadre_id:
            raise PreconditionFailed("J5", "you cannot route a tip-off about yourself")
        tipoff.subject_cadre_id = cadre.id
        tipoff.jurisdiction_id = cadre.managing_unit_id
        tipoff.status = TipoffStatus.ROUTED
        tipoff.routed_at = datetime.datetime.now(datetime.UTC)
        await tipoff.save(using_db=conn)
        await access_log.append(
            actor(principal, scope),
            "tipoff:route",
            "tipoff",
            [tipoff.id],
            {"cadre": cadre.code},
            connection=conn,
        )
    return tipoff


async def transfer(principal: Principal, tipoff_id: int, unit_code: str, reason: str) -> Tipoff:
    """转办: hand a tip-off to another jurisdiction, recorded with who, when and why."""
    why = text(reason, "reason", 2000)
    target = await OrgUnit.get_or_none(code=unit_code.strip())
    if target is None or not target.is_jurisdiction:
        raise BadUserInput(f"{unit_code!r} is not a jurisdiction", argument="unitCode")
    async with in_transaction() as conn:
        tipoff, scope = await _tipoff_for(principal, tipoff_id, "handle", conn)
        if tipoff.status in (TipoffStatus.IN_CASE, TipoffStatus.CONCLUDED):
            raise PreconditionFailed("J2", "a tip-off in a case moves with its case")
        if tipoff.subject_cadre_id is not None:
            raise PreconditionFailed(
                "J2", "a tip-off about a known cadre stays with the cadre's managing unit"
            )
        if target.id == tipoff.jurisdiction_id:
            raise BadUserInput("the tip-off is already there", argument="unitCode")
        await TipoffTransfer.create(
            tipoff_id=tipoff.id,
            from_unit_id=tipoff.jurisdiction_id,
            to_unit_id=target.id,
            reason=why,
            by_id=principal.user_id,
            using_db=conn,
        )
        tipoff.jurisdiction_id = target.id
        if tipoff.subject_cadre_id is None:
            tipoff.status = TipoffStatus.RECEIVED
        await tipoff.save(using_db=conn)
        await access_log.append(
            actor(principal, scope),
            "tipoff:transfer",
            "tipoff",
            [tipoff.id],
            {"to": target.code, "reason": why},
            connection=conn,
        )
    return tipoff


async def message_reporter(
    principal: Principal, tipoff_id: int, body: str, *, acknowledge: bool = False
) -> Tipoff:
    """A message to the reporter, shown with the receipt code; the first acknowledgement sets
    `acknowledgedAt` (the acceptance notice, due within 15 working days for a named reporter)."""
    message = text(body, "body", 5000)
    async with in_transaction() as conn:
        tipoff, scope = await _tipoff_for(principal, tipoff_id, "handle", conn)
        await TipoffMessage.create(
            tipoff_id=tipoff.id,
            body=message,
            from_reporter=False,
            author_id=principal.user_id,
            using_db=conn,
        )
        if acknowledge and tipoff.acknowledged_at is None:
            tipoff.acknowledged_at = datetime.datetime.now(datetime.UTC)
        await tipoff.save(using_db=conn)
        await access_log.append(
            actor(principal, scope),
            "tipoff:acknowledge" if acknowledge else "tipoff:message",
            "tipoff",
            [tipoff.id],
            connection=conn,
        )
    return tipoff


@dataclass(frozen=True)
class Reporter:
    name: str | None
    contact: str | None


def reporter_of(tipoff: Tipoff, settings: Settings) -> Reporter | None:
    keys = settings.reporter_key, settings.reporter_key_previous
    name = unseal(tipoff.reporter_name_enc, keys[0], NAME, keys[1])
    contact = unseal(tipoff.reporter_contact_enc, keys[0], CONTACT, keys[1])
    return None if name is None and contact is None else Reporter(name, contact)


async def reveal(
    principal: Principal, tipoff_id: int, reason: str, settings: Settings
) -> Reporter | None:
    """J6: only holders of the reveal permission for the tip-off's unit, each reveal logged."""
    why = text(reason, "reason", 2000)
    async with in_transaction() as conn:
        tipoff, scope = await _tipoff_for(principal, tipoff_id, "reveal", conn)
        await TipoffReveal.create(
            tipoff_id=tipoff.id, user_id=principal.user_id, reason=why, using_db=conn
        )
        await access_log.append(
            actor(principal, scope),
            "tipoff:reveal",
            "tipoff",
            [tipoff.id],
            {"reason": why},
            connection=conn,
        )
    return reporter_of(tipoff, settings)

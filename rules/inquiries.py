"""D4 函询: a letter of inquiry to a cadre, who must reply in writing by a deadline; the office
concludes it on the reply (or on the silence, once the deadline has passed), and a conclusion may
open a case about the cadre in the same transaction (D5)."""

from __future__ import annotations

import datetime

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from api.errors import BadUserInput, Conflict, PreconditionFailed
from api.settings import Settings
from models import InquiryLetter, InquiryOutcome, InquiryStatus
from policies.principal import Principal
from policies.resources import CASE, INQUIRY_LETTER
from policies.scope import Scope
from rules.calendar import office_today
from rules.cases import new_case
from rules.daily_file import RECORD, cadre_to_record, log_decision
from rules.guard import require
from rules.inputs import not_future, text


def reply_overdue(status: InquiryStatus, reply_due: datetime.date, today: datetime.date) -> bool:
    """D4: a letter is overdue while it waits for its reply after the reply was due."""
    return status is InquiryStatus.AWAITING_REPLY and today > reply_due


def may_conclude(status: InquiryStatus, reply_due: datetime.date, today: datetime.date) -> bool:
    """D4: a letter is concluded on the written reply, or on its absence once overdue."""
    return status is InquiryStatus.REPLIED or reply_overdue(status, reply_due, today)


async def send_inquiry_letter(
    principal: Principal,
    cadre_code: str,
    matter: str,
    reply_due: datetime.date,
    *,
    on: datetime.date | None = None,
) -> InquiryLetter:
    """D4: the letter names the matter and the day the written reply is due (after today).
    `on` is the offices' day the step is taken: today from the API; an earlier day only when the
    demo world replays its history."""
    cadre, scope = await cadre_to_record(principal, INQUIRY_LETTER, cadre_code)
    question = text(matter, "matter")
    today = on or office_today()
    if reply_due <= today:
        raise BadUserInput("`replyDue` must be after today", argument="replyDue")
    async with in_transaction() as conn:
        letter = await InquiryLetter.create(
            cadre_id=cadre.id,
            jurisdiction_id=cadre.managing_unit_id,
            matter=question,
            sent_on=today,
            reply_due=reply_due,
            recorded_by_id=principal.user_id,
            using_db=conn,
        )
        await log_decision(
            principal,
            scope,
            INQUIRY_LETTER,
            "send",
            letter.id,
            {"cadre": cadre.code, "replyDue": reply_due.isoformat()},
            conn,
        )
    return letter


async def _letter_for(
    principal: Principal, letter_id: int, conn: BaseDBAsyncClient
) -> tuple[InquiryLetter, Scope]:
    letter = await InquiryLetter.filter(id=letter_id).using_db(conn).select_for_update().first()
    scope = await require(principal, INQUIRY_LETTER, RECORD, letter, what="inquiry letter")
    assert letter is not None
    return letter, scope


async def record_reply(
    principal: Principal, letter_id: int, received_on: datetime.date, reply: str
) -> InquiryLetter:
    """D4: the cadre's written reply, recorded once (a late reply is still the reply)."""
    body = text(reply, "text")
    not_future(received_on, "receivedOn")
    async with in_transaction() as conn:
        letter, scope = await _letter_for(principal, letter_id, conn)
        if letter.status is not InquiryStatus.AWAITING_REPLY:
            raise Conflict("this letter already has its reply")
        if received_on < letter.sent_on:
            raise BadUserInput("the reply cannot precede the letter", argument="receivedOn")
        letter.status = InquiryStatus.REPLIED
        letter.reply_received_on = received_on
        letter.reply_text = body
        letter.reply_recorded_by_id = principal.user_id
        await letter.save(
            using_db=conn,
            update_fields=["status", "reply_received_on", "reply_text", "reply_recorded_by_id"],
        )
        await log_decision(
            principal,
            scope,
            INQUIRY_LETTER,
            "reply",
            letter.id,
            {"receivedOn": received_on.isoformat(), "late": received_on > letter.reply_due},
            conn,
        )
    return letter


async def conclude(
    principal: Principal,
    letter_id: int,
    outcome: InquiryOutcome,
    note: str,
    settings: Settings,
    *,
    on: datetime.date | None = None,
) -> InquiryLetter:
    """D4: the conclusion; CASE_OPENED opens a case about the cadre (D5) in the same transaction,
    the one way every case is opened (rules.cases.new_case)."""
    why = text(note, "note")
    today = on or office_today()
    async with in_transaction() as conn:
        letter, scope = await _letter_for(principal, letter_id, conn)
        if letter.status is InquiryStatus.CONCLUDED:
            raise Conflict("this letter is already concluded")
        if not may_conclude(letter.status, letter.reply_due, today):
            raise PreconditionFailed(
                "D4", "a letter is concluded on its written reply, or once the reply is overdue"
            )
        if outcome is InquiryOutcome.CASE_OPENED:
            placed = {"jurisdiction_id": letter.jurisdiction_id, "cadre_id": letter.cadre_id}
            case_scope = await require(principal, CASE, "handle", placed, what="inquiry letter")
            case = await new_case(
                principal,
                settings,
                conn,
                cadre_id=letter.cadre_id,
                jurisdiction_id=letter.jurisdiction_id,
                summary=f"函询转核查：{letter.matter}\n{why}",
            )
            letter.case_id = case.id
            await log_decision(
                principal, case_scope, CASE, "open", case.id, {"inquiryLetter": letter.id}, conn
            )
        letter.status = InquiryStatus.CONCLUDED
        letter.outcome = outcome
        letter.conclusion_note = why
        letter.concluded_on = today
        letter.concluded_by_id = principal.user_id
        await letter.save(
            using_db=conn,
            update_fields=[
                "status",
                "outcome",
                "conclusion_note",
                "concluded_on",
                "concluded_by_id",
                "case_id",
            ],
        )
        await log_decision(
            principal,
            scope,
            INQUIRY_LETTER,
            "conclude",
            letter.id,
            {"outcome": outcome.value, "case": letter.case_id},
            conn,
        )
    return letter

"""The public side of tip-offs: submission, status and replies by receipt code, no token needed.
Rate-limited per client address; nothing about the case, the cadre or the staff is shown."""

from __future__ import annotations

import datetime
from enum import StrEnum

import strawberry

from api.context import client_address
from api.rate_limit import limiter
from models import Tipoff as TipoffModel
from models import TipoffMessage as MessageModel
from models import TipoffStatus as TipoffStatusModel
from rules import tipoffs
from schema.bounds import stored_in
from schema.info import Info
from schema.tipoffs.types import TipoffChannel


@strawberry.enum(description="What a reporter is told of the progress of a tip-off.")
class TipoffProgress(StrEnum):
    RECEIVED = "RECEIVED"
    ACCEPTED = "ACCEPTED"
    UNDER_VERIFICATION = "UNDER_VERIFICATION"
    CONCLUDED = "CONCLUDED"


@strawberry.type
class ReporterMessage:
    at: datetime.datetime
    body: str
    from_reporter: bool


@strawberry.type
class TipoffStatusReport:
    status: TipoffProgress
    received_at: datetime.datetime
    acknowledged_at: datetime.datetime | None
    messages: list[ReporterMessage]


@strawberry.type
class TipoffReceipt:
    receipt_code: str = strawberry.field(
        description="The reporter's only key to the tip-off: shown once, keep it safe."
    )


@strawberry.input
class SubmitTipoffInput:
    channel: TipoffChannel  # type: ignore[valid-type]
    content: str
    subject_name: str | None = strawberry.field(
        default=None, metadata=stored_in(TipoffModel, "subject_name")
    )
    subject_post: str | None = strawberry.field(
        default=None, metadata=stored_in(TipoffModel, "subject_post")
    )
    subject_unit: str | None = strawberry.field(
        default=None,
        description="A unit code routes it to the nearest jurisdiction above.",
        metadata=stored_in(TipoffModel, "subject_unit_text"),
    )
    reporter_name: str | None = None
    reporter_contact: str | None = None


GLOBAL_FACTOR = 50  # the limit for everyone together, in multiples of one client's


def progress(tipoff: TipoffModel) -> TipoffProgress:
    if tipoff.status == TipoffStatusModel.CONCLUDED:
        return TipoffProgress.CONCLUDED
    if tipoff.status == TipoffStatusModel.IN_CASE:
        return TipoffProgress.UNDER_VERIFICATION
    if tipoff.acknowledged_at is not None or tipoff.status == TipoffStatusModel.ROUTED:
        return TipoffProgress.ACCEPTED
    return TipoffProgress.RECEIVED


async def report(tipoff: TipoffModel) -> TipoffStatusReport:
    messages = await MessageModel.filter(tipoff_id=tipoff.id).order_by("at", "id")
    return TipoffStatusReport(
        status=progress(tipoff),
        received_at=tipoff.received_at,
        acknowledged_at=tipoff.acknowledged_at,
        messages=[
            ReporterMessage(at=m.at, body=m.body, from_reporter=m.from_reporter) for m in messages
        ],
    )


def _limit_lookup(info: Info) -> None:
    settings = info.context.settings
    limiter.hit(client_address(info.context), "receipt", settings.public_lookups_per_minute, 60)
    # and all clients together, so that many addresses cannot flood the slow receipt checks
    limiter.hit("*", "receipt", settings.public_lookups_per_minute * GLOBAL_FACTOR, 60)


@strawberry.type
class PublicTipoffQueries:
    @strawberry.field(description="A reporter's view of a tip-off, by receipt code (no token).")
    async def tipoff_status(self, info: Info, receipt_code: str) -> TipoffStatusReport:
        _limit_lookup(info)
        return await report(await tipoffs.by_receipt(receipt_code, info.context.settings))


@strawberry.type
class PublicTipoffMutations:
    @strawberry.mutation(description="Report a problem, anonymously or not (no token needed).")
    async def submit_tipoff(self, info: Info, input: SubmitTipoffInput) -> TipoffReceipt:
        settings = info.context.settings
        limiter.hit(client_address(info.context), "submit", settings.submissions_per_hour, 3600)
        limiter.hit("*", "submit", settings.submissions_per_hour * GLOBAL_FACTOR, 3600)
        _, code = await tipoffs.submit_public(
            tipoffs.TipoffInput(
                channel=input.channel,
                content=input.content,
                subject_name=input.subject_name,
                subject_post=input.subject_post,
                subject_unit=input.subject_unit,
                reporter_name=input.reporter_name,
                reporter_contact=input.reporter_contact,
            ),
            settings,
        )
        return TipoffReceipt(receipt_code=code)

    @strawberry.mutation(description="The reporter answers the office, by receipt code.")
    async def reply_to_tipoff(self, info: Info, receipt_code: str, body: str) -> TipoffStatusReport:
        _limit_lookup(info)
        tipoff = await tipoffs.reply_public(receipt_code, body, info.context.settings)
        return await report(tipoff)

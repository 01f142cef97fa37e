"""The public side of tip-offs: submission, status and replies by receipt code, no token needed.
Rate-limited per client address; nothing about the case, the cadre or the staff is shown."""

from __future__ import annotations

import datetime
from enum import StrEnum
from typing import Annotated

import strawberry

from api.context import client_address
from api.rate_limit import limiter
from models import Tipoff as TipoffModel
from models import TipoffMessage as MessageModel
from models import TipoffStatus as TipoffStatusModel
from rules import tipoffs
from schema.bounds import stored_in
from schema.enums import described_enum
from schema.info import Info
from schema.tipoffs.types import TipoffChannel


class TipoffProgress(StrEnum):
    RECEIVED = "RECEIVED"
    ACCEPTED = "ACCEPTED"
    UNDER_VERIFICATION = "UNDER_VERIFICATION"
    CONCLUDED = "CONCLUDED"


described_enum(
    TipoffProgress,
    name="TipoffProgress",
    description="What a reporter is told of the progress of a tip-off.",
    values={
        TipoffProgress.RECEIVED: "Received, not yet accepted.",
        TipoffProgress.ACCEPTED: "Accepted (受理): with the office that will handle it.",
        TipoffProgress.UNDER_VERIFICATION: "Being verified (核查中).",
        TipoffProgress.CONCLUDED: "Verification has concluded (办结).",
    },
)


@strawberry.type(
    description="A message between the reporter and the office, as the reporter sees it."
)
class ReporterMessage:
    at: datetime.datetime = strawberry.field(description="When it was sent.")
    body: str = strawberry.field(description="The text.")
    from_reporter: bool = strawberry.field(
        description="True for the reporter's own messages, false for the office's."
    )


@strawberry.type(
    description=(
        "What the reporter may know of a tip-off, by receipt code: its progress and the messages, "
        "nothing about the case, the cadre or the staff."
    )
)
class TipoffStatusReport:
    status: TipoffProgress = strawberry.field(description="How far its handling has come.")
    received_at: datetime.datetime = strawberry.field(description="When it was received.")
    acknowledged_at: datetime.datetime | None = strawberry.field(
        description="When the office sent its acceptance notice, `null` before."
    )
    messages: list[ReporterMessage] = strawberry.field(
        description="Messages between the reporter and the office, oldest first."
    )


@strawberry.type(description="What a reporter gets back for a submitted tip-off.")
class TipoffReceipt:
    receipt_code: str = strawberry.field(
        description="The reporter's only key to the tip-off (at least 16 characters, compared "
        "case-insensitively): shown once, keep it safe."
    )


@strawberry.input(description="A tip-off from the public; no account or token is needed.")
class SubmitTipoffInput:
    channel: TipoffChannel = strawberry.field(  # type: ignore[valid-type]
        description="How it is sent; `ONLINE` from a web page."
    )
    content: str = strawberry.field(description="What happened: who, what, when, where.")
    subject_name: str | None = strawberry.field(
        metadata=stored_in(TipoffModel, "subject_name"),
        default=None,
        description="The name of the person reported on.",
    )
    subject_post: str | None = strawberry.field(
        metadata=stored_in(TipoffModel, "subject_post"), default=None, description="Their post."
    )
    subject_unit: str | None = strawberry.field(
        metadata=stored_in(TipoffModel, "subject_unit_text"),
        default=None,
        description=(
            "Their unit; a unit code puts it in the queue of the nearest jurisdiction at or above "
            "that unit, anything else in the city's."
        ),
    )
    reporter_name: str | None = strawberry.field(
        default=None, description="The reporter's name; leave out to report anonymously."
    )
    reporter_contact: str | None = strawberry.field(
        default=None,
        description="How the office may reach the reporter; seen only by staff who reveal it (J6).",
    )


ReceiptCode = Annotated[
    str,
    strawberry.argument(
        description="The receipt code `submitTipoff` returned; an unknown code is `NOT_FOUND`."
    ),
]
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
    @strawberry.field(
        description=(
            "A reporter's view of a tip-off, by receipt code (no token); rate-limited per address "
            "(`RATE_LIMITED`)."
        )
    )
    async def tipoff_status(self, info: Info, receipt_code: ReceiptCode) -> TipoffStatusReport:
        _limit_lookup(info)
        return await report(await tipoffs.by_receipt(receipt_code, info.context.settings))


@strawberry.type
class PublicTipoffMutations:
    @strawberry.mutation(
        description=(
            "Report a problem with a cadre, anonymously or not (no token needed); rate-limited per "
            "address (`RATE_LIMITED`). Returns the receipt code, the reporter's only key."
        )
    )
    async def submit_tipoff(
        self,
        info: Info,
        input: Annotated[SubmitTipoffInput, strawberry.argument(description="The tip-off.")],
    ) -> TipoffReceipt:
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
    async def reply_to_tipoff(
        self,
        info: Info,
        receipt_code: ReceiptCode,
        body: Annotated[str, strawberry.argument(description="The reporter's message.")],
    ) -> TipoffStatusReport:
        _limit_lookup(info)
        tipoff = await tipoffs.reply_public(receipt_code, body, info.context.settings)
        return await report(tipoff)

"""The instruments of D3 and D4: talks, letters of inquiry, admonishments. Readable by the
supervision office of the cadre's managing unit and, through oversight, those above (J4); never
by a user linked to the cadre (J5)."""

from __future__ import annotations

import datetime

import strawberry
from strawberry import relay

from models import Admonishment as AdmonishmentModel
from models import AdmonishmentGround as AdmonishmentGroundModel
from models import InquiryLetter as InquiryLetterModel
from models import Talk as TalkModel
from models import TalkHolder as TalkHolderModel
from policies.resources import ADMONISHMENT, INQUIRY_LETTER, TALK
from rules.admonishments import review_overdue
from rules.calendar import office_today
from rules.inquiries import reply_overdue
from schema.cadres.access import people
from schema.cadres.types import Person
from schema.cases.types import Case
from schema.daily.common import AboutCadre, Recorded
from schema.daily.enums import (
    AdmonishmentGround,
    AdmonishmentStatus,
    InquiryOutcome,
    InquiryStatus,
    ReviewProposal,
    TalkKind,
)
from schema.info import Info
from schema.loaders import grouped
from schema.protected import protected, record, through_layer


@protected(TALK, TalkModel)
@strawberry.type(name="Talk", description="A talk with a cadre (谈话, D3, D4).")
class Talk(AboutCadre, Recorded, relay.Node):
    id: relay.NodeID[int]
    kind: TalkKind = strawberry.field(description="Why it was held.")  # type: ignore[valid-type]
    held_on: datetime.date = strawberry.field(description="The day it was held.")
    summary: str = strawberry.field(description="What was said; may be empty.")

    @classmethod
    def of(cls, row: TalkModel) -> Talk:
        return cls(
            id=row.id,
            kind=row.kind,
            held_on=row.held_on,
            summary=row.summary,
            recorded_at=row.recorded_at,
            _recorded_by_id=row.recorded_by_id,
            _jurisdiction_id=row.jurisdiction_id,
            _cadre_id=row.cadre_id,
        )

    @strawberry.field(description="The cadres who held the talk.")
    @through_layer
    async def held_by(self, info: Info) -> list[Person]:
        loader = info.context.loaders.get("talk_holders", grouped(TalkHolderModel.all, "talk_id"))
        holders = await loader.load(self.id)
        return await people(info, [h.cadre_id for h in holders])


@strawberry.type(description="The cadre's written reply to a letter of inquiry (D4).")
class InquiryReply:
    received_on: datetime.date = strawberry.field(description="The day it was received.")
    text: str = strawberry.field(description="The reply as written.")
    late: bool = strawberry.field(description="Received after the reply was due.")


@protected(INQUIRY_LETTER, InquiryLetterModel)
@strawberry.type(
    name="InquiryLetter",
    description="A letter of inquiry (函询) the cadre must answer in writing by a deadline (D4).",
)
class InquiryLetter(AboutCadre, Recorded, relay.Node):
    id: relay.NodeID[int]
    matter: str = strawberry.field(description="The matter the cadre is asked to explain.")
    sent_on: datetime.date = strawberry.field(description="The day it was sent.")
    reply_due: datetime.date = strawberry.field(
        description="The day the written reply is due (the offices' day)."
    )
    status: InquiryStatus = strawberry.field(description="Where it stands.")  # type: ignore[valid-type]
    reply: InquiryReply | None = strawberry.field(description="The written reply, once recorded.")
    conclusion: InquiryOutcome | None = strawberry.field(  # type: ignore[valid-type]
        description="How it was concluded; null until then."
    )
    conclusion_note: str | None = strawberry.field(
        description="The reasons given for the conclusion; null until concluded."
    )
    concluded_on: datetime.date | None = strawberry.field(
        description="The day it was concluded; null until then."
    )
    _case_id: strawberry.Private[int | None]

    @strawberry.field(
        description=(
            "The case the conclusion opened (`CASE_OPENED`, D5), if the caller may read it."
        )
    )
    @through_layer
    async def case(self, info: Info) -> Case | None:
        return await record(info, Case, self._case_id)

    @strawberry.field(description="True while no reply has come and `replyDue` has passed (D4).")
    def overdue(self) -> bool:
        return reply_overdue(self.status, self.reply_due, office_today())

    @classmethod
    def of(cls, row: InquiryLetterModel) -> InquiryLetter:
        reply = (
            None
            if row.reply_received_on is None
            else InquiryReply(
                received_on=row.reply_received_on,
                text=row.reply_text or "",
                late=row.reply_received_on > row.reply_due,
            )
        )
        return cls(
            id=row.id,
            matter=row.matter,
            sent_on=row.sent_on,
            reply_due=row.reply_due,
            status=row.status,
            reply=reply,
            conclusion=row.outcome,
            conclusion_note=row.conclusion_note,
            concluded_on=row.concluded_on,
            _case_id=row.case_id,
            recorded_at=row.recorded_at,
            _recorded_by_id=row.recorded_by_id,
            _jurisdiction_id=row.jurisdiction_id,
            _cadre_id=row.cadre_id,
        )


@strawberry.type(description="The review of an admonishment at its deadline (D4).")
class AdmonishmentReview:
    on: datetime.date = strawberry.field(description="The day of the review.")
    improved: bool = strawberry.field(description="Whether the cadre clearly improved.")
    new_problems: bool = strawberry.field(description="Whether new problems appeared.")
    proposal: ReviewProposal = strawberry.field(description="What the review proposes.")  # type: ignore[valid-type]
    findings: str = strawberry.field(description="What the review found.")


@protected(ADMONISHMENT, AdmonishmentModel)
@strawberry.type(
    name="Admonishment",
    description="An admonishment (诫勉) with a deadline to correct, reviewed at the deadline (D4).",
)
class Admonishment(AboutCadre, Recorded, relay.Node):
    id: relay.NodeID[int]
    grounds: list[AdmonishmentGround] = strawberry.field(description="Its grounds.")  # type: ignore[valid-type]
    facts: str = strawberry.field(description="The facts behind it.")
    notice: str = strawberry.field(description="The written notice handed to the cadre.")
    issued_on: datetime.date = strawberry.field(description="The day it was issued.")
    correct_by: datetime.date = strawberry.field(
        description="The deadline to correct; the review falls due that day."
    )
    status: AdmonishmentStatus = strawberry.field(description="Where it stands.")  # type: ignore[valid-type]
    review: AdmonishmentReview | None = strawberry.field(description="The review, once held.")

    @strawberry.field(description="True while not reviewed after `correctBy` has passed (D4).")
    def overdue_review(self) -> bool:
        return review_overdue(self.status, self.correct_by, office_today())

    @classmethod
    def of(cls, row: AdmonishmentModel) -> Admonishment:
        review = None
        if row.reviewed_on is not None and row.proposal is not None:
            review = AdmonishmentReview(
                on=row.reviewed_on,
                improved=bool(row.improved),
                new_problems=bool(row.new_problems),
                proposal=row.proposal,
                findings=row.findings or "",
            )
        return cls(
            id=row.id,
            grounds=[AdmonishmentGroundModel(g) for g in row.grounds.split(",") if g],
            facts=row.facts,
            notice=row.notice,
            issued_on=row.issued_on,
            correct_by=row.correct_by,
            status=row.status,
            review=review,
            recorded_at=row.recorded_at,
            _recorded_by_id=row.recorded_by_id,
            _jurisdiction_id=row.jurisdiction_id,
            _cadre_id=row.cadre_id,
        )

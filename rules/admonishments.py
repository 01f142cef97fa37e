"""D4 诫勉: an admonishment with its grounds, the facts, a written notice to the cadre and a
deadline to correct; reviewed at the deadline under D4's rule (rules/admonishment_review.py)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from tortoise.transactions import in_transaction

from api.errors import BadUserInput, Conflict, PreconditionFailed
from models import Admonishment, AdmonishmentGround, AdmonishmentStatus, Cadre, ReviewProposal
from policies.principal import Principal
from policies.resources import ADMONISHMENT
from rules.admonishment_review import why_refused
from rules.calendar import office_today
from rules.daily_file import RECORD, cadre_to_record, log_decision
from rules.guard import require
from rules.inputs import text

GROUND_TEXT = {
    AdmonishmentGround.LACK_OF_DRIVE: "不作为、不担当",
    AdmonishmentGround.MEDIOCRE_WORK: "工作平庸、实绩不突出",
    AdmonishmentGround.REPEATED_MISTAKES: "屡犯错误",
    AdmonishmentGround.DISUNITY: "班子不团结",
    AdmonishmentGround.PUBLIC_COMPLAINTS: "群众反映强烈",
    AdmonishmentGround.CONDUCT: "作风问题",
    AdmonishmentGround.OTHER: "其他",
}


def review_overdue(
    status: AdmonishmentStatus, correct_by: datetime.date, today: datetime.date
) -> bool:
    """D4: the review falls due on `correct_by`; it is overdue once that day has passed."""
    return status is AdmonishmentStatus.CORRECTING and today > correct_by


def written_notice(
    cadre: Cadre, grounds: Sequence[AdmonishmentGround], facts: str, correct_by: datetime.date
) -> str:
    """D4: the notice handed to the cadre: why, the facts, and the day by which to correct."""
    reasons = "、".join(GROUND_TEXT[g] for g in grounds)
    return (
        f"诫勉通知书\n{cadre.name}（{cadre.post}）：\n经查，你存在{reasons}的问题：{facts}\n"
        f"现予以诫勉，请于{correct_by.isoformat()}前认真整改，届时组织将进行复查；"
        "整改不明显或出现新问题的，将依规予以调整或免职。"
    )


async def admonish(
    principal: Principal,
    cadre_code: str,
    grounds: Sequence[AdmonishmentGround],
    facts: str,
    correct_by: datetime.date,
    *,
    on: datetime.date | None = None,
) -> Admonishment:
    """D4: an admonishment needs at least one ground, the facts, and a deadline after today."""
    cadre, scope = await cadre_to_record(principal, ADMONISHMENT, cadre_code)
    chosen = list(dict.fromkeys(grounds))
    if not chosen:
        raise BadUserInput("an admonishment names at least one ground", argument="grounds")
    what = text(facts, "facts")
    today = on or office_today()
    if correct_by <= today:
        raise BadUserInput("`correctBy` must be after today", argument="correctBy")
    async with in_transaction() as conn:
        admonishment = await Admonishment.create(
            cadre_id=cadre.id,
            jurisdiction_id=cadre.managing_unit_id,
            grounds=",".join(g.value for g in chosen),
            facts=what,
            notice=written_notice(cadre, chosen, what, correct_by),
            issued_on=today,
            correct_by=correct_by,
            recorded_by_id=principal.user_id,
            using_db=conn,
        )
        await log_decision(
            principal,
            scope,
            ADMONISHMENT,
            "issue",
            admonishment.id,
            {"cadre": cadre.code, "correctBy": correct_by.isoformat()},
            conn,
        )
    return admonishment


async def review(
    principal: Principal,
    admonishment_id: int,
    improved: bool,
    new_problems: bool,
    findings: str,
    proposal: ReviewProposal,
    *,
    on: datetime.date | None = None,
) -> Admonishment:
    """D4: reviewed once, not before the deadline, with a proposal that follows the findings."""
    what = text(findings, "findings")
    today = on or office_today()
    async with in_transaction() as conn:
        admonishment = (
            await Admonishment.filter(id=admonishment_id).using_db(conn).select_for_update().first()
        )
        scope = await require(principal, ADMONISHMENT, RECORD, admonishment, what="admonishment")
        assert admonishment is not None
        if admonishment.status is AdmonishmentStatus.REVIEWED:
            raise Conflict("this admonishment is already reviewed")
        if today < admonishment.correct_by:
            raise PreconditionFailed(
                "D4", f"the review is due on {admonishment.correct_by.isoformat()}, not before"
            )
        refused = why_refused(improved, new_problems, proposal)
        if refused is not None:
            raise PreconditionFailed("D4", refused)
        admonishment.status = AdmonishmentStatus.REVIEWED
        admonishment.reviewed_on = today
        admonishment.improved = improved
        admonishment.new_problems = new_problems
        admonishment.findings = what
        admonishment.proposal = proposal
        admonishment.reviewed_by_id = principal.user_id
        await admonishment.save(
            using_db=conn,
            update_fields=[
                "status",
                "reviewed_on",
                "improved",
                "new_problems",
                "findings",
                "proposal",
                "reviewed_by_id",
            ],
        )
        await log_decision(
            principal,
            scope,
            ADMONISHMENT,
            "review",
            admonishment.id,
            {"improved": improved, "newProblems": new_problems, "proposal": proposal.value},
            conn,
        )
    return admonishment

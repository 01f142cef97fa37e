"""Announcing inspection (S3) with the feedback of the notice period, the inspection of each
candidate with its inspectors, steps and facts (S7), and the supervision office's two opinions:
the combined integrity opinion (S4) and its opinion before the decision (L2)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Subquery
from tortoise.transactions import in_transaction

from api.errors import BadUserInput, Conflict, PreconditionFailed
from api.settings import Settings
from models import (
    AuditCommission,
    FeedbackChannel,
    InspectionFeedback,
    InspectionNotice,
    InspectionRecord,
    IntegrityAppraisalAnswer,
    IntegrityOpinion,
    Selection,
    SelectionStatus,
    SupervisionOpinion,
)
from models.audits import AuditResult
from policies.principal import Principal
from policies.resources import AUDIT
from policies.scope import resolve_scope, restrict
from rules.daily_summary import daily_file_lines
from rules.inputs import not_future, text
from rules.selection_common import (
    cadres_by_code,
    candidate,
    log,
    refuse_when_closed,
    refuse_without_candidates,
    selection_for,
    unique,
)
from rules.selection_reports import feedback_tipoff

FINAL = ("NO_PROBLEMS_KNOWN", "CONCLUDED_FINDING")


async def announce_inspection(
    principal: Principal, selection_id: int, notice_from: datetime.date, notice_to: datetime.date
) -> Selection:
    """S3: inspection is announced in advance; nothing is inspected before."""
    if notice_to < notice_from:
        raise BadUserInput("the notice period ends before it starts", argument="input.noticeTo")
    async with in_transaction() as conn:
        selection, scope = await selection_for(principal, selection_id, "run", conn)
        refuse_without_candidates(selection)
        if selection.status != SelectionStatus.CANDIDATES_FIXED:
            raise Conflict("the inspection is already announced")
        await InspectionNotice.create(
            selection_id=selection.id,
            notice_from=notice_from,
            notice_to=notice_to,
            announced_by_id=principal.user_id,
            using_db=conn,
        )
        selection.status = SelectionStatus.INSPECTION
        await selection.save(using_db=conn)
        detail = {"from": notice_from.isoformat(), "to": notice_to.isoformat()}
        await log(principal, scope, "announce", selection, detail, conn)
    return selection


async def _notice(selection: Selection, conn: BaseDBAsyncClient) -> InspectionNotice:
    refuse_without_candidates(selection)
    notice = await InspectionNotice.filter(selection_id=selection.id).using_db(conn).first()
    if notice is None:
        raise PreconditionFailed("S3", "inspection must be announced first")
    return notice


async def record_feedback(
    principal: Principal,
    selection_id: int,
    received_on: datetime.date,
    channel: FeedbackChannel,
    content: str,
    cadre_code: str | None,
    as_tipoff: Settings | None = None,
) -> InspectionFeedback:
    """S3: feedback received during the notice period, kept with the selection; given the
    settings in `as_tipoff` it is also registered as a tip-off, in the same transaction, by a
    caller who registers tip-offs for the selection's jurisdiction."""
    body = text(content, "input.content")
    not_future(received_on, "input.receivedOn")
    async with in_transaction() as conn:
        selection, scope = await selection_for(principal, selection_id, "feedback", conn)
        notice = await _notice(selection, conn)
        if not notice.notice_from <= received_on <= notice.notice_to:
            raise PreconditionFailed(
                "S3", "received outside the notice period: register it as a tip-off instead"
            )
        about = await candidate(selection, cadre_code, conn) if cadre_code else None
        row = await InspectionFeedback.create(
            selection_id=selection.id,
            cadre_id=about.id if about else None,
            received_on=received_on,
            channel=channel,
            content=body,
            recorded_by_id=principal.user_id,
            using_db=conn,
        )
        if as_tipoff is not None:
            row.tipoff_id = await feedback_tipoff(principal, selection, row, about, as_tipoff)
            await row.save(using_db=conn, update_fields=["tipoff_id"])
        await log(principal, scope, "feedback", selection, {"feedback": row.id}, conn)
    return row


@dataclass(frozen=True)
class Step:
    at: datetime.date
    action: str
    facts: str


def validate_inspection(
    inspectors: list[str], steps: list[Step], conclusion: str
) -> tuple[list[str], list[dict[str, str]], str]:
    """S7: every inspection names its inspectors, and every step and conclusion its facts."""
    names = unique(inspectors, "input.inspectors")
    if not names:
        raise PreconditionFailed("S7", "an inspection names its inspectors")
    if not steps:
        raise PreconditionFailed("S7", "an inspection records the steps behind its conclusion")
    written = []
    for i, step in enumerate(steps):
        if not step.action.strip() or not step.facts.strip():
            raise PreconditionFailed("S7", f"step {i + 1} must name its action and its facts")
        not_future(step.at, f"input.steps[{i}].at")
        written.append(
            {"at": step.at.isoformat(), "action": step.action.strip(), "facts": step.facts.strip()}
        )
    if not conclusion.strip():
        raise PreconditionFailed("S7", "an inspection ends with a written conclusion")
    return names, written, conclusion.strip()


async def record_inspection(
    principal: Principal,
    selection_id: int,
    cadre_code: str,
    inspectors: list[str],
    steps: list[Step],
    conclusion: str,
) -> Selection:
    names, written, concluded = validate_inspection(inspectors, steps, conclusion)
    async with in_transaction() as conn:
        selection, scope = await selection_for(principal, selection_id, "run", conn)
        notice = await _notice(selection, conn)
        cadre = await candidate(selection, cadre_code, conn)
        if any(s.at < notice.notice_from for s in steps):
            raise PreconditionFailed("S3", "an inspection step precedes its announcement")
        people = await cadres_by_code(names, "input.inspectors", conn)
        if cadre.code in people:
            raise PreconditionFailed("J5", "a candidate does not inspect themself")
        if (
            await InspectionRecord.filter(selection_id=selection.id, cadre_id=cadre.id)
            .using_db(conn)
            .exists()
        ):
            raise Conflict(f"{cadre.code} has already been inspected")
        await InspectionRecord.create(
            selection_id=selection.id,
            cadre_id=cadre.id,
            inspector_ids=[people[n].id for n in names],
            steps=written,
            conclusion=concluded,
            recorded_by_id=principal.user_id,
            using_db=conn,
        )
        await selection.save(using_db=conn)
        await log(principal, scope, "inspect", selection, {"cadre": cadre.code}, conn)
    return selection


async def record_integrity_opinion(
    principal: Principal, selection_id: int, cadre_code: str, opinion: str
) -> Selection:
    """S4: after inspection, the supervision office's combined integrity opinion: the appraisal,
    the inspection findings and the cadre's daily supervision record, kept as they stood."""
    written = text(opinion, "opinion")
    async with in_transaction() as conn:
        selection, scope = await selection_for(principal, selection_id, "opine", conn)
        await _notice(selection, conn)
        cadre = await candidate(selection, cadre_code, conn)
        if principal.cadre_id == cadre.id:
            raise PreconditionFailed("J5", "no one writes the integrity opinion about themself")
        inspection = (
            await InspectionRecord.filter(selection_id=selection.id, cadre_id=cadre.id)
            .using_db(conn)
            .first()
        )
        if inspection is None:
            raise PreconditionFailed("S4", "the integrity opinion follows the inspection")
        answer = (
            await IntegrityAppraisalAnswer.filter(
                request__selection_id=selection.id, cadre_id=cadre.id, verdict__in=FINAL
            )
            .using_db(conn)
            .first()
        )
        if answer is None:
            raise PreconditionFailed("S4", "the discipline commission has not answered yet")
        if (
            await IntegrityOpinion.filter(selection_id=selection.id, cadre_id=cadre.id)
            .using_db(conn)
            .exists()
        ):
            raise Conflict(f"the integrity opinion on {cadre.code} is already written")
        # The basis counts only the audits the author may read (J3): no other jurisdiction's.
        readable = restrict(
            AuditCommission.filter(cadre_id=cadre.id),
            await resolve_scope(principal, AUDIT, "read"),
            AUDIT,
        )
        audits = await readable.using_db(conn).count()
        rating = (
            await AuditResult.filter(commission_id__in=Subquery(readable.values("id")))
            .using_db(conn)
            .order_by("-submitted_at")
            .first()
        )
        daily = await daily_file_lines(principal, cadre.id, conn)
        basis = (
            f"integrity appraisal: {answer.verdict} {answer.detail}".rstrip()
            + f"\ninspection conclusion: {inspection.conclusion}"
            + f"\ndaily supervision: {audits} economic-responsibility audit(s)"
            + (f", latest rating {rating.rating.value}" if rating else "")
            + "".join(f"\n  {line}" for line in daily)
        )
        await IntegrityOpinion.create(
            selection_id=selection.id,
            cadre_id=cadre.id,
            basis=basis,
            opinion=written,
            recorded_by_id=principal.user_id,
            using_db=conn,
        )
        await selection.save(using_db=conn)
        await log(principal, scope, "integrity_opinion", selection, {"cadre": cadre.code}, conn)
    return selection


async def record_supervision_opinion(
    principal: Principal, selection_id: int, cadre_code: str, opinion: str
) -> Selection:
    """L2: the supervision office of the selection's own unit (not a superior through
    oversight) gives its opinion on each candidate, once, before the decision."""
    written = text(opinion, "opinion")
    async with in_transaction() as conn:
        selection, scope = await selection_for(principal, selection_id, "opine", conn)
        refuse_when_closed(selection)
        refuse_without_candidates(selection)
        cadre = await candidate(selection, cadre_code, conn)
        if principal.cadre_id == cadre.id:
            raise PreconditionFailed("J5", "no one gives the opinion on themself")
        if (
            await SupervisionOpinion.filter(selection_id=selection.id, cadre_id=cadre.id)
            .using_db(conn)
            .exists()
        ):
            raise Conflict(f"the supervision office's opinion on {cadre.code} is already given")
        await SupervisionOpinion.create(
            selection_id=selection.id,
            cadre_id=cadre.id,
            opinion=written,
            recorded_by_id=principal.user_id,
            using_db=conn,
        )
        await selection.save(using_db=conn)
        await log(principal, scope, "opinion", selection, {"cadre": cadre.code}, conn)
    return selection

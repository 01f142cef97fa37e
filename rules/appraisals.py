"""Integrity appraisals (S4, J5, J7): the candidate list goes to the discipline commission serving
the selection's jurisdiction, which answers per candidate."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from tortoise.transactions import in_transaction

from api import access_log
from api.errors import BadUserInput, Conflict, PreconditionFailed
from models import (
    AppraisalStatus,
    AppraisalVerdict,
    IntegrityAppraisalAnswer,
    IntegrityAppraisalRequest,
    OrgUnit,
    Selection,
    SelectionStatus,
    UnitKind,
)
from policies.principal import Principal
from policies.resources import APPRAISAL
from rules.guard import actor, require
from rules.selection_common import (
    chosen_candidates,
    log,
    refuse_when_closed,
    refuse_without_candidates,
    selection_for,
    unique,
)
from rules.units import nearest_of_kind


async def request_appraisal(principal: Principal, selection_id: int) -> IntegrityAppraisalRequest:
    """S4: when inspection starts (after its announcement, S3), the candidate list goes to the
    DISCIPLINE_COMMISSION unit under the selection's unit, else under its nearest ancestor."""
    async with in_transaction() as conn:
        selection, scope = await selection_for(principal, selection_id, "appraise", conn)
        refuse_without_candidates(selection)
        if selection.status == SelectionStatus.CANDIDATES_FIXED:
            raise PreconditionFailed(
                "S4", "the appraisal is requested when inspection starts: announce it first"
            )
        if (
            await IntegrityAppraisalRequest.filter(selection_id=selection.id)
            .using_db(conn)
            .exists()
        ):
            raise Conflict("the integrity appraisal has already been requested")
        unit = await OrgUnit.get(id=selection.managing_unit_id)
        commission = await nearest_of_kind(unit, UnitKind.DISCIPLINE_COMMISSION)
        if commission is None:
            raise PreconditionFailed("S4", "no discipline commission serves this jurisdiction")
        request = await IntegrityAppraisalRequest.create(
            selection_id=selection.id,
            managing_unit_id=selection.managing_unit_id,
            addressed_unit_id=commission.id,
            requested_by_id=principal.user_id,
            using_db=conn,
        )
        candidates = await chosen_candidates(selection, conn)
        await IntegrityAppraisalAnswer.bulk_create(
            [
                IntegrityAppraisalAnswer(request_id=request.id, cadre_id=c.cadre_id, position=i)
                for i, c in enumerate(candidates)
            ],
            using_db=conn,
        )
        await selection.save(using_db=conn)
        await log(principal, scope, "appraisal_request", selection, {"to": commission.code}, conn)
    return request


@dataclass(frozen=True)
class Answer:
    cadre_code: str
    verdict: AppraisalVerdict
    detail: str


def status_of(verdicts: list[AppraisalVerdict | None]) -> AppraisalStatus:
    """ANSWERED once every candidate has an answer other than UNDER_VERIFICATION (the S6 gate)."""
    final = [v is not None and v != AppraisalVerdict.UNDER_VERIFICATION for v in verdicts]
    if all(final):
        return AppraisalStatus.ANSWERED
    if any(v is not None for v in verdicts):
        return AppraisalStatus.PARTLY_ANSWERED
    return AppraisalStatus.REQUESTED


async def answer_appraisal(
    principal: Principal, request_id: int, answers: list[Answer]
) -> IntegrityAppraisalRequest:
    """S4: the commission's answer per candidate. A later answer may replace UNDER_VERIFICATION
    only; a final answer stands (CONFLICT)."""
    if not answers:
        raise BadUserInput("answer at least one candidate", argument="answers")
    codes = unique([a.cadre_code for a in answers], "answers")
    for i, a in enumerate(answers):
        if a.verdict == AppraisalVerdict.CONCLUDED_FINDING and not a.detail.strip():
            raise BadUserInput(
                "a concluded finding needs its detail", argument=f"answers[{i}].detail"
            )
    async with in_transaction() as conn:
        request = (
            await IntegrityAppraisalRequest.filter(id=request_id)
            .using_db(conn)
            .select_for_update()
            .first()
        )
        scope = await require(principal, APPRAISAL, "answer", request, what="appraisal request")
        assert request is not None
        selection = await Selection.filter(id=request.selection_id).using_db(conn).get()
        refuse_when_closed(selection)
        rows = {
            r.cadre.code: r
            for r in await IntegrityAppraisalAnswer.filter(request_id=request.id)
            .using_db(conn)
            .prefetch_related("cadre")
        }
        strangers = [c for c in codes if c not in rows]
        if strangers:
            raise BadUserInput(
                f"not candidates of this request: {', '.join(strangers)}", argument="answers"
            )
        if any(rows[c].cadre_id == principal.cadre_id for c in codes):
            raise PreconditionFailed("J5", "no one appraises themself")
        now = datetime.datetime.now(datetime.UTC)
        for a in answers:
            row = rows[a.cadre_code]
            if row.verdict not in (None, AppraisalVerdict.UNDER_VERIFICATION):
                raise Conflict(f"{a.cadre_code} already has a final answer")
            row.verdict = a.verdict
            row.detail = a.detail.strip()
            row.answered_by_id = principal.user_id
            row.answered_at = now
            await row.save(using_db=conn)
        request.status = status_of([r.verdict for r in rows.values()])
        await request.save(using_db=conn)
        await access_log.append(
            actor(principal, scope),
            "appraisal:answer",
            "appraisal",
            [request.id],
            {"answers": {a.cadre_code: a.verdict.value for a in answers}},
            connection=conn,
        )
    return request

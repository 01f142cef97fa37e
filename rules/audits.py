"""Economic-responsibility audits (D7) as plain functions: each step checks the caller (J3, J7),
the state of the commission, and its input; writes in one transaction with its log entry (J8)."""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from api import access_log
from api.errors import BadUserInput, Conflict, PreconditionFailed
from models import (
    AuditCommission,
    AuditFeedback,
    AuditFinding,
    AuditKind,
    AuditRating,
    AuditResult,
    AuditStatus,
    Cadre,
    FindingSeverity,
    OrgUnit,
    RectificationItem,
    RectificationStatus,
    UnitKind,
)
from policies.principal import Principal
from policies.resources import AUDIT, CADRE
from policies.scope import Scope
from rules.calendar import office_today
from rules.guard import actor, require
from rules.inputs import text
from rules.units import nearest_of_kind

OPEN = (AuditStatus.COMMISSIONED, AuditStatus.ACCEPTED, AuditStatus.IN_PROGRESS)
ANSWERABLE = (AuditStatus.ACCEPTED, AuditStatus.IN_PROGRESS)
MAX_AMOUNT = Decimal("1e13")


async def commission_audit(
    principal: Principal,
    cadre_code: str,
    kind: AuditKind,
    period_start: datetime.date,
    period_end: datetime.date,
    due_date: datetime.date,
) -> AuditCommission:
    """D7: the organisation department of the cadre's managing unit commissions the audit bureau."""
    cadre = await Cadre.get_or_none(code=cadre_code)
    scope = await require(principal, AUDIT, "commission", cadre, what="cadre", read_resource=CADRE)
    assert cadre is not None
    if period_end < period_start:
        raise BadUserInput("the period ends before it starts", argument="periodEnd")
    if period_start > office_today():
        raise BadUserInput("the audited period cannot start in the future", argument="periodStart")
    if due_date < office_today():
        raise BadUserInput("the due date has passed", argument="dueDate")
    managing = await OrgUnit.get(id=cadre.managing_unit_id)
    bureau = await nearest_of_kind(managing, UnitKind.AUDIT_BUREAU)
    if bureau is None:
        raise PreconditionFailed("D7", "no audit bureau serves this jurisdiction")
    async with in_transaction() as conn:
        # Lock the cadre: two commissions racing for the same period cannot both pass the check.
        await Cadre.filter(id=cadre.id).using_db(conn).select_for_update().first()
        overlapping = (
            await AuditCommission.filter(
                cadre_id=cadre.id,
                kind=kind,
                status__in=OPEN,
                period_start__lte=period_end,
                period_end__gte=period_start,
            )
            .using_db(conn)
            .exists()
        )
        if overlapping:
            raise Conflict("an open audit of this cadre already covers part of that period")
        commission = await AuditCommission.create(
            cadre_id=cadre.id,
            managing_unit_id=cadre.managing_unit_id,
            addressed_unit_id=bureau.id,
            kind=kind,
            period_start=period_start,
            period_end=period_end,
            due_date=due_date,
            plan_item_id=await _plan_item(cadre, period_end.year),
            commissioned_by_id=principal.user_id,
            using_db=conn,
        )
        await access_log.append(
            actor(principal, scope),
            "audit:commission",
            "audit",
            [commission.id],
            {"cadre": cadre.code, "kind": kind.value, "bureau": bureau.code},
            connection=conn,
        )
    return commission


async def _plan_item(cadre: Cadre, year: int) -> int | None:
    from models import AuditPlanItem, PlanStatus

    item = await AuditPlanItem.filter(
        cadre_id=cadre.id, included=True, plan__year=year, plan__status=PlanStatus.APPROVED
    ).first()
    return item.id if item else None


async def _commission_for(
    principal: Principal, commission_id: int, act: str, conn: BaseDBAsyncClient | None = None
) -> tuple[AuditCommission, Scope]:
    query = AuditCommission.filter(id=commission_id)
    if conn is not None:
        query = query.using_db(conn).select_for_update()
    commission = await query.first()
    scope = await require(principal, AUDIT, act, commission, what="audit commission")
    assert commission is not None
    return commission, scope


async def accept_commission(principal: Principal, commission_id: int) -> AuditCommission:
    """The bureau accepts; accepting again changes nothing."""
    async with in_transaction() as conn:
        commission, scope = await _commission_for(principal, commission_id, "answer", conn)
        if commission.status != AuditStatus.COMMISSIONED:
            return commission
        commission.status = AuditStatus.ACCEPTED
        commission.accepted_at = datetime.datetime.now(datetime.UTC)
        await commission.save(using_db=conn)
        await access_log.append(
            actor(principal, scope), "audit:accept", "audit", [commission.id], connection=conn
        )
    return commission


async def start_work(principal: Principal, commission_id: int) -> AuditCommission:
    """The bureau starts field work on an accepted commission; starting again changes nothing."""
    async with in_transaction() as conn:
        commission, scope = await _commission_for(principal, commission_id, "answer", conn)
        if commission.status == AuditStatus.IN_PROGRESS:
            return commission
        if commission.status == AuditStatus.COMMISSIONED:
            raise PreconditionFailed("D7", "accept the commission before starting work")
        if commission.status != AuditStatus.ACCEPTED:
            raise Conflict(f"the commission is already {commission.status.value}")
        commission.status = AuditStatus.IN_PROGRESS
        await commission.save(using_db=conn)
        await access_log.append(
            actor(principal, scope), "audit:start", "audit", [commission.id], connection=conn
        )
    return commission


@dataclass(frozen=True)
class FindingInput:
    severity: FindingSeverity
    category: str
    description: str
    amount: Decimal | None


def validate_amount(amount: Decimal | None, argument: str) -> Decimal | None:
    if amount is None:
        return None
    if not amount.is_finite():
        raise BadUserInput("an amount must be a finite number of yuan", argument=argument)
    if amount < 0:
        raise BadUserInput("an amount cannot be negative", argument=argument)
    if amount >= MAX_AMOUNT:
        raise BadUserInput("the amount is too large", argument=argument)
    if amount != amount.quantize(Decimal("0.01")):
        raise BadUserInput("an amount has at most two decimal places (fen)", argument=argument)
    return amount.quantize(Decimal("0.01"))


def result_fingerprint(rating: AuditRating, summary: str, findings: list[FindingInput]) -> str:
    """What makes two submissions "the same result", whatever their formatting."""
    canonical = json.dumps(
        [
            rating.value,
            summary,
            [
                [
                    f.severity.value,
                    f.category,
                    f.description,
                    None if f.amount is None else str(f.amount),
                ]
                for f in findings
            ],
        ],
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def clean_findings(findings: list[FindingInput]) -> list[FindingInput]:
    if len(findings) > 500:
        raise BadUserInput("at most 500 findings per result", argument="input.findings")
    return [
        FindingInput(
            severity=f.severity,
            category=text(f.category, f"input.findings[{i}].category", 100),
            description=text(f.description, f"input.findings[{i}].description"),
            amount=validate_amount(f.amount, f"input.findings[{i}].amount"),
        )
        for i, f in enumerate(findings)
    ]


async def submit_result(
    principal: Principal,
    commission_id: int,
    rating: AuditRating,
    summary: str,
    findings: list[FindingInput],
    idempotency_key: str,
) -> AuditCommission:
    """Store the bureau's result once. The same key with the same content replays the stored
    result; any other result for an answered commission is a conflict."""
    key = text(idempotency_key, "idempotencyKey", 128)
    summary = text(summary, "input.summary")
    cleaned = clean_findings(findings)
    fingerprint = result_fingerprint(rating, summary, cleaned)
    try:
        async with in_transaction() as conn:
            commission, scope = await _commission_for(principal, commission_id, "answer", conn)
            existing = await AuditResult.filter(commission_id=commission.id).using_db(conn).first()
            if existing is not None:
                return _replay(commission, existing, key, fingerprint)
            if commission.status == AuditStatus.COMMISSIONED:
                raise PreconditionFailed("D7", "accept the commission before submitting a result")
            if commission.status not in ANSWERABLE:
                raise Conflict(f"the commission is {commission.status.value}")
            result = await AuditResult.create(
                commission_id=commission.id,
                rating=rating,
                summary=summary,
                idempotency_key=key,
                content_hash=fingerprint,
                submitted_by_id=principal.user_id,
                using_db=conn,
            )
            await AuditFinding.bulk_create(
                [
                    AuditFinding(
                        result_id=result.id,
                        position=i,
                        severity=f.severity,
                        category=f.category,
                        description=f.description,
                        amount=f.amount,
                    )
                    for i, f in enumerate(cleaned)
                ],
                using_db=conn,
            )
            commission.status = AuditStatus.RESULT_SUBMITTED
            await commission.save(using_db=conn)
            await access_log.append(
                actor(principal, scope),
                "audit:submit_result",
                "audit",
                [commission.id],
                {"rating": rating.value, "findings": len(cleaned), "key": key},
                connection=conn,
            )
    except IntegrityError:
        # A concurrent submission won the race: replay it if it was this one, else conflict.
        existing = await AuditResult.get_or_none(commission_id=commission_id)
        commission_now = await AuditCommission.get(id=commission_id)
        if existing is None:
            raise
        return _replay(commission_now, existing, key, fingerprint)
    return commission


def _replay(
    commission: AuditCommission, existing: AuditResult, key: str, fingerprint: str
) -> AuditCommission:
    if existing.idempotency_key == key and existing.content_hash == fingerprint:
        return commission
    if existing.idempotency_key == key:
        raise Conflict("this idempotency key was used for a different result")
    raise Conflict("a result was already submitted for this commission")


async def record_feedback(
    principal: Principal, commission_id: int, discussed_on: datetime.date, notes: str
) -> AuditCommission:
    """D7: the result was discussed with the cadre."""
    notes = text(notes, "input.notes")
    if discussed_on > office_today():
        raise BadUserInput("the discussion cannot be in the future", argument="input.discussedOn")
    async with in_transaction() as conn:
        commission, scope = await _commission_for(principal, commission_id, "follow_up", conn)
        if commission.status in OPEN:
            raise PreconditionFailed("D7", "feedback follows the audit result")
        if commission.status != AuditStatus.RESULT_SUBMITTED:
            raise Conflict(f"the commission is already {commission.status.value}")
        await AuditFeedback.create(
            commission_id=commission.id,
            discussed_on=discussed_on,
            notes=notes,
            recorded_by_id=principal.user_id,
            using_db=conn,
        )
        commission.status = AuditStatus.FEEDBACK_GIVEN
        await commission.save(using_db=conn)
        await access_log.append(
            actor(principal, scope), "audit:feedback", "audit", [commission.id], connection=conn
        )
    return commission


async def _finding_for(
    principal: Principal, finding_id: int, conn: BaseDBAsyncClient
) -> tuple[AuditFinding, AuditCommission, Scope]:
    finding = await AuditFinding.filter(id=finding_id).using_db(conn).first()
    commission = None
    if finding is not None:
        commission = (
            await AuditCommission.filter(result__id=finding.result_id)
            .using_db(conn)
            .select_for_update()
            .first()
        )
    scope = await require(principal, AUDIT, "follow_up", commission, what="audit finding")
    assert finding is not None and commission is not None
    return finding, commission, scope


async def add_rectification(
    principal: Principal, finding_id: int, owner: str, description: str, due_date: datetime.date
) -> RectificationItem:
    """A finding becomes a rectification item with an owner and a due date."""
    owner = text(owner, "input.owner", 100)
    description = text(description, "input.description")
    async with in_transaction() as conn:
        finding, commission, scope = await _finding_for(principal, finding_id, conn)
        if commission.status == AuditStatus.CLOSED:
            raise Conflict("the commission is closed")
        item = await RectificationItem.create(
            finding_id=finding.id,
            owner=owner,
            description=description,
            due_date=due_date,
            created_by_id=principal.user_id,
            using_db=conn,
        )
        await commission.save(using_db=conn)  # locked above; bumps updatedAt for syncing clients
        await access_log.append(
            actor(principal, scope),
            "audit:rectification",
            "audit",
            [commission.id],
            {"finding": finding.id, "item": item.id},
            connection=conn,
        )
    return item


async def complete_rectification(
    principal: Principal, item_id: int, note: str
) -> RectificationItem:
    note = text(note, "note")
    async with in_transaction() as conn:
        item = await RectificationItem.filter(id=item_id).using_db(conn).select_for_update().first()
        finding_id = item.finding_id if item else -1
        _, commission, scope = await _finding_for(principal, finding_id, conn)
        assert item is not None
        if item.status == RectificationStatus.DONE:
            raise Conflict("the rectification item is already done")
        item.status = RectificationStatus.DONE
        item.completion_note = note
        item.completed_at = datetime.datetime.now(datetime.UTC)
        await item.save(using_db=conn)
        await commission.save(using_db=conn)
        await access_log.append(
            actor(principal, scope),
            "audit:rectified",
            "audit",
            [commission.id],
            {"item": item.id},
            connection=conn,
        )
    return item


async def close_commission(principal: Principal, commission_id: int) -> AuditCommission:
    """Closing needs the feedback given and every rectification item done (D7)."""
    async with in_transaction() as conn:
        commission, scope = await _commission_for(principal, commission_id, "follow_up", conn)
        if commission.status == AuditStatus.CLOSED:
            raise Conflict("the commission is already closed")
        if commission.status != AuditStatus.FEEDBACK_GIVEN:
            raise PreconditionFailed("D7", "the result must be fed back to the cadre first")
        still_open = (
            await RectificationItem.filter(
                finding__result__commission_id=commission.id, status=RectificationStatus.OPEN
            )
            .using_db(conn)
            .count()
        )
        if still_open:
            raise PreconditionFailed(
                "D7", f"{still_open} rectification item(s) are still open", openItems=still_open
            )
        commission.status = AuditStatus.CLOSED
        await commission.save(using_db=conn)
        await access_log.append(
            actor(principal, scope), "audit:close", "audit", [commission.id], connection=conn
        )
    return commission

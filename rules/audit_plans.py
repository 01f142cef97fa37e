"""Yearly audit plans (D7): a share of unit leaders, money and materials first, then those longest
without an audit; every pick is explained, staff adjust, then approve."""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from decimal import Decimal

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from api import access_log
from api.errors import BadUserInput, Conflict, NotFound
from models import (
    AuditCommission,
    AuditPlan,
    AuditPlanItem,
    Cadre,
    CadreRank,
    CadreStatus,
    OrgUnit,
    PlanStatus,
)
from policies.principal import Principal
from policies.resources import AUDIT_PLAN
from rules.guard import actor, require


@dataclass(frozen=True)
class Pick:
    cadre: Cadre
    last_audited_until: datetime.date | None
    reason: str


def rank_for_audit(
    leaders: list[Cadre], last_audit: dict[int, datetime.date], share: Decimal
) -> list[Pick]:
    """D7: the first ⌈share × leaders⌉ of the leaders, money and materials first, then the longest
    without an audit (never audited before any date), then by code; each with its reason."""

    def key(c: Cadre) -> tuple[bool, bool, datetime.date, str]:
        last = last_audit.get(c.id)
        return (not c.manages_funds, last is not None, last or datetime.date.min, c.code)

    ordered = sorted(leaders, key=key)
    count = min(len(ordered), math.ceil(share * len(ordered)))
    picks = []
    for position, cadre in enumerate(ordered[:count], start=1):
        last = last_audit.get(cadre.id)
        parts = [
            "manages money or materials" if cadre.manages_funds else "does not manage funds",
            "never audited" if last is None else f"last audit covered the period to {last}",
            f"rank {position} of {len(ordered)} leaders",
        ]
        picks.append(Pick(cadre, last, "; ".join(parts)))
    return picks


async def propose_plan(
    principal: Principal, year: int, unit_code: str, share: Decimal
) -> AuditPlan:
    if not 2000 <= year <= 2100:
        raise BadUserInput("year out of range", argument="year")
    if not (Decimal(0) < share <= Decimal(1)) or share != share.quantize(Decimal("0.0001")):
        raise BadUserInput("share is a fraction above 0 and at most 1", argument="share")
    unit = await OrgUnit.get_or_none(code=unit_code)
    if unit is None:
        raise BadUserInput(f"unknown unit code {unit_code!r}", argument="unitCode")
    scope = await require(principal, AUDIT_PLAN, "plan", {"unit_id": unit.id}, what="jurisdiction")
    leaders = await Cadre.filter(managing_unit_id=unit.id, status=CadreStatus.IN_OFFICE).exclude(
        rank=CadreRank.STAFF
    )
    last_audit: dict[int, datetime.date] = {}
    for cadre_id, period_end in await AuditCommission.filter(
        cadre_id__in=[c.id for c in leaders]
    ).values_list("cadre_id", "period_end"):
        if cadre_id not in last_audit or period_end > last_audit[cadre_id]:
            last_audit[cadre_id] = period_end
    picks = rank_for_audit(list(leaders), last_audit, share)
    async with in_transaction() as conn:
        plan = (
            await AuditPlan.filter(year=year, unit_id=unit.id)
            .using_db(conn)
            .select_for_update()
            .first()
        )
        if plan is not None and plan.status == PlanStatus.APPROVED:
            raise Conflict(f"the {year} plan of {unit_code} is already approved")
        if plan is None:
            try:
                plan = await AuditPlan.create(
                    year=year,
                    unit_id=unit.id,
                    share=share,
                    proposed_by_id=principal.user_id,
                    using_db=conn,
                )
            except IntegrityError:  # a concurrent first proposal won the race
                raise Conflict(f"a {year} plan of {unit_code} was just proposed") from None
        else:
            await AuditPlanItem.filter(plan_id=plan.id).using_db(conn).delete()
            plan.share = share
            plan.proposed_by_id = principal.user_id
            await plan.save(using_db=conn)
        await AuditPlanItem.bulk_create(
            [
                AuditPlanItem(plan_id=plan.id, cadre_id=p.cadre.id, position=i, reason=p.reason)
                for i, p in enumerate(picks, start=1)
            ],
            using_db=conn,
        )
        await access_log.append(
            actor(principal, scope),
            "audit:plan",
            "audit_plan",
            [plan.id],
            {"year": year, "unit": unit_code, "share": str(share), "picked": len(picks)},
            connection=conn,
        )
    return plan


@dataclass(frozen=True)
class Adjustment:
    cadre_code: str
    reason: str


async def adjust_plan(
    principal: Principal, plan_id: int, include: list[Adjustment], exclude: list[Adjustment]
) -> AuditPlan:
    """Staff add or drop targets, each with a written reason (S7-style responsibility)."""
    async with in_transaction() as conn:
        plan = await AuditPlan.filter(id=plan_id).using_db(conn).select_for_update().first()
        scope = await require(principal, AUDIT_PLAN, "plan", plan, what="audit plan")
        assert plan is not None
        if plan.status == PlanStatus.APPROVED:
            raise Conflict("an approved plan is not adjusted")
        position = await AuditPlanItem.filter(plan_id=plan.id).using_db(conn).count()
        for change, included in [(a, True) for a in include] + [(a, False) for a in exclude]:
            reason = change.reason.strip()
            if not reason:
                raise BadUserInput(f"a reason is needed for {change.cadre_code}", argument="reason")
            cadre = await Cadre.filter(code=change.cadre_code).using_db(conn).first()
            if cadre is None or cadre.managing_unit_id != plan.unit_id:
                raise NotFound(f"no cadre {change.cadre_code} under this plan's jurisdiction")
            item = (
                await AuditPlanItem.filter(plan_id=plan.id, cadre_id=cadre.id)
                .using_db(conn)
                .first()
            )
            note = f"{'added' if included else 'removed'} by {principal.username}: {reason}"
            if item is None:
                position += 1
                await AuditPlanItem.create(
                    plan_id=plan.id,
                    cadre_id=cadre.id,
                    position=position,
                    reason=note,
                    included=included,
                    adjusted_by_id=principal.user_id,
                    using_db=conn,
                )
            else:
                item.included = included
                item.reason = f"{item.reason}; {note}"
                item.adjusted_by_id = principal.user_id
                await item.save(using_db=conn)
        await access_log.append(
            actor(principal, scope),
            "audit:plan_adjust",
            "audit_plan",
            [plan.id],
            {
                "include": [a.cadre_code for a in include],
                "exclude": [a.cadre_code for a in exclude],
            },
            connection=conn,
        )
    return plan


async def approve_plan(principal: Principal, plan_id: int) -> AuditPlan:
    async with in_transaction() as conn:
        plan = await AuditPlan.filter(id=plan_id).using_db(conn).select_for_update().first()
        scope = await require(principal, AUDIT_PLAN, "plan", plan, what="audit plan")
        assert plan is not None
        if plan.status == PlanStatus.APPROVED:
            raise Conflict("the plan is already approved")
        plan.status = PlanStatus.APPROVED
        plan.approved_by_id = principal.user_id
        plan.approved_at = datetime.datetime.now(datetime.UTC)
        await plan.save(using_db=conn)
        await access_log.append(
            actor(principal, scope),
            "audit:plan_approve",
            "audit_plan",
            [plan.id],
            connection=conn,
        )
    return plan

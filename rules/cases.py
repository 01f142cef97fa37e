"""Cases (D5, J4, J7): opening from tip-offs or an audit finding, investigators of the same
jurisdiction, findings, a decision with D5's outcomes and measures, take-over by a superior and
referral to the discipline commission. A step in the wrong state is refused with its rule; two
decisions racing on one case: one wins, the other is a conflict."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from api import access_log
from api.errors import BadUserInput, Conflict, Forbidden, NotFound, PreconditionFailed
from api.settings import Settings
from models import (
    AuditFinding,
    Cadre,
    Case,
    CaseFinding,
    CaseInvestigator,
    CaseKind,
    CaseMeasure,
    CaseNotice,
    CaseOutcome,
    CaseStatus,
    FindingAssessment,
    OrgUnit,
    RoleAssignment,
    Tipoff,
    TipoffStatus,
    UnitKind,
    User,
)
from policies.engine import grants
from policies.principal import Principal
from policies.resources import AUDIT, CADRE, CASE, TIPOFF
from policies.scope import Scope, resolve_scope, superior_assignment
from rules.calendar import office_today
from rules.guard import actor, require
from rules.inputs import text
from rules.units import nearest_of_kind

CLOSED = (CaseStatus.DECIDED, CaseStatus.REFERRED)
# D5: outcomes that impose measures, and those that open a matter of their own.
MEASURES_REQUIRED = (CaseOutcome.FOUNDED,)
NO_MEASURES = (CaseOutcome.NAME_CLEARED, CaseOutcome.FALSE_ACCUSATION, CaseOutcome.RETALIATION)
MATTER_OF_ITS_OWN = {
    CaseOutcome.FALSE_ACCUSATION: CaseKind.FALSE_ACCUSATION,
    CaseOutcome.RETALIATION: CaseKind.RETALIATION,
}


def _due(settings: Settings) -> datetime.date:
    return office_today() + datetime.timedelta(days=settings.conclusion_days)


async def new_case(
    principal: Principal,
    settings: Settings,
    conn: BaseDBAsyncClient,
    *,
    cadre_id: int | None,
    jurisdiction_id: int,
    kind: CaseKind = CaseKind.VERIFICATION,
    **links: object,
) -> Case:
    """Every case starts the same way: open, under one jurisdiction (J2), due for conclusion
    `conclusion_days` after today (D5), opened by the caller."""
    return await Case.create(
        kind=kind,
        cadre_id=cadre_id,
        jurisdiction_id=jurisdiction_id,
        original_jurisdiction_id=jurisdiction_id,
        opened_by_id=principal.user_id,
        conclusion_due=_due(settings),
        using_db=conn,
        **links,
    )


async def _case_for(
    principal: Principal, case_id: int, act: str, conn: BaseDBAsyncClient
) -> tuple[Case, Scope]:
    case = await Case.filter(id=case_id).using_db(conn).first()
    scope = await require(principal, CASE, act, case, what="case")
    assert case is not None
    return case, scope


def _refuse_closed(case: Case) -> None:
    if case.status in CLOSED:
        raise PreconditionFailed("D5", f"the case is {case.status.value.lower()}")


async def open_case(
    principal: Principal, tipoff_ids: Sequence[int], cadre_code: str, settings: Settings
) -> Case:
    """D5: verification under the cadre's jurisdiction; tip-offs about that cadre join it."""
    if not tipoff_ids:
        raise BadUserInput("a case joins at least one tip-off", argument="tipoffIds")
    cadre = await Cadre.get_or_none(code=cadre_code.strip())
    placed = (
        {"managing_unit_id": cadre.managing_unit_id, "jurisdiction_id": cadre.managing_unit_id}
        if cadre
        else None
    )
    scope = await require(principal, CASE, "handle", placed, what="cadre", read_resource=CADRE)
    assert cadre is not None
    if cadre.id == principal.cadre_id:
        raise PreconditionFailed("J5", "no one handles a case about themself")
    async with in_transaction() as conn:
        tipoffs = await Tipoff.filter(id__in=list(tipoff_ids)).using_db(conn).select_for_update()
        tipoff_scope = await resolve_scope(principal, TIPOFF, "handle")
        if len(tipoffs) != len(set(tipoff_ids)) or not all(
            tipoff_scope.admits(TIPOFF, t) for t in tipoffs
        ):
            raise NotFound("a tip-off is not under your jurisdiction")
        for tipoff in tipoffs:
            if tipoff.subject_cadre_id != cadre.id:
                raise PreconditionFailed("J2", f"tip-off {tipoff.id} is not routed to {cadre.code}")
            if tipoff.case_id is not None:
                raise Conflict(f"tip-off {tipoff.id} already joined a case")
        case = await new_case(
            principal, settings, conn, cadre_id=cadre.id, jurisdiction_id=cadre.managing_unit_id
        )
        await (
            Tipoff.filter(id__in=[t.id for t in tipoffs])
            .using_db(conn)
            .update(
                case_id=case.id,
                status=TipoffStatus.IN_CASE,
                updated_at=datetime.datetime.now(datetime.UTC),
            )
        )
        await access_log.append(
            actor(principal, scope),
            "case:open",
            "case",
            [case.id],
            {"cadre": cadre.code, "tipoffs": sorted(tipoff_ids)},
            connection=conn,
        )
    return case


async def open_from_audit_finding(
    principal: Principal, finding_id: int, settings: Settings
) -> Case:
    """D7: an audit finding opens a case about the audited cadre, under the same jurisdiction."""
    async with in_transaction() as conn:
        # Locked: a retried or double-clicked request waits here, then finds the case opened.
        finding = (
            await AuditFinding.filter(id=finding_id).using_db(conn).select_for_update().first()
        )
        commission = None
        if finding is not None:
            from models import AuditCommission

            commission = (
                await AuditCommission.filter(result__id=finding.result_id).using_db(conn).first()
            )
        await require(principal, AUDIT, "follow_up", commission, what="audit finding")
        assert finding is not None and commission is not None
        scope = await require(
            principal,
            CASE,
            "handle",
            {"jurisdiction_id": commission.managing_unit_id},
            what="jurisdiction",
        )
        if await Case.filter(source_finding_id=finding.id).using_db(conn).exists():
            raise Conflict("this finding already opened a case")
        if commission.cadre_id == principal.cadre_id:
            raise PreconditionFailed("J5", "no one handles a case about themself")
        case = await new_case(
            principal,
            settings,
            conn,
            kind=CaseKind.AUDIT_FINDING,
            cadre_id=commission.cadre_id,
            jurisdiction_id=commission.managing_unit_id,
            source_finding_id=finding.id,
            summary=f"{finding.category}: {finding.description}",
        )
        await access_log.append(
            actor(principal, scope),
            "case:open_from_audit",
            "case",
            [case.id],
            {"finding": finding.id, "commission": commission.id},
            connection=conn,
        )
    return case


async def assign_investigators(
    principal: Principal, case_id: int, usernames: Sequence[str]
) -> Case:
    """Investigators come from the case's own jurisdiction: users who handle cases there."""
    names = sorted({u.strip().lower() for u in usernames if u.strip()})
    if not names:
        raise BadUserInput("name at least one investigator", argument="usernames")
    async with in_transaction() as conn:
        case, scope = await _case_for(principal, case_id, "handle", conn)
        _refuse_closed(case)
        users = {u.username: u for u in await User.filter(username__in=names, is_active=True)}
        for name in names:
            user = users.get(name)
            if user is None or not await _handles_cases_at(user, case.jurisdiction_id):
                raise PreconditionFailed(
                    "J3", f"{name} does not handle cases in this jurisdiction", username=name
                )
            if case.cadre_id is not None and user.cadre_id == case.cadre_id:
                raise PreconditionFailed("J5", f"{name} is the subject of this case")
            await CaseInvestigator.get_or_create(
                case_id=case.id,
                user_id=user.id,
                defaults={"assigned_by_id": principal.user_id},
                using_db=conn,
            )
        if case.status == CaseStatus.OPEN:
            case.status = CaseStatus.INVESTIGATING
        await _save(case, conn)
        await access_log.append(
            actor(principal, scope),
            "case:assign",
            "case",
            [case.id],
            {"investigators": names},
            connection=conn,
        )
    return case


async def _handles_cases_at(user: User, unit_id: int) -> bool:
    roles = await RoleAssignment.filter(
        user_id=user.id, unit_id=unit_id, revoked_at__isnull=True
    ).values_list("role", flat=True)
    return any(grants(str(role), CASE.name, "handle") for role in roles)


@dataclass(frozen=True)
class FindingInput:
    assessment: FindingAssessment
    facts: str


async def record_finding(principal: Principal, case_id: int, finding: FindingInput) -> Case:
    facts = text(finding.facts, "input.facts", 20_000)
    async with in_transaction() as conn:
        case, scope = await _case_for(principal, case_id, "handle", conn)
        _refuse_closed(case)
        if case.status == CaseStatus.OPEN:
            raise PreconditionFailed("D5", "assign investigators before recording findings")
        if (
            not await CaseInvestigator.filter(case_id=case.id, user_id=principal.user_id)
            .using_db(conn)
            .exists()
        ):
            raise Forbidden("only the case's investigators record findings")
        await CaseFinding.create(
            case_id=case.id,
            assessment=finding.assessment,
            facts=facts,
            author_id=principal.user_id,
            using_db=conn,
        )
        case.status = CaseStatus.FINDINGS_RECORDED
        await _save(case, conn)
        await access_log.append(
            actor(principal, scope),
            "case:finding",
            "case",
            [case.id],
            {"assessment": finding.assessment.value},
            connection=conn,
        )
    return case


@dataclass(frozen=True)
class Decision:
    outcome: CaseOutcome
    measures: tuple[CaseMeasure, ...]
    reason: str


# D5: the outcome follows what verification found.
FOLLOWS_FROM = {
    CaseOutcome.FOUNDED: {FindingAssessment.SUBSTANTIATED},
    CaseOutcome.PARTLY_FOUNDED: {FindingAssessment.PARTLY_SUBSTANTIATED},
    CaseOutcome.NAME_CLEARED: {
        FindingAssessment.UNSUBSTANTIATED,
        FindingAssessment.SERIOUSLY_UNTRUE,
    },
    CaseOutcome.FALSE_ACCUSATION: {FindingAssessment.SERIOUSLY_UNTRUE},
    CaseOutcome.RETALIATION: set(FindingAssessment),  # retaliation may follow any report
}


def check_decision(decision: Decision, kind: CaseKind, assessment: FindingAssessment) -> None:
    """D5: the outcome follows the latest finding; founded names at least one measure; a cleared
    name, a false accusation or retaliation imposes none; measures are not repeated. A matter
    opened by a decision is not itself a verification of the cadre: a false-accusation matter
    (the cadre was its victim) imposes no measures on the cadre, and neither matter opens another.
    """
    if len(set(decision.measures)) != len(decision.measures):
        raise BadUserInput("a measure is listed twice", argument="input.measures")
    if assessment not in FOLLOWS_FROM[decision.outcome]:
        raise PreconditionFailed(
            "D5", f"{decision.outcome.value} does not follow a finding of {assessment.value}"
        )
    founded_without_measures = decision.outcome in MEASURES_REQUIRED and not decision.measures
    if founded_without_measures and kind is not CaseKind.FALSE_ACCUSATION:
        raise PreconditionFailed("D5", "a founded case names its measures")
    if decision.outcome in NO_MEASURES and decision.measures:
        raise PreconditionFailed("D5", f"{decision.outcome.value} imposes no measures on the cadre")
    if kind in (CaseKind.FALSE_ACCUSATION, CaseKind.RETALIATION):
        if decision.outcome in (
            CaseOutcome.NAME_CLEARED,
            CaseOutcome.FALSE_ACCUSATION,
            CaseOutcome.RETALIATION,
        ):
            raise PreconditionFailed("D5", "a matter of its own is founded or partly founded")
        if kind is CaseKind.FALSE_ACCUSATION and decision.measures:
            raise PreconditionFailed(
                "D5", "the cadre was the victim of the false accusation: no measures on them"
            )


async def decide(
    principal: Principal, case_id: int, decision: Decision, settings: Settings
) -> Case:
    reason = text(decision.reason, "input.reason", 20_000)
    if len(set(decision.measures)) != len(decision.measures):
        raise BadUserInput("a measure is listed twice", argument="input.measures")
    async with in_transaction() as conn:
        case, scope = await _case_for(principal, case_id, "handle", conn)
        _refuse_closed(case)
        if case.status != CaseStatus.FINDINGS_RECORDED:
            raise PreconditionFailed("D5", "a case is decided on its recorded findings")
        latest = await CaseFinding.filter(case_id=case.id).using_db(conn).order_by("-id").first()
        assert latest is not None  # FINDINGS_RECORDED
        check_decision(decision, case.kind, latest.assessment)
        now = datetime.datetime.now(datetime.UTC)
        case.outcome = decision.outcome
        case.measures = ",".join(m.value for m in decision.measures)
        case.decision_reason = reason
        case.decided_by_id = principal.user_id
        case.decided_at = now
        case.status = CaseStatus.DECIDED
        if decision.outcome == CaseOutcome.NAME_CLEARED and case.cadre_id is not None:
            cadre = await Cadre.get(id=case.cadre_id, using_db=conn)
            case.informed_unit_id = cadre.managing_unit_id  # D5: its committee is told
            await CaseNotice.create(
                case_id=case.id,
                unit_id=cadre.managing_unit_id,
                cadre_id=cadre.id,
                body=f"经核查，反映{cadre.name}（{cadre.code}，{cadre.post}）的问题严重失实或不实，"
                f"予以澄清正名。{reason}",
                using_db=conn,
            )
        await _save(case, conn)
        await (
            Tipoff.filter(case_id=case.id)
            .using_db(conn)
            .update(status=TipoffStatus.CONCLUDED, updated_at=now)
        )
        matter = None
        if decision.outcome in MATTER_OF_ITS_OWN:
            matter = await new_case(
                principal,
                settings,
                conn,
                kind=MATTER_OF_ITS_OWN[decision.outcome],
                cadre_id=case.cadre_id,  # J5: kept from the account of the cadre it concerns
                jurisdiction_id=case.jurisdiction_id,
                parent_case_id=case.id,
                summary=f"opened by the decision on case {case.id}: {reason}",
            )
        await access_log.append(
            actor(principal, scope),
            "case:decide",
            "case",
            [case.id],
            {
                "outcome": decision.outcome.value,
                "measures": case.measures,
                "matter": matter.id if matter else None,
            },
            connection=conn,
        )
    return case


async def take_over(principal: Principal, case_id: int, reason: str) -> Case:
    """J4: a superior's supervision office takes a serious case up, with a reason."""
    why = text(reason, "reason", 2000)
    async with in_transaction() as conn:
        case = await Case.filter(id=case_id).using_db(conn).first()
        await require(principal, CASE, "read", case, what="case")  # NOT_FOUND when unreadable
        assert case is not None
        _refuse_closed(case)
        handle = await resolve_scope(principal, CASE, "handle")
        if case.jurisdiction_id in handle.jurisdiction_ids:
            raise PreconditionFailed("J4", "the case is already under your own jurisdiction")
        scope = await require(principal, CASE, "takeover", case, what="case")  # strictly above
        unit = await OrgUnit.get(id=case.jurisdiction_id, using_db=conn)
        nearest = superior_assignment(principal, CASE, "takeover", unit.path)
        if nearest is None:
            raise Forbidden("only a superior supervision office takes a case over")
        if case.cadre_id is not None and case.cadre_id == principal.cadre_id:
            raise PreconditionFailed("J5", "no one handles a case about themself")
        case.jurisdiction_id = nearest.unit_id
        case.takeover_reason = why
        await _save(case, conn)
        await CaseInvestigator.filter(case_id=case.id).using_db(conn).delete()
        # Its tip-offs move with it: the office handling the case reveals and answers (J6).
        await (
            Tipoff.filter(case_id=case.id)
            .using_db(conn)
            .update(jurisdiction_id=nearest.unit_id, updated_at=datetime.datetime.now(datetime.UTC))
        )
        if case.status != CaseStatus.OPEN:
            case.status = CaseStatus.OPEN  # the new office assigns its own investigators
            await _save(case, conn)
        await access_log.append(
            actor(principal, scope),
            "case:takeover",
            "case",
            [case.id],
            {"from": unit.code, "to": nearest.unit_code, "reason": why},
            connection=conn,
        )
    return case


async def refer(principal: Principal, case_id: int, reason: str) -> Case:
    """J7: the case goes to the discipline commission serving its jurisdiction, whose officer then
    sees it."""
    why = text(reason, "reason", 2000)
    async with in_transaction() as conn:
        case, scope = await _case_for(principal, case_id, "handle", conn)
        _refuse_closed(case)
        unit = await OrgUnit.get(id=case.jurisdiction_id, using_db=conn)
        commission = await nearest_of_kind(unit, UnitKind.DISCIPLINE_COMMISSION)
        if commission is None:
            raise PreconditionFailed("J7", "no discipline commission serves this jurisdiction")
        case.referred_to_id = commission.id
        case.referral_reason = why
        case.status = CaseStatus.REFERRED
        await _save(case, conn)
        await access_log.append(
            actor(principal, scope),
            "case:refer",
            "case",
            [case.id],
            {"to": commission.code, "reason": why},
            connection=conn,
        )
    return case


async def _save(case: Case, conn: BaseDBAsyncClient) -> None:
    """Write the case only if nobody changed it since it was read: else CONFLICT."""
    changed = (
        await Case.filter(id=case.id, version=case.version)
        .using_db(conn)
        .update(
            **{f: getattr(case, f) for f in _FIELDS},
            version=case.version + 1,
            updated_at=datetime.datetime.now(datetime.UTC),
        )
    )
    if changed != 1:
        raise Conflict("the case was changed by someone else; reload it and try again")
    case.version += 1


_FIELDS = (
    "status",
    "jurisdiction_id",
    "referred_to_id",
    "outcome",
    "measures",
    "decision_reason",
    "decided_by_id",
    "decided_at",
    "informed_unit_id",
    "takeover_reason",
    "referral_reason",
)

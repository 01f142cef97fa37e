"""Factories for dashboard tests: fresh cadres and records with the dates a rule needs (the API
stamps today's date on what it records, so records of past years are made here)."""

from __future__ import annotations

import datetime
import uuid

from models import (
    Admonishment,
    AdmonishmentStatus,
    AuditCommission,
    AuditKind,
    AuditRating,
    AuditResult,
    AuditStatus,
    Cadre,
    CadreRank,
    Case,
    CaseOutcome,
    CaseStatus,
    Gender,
    InformationSource,
    InquiryLetter,
    InquiryStatus,
    OrgUnit,
    RoleAssignment,
    Severity,
    SupervisionInformation,
    User,
)
from rules.calendar import office_day_start, office_today


def days_ago(days: int) -> datetime.date:
    return office_today() - datetime.timedelta(days=days)


class Built:
    """Cadres and records made for one test and removed after it, so the shared world's counts
    (116 cadres for the city, say) are what other tests expect:

        async with Built() as built:
            cadre = await built.cadre()
            await built.founded_case(cadre, days_ago(30))
    """

    def __init__(self) -> None:
        self.cadres: list[Cadre] = []
        self.users: list[User] = []

    async def __aenter__(self) -> Built:
        return self

    async def __aexit__(self, *_: object) -> None:
        ids = [c.id for c in self.cadres]
        await RoleAssignment.filter(user_id__in=[u.id for u in self.users]).delete()
        await User.filter(id__in=[u.id for u in self.users]).delete()
        await User.filter(cadre_id__in=ids).update(cadre_id=None)
        commissions = AuditCommission.filter(cadre_id__in=ids).values_list("id", flat=True)
        await AuditResult.filter(commission_id__in=list(await commissions)).delete()
        await AuditCommission.filter(cadre_id__in=ids).delete()
        await Case.filter(cadre_id__in=ids).delete()
        for daily in (InquiryLetter, Admonishment, SupervisionInformation):
            await daily.filter(cadre_id__in=ids).delete()
        await Cadre.filter(id__in=ids).delete()

    async def cadre(self, managing: str = "county-a", work: str | None = None) -> Cadre:
        """A cadre no other test knows, so its warnings and counts are this test's alone."""
        units = {u.code: u for u in await OrgUnit.filter(code__in=[managing, work or managing])}
        tag = uuid.uuid4().hex[:8]
        cadre = await Cadre.create(
            code=f"T-{tag}",
            name="测试干部",
            post=f"测试岗位{tag}",
            rank=CadreRank.SECTION_CHIEF,
            gender=Gender.MALE,
            managing_unit=units[managing],
            work_unit=units[work or managing],
        )
        self.cadres.append(cadre)
        return cadre

    async def founded_case(
        self,
        cadre: Cadre,
        decided: datetime.date,
        outcome: CaseOutcome = CaseOutcome.FOUNDED,
        measures: str = "ADMONISHMENT",
    ) -> Case:
        """A case about `cadre` decided on `decided` with `outcome`."""
        opener = await User.get(username="county-a.supervisor")
        at = office_day_start(decided) + datetime.timedelta(hours=10)
        case = await Case.create(
            cadre=cadre,
            jurisdiction_id=cadre.managing_unit_id,
            original_jurisdiction_id=cadre.managing_unit_id,
            opened_by=opener,
            conclusion_due=decided,
            status=CaseStatus.DECIDED,
            outcome=outcome,
            measures=measures,
            decided_by=opener,
            decided_at=at,
        )
        await Case.filter(id=case.id).update(opened_at=at)
        return case

    async def rated_audit(self, cadre: Cadre, rating: AuditRating) -> AuditCommission:
        """An audit of `cadre` answered with `rating`."""
        tag = uuid.uuid4().hex
        commission = await AuditCommission.create(
            cadre=cadre,
            managing_unit_id=cadre.managing_unit_id,
            addressed_unit=await OrgUnit.get(code="city-audit"),
            kind=AuditKind.IN_TERM,
            status=AuditStatus.RESULT_SUBMITTED,
            period_start=datetime.date(2020, 1, 1),
            period_end=datetime.date(2020, 12, 31),
            due_date=datetime.date(2021, 3, 31),
            commissioned_by=await User.get(username="city.selector"),
        )
        await AuditResult.create(
            commission=commission,
            rating=rating,
            summary="审计结果",
            idempotency_key=tag,
            content_hash=tag,
            submitted_by=await User.get(username="audit.bureau"),
        )
        return commission

    async def inquiry_letter(self, cadre: Cadre, reply_due: datetime.date) -> InquiryLetter:
        """A letter of inquiry to `cadre` still awaiting its reply, due on `reply_due`."""
        return await InquiryLetter.create(
            cadre=cadre,
            jurisdiction_id=cadre.managing_unit_id,
            matter="请说明有关情况",
            sent_on=reply_due - datetime.timedelta(days=15),
            reply_due=reply_due,
            status=InquiryStatus.AWAITING_REPLY,
            recorded_by=await User.get(username="county-a.supervisor"),
        )

    async def admonishment(
        self, cadre: Cadre, correct_by: datetime.date, improved: bool | None = None
    ) -> Admonishment:
        """An admonishment of `cadre`; reviewed (as `improved` or not) unless `improved` is None."""
        reviewed = improved is not None
        return await Admonishment.create(
            cadre=cadre,
            jurisdiction_id=cadre.managing_unit_id,
            grounds="CONDUCT",
            facts="作风问题",
            notice="诫勉通知",
            issued_on=correct_by - datetime.timedelta(days=90),
            correct_by=correct_by,
            status=AdmonishmentStatus.REVIEWED if reviewed else AdmonishmentStatus.CORRECTING,
            reviewed_on=correct_by if reviewed else None,
            improved=improved,
            new_problems=False if reviewed else None,
            recorded_by=await User.get(username="county-a.supervisor"),
        )

    async def information(
        self, cadre: Cadre, received: datetime.date, severity: Severity
    ) -> SupervisionInformation:
        """Supervision information about `cadre` received on `received`."""
        return await SupervisionInformation.create(
            cadre=cadre,
            jurisdiction_id=cadre.managing_unit_id,
            source=InformationSource.LETTERS_AND_VISITS,
            received_on=received,
            summary="信访反映",
            severity=severity,
            recorded_by=await User.get(username="county-a.supervisor"),
        )

    async def linked_supervisor(self, cadre: Cadre, unit: str = "county-a") -> str:
        """A new supervisor of `unit` linked to `cadre` (J5); returns the username."""
        user = await User.create(username=f"linked-{uuid.uuid4().hex[:8]}", cadre=cadre)
        self.users.append(user)
        await RoleAssignment.create(user=user, role="supervisor", unit=await OrgUnit.get(code=unit))
        return user.username

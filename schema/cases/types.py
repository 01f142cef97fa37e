"""`Case`: verification of reported problems to an outcome (D5)."""

from __future__ import annotations

import datetime

import strawberry
from strawberry import relay

from models import Case as CaseModel
from models import CaseFinding as FindingModel
from models import CaseInvestigator as InvestigatorModel
from models import CaseKind as CaseKindModel
from models import CaseMeasure as CaseMeasureModel
from models import CaseOutcome as CaseOutcomeModel
from models import CaseStatus as CaseStatusModel
from models import FindingAssessment as FindingAssessmentModel
from models import User as UserModel
from policies.resources import CASE
from schema.cadres.access import person
from schema.cadres.types import Cadre, Person
from schema.info import Info
from schema.loaders import by_id, grouped
from schema.protected import protected, record, records_where, through_layer
from schema.tipoffs.types import Tipoff, today
from schema.units.types import OrgUnit

CaseKind = strawberry.enum(CaseKindModel, name="CaseKind")
CaseStatus = strawberry.enum(CaseStatusModel, name="CaseStatus")
CaseOutcome = strawberry.enum(CaseOutcomeModel, name="CaseOutcome")
CaseMeasure = strawberry.enum(CaseMeasureModel, name="CaseMeasure")
FindingAssessment = strawberry.enum(FindingAssessmentModel, name="FindingAssessment")
READ = "read"
OPEN_STATUSES = (
    CaseStatusModel.OPEN,
    CaseStatusModel.INVESTIGATING,
    CaseStatusModel.FINDINGS_RECORDED,
)


async def _unit(info: Info, unit_id: int | None) -> OrgUnit | None:
    if unit_id is None:
        return None
    unit = await info.context.loaders.unit.load(unit_id)
    return OrgUnit.of(unit) if unit else None


@strawberry.type
class CaseInvestigator:
    username: str
    assigned_at: datetime.datetime


@strawberry.type
class CaseFinding:
    assessment: FindingAssessment  # type: ignore[valid-type]
    facts: str
    at: datetime.datetime
    author: str


@protected(CASE, CaseModel)
@strawberry.type(name="Case")
class Case(relay.Node):
    id: relay.NodeID[int]
    kind: CaseKind  # type: ignore[valid-type]
    status: CaseStatus  # type: ignore[valid-type]
    summary: str
    opened_at: datetime.datetime
    conclusion_due: datetime.date
    outcome: CaseOutcome | None  # type: ignore[valid-type]
    measures: list[CaseMeasure]  # type: ignore[valid-type]
    decision_reason: str
    decided_at: datetime.datetime | None
    takeover_reason: str
    referral_reason: str
    _row: strawberry.Private[CaseModel]

    @classmethod
    def of(cls, c: CaseModel) -> Case:
        return cls(
            id=c.id,
            kind=c.kind,
            status=c.status,
            summary=c.summary,
            opened_at=c.opened_at,
            conclusion_due=c.conclusion_due,
            outcome=c.outcome,
            measures=[CaseMeasureModel(m) for m in c.measures.split(",") if m],
            decision_reason=c.decision_reason,
            decided_at=c.decided_at,
            takeover_reason=c.takeover_reason,
            referral_reason=c.referral_reason,
            _row=c,
        )

    @strawberry.field
    def overdue(self) -> bool:
        return self._row.status in OPEN_STATUSES and self.conclusion_due < today()

    @strawberry.field(
        description="Who the case is about: the full `Cadre` when the caller may read that "
        "cadre, otherwise who they are (a referral's discipline commission, J7)."
    )
    @through_layer
    async def subject(self, info: Info) -> Person | None:
        return await person(info, self._row.cadre_id)

    @strawberry.field(description="The cadre's full record, if the caller may read it.")
    @through_layer
    async def cadre(self, info: Info) -> Cadre | None:
        return await record(info, Cadre, self._row.cadre_id)

    @strawberry.field(description="The jurisdiction handling the case now.")
    async def jurisdiction(self, info: Info) -> OrgUnit:
        unit = await _unit(info, self._row.jurisdiction_id)
        assert unit is not None
        return unit

    @strawberry.field(description="Where it was opened (differs after a take-over, J4).")
    async def original_jurisdiction(self, info: Info) -> OrgUnit:
        unit = await _unit(info, self._row.original_jurisdiction_id)
        assert unit is not None
        return unit

    @strawberry.field(description="The discipline commission it was referred to (J7).")
    async def referred_to(self, info: Info) -> OrgUnit | None:
        return await _unit(info, self._row.referred_to_id)

    @strawberry.field(description="D5: the committee told that the cadre's name is cleared.")
    async def informed_unit(self, info: Info) -> OrgUnit | None:
        return await _unit(info, self._row.informed_unit_id)

    @strawberry.field(description="The tip-offs joined in this case that the caller may read.")
    @through_layer
    async def tipoffs(self, info: Info) -> list[Tipoff]:
        return await records_where(info, Tipoff, "case_id", self.id)

    @strawberry.field
    async def investigators(self, info: Info) -> list[CaseInvestigator]:
        loader = info.context.loaders.get(
            "case_investigators", grouped(InvestigatorModel.all, "case_id")
        )
        rows = await loader.load(self.id)
        users = await info.context.loaders.get("user", by_id(UserModel)).load_many(
            [r.user_id for r in rows]
        )
        return [
            CaseInvestigator(username=u.username, assigned_at=r.assigned_at)
            for r, u in zip(rows, users, strict=True)
            if u is not None
        ]

    @strawberry.field
    async def findings(self, info: Info) -> list[CaseFinding]:
        loader = info.context.loaders.get("case_findings", grouped(FindingModel.all, "case_id"))
        rows = await loader.load(self.id)
        users = await info.context.loaders.get("user", by_id(UserModel)).load_many(
            [r.author_id for r in rows]
        )
        return [
            CaseFinding(assessment=r.assessment, facts=r.facts, at=r.at, author=u.username)
            for r, u in zip(rows, users, strict=True)
            if u is not None
        ]

    @strawberry.field(description="The case whose decision opened this matter (D5).")
    @through_layer
    async def parent_case(self, info: Info) -> Case | None:
        return await record(info, Case, self._row.parent_case_id)

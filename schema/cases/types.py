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
from schema.enums import described_enum
from schema.info import Info
from schema.loaders import by_id, grouped
from schema.protected import protected, record, records_where, through_layer
from schema.tipoffs.types import Tipoff, today
from schema.units.types import OrgUnit

CaseKind = described_enum(
    CaseKindModel,
    name="CaseKind",
    description="What a case verifies.",
    values={
        CaseKindModel.VERIFICATION: "Verification (核查) of tip-offs about one cadre (D5).",
        CaseKindModel.AUDIT_FINDING: "Opened from an economic-responsibility audit finding (D7).",
        CaseKindModel.FALSE_ACCUSATION: (
            "A deliberate false accusation (诬告), a matter of its own opened by a decision (D5, "
            "J6)."
        ),
        CaseKindModel.RETALIATION: (
            "Retaliation against a reporter (打击报复), a matter of its own opened by a decision "
            "(D5, J6)."
        ),
        CaseKindModel.CANVASSING: (
            "Vote canvassing, promises, hints or collusion during a recommendation (拉票, S8)."
        ),
    },
)
CaseStatus = described_enum(
    CaseStatusModel,
    name="CaseStatus",
    description="Where a case stands.",
    values={
        CaseStatusModel.OPEN: "Opened, no investigator yet.",
        CaseStatusModel.INVESTIGATING: "Investigators are assigned and at work.",
        CaseStatusModel.FINDINGS_RECORDED: "A finding is recorded; the decision is next.",
        CaseStatusModel.DECIDED: "Decided with an outcome (D5); closed.",
        CaseStatusModel.REFERRED: "Referred to the discipline commission (J7); closed here.",
    },
)
CaseOutcome = described_enum(
    CaseOutcomeModel,
    name="CaseOutcome",
    description="How a case was decided (D5); it must follow from the latest finding.",
    values={
        CaseOutcomeModel.NAME_CLEARED: (
            "Untrue: the cadre's name is cleared (澄清正名) and their committee is told; no "
            "measures. Follows an UNSUBSTANTIATED or SERIOUSLY_UNTRUE finding."
        ),
        CaseOutcomeModel.FOUNDED: (
            "Verified (属实): at least one measure. Follows a SUBSTANTIATED finding."
        ),
        CaseOutcomeModel.PARTLY_FOUNDED: (
            "Partly verified (部分属实). Follows a PARTLY_SUBSTANTIATED finding."
        ),
        CaseOutcomeModel.FALSE_ACCUSATION: (
            "A deliberate false accusation: no measures on the cadre; opens a FALSE_ACCUSATION "
            "matter of its own (D5). Follows a SERIOUSLY_UNTRUE finding."
        ),
        CaseOutcomeModel.RETALIATION: (
            "Retaliation against a reporter: no measures here; opens a RETALIATION matter of its "
            "own (D5, J6)."
        ),
    },
)
CaseMeasure = described_enum(
    CaseMeasureModel,
    name="CaseMeasure",
    description="A measure a founded case imposes on the cadre (D4, D5); each at most once.",
    values={
        CaseMeasureModel.TALK_AND_REMINDER: "A talk and reminder (谈话提醒, D4).",
        CaseMeasureModel.LETTER_OF_INQUIRY: "A letter of inquiry (函询) with a written reply (D4).",
        CaseMeasureModel.ADMONISHMENT: "Admonishment (诫勉) with a deadline to correct (D4).",
        CaseMeasureModel.REMOVAL: "Removal from the post (免职, D5).",
        CaseMeasureModel.DEMOTION: "Demotion (降职, D5).",
        CaseMeasureModel.ORDERED_RESIGNATION: "Ordered resignation (责令辞职, D5).",
        CaseMeasureModel.TRANSFER_TO_NON_LEADERSHIP: (
            "Transfer to a non-leadership post (调离领导岗位, D5)."
        ),
        CaseMeasureModel.REFERRAL_TO_DISCIPLINE: (
            "Referral to the discipline commission for a disciplinary sanction (J7)."
        ),
    },
)
FindingAssessment = described_enum(
    FindingAssessmentModel,
    name="FindingAssessment",
    description="What an investigator's finding says of the reported problem.",
    values={
        FindingAssessmentModel.SUBSTANTIATED: "The reported problem is true (属实).",
        FindingAssessmentModel.PARTLY_SUBSTANTIATED: "Partly true (部分属实).",
        FindingAssessmentModel.UNSUBSTANTIATED: "Not borne out (不属实).",
        FindingAssessmentModel.SERIOUSLY_UNTRUE: (
            "Seriously untrue (严重失实): the name is to be cleared, or a false accusation found "
            "(D5)."
        ),
    },
)
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


@strawberry.type(description="A user assigned to investigate a case.")
class CaseInvestigator:
    username: str = strawberry.field(description="The investigator's login name.")
    assigned_at: datetime.datetime = strawberry.field(description="When they were assigned.")


@strawberry.type(description="What an investigator found, with the facts; the latest one counts.")
class CaseFinding:
    assessment: FindingAssessment = strawberry.field(  # type: ignore[valid-type]
        description="Whether the reported problem is true."
    )
    facts: str = strawberry.field(description="The facts behind the assessment.")
    at: datetime.datetime = strawberry.field(description="When it was recorded.")
    author: str = strawberry.field(description="The login name of the investigator who wrote it.")


@protected(CASE, CaseModel)
@strawberry.type(
    name="Case",
    description=(
        "The verification of a reported problem (问题线索核查) to an outcome (D5), under the "
        "cadre's managing unit (J2). Read by supervision staff there and, read-only, above (J4); "
        "never by a user linked to the cadre (J5); by the discipline commission once referred to "
        "it (J7). Every read is logged (J8)."
    ),
)
class Case(relay.Node):
    id: relay.NodeID[int]
    kind: CaseKind = strawberry.field(description="What it verifies.")  # type: ignore[valid-type]
    status: CaseStatus = strawberry.field(  # type: ignore[valid-type]
        description="Where it stands."
    )
    summary: str = strawberry.field(description="What is being verified, in a sentence or two.")
    opened_at: datetime.datetime = strawberry.field(description="When it was opened.")
    conclusion_due: datetime.date = strawberry.field(
        description=(
            "The offices' day by which it should be concluded: 90 calendar days after opening by "
            "default (`CADRE_CONCLUSION_DAYS`)."
        )
    )
    outcome: CaseOutcome | None = strawberry.field(  # type: ignore[valid-type]
        description="The decision's outcome (D5), `null` until decided."
    )
    measures: list[CaseMeasure] = strawberry.field(  # type: ignore[valid-type]
        description="The measures the decision imposes; empty until decided, or when none."
    )
    decision_reason: str = strawberry.field(
        description="Why it was decided so; empty until decided."
    )
    decided_at: datetime.datetime | None = strawberry.field(
        description="When it was decided, `null` before."
    )
    takeover_reason: str = strawberry.field(
        description="Why a superior took it over (提级查核, J4); empty if it was not."
    )
    referral_reason: str = strawberry.field(
        description="Why it was referred to the discipline commission (J7); empty if it was not."
    )
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

    @strawberry.field(description="True while it is open past `conclusionDue`.")
    def overdue(self) -> bool:
        return self._row.status in OPEN_STATUSES and self.conclusion_due < today()

    @strawberry.field(
        description="Who the case is about: the full `Cadre` when the caller may read that "
        "cadre, otherwise who they are (a `PersonSummary`: the discipline commission, J7); "
        "`null` for a matter with no cadre."
    )
    @through_layer
    async def subject(self, info: Info) -> Person | None:
        return await person(info, self._row.cadre_id)

    @strawberry.field(
        description=(
            "The cadre's full record, `null` if the caller may not read it (e.g. the discipline "
            "commission, J7)."
        )
    )
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

    @strawberry.field(description="The investigators assigned, from the case's own jurisdiction.")
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

    @strawberry.field(
        description="The findings recorded, oldest first; the decision follows the last."
    )
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

"""`IntegrityAppraisalRequest` (S4, J5, J7): the discipline commission sees the candidates and its
answers, nothing else of the selection; nobody sees an answer about their own cadre record."""

from __future__ import annotations

import datetime

import strawberry
from strawberry import relay

from models import AppraisalStatus as AppraisalStatusModel
from models import AppraisalVerdict as AppraisalVerdictModel
from models import IntegrityAppraisalAnswer as AnswerModel
from models import IntegrityAppraisalRequest as RequestModel
from policies.resources import APPRAISAL, APPRAISAL_ANSWER
from schema.cadres.access import people, person
from schema.cadres.types import Person
from schema.enums import described_enum
from schema.info import Info
from schema.protected import protected, records_where, rows_where, through_layer
from schema.selection.people import unit
from schema.units.types import OrgUnit

AppraisalVerdict = described_enum(
    AppraisalVerdictModel,
    name="AppraisalVerdict",
    description="The discipline commission's integrity appraisal (廉政鉴定) of one candidate (S4).",
    values={
        AppraisalVerdictModel.NO_PROBLEMS_KNOWN: "No problems known.",
        AppraisalVerdictModel.CONCLUDED_FINDING: (
            "Problems with a concluded finding: not re-examined in inspection (S4)."
        ),
        AppraisalVerdictModel.UNDER_VERIFICATION: (
            "A matter still under verification: the candidate cannot go on the agenda until a "
            "later answer replaces it (S6)."
        ),
    },
)
AppraisalStatus = described_enum(
    AppraisalStatusModel,
    name="AppraisalStatus",
    description="How far the discipline commission has answered an appraisal request (S4).",
    values={
        AppraisalStatusModel.REQUESTED: "Sent, no answer yet.",
        AppraisalStatusModel.PARTLY_ANSWERED: (
            "Some candidates unanswered or still UNDER_VERIFICATION."
        ),
        AppraisalStatusModel.ANSWERED: "Every candidate has a final answer (S6 gate open).",
    },
)


@strawberry.type(description="The discipline commission's answer on one candidate.")
class AppraisalAnswer:
    verdict: AppraisalVerdict | None = strawberry.field(  # type: ignore[valid-type]
        description="The verdict, `null` while unanswered."
    )
    detail: str = strawberry.field(description="The commission's statement; may be empty.")
    answered_at: datetime.datetime | None = strawberry.field(
        description="When it was answered, `null` before."
    )
    _cadre_id: strawberry.Private[int]

    @classmethod
    def of(cls, a: AnswerModel) -> AppraisalAnswer:
        return cls(
            verdict=a.verdict, detail=a.detail, answered_at=a.answered_at, _cadre_id=a.cadre_id
        )

    @strawberry.field(description="The candidate appraised.")
    @through_layer
    async def cadre(self, info: Info) -> Person | None:
        return await person(info, self._cadre_id)

    @strawberry.field(
        description="A problem already concluded by the commission (S4): shown to the inspectors "
        "as such, and not re-examined in inspection."
    )
    def already_concluded(self) -> bool:
        return self.verdict == AppraisalVerdictModel.CONCLUDED_FINDING


async def answers_of(info: Info, request_id: int) -> list[AnswerModel]:
    """A request's answers in candidate order, without those about the caller's own cadre (J5)."""
    return await rows_where(
        info, APPRAISAL_ANSWER, AnswerModel, "request_id", request_id, order=("position",)
    )


@protected(APPRAISAL, RequestModel)
@strawberry.type(
    name="IntegrityAppraisalRequest",
    description=(
        "A request to the discipline commission for the integrity appraisal of a selection's "
        "candidates (S4). The commission sees the candidates and its answers, nothing else of the "
        "selection (J7); the managing unit's selectors and supervisors see their own; nobody sees "
        "an answer about their own cadre record (J5)."
    ),
)
class IntegrityAppraisalRequest(relay.Node):
    id: relay.NodeID[int]
    status: AppraisalStatus = strawberry.field(  # type: ignore[valid-type]
        description="How far it is answered."
    )
    requested_at: datetime.datetime = strawberry.field(description="When it was sent.")
    updated_at: datetime.datetime = strawberry.field(description="When an answer last changed it.")
    _row: strawberry.Private[RequestModel]

    @classmethod
    def of(cls, r: RequestModel) -> IntegrityAppraisalRequest:
        return cls(
            id=r.id,
            status=r.status,
            requested_at=r.requested_at,
            updated_at=r.updated_at,
            _row=r,
        )

    @strawberry.field(description="The candidates to appraise.")
    @through_layer
    async def candidates(self, info: Info) -> list[Person]:
        from models import IntegrityAppraisalAnswer
        from schema.loaders import grouped

        loader = info.context.loaders.get(
            "appraisal_candidates", grouped(IntegrityAppraisalAnswer.all, "request_id", "position")
        )
        return await people(info, [a.cadre_id for a in await loader.load(self.id)])

    @strawberry.field(description="Answers given so far (none about the caller's own record).")
    async def answers(self, info: Info) -> list[AppraisalAnswer]:
        return [AppraisalAnswer.of(a) for a in await answers_of(info, self.id)]

    @strawberry.field(description="The discipline commission it is addressed to.")
    async def addressed_to(self, info: Info) -> OrgUnit:
        return await unit(info, self._row.addressed_unit_id)

    @strawberry.field(description="The jurisdiction whose selection it serves.")
    async def managing_unit(self, info: Info) -> OrgUnit:
        return await unit(info, self._row.managing_unit_id)


async def request_of_selection(info: Info, selection_id: int) -> IntegrityAppraisalRequest | None:
    """A selection's appraisal request, if the caller may read it."""
    found = await records_where(info, IntegrityAppraisalRequest, "selection_id", selection_id)
    return found[0] if found else None

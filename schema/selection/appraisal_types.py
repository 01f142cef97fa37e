"""`IntegrityAppraisalRequest` (S4, J5, J7): the discipline commission sees the candidates and its
answers, nothing else of the selection; nobody sees an answer about their own cadre record."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

import strawberry
from strawberry import relay

from models import AppraisalStatus as AppraisalStatusModel
from models import AppraisalVerdict as AppraisalVerdictModel
from models import IntegrityAppraisalAnswer as AnswerModel
from models import IntegrityAppraisalRequest as RequestModel
from policies.resources import APPRAISAL
from policies.scope import restrict
from schema.cadres.types import Cadre
from schema.enums import described_enum
from schema.info import Info
from schema.loaders import by_id
from schema.selection.access import READ, appraisal_scope, own_cadre
from schema.selection.people import NamedCadre, cadre, named_cadres, unit
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
    async def cadre(self, info: Info) -> Cadre | None:
        return await cadre(info, self._cadre_id)

    @strawberry.field(
        description="A problem already concluded by the commission (S4): shown to the inspectors "
        "as such, and not re-examined in inspection."
    )
    def already_concluded(self) -> bool:
        return self.verdict == AppraisalVerdictModel.CONCLUDED_FINDING


def answers_loader(info: Info) -> Any:
    """Answers per request, in candidate order, without those about the caller's own cadre (J5)."""
    me = own_cadre(info)

    async def load(keys: list[int]) -> Sequence[list[AnswerModel]]:
        qs = AnswerModel.filter(request_id__in=keys)
        if me is not None:
            qs = qs.exclude(cadre_id=me)
        rows = await qs.order_by("position")
        groups: dict[int, list[AnswerModel]] = {k: [] for k in keys}
        for row in rows:
            groups[row.request_id].append(row)
        return [groups[k] for k in keys]

    return info.context.loaders.get(("appraisal_answers", me), load)


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
    async def candidates(self, info: Info) -> list[NamedCadre]:
        from models import IntegrityAppraisalAnswer
        from schema.loaders import grouped

        loader = info.context.loaders.get(
            "appraisal_candidates", grouped(IntegrityAppraisalAnswer.all, "request_id", "position")
        )
        return await named_cadres(info, [a.cadre_id for a in await loader.load(self.id)])

    @strawberry.field(description="Answers given so far (none about the caller's own record).")
    async def answers(self, info: Info) -> list[AppraisalAnswer]:
        return [AppraisalAnswer.of(a) for a in await answers_loader(info).load(self.id)]

    @strawberry.field(description="The discipline commission it is addressed to.")
    async def addressed_to(self, info: Info) -> OrgUnit:
        return await unit(info, self._row.addressed_unit_id)

    @strawberry.field(description="The jurisdiction whose selection it serves.")
    async def managing_unit(self, info: Info) -> OrgUnit:
        return await unit(info, self._row.managing_unit_id)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False, **_: Any
    ) -> list[IntegrityAppraisalRequest | None]:
        return await requests_by_id(info, [int(i) for i in node_ids])


async def requests_by_id(info: Info, ids: list[int]) -> list[IntegrityAppraisalRequest | None]:
    scope = await appraisal_scope(info)
    rows = await info.context.loaders.get("appraisal_request", by_id(RequestModel)).load_many(ids)
    shown = [r if r is not None and scope.admits(APPRAISAL, r) else None for r in rows]
    info.context.record_read(APPRAISAL, READ, scope, [r.id for r in shown if r is not None])
    return [IntegrityAppraisalRequest.of(r) if r else None for r in shown]


async def request_of_selection(info: Info, selection_id: int) -> IntegrityAppraisalRequest | None:
    scope = await appraisal_scope(info)
    if scope.empty:
        return None

    async def load(keys: list[int]) -> list[RequestModel | None]:
        qs = restrict(RequestModel.filter(selection_id__in=keys), scope, APPRAISAL)
        found = {r.selection_id: r for r in await qs}
        return [found.get(k) for k in keys]

    row = await info.context.loaders.get(("request_of_selection", scope), load).load(selection_id)
    if row is None:
        return None
    info.context.record_read(APPRAISAL, READ, scope, [row.id])
    return IntegrityAppraisalRequest.of(row)

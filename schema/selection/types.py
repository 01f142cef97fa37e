"""`Selection`: a post or slate being filled, with every step it has recorded (S1–S9, L2)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

import strawberry
from strawberry import relay

from models import CandidateChoice as ChoiceModel
from models import InspectionFeedback as FeedbackModel
from models import InspectionNotice as NoticeModel
from models import InspectionRecord as InspectionModel
from models import IntegrityOpinion as IntegrityOpinionModel
from models import RecommendationRound as RoundModel
from models import Revocation as RevocationModel
from models import Selection as SelectionModel
from models import SelectionKind as SelectionKindModel
from models import SelectionStatus as SelectionStatusModel
from models import SupervisionOpinion as SupervisionOpinionModel
from policies.resources import (
    INSPECTION,
    INSPECTION_FEEDBACK,
    INTEGRITY_OPINION,
    SELECTION,
    SUPERVISION_OPINION,
    Resource,
)
from schema.cadres.access import people, person
from schema.cadres.types import Person
from schema.enums import described_enum
from schema.info import Info
from schema.loaders import grouped, one_by
from schema.protected import protected, records_where, rows_where, through_layer
from schema.selection.appraisal_types import (
    AppraisalAnswer,
    IntegrityAppraisalRequest,
    answers_of,
    request_of_selection,
)
from schema.selection.meetings import DecisionMeeting, SelectionDecision, decision_of
from schema.selection.people import unit
from schema.selection.records import (
    Inspection,
    InspectionFeedback,
    InspectionNotice,
    Opinion,
    RecommendationRound,
)
from schema.units.types import OrgUnit

SelectionKind = described_enum(
    SelectionKindModel,
    name="SelectionKind",
    description="What a selection fills (S1).",
    values={
        SelectionKindModel.GENERAL_ELECTION: (
            "A whole slate at a general election (换届): one or more positions."
        ),
        SelectionKindModel.SINGLE_PROMOTION: "One post filled by a promotion: exactly 1 position.",
    },
)
SelectionStatus = described_enum(
    SelectionStatusModel,
    name="SelectionStatus",
    description="How far a selection has come through the gates of S1-S6 and S9.",
    values={
        SelectionStatusModel.RECOMMENDATION: (
            "Recommendation rounds may be recorded (S1); candidates are not fixed yet."
        ),
        SelectionStatusModel.CANDIDATES_FIXED: "Candidates for inspection are fixed (S2).",
        SelectionStatusModel.INSPECTION: "Inspection has been announced (考察预告, S3).",
        SelectionStatusModel.DECIDED: "`positions` candidates have passed a decision meeting (S5).",
        SelectionStatusModel.REVOKED: "A superior ordered the decision revoked (S9).",
    },
)


def _by_selection(info: Info, name: str, model: Any, order: str = "id") -> Any:
    return info.context.loaders.get(f"selection:{name}", grouped(model.all, "selection_id", order))


@strawberry.type(description="A nominee of the latest round, as the candidates were fixed (S2).")
class CandidateRecord:
    votes: int = strawberry.field(description="Votes the nominee had in the latest round.")
    chosen: bool = strawberry.field(description="Chosen for inspection.")
    reason_needed: bool = strawberry.field(
        description="The votes alone did not explain the choice (S2): a reason was required."
    )
    reason: str | None = strawberry.field(
        description="The written reason for choosing or passing over this nominee (S2), if given."
    )
    _selection_id: strawberry.Private[int]
    _cadre_id: strawberry.Private[int]

    @strawberry.field(description="The nominee.")
    @through_layer
    async def cadre(self, info: Info) -> Person | None:
        return await person(info, self._cadre_id)

    @strawberry.field(description="The discipline commission's answer (S4); hidden by J5.")
    async def appraisal(self, info: Info) -> AppraisalAnswer | None:
        request = await request_of_selection(info, self._selection_id)
        if request is None:
            return None
        for answer in await answers_of(info, request.id):
            if answer.cadre_id == self._cadre_id:
                return AppraisalAnswer.of(answer)
        return None

    async def _part(self, info: Info, resource: Resource, model: Any) -> Any:
        """This candidate's row of a part of the selection that J5 hides from them."""
        rows = await rows_where(info, resource, model, "selection_id", self._selection_id)
        return next((r for r in rows if r.cadre_id == self._cadre_id), None)

    @strawberry.field(
        description="The inspection (考察) of this candidate (S7), `null` before; hidden from the "
        "candidate's own account (J5)."
    )
    async def inspection(self, info: Info) -> Inspection | None:
        found = await self._part(info, INSPECTION, InspectionModel)
        return Inspection.of(found) if found else None

    @strawberry.field(description="The combined integrity opinion (S4); hidden by J5.")
    async def integrity_opinion(self, info: Info) -> Opinion | None:
        found = await self._part(info, INTEGRITY_OPINION, IntegrityOpinionModel)
        return (
            Opinion(opinion=found.opinion, recorded_at=found.recorded_at, basis=found.basis)
            if found
            else None
        )

    @strawberry.field(
        description="The supervision office's opinion before the decision (L2); hidden by J5."
    )
    async def supervision_opinion(self, info: Info) -> Opinion | None:
        found = await self._part(info, SUPERVISION_OPINION, SupervisionOpinionModel)
        return (
            Opinion(opinion=found.opinion, recorded_at=found.recorded_at, basis=None)
            if found
            else None
        )


@strawberry.type(description="A superior's order revoking the decision (S9).")
class Revocation:
    reason: str = strawberry.field(description="Why the superior ordered it.")
    ordered_at: datetime.datetime = strawberry.field(description="When it was ordered.")
    _unit_id: strawberry.Private[int]

    @strawberry.field(description="The superior committee that ordered it.")
    async def ordering_unit(self, info: Info) -> OrgUnit:
        return await unit(info, self._unit_id)


@protected(SELECTION, SelectionModel)
@strawberry.type(
    name="Selection",
    description=(
        "A post or slate being filled (干部选拔任用), with every step it has recorded (S1-S9, L2). "
        "Run by `selector` of the managing unit; read by its supervisors and, through oversight, "
        "those above (J4). Conflict-sensitive parts about the caller's own cadre record are "
        "hidden (J5)."
    ),
)
class Selection(relay.Node):
    id: relay.NodeID[int]
    status: SelectionStatus = strawberry.field(  # type: ignore[valid-type]
        description="How far it has come."
    )
    post_title: str = strawberry.field(description="The post to fill, as its title reads.")
    kind: SelectionKind = strawberry.field(  # type: ignore[valid-type]
        description="General election or single promotion."
    )
    positions: int = strawberry.field(description="How many are to be appointed (at least 1).")
    candidates_fixed_on: datetime.date | None = strawberry.field(
        description="The offices' day candidates were fixed (S2), `null` before."
    )
    decided_on: datetime.date | None = strawberry.field(
        description="The offices' day it was decided (S5), `null` before."
    )
    created_at: datetime.datetime = strawberry.field(description="When it was started.")
    updated_at: datetime.datetime = strawberry.field(description="When any step last changed it.")
    _row: strawberry.Private[SelectionModel]

    @classmethod
    def of(cls, s: SelectionModel) -> Selection:
        return cls(
            id=s.id,
            status=s.status,
            post_title=s.post_title,
            kind=s.kind,
            positions=s.positions,
            candidates_fixed_on=s.candidates_fixed_on,
            decided_on=s.decided_on,
            created_at=s.created_at,
            updated_at=s.updated_at,
            _row=s,
        )

    @strawberry.field(description="The jurisdiction that manages the post (J2).")
    async def managing_unit(self, info: Info) -> OrgUnit:
        return await unit(info, self._row.managing_unit_id)

    @strawberry.field(description="The unit the post is in.")
    async def work_unit(self, info: Info) -> OrgUnit:
        return await unit(info, self._row.work_unit_id)

    async def _choices(self, info: Info) -> Sequence[ChoiceModel]:
        loader = _by_selection(info, "choices", ChoiceModel, "position")
        rows: Sequence[ChoiceModel] = await loader.load(self.id)
        return rows

    @strawberry.field(description="The candidates fixed for inspection (S2), in order.")
    @through_layer
    async def candidates(self, info: Info) -> list[Person]:
        return await people(info, [c.cadre_id for c in await self._choices(info) if c.chosen])

    @strawberry.field(description="Every nominee of the latest round with how it was treated.")
    async def candidate_records(self, info: Info) -> list[CandidateRecord]:
        return [
            CandidateRecord(
                votes=c.votes,
                chosen=c.chosen,
                reason_needed=c.reason_needed,
                reason=c.reason or None,
                _selection_id=self.id,
                _cadre_id=c.cadre_id,
            )
            for c in await self._choices(info)
        ]

    @strawberry.field(description="Democratic recommendation rounds (民主推荐, S1), oldest first.")
    async def rounds(self, info: Info) -> list[RecommendationRound]:
        rows = await _by_selection(info, "rounds", RoundModel, "number").load(self.id)
        return [RecommendationRound.of(r) for r in rows]

    @strawberry.field(description="The inspection announcement (考察预告, S3), `null` before.")
    async def inspection_notice(self, info: Info) -> InspectionNotice | None:
        loader = info.context.loaders.get("notice", one_by(NoticeModel, "selection_id"))
        row = await loader.load(self.id)
        if row is None:
            return None
        return InspectionNotice(
            notice_from=row.notice_from, notice_to=row.notice_to, announced_at=row.announced_at
        )

    @strawberry.field(description="S3 feedback; none about the caller's own cadre record (J5).")
    async def inspection_feedback(self, info: Info) -> list[InspectionFeedback]:
        rows = await rows_where(info, INSPECTION_FEEDBACK, FeedbackModel, "selection_id", self.id)
        return [InspectionFeedback.of(f) for f in rows]

    @strawberry.field(description="The integrity appraisal request (S4), if any.")
    @through_layer
    async def appraisal_request(self, info: Info) -> IntegrityAppraisalRequest | None:
        return await request_of_selection(info, self.id)

    @strawberry.field(description="The decision meetings held (S5), oldest first.")
    @through_layer
    async def meetings(self, info: Info) -> list[DecisionMeeting]:
        return await records_where(info, DecisionMeeting, "selection_id", self.id)

    @strawberry.field(description="Null until a decision meeting has voted.")
    async def decision(self, info: Info) -> SelectionDecision | None:
        return await decision_of(info, self.id, self._row.decided_on)

    @strawberry.field(description="A superior's revocation order (S9), `null` if none.")
    async def revocation(self, info: Info) -> Revocation | None:
        loader = info.context.loaders.get("revocation", one_by(RevocationModel, "selection_id"))
        row = await loader.load(self.id)
        if row is None:
            return None
        return Revocation(
            reason=row.reason, ordered_at=row.ordered_at, _unit_id=row.ordering_unit_id
        )

"""Responsibility for an appointment (S7) and its revocation by a superior (S9): who recommended,
who inspected, who decided; accountability attached to them later, shown on their records."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from tortoise.transactions import in_transaction

from api.errors import Conflict, PreconditionFailed
from models import (
    AccountabilityRecord,
    DecisionMeeting,
    InspectionRecord,
    MeetingVote,
    RecommendationRound,
    ResponsibilityRole,
    Revocation,
    Selection,
    SelectionStatus,
)
from policies.principal import Principal
from rules.inputs import text
from rules.selection_common import as_superior, cadres_by_code, log, selection_for


@dataclass(frozen=True)
class Link:
    """One person or organisation answerable for one step."""

    role: ResponsibilityRole
    cadre_id: int | None
    organisation: str | None
    about_id: int | None  # the candidate an inspection or vote concerned
    on: datetime.date
    detail: str
    recorded_by_id: int


async def responsibility_chain(selection: Selection, *, reader: int | None = None) -> list[Link]:
    """S7: recommenders (organisation or leader in writing), inspectors of each candidate, and the
    members present at each decision meeting with their votes, in the order of the steps. For a
    `reader` linked to a cadre, the inspection of that cadre is left out (J5: its conclusion is
    an inspection record about them)."""
    links: list[Link] = []
    for r in await RecommendationRound.filter(selection_id=selection.id).order_by("number"):
        links.append(
            Link(
                ResponsibilityRole.RECOMMENDER,
                r.recommending_leader_id,
                r.recommending_organisation,
                None,
                r.recorded_at.date(),
                r.written_record or f"recommendation round {r.number}",
                r.recorded_by_id,
            )
        )
    inspections = InspectionRecord.filter(selection_id=selection.id)
    if reader is not None:
        inspections = inspections.exclude(cadre_id=reader)
    for inspection in await inspections.order_by("id"):
        for inspector in inspection.inspector_ids:
            links.append(
                Link(
                    ResponsibilityRole.INSPECTOR,
                    inspector,
                    None,
                    inspection.cadre_id,
                    inspection.recorded_at.date(),
                    inspection.conclusion,
                    inspection.recorded_by_id,
                )
            )
    meetings = await DecisionMeeting.filter(selection_id=selection.id).order_by("held_on", "id")
    votes = await MeetingVote.filter(meeting_id__in=[m.id for m in meetings]).order_by("id")
    for meeting in meetings:
        for member in meeting.present_ids:
            cast = [v for v in votes if v.meeting_id == meeting.id and v.member_id == member]
            for v in cast:
                links.append(
                    Link(
                        ResponsibilityRole.DECIDER,
                        member,
                        None,
                        v.candidate_id,
                        meeting.held_on,
                        v.vote.value,
                        meeting.recorded_by_id,
                    )
                )
    return links


async def record_accountability(
    principal: Principal,
    selection_id: int,
    cadre_code: str,
    role: ResponsibilityRole,
    finding: str,
) -> AccountabilityRecord:
    """S7, L1: once an appointment proves a failure, accountability attaches to someone the chain
    names in that role; it then shows on that cadre's record."""
    written = text(finding, "finding")
    async with in_transaction() as conn:
        selection, scope = await selection_for(principal, selection_id, "account", conn)
        if selection.status not in (SelectionStatus.DECIDED, SelectionStatus.REVOKED):
            raise Conflict("accountability follows a decided appointment")
        cadre = (await cadres_by_code([cadre_code], "cadreCode", conn))[cadre_code]
        chain = await responsibility_chain(selection)
        if not any(link.role == role and link.cadre_id == cadre.id for link in chain):
            raise PreconditionFailed(
                "S7", f"the responsibility chain names no {role.value.lower()} {cadre.code}"
            )
        record = await AccountabilityRecord.create(
            selection_id=selection.id,
            managing_unit_id=selection.managing_unit_id,
            cadre_id=cadre.id,
            role=role,
            finding=written,
            recorded_by_id=principal.user_id,
            using_db=conn,
        )
        detail = {"cadre": cadre.code, "role": role.value, "record": record.id}
        await log(principal, scope, "accountability", selection, detail, conn)
    return record


async def order_revocation(principal: Principal, selection_id: int, reason: str) -> Selection:
    """S9: a superior committee orders an appointment decision revoked, with its reason."""
    written = text(reason, "reason")
    async with in_transaction() as conn:
        selection, scope = await selection_for(principal, selection_id, "revoke", conn)
        superior = await as_superior(
            principal, "revoke", selection.managing_unit_id, "order a revocation"
        )
        if selection.status != SelectionStatus.DECIDED:
            raise Conflict(f"only a decision can be revoked; this is {selection.status.value}")
        await Revocation.create(
            selection_id=selection.id,
            ordering_unit_id=superior.unit_id,
            reason=written,
            ordered_by_id=principal.user_id,
            using_db=conn,
        )
        selection.status = SelectionStatus.REVOKED
        await selection.save(using_db=conn)
        await log(principal, scope, "revoke", selection, {"reason": written}, conn)
    return selection

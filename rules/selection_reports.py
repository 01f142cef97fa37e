"""What selection supervision hands on to tip-offs and cases: feedback received during the
inspection notice period (S3) and vote canvassing, promises, hints or collusion (S8)."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from api import access_log
from api.errors import NotFound, PreconditionFailed
from api.settings import Settings
from models import Cadre, Case, CaseKind, InspectionFeedback, OrgUnit, Selection, TipoffChannel
from policies.principal import Principal
from policies.resources import CADRE, CASE
from rules import tipoffs
from rules.cases import new_case
from rules.guard import actor, require
from rules.inputs import text
from rules.selection_common import selection_for


async def feedback_tipoff(
    principal: Principal,
    selection: Selection,
    feedback: InspectionFeedback,
    about: Cadre | None,
    settings: Settings,
) -> int:
    """S3: register the feedback as a tip-off: about the candidate it names, else waiting in the
    queue of the selection's jurisdiction. Runs inside the caller's transaction (a savepoint)."""
    unit = await OrgUnit.get(id=selection.managing_unit_id)
    tipoff = await tipoffs.register(
        principal,
        tipoffs.StaffTipoffInput(
            channel=TipoffChannel(feedback.channel.value),
            content=feedback.content,
            subject_post=selection.post_title,
            cadre_code=about.code if about else None,
            receiving_unit=unit.code,
            source_department=f"考察预告期间反馈（{selection.post_title}）",
            received_on=feedback.received_on,  # deadlines run from when it was received
        ),
        settings,
    )
    return tipoff.id


async def report_canvassing(
    principal: Principal, selection_id: int, cadre_code: str, facts: str, settings: Settings
) -> Case:
    """S8: canvassing, promises, hints or collusion during recommendation become a case, under the
    managing unit of the cadre who did it (J2), linked to the selection."""
    written = text(facts, "input.facts", 20_000)
    async with in_transaction() as conn:
        selection, _ = await selection_for(principal, selection_id, "read", conn)
        cadre = await Cadre.filter(code=cadre_code.strip()).using_db(conn).first()
        placed = (
            {"managing_unit_id": cadre.managing_unit_id, "jurisdiction_id": cadre.managing_unit_id}
            if cadre
            else None
        )
        scope = await require(principal, CASE, "handle", placed, what="cadre", read_resource=CADRE)
        if cadre is None:
            raise NotFound(f"no cadre {cadre_code}")
        if cadre.id == principal.cadre_id:
            raise PreconditionFailed("J5", "no one handles a case about themself")
        case = await new_case(
            principal,
            settings,
            conn,
            kind=CaseKind.CANVASSING,
            cadre_id=cadre.id,
            jurisdiction_id=cadre.managing_unit_id,
            selection_id=selection.id,
            summary=written,
        )
        await access_log.append(
            actor(principal, scope),
            "case:open_canvassing",
            "case",
            [case.id],
            {"selection": selection.id, "cadre": cadre.code},
            connection=conn,
        )
    return case

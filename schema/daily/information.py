"""D6: information about a cadre from other departments. Readable by the supervision office of the
cadre's managing unit and, through oversight, those above (J4); never by a user linked to the
cadre (J5)."""

from __future__ import annotations

import datetime

import strawberry
from strawberry import relay

from models import SupervisionInformation as InformationModel
from policies.resources import SUPERVISION_INFORMATION
from schema.daily.common import AboutCadre, Recorded
from schema.daily.enums import InformationSource, Severity
from schema.protected import protected


@protected(SUPERVISION_INFORMATION, InformationModel)
@strawberry.type(
    name="SupervisionInformation",
    description=(
        "Information about a cadre from the discipline and law-enforcement departments, audits, "
        "letters and visits, assessments or joint meetings (监督信息, D6)."
    ),
)
class SupervisionInformation(AboutCadre, Recorded, relay.Node):
    id: relay.NodeID[int]
    source: InformationSource = strawberry.field(description="Where it came from.")  # type: ignore[valid-type]
    received_on: datetime.date = strawberry.field(description="The day it was received.")
    summary: str = strawberry.field(description="What it says.")
    severity: Severity = strawberry.field(description="How serious it is.")  # type: ignore[valid-type]

    @classmethod
    def of(cls, row: InformationModel) -> SupervisionInformation:
        return cls(
            id=row.id,
            source=row.source,
            received_on=row.received_on,
            summary=row.summary,
            severity=row.severity,
            recorded_at=row.recorded_at,
            _recorded_by_id=row.recorded_by_id,
            _jurisdiction_id=row.jurisdiction_id,
            _cadre_id=row.cadre_id,
        )

"""D6 监督信息: information about a cadre from the discipline and law-enforcement departments,
audits, letters and visits, assessments and joint meetings, gathered in the cadre's file."""

from __future__ import annotations

import datetime

from tortoise.transactions import in_transaction

from models import InformationSource, Severity, SupervisionInformation
from policies.principal import Principal
from policies.resources import SUPERVISION_INFORMATION
from rules.daily_file import RECORD, cadre_to_record, log_decision
from rules.inputs import not_future, text


async def record_information(
    principal: Principal,
    cadre_code: str,
    source: InformationSource,
    received_on: datetime.date,
    summary: str,
    severity: Severity,
) -> SupervisionInformation:
    """D6: what was received, from where, when, and how serious."""
    cadre, scope = await cadre_to_record(principal, SUPERVISION_INFORMATION, cadre_code)
    not_future(received_on, "receivedOn")
    what = text(summary, "summary")
    async with in_transaction() as conn:
        row = await SupervisionInformation.create(
            cadre_id=cadre.id,
            jurisdiction_id=cadre.managing_unit_id,
            source=source,
            received_on=received_on,
            summary=what,
            severity=severity,
            recorded_by_id=principal.user_id,
            using_db=conn,
        )
        await log_decision(
            principal,
            scope,
            SUPERVISION_INFORMATION,
            RECORD,
            row.id,
            {"cadre": cadre.code, "source": source.value, "severity": severity.value},
            conn,
        )
    return row

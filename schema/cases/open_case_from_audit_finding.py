from __future__ import annotations

from typing import Annotated

import strawberry

from rules import cases
from schema.cases.types import Case
from schema.ids import decode_id
from schema.info import Info
from schema.protected import answers_decision


@strawberry.mutation(description="Open a case from an audit finding (D7).")
@answers_decision
async def open_case_from_audit_finding(
    info: Info,
    finding_id: Annotated[
        strawberry.ID,
        strawberry.argument(description="Global id of the audit finding (`AuditFinding.id`)."),
    ],
) -> Case:
    principal = info.context.require_principal()
    row = await cases.open_from_audit_finding(
        principal, decode_id(finding_id, "AuditFinding", "findingId"), info.context.settings
    )
    return Case.of(row)

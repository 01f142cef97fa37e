"""Which audit records the caller may read (D7, J7): the commissioning side by jurisdiction, the
audit bureau by address. Follow-up (feedback, rectification) is the commissioning side's alone."""

from __future__ import annotations

from models import AuditCommission as AuditCommissionModel
from policies.resources import AUDIT
from policies.scope import Scope
from schema.info import Info

READ = "read"


async def audit_scope(info: Info) -> Scope:
    return await info.context.scope(AUDIT, READ)


def on_commissioning_side(scope: Scope, commission: AuditCommissionModel) -> bool:
    """True for the organisation side (by jurisdiction), false for the bureau (by address)."""
    return commission.managing_unit_id in scope.jurisdiction_ids

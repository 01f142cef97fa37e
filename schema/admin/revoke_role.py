from __future__ import annotations

from typing import Annotated

import strawberry

from rules import accounts
from schema.admin.types import RoleAssignment, RoleAssignmentInput
from schema.info import Info
from schema.protected import answers_decision


@strawberry.mutation(description="End a role assignment; effective on the next request.")
@answers_decision
async def revoke_role(
    info: Info,
    input: Annotated[
        RoleAssignmentInput, strawberry.argument(description="The assignment to end.")
    ],
) -> RoleAssignment:
    principal = info.context.require_principal()
    assignment = await accounts.revoke_role(principal, input.username, input.role, input.unit_code)
    return RoleAssignment.of(assignment)

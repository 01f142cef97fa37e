from __future__ import annotations

from typing import Annotated

import strawberry

from rules import accounts
from schema.admin.types import RoleAssignment, RoleAssignmentInput
from schema.info import Info
from schema.protected import answers_decision


@strawberry.mutation(description="Grant a role in a unit (J3); effective on the next request.")
@answers_decision
async def assign_role(
    info: Info,
    input: Annotated[
        RoleAssignmentInput, strawberry.argument(description="The account, role and unit.")
    ],
) -> RoleAssignment:
    principal = info.context.require_principal()
    assignment = await accounts.assign_role(principal, input.username, input.role, input.unit_code)
    return RoleAssignment.of(assignment)

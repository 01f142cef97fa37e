"""Account administration (J3, J7): one mutation per module."""

from __future__ import annotations

import strawberry

from schema.admin.assign_role import assign_role
from schema.admin.create_user import create_user
from schema.admin.deactivate_user import deactivate_user
from schema.admin.revoke_role import revoke_role


@strawberry.type
class AdminMutations:
    create_user = create_user
    deactivate_user = deactivate_user
    assign_role = assign_role
    revoke_role = revoke_role

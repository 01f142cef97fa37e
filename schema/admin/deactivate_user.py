from __future__ import annotations

from typing import Annotated

import strawberry

from rules import accounts
from schema.admin.types import User
from schema.info import Info


@strawberry.mutation(
    description="Deactivate an account and end its roles; its tokens stop working."
)
async def deactivate_user(
    info: Info,
    username: Annotated[
        str, strawberry.argument(description="The login name of the account to deactivate.")
    ],
) -> User:
    principal = info.context.require_principal()
    return User.of(await accounts.deactivate_user(principal, username))

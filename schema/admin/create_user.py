from __future__ import annotations

from typing import Annotated

import strawberry

from rules import accounts
from schema.admin.types import CreateUserInput, User
from schema.info import Info


@strawberry.mutation(description="Create an account (administrators, J7).")
async def create_user(
    info: Info,
    input: Annotated[CreateUserInput, strawberry.argument(description="The new account.")],
) -> User:
    principal = info.context.require_principal()
    user = await accounts.create_user(
        principal, input.username, input.display_name, input.cadre_code
    )
    return User.of(user)

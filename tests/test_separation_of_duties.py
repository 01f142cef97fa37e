"""J7: an administrator's role is held alone, by one account and by the accounts of one person."""

from __future__ import annotations

import uuid
from typing import Any

from tests.conftest import Client
from tests.selection_support import rule_of

CREATE = """
mutation($u: String!, $cadre: String) {
  createUser(input: {username: $u, cadreCode: $cadre}) { username }
}
"""
ASSIGN = """
mutation($u: String!, $role: String!, $unit: String!) {
  assignRole(input: {username: $u, role: $role, unitCode: $unit}) { id role }
}
"""


async def account(client: Client, cadre: str | None = None, by: str = "admin") -> str:
    name = f"j7.{uuid.uuid4().hex[:8]}"
    await client.data(CREATE, {"u": name, "cadre": cadre}, user=by)
    return name


async def grant(client: Client, user: str, role: str, unit: str, by: str = "admin") -> Any:
    return await client.post(ASSIGN, {"u": user, "role": role, "unit": unit}, user=by)


async def test_an_administrator_holds_no_other_role_and_a_supervisor_is_not_made_one(
    client: Client,
) -> None:
    # Given a supervisor, and an administrator
    supervisor = await account(client)
    assert "errors" not in await grant(client, supervisor, "supervisor", "county-a")
    administrator = await account(client)
    assert "errors" not in await grant(client, administrator, "admin", "county-b")
    # When either is given the other duty, it is refused (J7)
    assert rule_of(await grant(client, supervisor, "admin", "city")) == (
        "PRECONDITION_FAILED",
        "J7",
    )
    assert rule_of(await grant(client, administrator, "supervisor", "county-b")) == (
        "PRECONDITION_FAILED",
        "J7",
    )
    # while the same duty elsewhere is not another role
    assert "errors" not in await grant(client, administrator, "admin", "county-a")


async def test_an_administrator_cannot_make_its_own_second_account_a_supervisor(
    client: Client,
) -> None:
    # Given an administrator whose account belongs to cadre C-0006
    first = await account(client, cadre="C-0006")
    assert "errors" not in await grant(client, first, "admin", "city")
    # When it creates a second account for the same person and makes it a supervisor
    second = await account(client, cadre="C-0006", by=first)
    body = await grant(client, second, "supervisor", "city", by=first)
    # Then it is refused: through the second account it would read tip-offs (J7)
    assert rule_of(body) == ("PRECONDITION_FAILED", "J7")
    # and so is any administrator's attempt, and the other way round
    assert rule_of(await grant(client, second, "discipline", "city-discipline")) == (
        "PRECONDITION_FAILED",
        "J7",
    )
    other = await account(client, cadre="C-0007")
    assert "errors" not in await grant(client, other, "selector", "city")
    twin = await account(client, cadre="C-0007")
    assert rule_of(await grant(client, twin, "admin", "city")) == ("PRECONDITION_FAILED", "J7")

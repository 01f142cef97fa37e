"""Account administration (J3, J7): admins manage accounts and roles, each change effective on the
next request and recorded."""

from __future__ import annotations

import uuid

from tests.conftest import Client
from tests.helpers import all_cadres, error_codes

CREATE = """
mutation($input: CreateUserInput!) { createUser(input: $input) { username isActive } }
"""
ASSIGN = """
mutation($input: RoleAssignmentInput!) {
  assignRole(input: $input) { id role unit { code } revokedAt }
}
"""
REVOKE = """
mutation($input: RoleAssignmentInput!) { revokeRole(input: $input) { role revokedAt } }
"""
DEACTIVATE = "mutation($u: String!) { deactivateUser(username: $u) { username isActive } }"


async def _new_user(client: Client) -> str:
    name = f"t-{uuid.uuid4().hex[:10]}"
    data = await client.data(CREATE, {"input": {"username": name}}, user="admin")
    assert data["createUser"] == {"username": name, "isActive": True}
    return name


def _grant(name: str, role: str = "supervisor", unit: str = "county-a") -> dict[str, object]:
    return {"input": {"username": name, "role": role, "unitCode": unit}}


async def test_a_granted_role_works_on_the_next_request_and_a_revoked_one_stops(
    client: Client,
) -> None:
    # Given a new user who holds nothing
    name = await _new_user(client)
    assert await all_cadres(client, name) == ([], 0)
    # When the admin grants supervisor @ county-a
    granted = await client.data(ASSIGN, _grant(name), user="admin")
    assert granted["assignRole"]["unit"]["code"] == "county-a"
    # Then the next request sees county A's cadres
    codes, _ = await all_cadres(client, name)
    assert "C-0101" in codes
    # When the admin revokes it
    revoked = await client.data(REVOKE, _grant(name), user="admin")
    assert revoked["revokeRole"]["revokedAt"] is not None
    # Then the next request sees nothing
    assert await all_cadres(client, name) == ([], 0)


async def test_a_deactivated_users_token_is_refused_at_once(client: Client) -> None:
    name = await _new_user(client)
    await client.data(ASSIGN, _grant(name), user="admin")
    assert (await all_cadres(client, name))[1] == 23
    data = await client.data(DEACTIVATE, {"u": name}, user="admin")
    assert data["deactivateUser"]["isActive"] is False
    body = await client.post("{ viewer { username } }", user=name)
    assert error_codes(body) == ["UNAUTHENTICATED"]


async def test_only_administrators_manage_accounts(client: Client) -> None:
    name = await _new_user(client)
    for user in ("city.supervisor", "county-a.supervisor", "audit.bureau"):
        body = await client.post(ASSIGN, _grant(name), user=user)
        assert error_codes(body) == ["FORBIDDEN"], user
        body = await client.post(CREATE, {"input": {"username": name + "x"}}, user=user)
        assert error_codes(body) == ["FORBIDDEN"], user


async def test_no_one_grants_themselves_a_role(client: Client) -> None:
    body = await client.post(ASSIGN, _grant("admin", "supervisor", "city"), user="admin")
    assert error_codes(body) == ["PRECONDITION_FAILED"]
    assert body["errors"][0]["extensions"]["rule"] == "J7"


async def test_bad_role_unit_or_user_names_are_refused_with_clear_codes(client: Client) -> None:
    name = await _new_user(client)
    cases = [
        (_grant(name, role="emperor"), "BAD_USER_INPUT"),
        (_grant(name, unit="atlantis"), "BAD_USER_INPUT"),
        (_grant("no-such-user"), "NOT_FOUND"),
    ]
    for variables, code in cases:
        body = await client.post(ASSIGN, variables, user="admin")
        assert error_codes(body) == [code], variables
    body = await client.post(REVOKE, _grant(name), user="admin")
    assert error_codes(body) == ["NOT_FOUND"]  # nothing to revoke


async def test_granting_the_same_role_twice_is_a_conflict(client: Client) -> None:
    name = await _new_user(client)
    await client.data(ASSIGN, _grant(name), user="admin")
    body = await client.post(ASSIGN, _grant(name), user="admin")
    assert error_codes(body) == ["CONFLICT"]


async def test_a_taken_or_malformed_username_is_refused(client: Client) -> None:
    body = await client.post(CREATE, {"input": {"username": "admin"}}, user="admin")
    assert error_codes(body) == ["CONFLICT"]
    body = await client.post(CREATE, {"input": {"username": "bad name!"}}, user="admin")
    assert error_codes(body) == ["BAD_USER_INPUT"]


async def test_anonymous_mutations_are_unauthenticated(client: Client) -> None:
    body = await client.post(CREATE, {"input": {"username": "ghost"}})
    assert error_codes(body) == ["UNAUTHENTICATED"]

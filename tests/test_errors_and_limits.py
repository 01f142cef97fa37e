"""Every error carries a code from CONTRACT.md; costly operations are refused whole."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Client
from tests.helpers import error_codes


def _nested(depth: int) -> str:
    # viewer(1) > roleAssignments(2) > unit(3) > parent … > code(depth): each field is a level
    inner = "code"
    for _ in range(depth - 4):
        inner = f"parent {{ {inner} }}"
    return f"{{ viewer {{ roleAssignments {{ unit {{ {inner} }} }} }} }}"


async def test_ten_levels_are_allowed_and_eleven_are_too_complex(client: Client) -> None:
    ok = await client.post(_nested(10), user="city.supervisor")
    assert "errors" not in ok
    body = await client.post(_nested(11), user="city.supervisor")
    assert error_codes(body) == ["QUERY_TOO_COMPLEX"]
    assert body["data"] is None


async def test_depth_counts_through_fragments(client: Client) -> None:
    query = (
        "query { viewer { roleAssignments { unit { ...Up } } } } "
        "fragment Up on OrgUnit { parent { parent { parent { parent { parent { parent { parent "
        "{ parent { code } } } } } } } } }"
    )
    body = await client.post(query, user="city.supervisor")
    assert error_codes(body) == ["QUERY_TOO_COMPLEX"]


async def test_thirty_aliases_are_allowed_and_thirty_one_are_too_complex(client: Client) -> None:
    def aliases(n: int) -> str:
        return "{ " + " ".join(f"a{i}: __typename" for i in range(n)) + " }"

    assert "errors" not in await client.post(aliases(30), user="city.supervisor")
    body = await client.post(aliases(31), user="city.supervisor")
    assert error_codes(body) == ["QUERY_TOO_COMPLEX"]


async def test_a_repeated_directive_is_too_complex(client: Client) -> None:
    body = await client.post(
        "{ __typename @include(if: true) @include(if: true) }", user="city.supervisor"
    )
    assert error_codes(body) == ["QUERY_TOO_COMPLEX"]


async def test_a_huge_document_is_too_complex(client: Client) -> None:
    body = await client.post("{ " + "__typename " * 3000 + "}", user="city.supervisor")
    assert error_codes(body) == ["QUERY_TOO_COMPLEX"]


async def test_a_document_that_does_not_parse_or_validate_is_validation_failed(
    client: Client,
) -> None:
    for query in ("{ cadres { ", "{ noSuchField }", '{ cadres(first: "x") { totalCount } }'):
        body = await client.post(query, user="city.supervisor")
        assert error_codes(body) == ["GRAPHQL_VALIDATION_FAILED"], query


async def test_a_variable_of_the_wrong_type_is_bad_user_input(client: Client) -> None:
    body = await client.post(
        "query($n: Int) { cadres(first: $n) { totalCount } }",
        {"n": "ten"},
        user="city.supervisor",
    )
    assert error_codes(body) == ["BAD_USER_INPUT"]


async def test_a_mutation_sent_with_get_changes_nothing(client: Client) -> None:
    response = await client.http.get(
        "/graphql",
        params={"query": 'mutation { createUser(input: {username: "via-get"}) { username } }'},
        headers={"Authorization": f"Bearer {client.token('admin')}"},
    )
    assert response.status_code in (400, 405)
    body = await client.post(
        'mutation { createUser(input: {username: "via-get"}) { username } }', user="admin"
    )
    assert "errors" not in body  # the name was still free: the GET created nothing


async def test_graphiql_is_served_on_get_in_development(client: Client) -> None:
    response = await client.http.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


async def test_health_and_readiness(client: Client) -> None:
    assert (await client.http.get("/healthz")).json() == {"status": "ok"}
    assert (await client.http.get("/readyz")).json() == {"status": "ok"}


def test_the_committed_sdl_matches_the_schema() -> None:
    from schema import schema

    committed = Path(__file__).parent.parent / "schema" / "schema.graphql"
    assert committed.read_text() == schema.as_str() + "\n", (
        "schema/schema.graphql is stale: run `cadre-api export-schema > schema/schema.graphql`"
    )


async def test_a_bad_literal_in_the_document_is_a_validation_failure_not_internal(
    client: Client,
) -> None:
    query = (
        'mutation { commissionAudit(input: {cadreCode: "C-0001", periodStart: "2024-02-30", '
        'periodEnd: "2024-12-31", dueDate: "2030-01-01"}) { id } }'
    )
    body = await client.post(query, user="city.selector")
    assert error_codes(body) == ["GRAPHQL_VALIDATION_FAILED"]
    assert "internal" not in body["errors"][0]["message"]

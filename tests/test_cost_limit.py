"""QUERY_TOO_COMPLEX before anything runs when the result could hold more than CADRE_MAX_OBJECTS
objects (CONTRACT.md): connections counted at `first`, plain lists at their widest in the
database, each fragment at every place it is spread."""

from __future__ import annotations

from tests.conftest import Client
from tests.helpers import error_codes

TREE = "children { children { children { children { code } } } }"


async def test_the_heaviest_attack_of_the_issue_is_refused_whole_before_it_runs(
    client: Client,
) -> None:
    # Given 30 aliases of the unit tree, each spreading fragments over children and parent
    aliases = " ".join(f"a{i}: units {{ ...Down ...Up }}" for i in range(30))
    query = (
        f"query {{ {aliases} }} "
        "fragment Down on OrgUnit { children { children { ...Up children { code } } } } "
        "fragment Up on OrgUnit { parent { children { children { code } } } }"
    )
    body = await client.post(query, user="county-a.supervisor")
    assert error_codes(body) == ["QUERY_TOO_COMPLEX"]
    assert body["data"] is None
    assert "objects" in body["errors"][0]["message"]


async def test_the_whole_unit_tree_four_levels_deep_is_allowed(client: Client) -> None:
    body = await client.post(f"{{ units {{ code {TREE} }} }}", user="city.supervisor")
    assert "errors" not in body


async def test_a_fragment_counts_at_every_place_it_is_spread(client: Client) -> None:
    one = "query { units { ...Tree } } fragment Tree on OrgUnit { " + TREE + " }"
    assert "errors" not in await client.post(one, user="city.supervisor")
    # 9 units, at most 6 children each: one spread is 13,995 objects, four are 55,980
    four = (
        "query { a: units { ...Tree } b: units { ...Tree } c: units { ...Tree } "
        "d: units { ...Tree } } fragment Tree on OrgUnit { " + TREE + " }"
    )
    body = await client.post(four, user="city.supervisor")
    assert error_codes(body) == ["QUERY_TOO_COMPLEX"]


async def test_a_connection_counts_at_its_first_even_from_a_variable(client: Client) -> None:
    query = "query($n: Int) { cadres(first: $n) { edges { node { workUnit { " + TREE + " } } } } }"
    assert "errors" not in await client.post(query, {"n": 5}, user="city.supervisor")
    body = await client.post(query, {"n": 100}, user="city.supervisor")
    assert error_codes(body) == ["QUERY_TOO_COMPLEX"]


async def test_a_contract_page_of_cadres_is_far_below_the_limit(client: Client) -> None:
    from schema.limits import LIST_WIDTHS

    body = await client.post(
        "{ cadres(first: 100) { totalCount edges { cursor node { id code name post rank "
        "isTopLeader managingUnit { code } workUnit { code } } } pageInfo { hasNextPage "
        "endCursor } } }",
        user="city.supervisor",
    )
    assert "errors" not in body
    assert LIST_WIDTHS.measured[("OrgUnit", "children")] == 6  # measured in the database

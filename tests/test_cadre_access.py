"""J1, J3, J4, J7 for cadre data: every demo user sees exactly the cadres under its jurisdiction."""

from __future__ import annotations

import pytest

from tests.conftest import Client
from tests.helpers import NAMED, all_cadres
from tests.queries import CADRE_BY_CODE, NODE

# Which of the named cadres each demo user sees (managing units: C-0001/2/3 city, C-0101
# county-a, C-0201 county-b, C-0301 dept-finance).
VISIBLE = {
    "admin": set(),
    "city.supervisor": set(NAMED),
    "city.selector": {"C-0001", "C-0002", "C-0003"},
    "city.deputy": set(NAMED),
    "county-a.supervisor": {"C-0101"},
    "county-b.supervisor": {"C-0201"},
    "finance.supervisor": {"C-0301"},
    "discipline.officer": set(),
    "audit.bureau": set(),
}
# Everyone the demo world has under each jurisdiction: 22 generated plus the named ones.
TOTALS = {
    "admin": 0,
    "city.supervisor": 116,
    "city.selector": 25,
    "city.deputy": 116,
    "county-a.supervisor": 23,
    "county-b.supervisor": 23,
    "finance.supervisor": 23,
    "discipline.officer": 0,
    "audit.bureau": 0,
}


@pytest.mark.parametrize("user", sorted(VISIBLE))
async def test_each_user_lists_exactly_the_named_cadres_under_its_jurisdiction(
    client: Client, user: str
) -> None:
    codes, total = await all_cadres(client, user)
    assert set(codes) & set(NAMED) == VISIBLE[user]
    assert len(codes) == total == TOTALS[user]


@pytest.mark.parametrize("user", sorted(VISIBLE))
async def test_each_user_reads_one_cadre_by_code_only_within_its_jurisdiction(
    client: Client, user: str
) -> None:
    for code in NAMED:
        data = await client.data(CADRE_BY_CODE, {"code": code}, user=user)
        seen = data["cadre"] is not None
        assert seen == (code in VISIBLE[user]), (user, code)


@pytest.mark.parametrize("user", sorted(VISIBLE))
async def test_node_lookup_follows_the_same_rules_as_the_list(client: Client, user: str) -> None:
    ids, _ = await _ids_by_code(client)
    for code in NAMED:
        data = await client.data(NODE, {"id": ids[code]}, user=user)
        assert (data["node"] is not None) == (code in VISIBLE[user]), (user, code)


async def _ids_by_code(client: Client) -> tuple[dict[str, str], int]:
    data = await client.data(
        "{ cadres(first: 100) { edges { node { id code } } } }", user="city.supervisor"
    )
    return {e["node"]["code"]: e["node"]["id"] for e in data["cadres"]["edges"]}, 0


async def test_a_county_party_secretary_managed_by_the_city_is_invisible_to_the_county(
    client: Client,
) -> None:
    # Given C-0001 works in county A but is managed by the city (J1)
    data = await client.data(CADRE_BY_CODE, {"code": "C-0001"}, user="city.supervisor")
    assert data["cadre"]["code"] == "C-0001"
    # When county A's supervisor looks for him, by code and by work unit
    one = await client.data(CADRE_BY_CODE, {"code": "C-0001"}, user="county-a.supervisor")
    listed, _ = await all_cadres(client, "county-a.supervisor", filter={"workUnit": "county-a"})
    # Then he is not there
    assert one["cadre"] is None
    assert "C-0001" not in listed


async def test_city_oversight_reaches_every_jurisdiction_below(client: Client) -> None:
    for unit, code in (("county-a", "C-0101"), ("county-b", "C-0201"), ("dept-finance", "C-0301")):
        codes, total = await all_cadres(client, "city.supervisor", filter={"managingUnit": unit})
        assert code in codes
        assert total == 23


async def test_the_finance_supervisor_sees_its_section_chief_but_not_its_director(
    client: Client,
) -> None:
    codes, _ = await all_cadres(client, "finance.supervisor")
    assert "C-0301" in codes
    assert "C-0002" not in codes  # the director works there but is managed by the city


async def test_a_filter_cannot_widen_the_jurisdiction(client: Client) -> None:
    codes, total = await all_cadres(client, "county-a.supervisor", filter={"managingUnit": "city"})
    assert codes == [] and total == 0


async def test_anonymous_callers_get_unauthenticated_not_an_empty_list(client: Client) -> None:
    body = await client.post("{ cadres { totalCount } }")
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert body["data"] is None

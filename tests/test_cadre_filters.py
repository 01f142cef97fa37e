"""CadreFilter: units, top leaders, and search as Chinese users search for people."""

from __future__ import annotations

import pytest

from tests.conftest import Client
from tests.helpers import all_cadres, error_codes
from tests.queries import CADRE_PAGE


@pytest.mark.parametrize("term", ["王建国", "建国", "wangjianguo", "WangJianGuo", "wjg", "C-0001"])
async def test_search_finds_a_cadre_by_name_pinyin_initials_or_code(
    client: Client, term: str
) -> None:
    codes, _ = await all_cadres(client, "city.supervisor", filter={"search": term})
    assert "C-0001" in codes


async def test_search_stays_inside_the_jurisdiction(client: Client) -> None:
    codes, _ = await all_cadres(client, "county-b.supervisor", filter={"search": "wjg"})
    assert "C-0001" not in codes


async def test_top_leader_filter_returns_only_top_leaders(client: Client) -> None:
    data = await client.data(
        "query($f: CadreFilter) { cadres(first: 100, filter: $f) { edges { node { code "
        "isTopLeader } } } }",
        {"f": {"isTopLeader": True, "managingUnit": "city"}},
        user="city.supervisor",
    )
    nodes = [e["node"] for e in data["cadres"]["edges"]]
    assert {"C-0001", "C-0002"} <= {n["code"] for n in nodes}
    assert all(n["isTopLeader"] for n in nodes)


async def test_work_unit_filter_matches_where_cadres_work(client: Client) -> None:
    codes, _ = await all_cadres(client, "city.supervisor", filter={"workUnit": "county-a.town-1"})
    assert "C-0101" in codes
    assert "C-0001" not in codes


async def test_an_unknown_unit_code_in_a_filter_is_bad_input(client: Client) -> None:
    body = await client.post(
        CADRE_PAGE, {"filter": {"managingUnit": "nowhere"}}, user="city.supervisor"
    )
    assert error_codes(body) == ["BAD_USER_INPUT"]

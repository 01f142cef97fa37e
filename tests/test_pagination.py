"""Relay connections: keyset cursors, exact totals, bounded pages."""

from __future__ import annotations

import pytest

from tests.conftest import Client
from tests.helpers import all_cadres, error_codes
from tests.queries import CADRE_PAGE


@pytest.mark.parametrize("page", [1, 7, 50, 100])
async def test_walking_every_page_returns_each_visible_cadre_once(
    client: Client, page: int
) -> None:
    codes, total = await all_cadres(client, "city.supervisor", page=page)
    assert len(codes) == len(set(codes)) == total == 116
    assert codes == sorted(codes)


async def test_first_defaults_to_twenty(client: Client) -> None:
    data = await client.data(CADRE_PAGE, {}, user="city.supervisor")
    assert len(data["cadres"]["edges"]) == 20
    assert data["cadres"]["pageInfo"]["hasNextPage"] is True


@pytest.mark.parametrize("first", [101, 1000, -1])
async def test_a_page_size_out_of_bounds_is_bad_user_input(client: Client, first: int) -> None:
    body = await client.post(CADRE_PAGE, {"first": first}, user="city.supervisor")
    assert error_codes(body) == ["BAD_USER_INPUT"]


@pytest.mark.parametrize("cursor", ["garbage", "dW5pdDox", ""])
async def test_a_malformed_cursor_is_bad_user_input(client: Client, cursor: str) -> None:
    body = await client.post(CADRE_PAGE, {"after": cursor}, user="city.supervisor")
    assert error_codes(body) == ["BAD_USER_INPUT"]


async def test_a_cursor_from_another_user_reveals_nothing_beyond_own_jurisdiction(
    client: Client,
) -> None:
    data = await client.data(CADRE_PAGE, {"first": 1}, user="city.supervisor")
    cursor = data["cadres"]["pageInfo"]["endCursor"]
    page = await client.data(
        CADRE_PAGE, {"after": cursor, "first": 100}, user="county-a.supervisor"
    )
    units = {e["node"]["managingUnit"]["code"] for e in page["cadres"]["edges"]}
    assert units == {"county-a"}


async def test_a_user_with_no_grant_gets_an_empty_connection_without_error(client: Client) -> None:
    data = await client.data(CADRE_PAGE, {}, user="audit.bureau")
    assert data["cadres"] == {
        "totalCount": 0,
        "edges": [],
        "pageInfo": {"hasNextPage": False, "endCursor": None},
    }

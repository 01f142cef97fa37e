"""A cadre list's `totalCount` is the number of cadres the list walks, for every demo user and
filter, and stays so after cadres are added, changed, moved between units and removed, whether
the writers commit or roll back and, on PostgreSQL, while they write at the same time: the
per-unit counts the database keeps (`cadre_unit_count`, migration 0017), which a compiled page
sums over the caller's units when no filter narrows the list, are exact."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from tortoise import connections
from tortoise.transactions import in_transaction

from api.app import create_app
from models import Cadre as CadreModel
from models import OrgUnit
from models.cadres import CadreRank, Gender
from schema.compiled import CompiledPages
from tests.conftest import Client, World, make_settings
from tests.test_compiled_pages import FILTERS, USERS

WALK = (
    "query Walk($after: String, $filter: CadreFilter) { cadres(first: 100, after: $after, "
    "filter: $filter) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }"
)
PREFIX = "T-COUNT-"


@pytest.fixture(scope="module")
async def fast(world: World) -> AsyncIterator[httpx.AsyncClient]:
    """A server answering pages the compiled way, whatever CADRE_EXECUTION the suite runs with."""
    settings = make_settings(world.settings.database_url, CADRE_EXECUTION="fast")
    transport = httpx.ASGITransport(app=create_app(settings))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http


async def _walk(
    client: Client, http: httpx.AsyncClient, user: str, filter_: dict[str, Any] | None = None
) -> tuple[set[int], int]:
    """(ids of every node on every page, the totalCount each page gave: all the same)."""
    headers = {"Authorization": f"Bearer {client.token(user)}"}
    seen: set[int] = set()
    totals: set[int] = set()
    after: str | None = None
    while True:
        variables = {"after": after, "filter": filter_}
        response = await http.post(
            "/graphql", json={"query": WALK, "variables": variables}, headers=headers
        )
        body = response.json()
        assert "errors" not in body, body
        page = body["data"]["cadres"]
        ids = [edge["node"]["id"] for edge in page["edges"]]
        assert not seen & set(ids)
        seen |= set(ids)
        totals.add(page["totalCount"])
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(totals) == 1, totals
    return seen, totals.pop()


async def _assert_counts_exact() -> None:
    """The kept counts are the cadres each unit manages, unit by unit."""
    connection = connections.get("default")
    _, kept = await connection.execute_query(
        "SELECT unit_id, cadres FROM cadre_unit_count WHERE cadres <> 0"
    )
    _, counted = await connection.execute_query(
        "SELECT managing_unit_id, COUNT(*) FROM cadre GROUP BY managing_unit_id"
    )
    assert {r[0]: int(r[1]) for r in kept} == {r[0]: int(r[1]) for r in counted}


async def _assert_lists_counted(client: Client, http: httpx.AsyncClient) -> None:
    for user in ("city.supervisor", "county-a.supervisor", "county-b.supervisor"):
        seen, total = await _walk(client, http, user)
        assert total == len(seen), user


def _cadre(code: str, unit: OrgUnit) -> CadreModel:
    return CadreModel(
        code=code,
        name="计数",
        gender=Gender.FEMALE,
        post="科员",
        rank=CadreRank.STAFF,
        managing_unit_id=unit.id,
        work_unit_id=unit.id,
    )


@pytest.mark.parametrize("user", USERS)
async def test_total_count_is_the_number_of_cadres_walked_for_every_user_and_filter(
    client: Client, fast: httpx.AsyncClient, user: str
) -> None:
    answered = CompiledPages.answered
    sees_any = False
    for filter_ in FILTERS:
        if filter_ == {"rank": "NO_SUCH_RANK"}:
            continue  # refused, as the resolver refuses it
        # given a user and a filter; when the list is walked to its end
        seen, total = await _walk(client, fast, user, filter_)
        # then every page's totalCount is the number of cadres walked
        assert total == len(seen), (user, filter_)
        sees_any |= total > 0
    # (the compiled way answered, unless the user's roles grant no cadre at all)
    assert CompiledPages.answered > answered or not sees_any


async def test_an_unfiltered_count_sums_the_kept_counts_and_a_filtered_one_counts_rows(
    client: Client, fast: httpx.AsyncClient, statements: Callable[[], Any]
) -> None:
    headers = {"Authorization": f"Bearer {client.token('county-a.supervisor')}"}
    for filter_, summed in ((None, True), ({}, True), ({"rank": "SECTION_CHIEF"}, False)):
        # given the county supervisor's list, filtered or not; when its first page is asked
        body = {"query": WALK, "variables": {"filter": filter_}}
        with statements() as sent:
            await fast.post("/graphql", json=body, headers=headers)
        page = [s for s in sent if s.startswith('SELECT "t"."total"')]
        # then the count is a sum of the kept counts only when no filter narrows the list
        assert len(page) == 1, sent
        assert ("cadre_unit_count" in page[0]) is summed, page[0]
        assert ("COUNT(*)" in page[0]) is not summed, page[0]


async def test_counts_stay_exact_as_cadres_are_added_changed_moved_and_removed(
    client: Client, fast: httpx.AsyncClient
) -> None:
    county_a = await OrgUnit.get(code="county-a")
    county_b = await OrgUnit.get(code="county-b")
    town = await OrgUnit.get(code="county-a.town-1")
    await _assert_counts_exact()
    try:
        # given cadres added one by one and in bulk
        one = _cadre(f"{PREFIX}1", county_a)
        await one.save()
        await CadreModel.bulk_create(
            [_cadre(f"{PREFIX}{i}", unit) for i, unit in ((2, county_a), (3, county_b), (4, town))]
        )
        await _assert_counts_exact()
        await _assert_lists_counted(client, fast)
        # when one is changed without moving, one moved by save, several moved by one update
        one.post = "副科长"
        await one.save()
        one.managing_unit_id = county_b.id
        await one.save()
        await CadreModel.filter(code__in=[f"{PREFIX}2", f"{PREFIX}4"]).update(
            managing_unit_id=county_b.id
        )
        await CadreModel.filter(code=f"{PREFIX}3").update(managing_unit_id=town.id, post="科长")
        # then the counts follow every move
        await _assert_counts_exact()
        await _assert_lists_counted(client, fast)
        # and a transaction rolled back leaves them as they were
        with pytest.raises(RuntimeError):
            async with in_transaction():
                await _cadre(f"{PREFIX}5", county_a).save()
                await CadreModel.filter(code=f"{PREFIX}1").update(managing_unit_id=county_a.id)
                raise RuntimeError("roll back")
        await _assert_counts_exact()
        # when one is deleted by itself and the rest by one statement
        await one.delete()
        await _assert_counts_exact()
    finally:
        await CadreModel.filter(code__startswith=PREFIX).delete()
    # then the counts are those of the world as it was
    await _assert_counts_exact()
    await _assert_lists_counted(client, fast)


async def test_counts_stay_exact_under_concurrent_writers(world: World) -> None:
    if world.backend != "postgres":
        pytest.skip("SQLite has one writer at a time")
    county_a = await OrgUnit.get(code="county-a")
    county_b = await OrgUnit.get(code="county-b")

    async def writer(n: int) -> None:
        # each adds cadres to both units, moves one across, and half of them roll back
        try:
            async with in_transaction():
                await CadreModel.bulk_create(
                    [_cadre(f"{PREFIX}W{n}-{i}", (county_a, county_b)[i % 2]) for i in range(4)]
                )
                await asyncio.sleep(0.01)
                await CadreModel.filter(code=f"{PREFIX}W{n}-0").update(managing_unit_id=county_b.id)
                await asyncio.sleep(0.01)
                await CadreModel.filter(code=f"{PREFIX}W{n}-1").delete()
                if n % 2:
                    raise RuntimeError("roll back")
        except RuntimeError:
            pass

    try:
        # given eight writers at the same time; when they have all finished
        await asyncio.gather(*(writer(n) for n in range(8)))
        # then the counts are exact
        assert await CadreModel.filter(code__startswith=f"{PREFIX}W").count() == 4 * 3
        await _assert_counts_exact()
    finally:
        await CadreModel.filter(code__startswith=PREFIX).delete()
    await _assert_counts_exact()

"""A page answered from one compiled statement (schema/compiled.py) is exactly the page standard
execution answers: the same bytes, the same errors, the same access-log note, for many shapes of
document, many users and every filter; and it costs one statement once the caller is known."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from api.app import create_app
from api.coherence import coherence
from models import AccessLogEntry
from schema.compiled import CompiledPages
from tests.conftest import Client, World, make_settings

USERS = (
    "city.supervisor",
    "county-a.supervisor",
    "county-b.supervisor",
    "city.selector",
    "city.deputy",
    "discipline.officer",
    "audit.bureau",
)

NODE_ALL = (
    "__typename id code name post gender birthDate rank isTopLeader managesFunds status "
    "updatedAt managingUnit { __typename id code name kind isJurisdiction } "
    "workUnit { id code name kind isJurisdiction }"
)
SHAPES = {
    "the issue's page": "{ cadres(first: 50) { edges { node { code managingUnit { code } "
    "workUnit { code } } } } }",
    "the README's page": "{ cadres(first: 50) { totalCount edges { node { id code name post "
    "rank isTopLeader managingUnit { code } workUnit { code } } } pageInfo { hasNextPage "
    "endCursor } } }",
    "every field": "query All($first: Int, $after: String, $filter: CadreFilter) { cadres(first: "
    "$first, after: $after, filter: $filter) { __typename totalCount edges { __typename cursor "
    f"node {{ {NODE_ALL} }} }} pageInfo {{ __typename hasNextPage hasPreviousPage startCursor "
    "endCursor } } }",
    "aliases in another order": "query Aliased($first: Int, $after: String, $filter: CadreFilter) "
    "{ list: cadres(first: $first, after: $after, filter: $filter) { info: pageInfo { next: "
    "hasNextPage start: startCursor } rows: edges { node { boss: managingUnit { name } "
    "who: name c: code } at: cursor } n: totalCount } }",
    "count only": "query Count($filter: CadreFilter) { cadres(filter: $filter) { totalCount } }",
    "page info only": "{ cadres(first: 3) { pageInfo { hasNextPage hasPreviousPage "
    "startCursor endCursor } } }",
    "nodes without units": "query P($first: Int, $after: String) { cadres(first: $first, "
    "after: $after) { edges { node { id code status rank birthDate } } } }",
}
FILTERS: list[dict[str, Any] | None] = [
    None,
    {},
    {"isTopLeader": True},
    {"isTopLeader": False, "managesFunds": True},
    {"rank": "SECTION_CHIEF"},
    {"status": "IN_OFFICE"},
    {"rank": "DIVISION_CHIEF", "status": "IN_OFFICE"},
    {"rank": "NO_SUCH_RANK"},
    {"search": "wang"},
    {"search": "王"},
    {"managingUnit": "city"},
    {"workUnit": "county-a"},
]
REFUSED = [
    ("{ cadres(first: 101) { totalCount } }", {}),
    ("{ cadres(first: -1) { totalCount } }", {}),
    ('{ cadres(after: "bm90LWEtY3Vyc29y") { totalCount } }', {}),
    ('{ cadres(after: "%%%") { totalCount } }', {}),
    ("query F($f: CadreFilter) { cadres(filter: $f) { totalCount } }", {"f": {"search": "  "}}),
    (
        "query F($f: CadreFilter) { cadres(filter: $f) { totalCount } }",
        {"f": {"managingUnit": "NO-SUCH-UNIT"}},
    ),
    ("{ cadres(first: 0) { totalCount edges { cursor } } }", {}),
]


async def _server(world: World, execution: str) -> AsyncIterator[httpx.AsyncClient]:
    settings = make_settings(world.settings.database_url, CADRE_EXECUTION=execution)
    transport = httpx.ASGITransport(app=create_app(settings))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http


@pytest.fixture(scope="module")
async def fast(world: World) -> AsyncIterator[httpx.AsyncClient]:
    """The server with compiled pages (whatever CADRE_EXECUTION the suite runs with)."""
    async for http in _server(world, "fast"):
        yield http


@pytest.fixture(scope="module")
async def standard(world: World) -> AsyncIterator[httpx.AsyncClient]:
    """The same server, on graphql-core's own execution only."""
    async for http in _server(world, "standard"):
        yield http


async def _both(
    client: Client,
    fast: httpx.AsyncClient,
    standard: httpx.AsyncClient,
    query: str,
    variables: dict[str, Any],
    user: str | None,
) -> tuple[bytes, bytes, list[Any], list[Any]]:
    headers = {"Authorization": f"Bearer {client.token(user)}"} if user else {}
    body = {"query": query, "variables": variables}
    answers, notes = [], []
    for http in (fast, standard):
        before = await AccessLogEntry.all().order_by("-id").first()
        response = await http.post("/graphql", json=body, headers=headers)
        answers.append(response.content)
        after = AccessLogEntry.filter(action__not="refused")
        if before is not None:
            after = after.filter(id__gt=before.id)
        notes.append(
            [(e.username, e.roles, e.action, e.resource, e.record_ids) for e in await after]
        )
    return answers[0], answers[1], notes[0], notes[1]


async def test_every_shape_for_every_user_and_filter_gives_the_same_bytes_and_log_note(
    client: Client, fast: httpx.AsyncClient, standard: httpx.AsyncClient
) -> None:
    # given many documents, users and filters; when each is asked of both executions
    compiled_before = CompiledPages.answered
    asked = 0
    for (label, query), user, filter_ in itertools.product(SHAPES.items(), USERS, FILTERS):
        if "$filter" not in query and filter_ not in (None, {}):
            continue
        variables: dict[str, Any] = {"first": 7}
        if filter_ is not None:
            variables["filter"] = filter_
        answer, slow, fast_log, slow_log = await _both(
            client, fast, standard, query, variables, user
        )
        # then the answers are byte for byte the same, and so is the access-log note
        assert answer == slow, (label, user, filter_)
        assert fast_log == slow_log, (label, user, filter_)
        asked += 1
    assert CompiledPages.answered - compiled_before > asked // 2  # most went the compiled way


async def test_following_the_cursors_page_by_page_gives_the_same_bytes(
    client: Client, fast: httpx.AsyncClient, standard: httpx.AsyncClient
) -> None:
    # given the every-field document; when a supervisor follows endCursor to the end
    after: str | None = None
    pages = 0
    while True:
        variables = {"first": 4, "after": after}
        answer, slow, fast_log, slow_log = await _both(
            client, fast, standard, SHAPES["every field"], variables, "city.supervisor"
        )
        # then every page is the same both ways
        assert answer == slow and fast_log == slow_log
        info = httpx.Response(200, content=answer).json()["data"]["cadres"]["pageInfo"]
        pages += 1
        if not info["hasNextPage"]:
            break
        after = info["endCursor"]
    assert pages > 2


@pytest.mark.parametrize("query, variables", REFUSED)
async def test_refused_arguments_give_the_same_error_both_ways(
    client: Client,
    fast: httpx.AsyncClient,
    standard: httpx.AsyncClient,
    query: str,
    variables: dict[str, Any],
) -> None:
    answer, slow, fast_log, slow_log = await _both(
        client, fast, standard, query, variables, "city.supervisor"
    )
    assert answer == slow and fast_log == slow_log


async def test_anonymous_and_bad_tokens_are_refused_the_same_way(
    client: Client, fast: httpx.AsyncClient, standard: httpx.AsyncClient
) -> None:
    query = SHAPES["the issue's page"]
    answer, slow, _, _ = await _both(client, fast, standard, query, {}, None)
    assert answer == slow and b"UNAUTHENTICATED" in answer
    for http in (client.http, standard):
        response = await http.post(
            "/graphql", json={"query": query}, headers={"Authorization": "Bearer forged"}
        )
        assert b"UNAUTHENTICATED" in response.content


@pytest.fixture
async def caching(world: World) -> AsyncIterator[None]:
    """This process caches principals and subtrees as a server does (on PostgreSQL kept coherent
    by its listener, on SQLite emptied after each mutation)."""
    listen = world.settings.database_url if world.backend == "postgres" else None
    await coherence.start(world.settings, listen)
    try:
        for _ in range(100):
            if coherence.trusted():
                break
            await asyncio.sleep(0.05)
        assert coherence.trusted()
        yield
    finally:
        await coherence.stop()


async def test_a_compiled_page_costs_one_statement_and_the_log_write(
    client: Client, fast: httpx.AsyncClient, statements: Callable[[], Any], caching: None
) -> None:
    # given a supervisor whose principal and scope this process knows
    headers = {"Authorization": f"Bearer {client.token('city.supervisor')}"}
    for first in (5, 50):
        page = SHAPES["the README's page"].replace("first: 50", f"first: {first}")
        await fast.post("/graphql", json={"query": page}, headers=headers)
        answered = CompiledPages.answered
        # when the full page (units and totalCount) is asked
        with statements() as sent:
            response = await fast.post("/graphql", json={"query": page}, headers=headers)
        # then it was compiled and cost the page's statement and the access-log write only
        assert CompiledPages.answered == answered + 1
        assert len(response.json()["data"]["cadres"]["edges"]) == first
        assert len(sent) == 2, sent

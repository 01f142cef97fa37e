"""What an operator relies on: metrics, request ids, the principal cache's coherence within one
process (several processes: tests/test_scale_out.py), and re-sealing reporters under a new key."""

from __future__ import annotations

import asyncio
import socket
import time
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from cryptography.exceptions import InvalidTag
from prometheus_client import REGISTRY
from tortoise import connections

from api import pg
from api.app import create_app
from api.coherence import LISTENER_NAME, coherence
from api.db import is_postgres
from models import AccessLogEntry, Tipoff
from rules.key_rotation import reseal_reporters
from rules.tipoffs import reporter_of
from tests.conftest import REPORTER_KEY, Client, World, make_settings
from tests.test_tipoff_concerns import DEPUTY, listed_ids, register_unrouted

CADRE_COUNT = "{ cadres(first: 1) { totalCount } }"
CREATE = "mutation($u: String!) { createUser(input: {username: $u}) { username } }"
GRANT = '{username: $u, role: "supervisor", unitCode: "county-a"}'
ASSIGN = f"mutation($u: String!) {{ assignRole(input: {GRANT}) {{ id }} }}"
REVOKE = f"mutation($u: String!) {{ revokeRole(input: {GRANT}) {{ revokedAt }} }}"


@pytest.fixture
async def caching(world: World) -> AsyncIterator[None]:
    """This process's principal cache on, as `serve` runs it (listening on PostgreSQL)."""
    settings = world.settings
    await coherence.start(settings, settings.database_url if is_postgres(settings) else None)
    if is_postgres(settings):
        deadline = time.monotonic() + 10
        while not coherence.trusted():
            assert time.monotonic() < deadline, "the listener did not connect"
            await asyncio.sleep(0.05)
    try:
        yield
    finally:
        await coherence.stop()


async def _count(client: Client, user: str) -> int:
    count: int = (await client.data(CADRE_COUNT, user=user))["cadres"]["totalCount"]
    return count


async def test_a_revoked_role_stops_within_a_second_although_the_principal_is_cached(
    client: Client, caching: None
) -> None:
    # Given a supervisor of county A whose principal this process has cached
    name = f"t-{uuid.uuid4().hex[:10]}"
    await client.data(CREATE, {"u": name}, user="admin")
    await client.data(ASSIGN, {"u": name}, user="admin")
    assert await _count(client, name) == 23
    assert coherence.trusted()
    # When the admin revokes the role
    await client.data(REVOKE, {"u": name}, user="admin")
    # Then within a second the supervisor sees nothing (at once on SQLite)
    started = time.monotonic()
    while await _count(client, name) != 0:
        assert time.monotonic() - started < 1.0
        await asyncio.sleep(0.02)


async def test_metrics_count_operations_by_root_field_and_code_in_prometheus_format(
    client: Client,
) -> None:
    # Given a query and a refused one
    await client.data(CADRE_COUNT, user="city.supervisor")
    await client.post(CADRE_COUNT, headers={"Authorization": "Bearer forged"})
    # When the operator scrapes /metrics
    response = await client.http.get("/metrics")
    # Then both are counted under the operation and the outcome code
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    assert 'cadre_requests_total{code="OK",operation="query:cadres"}' in text
    assert 'cadre_requests_total{code="UNAUTHENTICATED",operation="query:cadres"}' in text
    assert 'cadre_request_duration_seconds_bucket{le="0.005",operation="query:cadres"}' in text
    assert "cadre_access_log_append_seconds_count" in text
    assert "# TYPE cadre_rate_limit_refusals_total counter" in text


async def test_each_response_names_its_request_and_the_access_log_entry_carries_it(
    client: Client,
) -> None:
    # When a supervisor reads cadres
    response = await client.http.post(
        "/graphql",
        json={"query": CADRE_COUNT},
        headers={"Authorization": f"Bearer {client.token('city.supervisor')}"},
    )
    # Then the response names its request id, and the read's log entry records it
    request_id = response.headers["x-request-id"]
    assert len(request_id) == 32
    entry = await AccessLogEntry.filter(detail__contains=request_id).first()
    assert entry is not None and entry.username == "city.supervisor"


async def test_a_request_id_offered_by_a_client_is_not_taken_unless_proxies_are_trusted(
    client: Client,
) -> None:
    response = await client.http.get("/healthz", headers={"X-Request-ID": "from-the-client"})
    assert response.headers["x-request-id"] != "from-the-client"


async def test_reporters_resealed_under_a_new_key_open_with_it_alone(world: World) -> None:
    # Given tip-offs whose reporters are sealed under the current key
    named = await Tipoff.filter(reporter_name_enc__isnull=False).first()
    assert named is not None
    before = reporter_of(named, world.settings)
    assert before is not None
    new_key = "rotated-reporter-key-" + "n" * 40
    rotating = make_settings(
        world.settings.database_url,
        CADRE_REPORTER_KEY=new_key,
        CADRE_REPORTER_KEY_PREVIOUS=REPORTER_KEY,
    )
    try:
        # When they are re-sealed under a new key
        done = await reseal_reporters(rotating)
        assert done.resealed >= 1
        # Then they open with the new key alone, not with the old one
        resealed = await Tipoff.get(id=named.id)
        only_new = make_settings(world.settings.database_url, CADRE_REPORTER_KEY=new_key)
        assert reporter_of(resealed, only_new) == before
        with pytest.raises(InvalidTag):
            reporter_of(resealed, world.settings)
        # And running it again changes nothing
        again = await reseal_reporters(rotating)
        assert again.resealed == 0 and again.already_current >= 1
    finally:  # the shared world goes back to its key
        await reseal_reporters(
            make_settings(
                world.settings.database_url,
                CADRE_REPORTER_KEY=REPORTER_KEY,
                CADRE_REPORTER_KEY_PREVIOUS=new_key,
            )
        )
    assert reporter_of(await Tipoff.get(id=named.id), world.settings) == before


async def test_a_replica_that_cannot_be_reached_is_left_alone_and_the_primary_answers(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    if world.backend != "postgres":
        pytest.skip("read replicas are PostgreSQL's")
    # Given a server whose replica does not answer
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = s.getsockname()[1]
    credentials = pg.credentials(world.settings.database_url, 2)
    credentials["replica"] = pg.credentials(f"postgres://postgres@127.0.0.1:{dead}/none", 2)
    client = pg.CadreAsyncpgClient(connection_name="replica-check", **credentials)
    try:
        # When a read-only operation reads twice
        with pg.replica_reads(True):
            first = await client.execute_query_dict("SELECT 1 AS one")
            second = await client.execute_query_dict("SELECT 2 AS two")
        # Then the primary answers both, and the replica was tried once, then left alone
        assert (first, second) == ([{"one": 1}], [{"two": 2}])
        tried = [r for r in caplog.records if "replica unavailable" in r.getMessage()]
        assert len(tried) == 1
    finally:
        await client.close()


async def test_metrics_behind_a_token_and_request_ids_from_a_trusted_proxy() -> None:
    # Given a server with a metrics token, behind a proxy it trusts (no database involved)
    settings = make_settings(
        "sqlite://never-opened.sqlite3",
        CADRE_METRICS_TOKEN="scrape-" + "m" * 30,
        CADRE_TRUST_PROXY_HEADERS=True,
    )
    app = create_app(settings)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as http:
        # Then /metrics refuses a scrape without the token and answers one with it
        assert (await http.get("/metrics")).status_code == 401
        scraped = await http.get("/metrics", headers={"Authorization": "Bearer scrape-" + "m" * 30})
        assert scraped.status_code == 200
        # And the proxy's request id is the request's, when well formed
        offered = await http.get("/healthz", headers={"X-Request-ID": "lb-1234"})
        assert offered.headers["x-request-id"] == "lb-1234"
        malformed = await http.get("/healthz", headers={"X-Request-ID": "bad id; drop"})
        assert malformed.headers["x-request-id"] != "bad id; drop"


def _lookups(outcome: str) -> float:
    found = REGISTRY.get_sample_value(
        "cadre_cache_lookups_total", {"cache": "principal", "outcome": outcome}
    )
    return found or 0.0


async def test_while_the_listener_is_cut_off_the_cache_is_bypassed_and_then_starts_empty(
    world: World, caching: None
) -> None:
    if world.backend != "postgres":
        pytest.skip("one SQLite process needs no listener")
    # Given a principal this process has cached
    await coherence.principal("city.supervisor")
    hits = _lookups("hit")
    await coherence.principal("city.supervisor")
    assert _lookups("hit") == hits + 1
    # When the database ends the listening connection
    await connections.get("default").execute_query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE application_name = $1 AND datname = current_database()",
        [LISTENER_NAME],
    )
    # Then within a second the cache is not trusted, and lookups bypass it
    started = time.monotonic()
    while coherence.trusted():
        assert time.monotonic() - started < 1.0
        await asyncio.sleep(0.02)
    bypassed = _lookups("bypass")
    await coherence.principal("city.supervisor")
    assert _lookups("bypass") == bypassed + 1
    # And once the listener is back, it starts from an empty cache (changes may have been missed)
    while not coherence.trusted():
        assert time.monotonic() - started < 10.0
        await asyncio.sleep(0.05)
    misses = _lookups("miss")
    await coherence.principal("city.supervisor")
    assert _lookups("miss") == misses + 1


async def test_with_the_cache_on_a_tip_off_naming_the_deputy_that_arrives_later_stays_hidden(
    client: Client, caching: None
) -> None:
    # Given the deputy (linked to C-0003) has just listed the city's tip-offs, so this process
    # holds his principal
    await listed_ids(client, DEPUTY)
    # When a tip-off naming him arrives (a change to no account or role)
    tipoff = await register_unrouted(client, subjectName="张志强", subjectPost="市委组织部副部长")
    # Then his next request does not show it: scopes are resolved anew for every request (J5)
    assert tipoff["id"] not in await listed_ids(client, DEPUTY)
    assert tipoff["id"] in await listed_ids(client, "city.supervisor")

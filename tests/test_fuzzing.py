"""Property-based fuzzing: hypothesis-graphql writes valid queries and mutations from the live
schema, sent as each demo user and anonymously, against a demo world of their own. Whatever they
ask, the answer is never INTERNAL, never a 5xx, and never holds a record outside the caller's
jurisdiction.

The CI profile (the default) sends a few hundred operations; a longer run by hand:
`CADRE_FUZZ_PROFILE=long .venv/bin/python -m pytest tests/test_fuzzing.py`.
"""

from __future__ import annotations

import base64
import datetime
import os
import string
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from graphql import build_schema, print_ast
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import from_schema, nodes
from tortoise import Tortoise
from tortoise.backends.base.executor import EXECUTOR_CACHE

from api import access_log
from api.app import create_app
from api.cli import migrate_database
from api.db import close_db, init_db
from demo.world import seed_demo
from models import Cadre, Selection, User
from schema import schema as live_schema
from tests.conftest import World, make_settings
from tests.databases import postgres_database, sqlite_database

USERS = (
    None,
    "admin",
    "city.supervisor",
    "city.selector",
    "city.deputy",
    "county-a.supervisor",
    "county-b.supervisor",
    "finance.supervisor",
    "discipline.officer",
    "audit.bureau",
)
# Kinds of record whose visibility is exactly what their list shows the caller.
LISTED = {
    "Tipoff": "tipoffs",
    "Case": "cases",
    "AuditCommission": "auditCommissions",
    "Selection": "selections",
    "IntegrityAppraisalRequest": "integrityAppraisalRequests",
    "AuditPlan": "auditPlans",
    "Cadre": "cadres",
}

settings.register_profile(
    "ci",
    max_examples=40,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
)
settings.register_profile(
    "long", max_examples=2000, deadline=None, suppress_health_check=list(HealthCheck)
)
PROFILE = os.environ.get("CADRE_FUZZ_PROFILE", "ci")


@dataclass
class Fuzzed:
    http: httpx.AsyncClient
    world: World
    ids: list[str]
    allowed: dict[str | None, dict[str, set[int]]] = field(default_factory=dict)


async def _all_ids(http: httpx.AsyncClient, headers: dict[str, str], connection: str) -> set[int]:
    found: set[int] = set()
    after = None
    while True:
        body = (
            await http.post(
                "/graphql",
                json={
                    "query": f"query($a: String) {{ {connection}(first: 100, after: $a) "
                    "{ edges { node { id } } pageInfo { hasNextPage endCursor } } }",
                    "variables": {"a": after},
                },
                headers=headers,
            )
        ).json()
        page = (body.get("data") or {}).get(connection)
        if not page:
            return found
        found |= {_decode(e["node"]["id"])[1] for e in page["edges"]}
        if not page["pageInfo"]["hasNextPage"]:
            return found
        after = page["pageInfo"]["endCursor"]


def _headers(world: World, user: str | None) -> dict[str, str]:
    return {} if user is None else {"Authorization": f"Bearer {world.token(user)}"}


def _decode(global_id: str) -> tuple[str, int]:
    kind, _, pk = base64.b64decode(global_id).decode().partition(":")
    return kind, int(pk)


async def _linked_cadres(kinds: dict[str, set[int]], user: str | None) -> set[int]:
    """Cadres shown because a record the caller may read names them (a tip-off's subject, a
    selection's nominees, the roll of the committee deciding it, the caller's own record)."""
    selections = kinds.get("Selection", set())
    scopes = {
        "selection": ("selection_id__in", selections),
        "round": ("round__selection_id__in", selections),
        "meeting": ("meeting__selection_id__in", selections),
        "request": ("request_id__in", kinds.get("IntegrityAppraisalRequest", set())),
        "case": ("case_id__in", kinds.get("Case", set())),
        "plan": ("plan_id__in", kinds.get("AuditPlan", set())),
    }
    own = {"Tipoff": "Tipoff", "Case": "Case", "AuditCommission": "AuditCommission"}
    linked: set[int] = set()
    for name, model in Tortoise.apps["models"].items():
        meta = model._meta
        cadre_fields = [f for f in meta.fk_fields if meta.fields_map[f].related_model is Cadre]
        if not cadre_fields or name == "User":
            continue
        if name in own:
            condition = {"id__in": kinds.get(own[name], set())}
        else:
            via = next((k for k in scopes if k in meta.fk_fields), None)
            if via is None and name == "CommitteeRollMember":
                units = await Selection.filter(id__in=selections).values_list(
                    "managing_unit_id", flat=True
                )
                condition = {"roll__unit_id__in": set(units)}
            elif via is None:
                continue
            else:
                key, ids = scopes[via]
                condition = {key: ids}
        for fk in cadre_fields:
            rows = await model.filter(**condition).values_list(f"{fk}_id", flat=True)
            linked |= {r for r in rows if r is not None}
    if user is not None:
        linked |= {
            c for c in await User.filter(username=user).values_list("cadre_id", flat=True) if c
        }
    return linked


@pytest.fixture(scope="module")
async def fuzzed(world: World, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Fuzzed]:
    """A demo world of the fuzzer's own (mutations change it), on the same kind of database."""
    database = (
        sqlite_database(tmp_path_factory.mktemp("fuzz"))
        if world.backend == "sqlite"
        else postgres_database()
    )
    url = await database.__aenter__()
    own = make_settings(url)
    await close_db()
    EXECUTOR_CACHE.clear()
    access_log.reset_cached_head()
    try:
        await migrate_database(own)
        await init_db(own)
        await seed_demo(own)
        app = create_app(own)
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://test"
        ) as http:
            own_world = World(world.backend, own)
            fuzz = Fuzzed(http, own_world, [])
            for user in USERS:
                headers = (
                    {} if user is None else {"Authorization": f"Bearer {own_world.token(user)}"}
                )
                kinds = {kind: await _all_ids(http, headers, conn) for kind, conn in LISTED.items()}
                kinds["Cadre"] |= await _linked_cadres(kinds, user)
                fuzz.allowed[user] = kinds
            everything = await _all_ids(
                http, {"Authorization": f"Bearer {own_world.token('city.supervisor')}"}, "cadres"
            )
            fuzz.ids = [
                base64.b64encode(f"{kind}:{pk}".encode()).decode()
                for kind in LISTED
                for pk in sorted(everything)[:5]
            ]
            yield fuzz
    finally:
        await close_db()
        EXECUTOR_CACHE.clear()
        access_log.reset_cached_head()
        await database.__aexit__(None, None, None)
        await init_db(world.settings)


def _records(value: Any) -> Iterator[tuple[str, int]]:
    """Every global id in a response, decoded."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "id" and isinstance(item, str):
                try:
                    kind, pk = _decode(item)
                except (ValueError, UnicodeDecodeError):
                    continue
                yield kind, pk
            else:
                yield from _records(item)
    elif isinstance(value, list):
        for item in value:
            yield from _records(item)


def _scalars(ids: list[str]) -> dict[str, st.SearchStrategy[Any]]:
    return {
        "Date": st.dates().map(nodes.String),
        "DateTime": st.datetimes(timezones=st.just(datetime.UTC)).map(
            lambda d: nodes.String(d.isoformat())
        ),
        "Decimal": st.decimals(min_value=-(10**6), max_value=10**9, places=2).map(
            lambda d: nodes.String(str(d))
        ),
        "ID": st.one_of(st.sampled_from(ids), st.text(string.printable, max_size=30)).map(
            nodes.String
        ),
    }


def _check(fuzz: Fuzzed, user: str | None, query: str, response: httpx.Response) -> None:
    assert response.status_code < 500, (user, query, response.text)
    body = response.json()
    codes = [e.get("extensions", {}).get("code") for e in body.get("errors", [])]
    assert "INTERNAL" not in codes, (user, query, body)
    assert all(codes), (user, query, body)
    allowed = fuzz.allowed[user]
    for kind, pk in _records(body.get("data")):
        if kind in allowed:
            assert pk in allowed[kind], f"{user} was shown {kind} {pk}: {query}"


_generated: dict[tuple[str, ...], list[str]] = {}


def _operations(ids: list[str]) -> list[str]:
    """The operations of one run: hypothesis-graphql's, from the live schema (derandomized in
    CI, so that a failure names an operation that fails again), the same for every caller."""
    key = tuple(ids)
    if key not in _generated:
        found: list[str] = []
        strategy = from_schema(
            build_schema(live_schema.as_str()), custom_scalars=_scalars(ids), print_ast=print_ast
        )

        @settings(settings.get_profile(PROFILE))
        @given(strategy)
        def collect(operation: str) -> None:
            found.append(operation)

        collect()
        _generated[key] = found
    return _generated[key]


@pytest.mark.parametrize("user", USERS, ids=[u or "anonymous" for u in USERS])
async def test_no_operation_of_the_schema_answers_internal_5xx_or_outside_the_jurisdiction(
    fuzzed: Fuzzed, user: str | None
) -> None:
    headers = _headers(fuzzed.world, user)
    for operation in _operations(fuzzed.ids):
        response = await fuzzed.http.post("/graphql", json={"query": operation}, headers=headers)
        _check(fuzzed, user, operation, response)

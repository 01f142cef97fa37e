"""Fixtures: the demo world on each database, an HTTP client on the app, tokens, SQL counting.

Every test that takes `world` (or `client`) runs once on SQLite and once on PostgreSQL. The world
is loaded once per database; tests that change it create what they change (a fresh user, say).
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from tortoise.backends.base.executor import EXECUTOR_CACHE

from api import access_log
from api.app import create_app
from api.auth import issue_token
from api.cli import migrate_database
from api.db import close_db, init_db
from api.settings import Settings
from demo.world import seed_demo
from tests.databases import postgres_database, postgres_required, sqlite_database

TEST_SECRET = "test-secret-" + "x" * 40
REPORTER_KEY = "test-reporter-key-" + "k" * 40
LOG_KEY = "test-log-key-" + "l" * 40


@dataclass
class World:
    backend: str
    settings: Settings

    def token(self, username: str, **kwargs: Any) -> str:
        return issue_token(username, self.settings, **kwargs)


def make_settings(database_url: str, **overrides: Any) -> Settings:
    values = {
        "CADRE_ENV": "test",
        "DATABASE_URL": database_url,
        "CADRE_JWT_SECRET": TEST_SECRET,
        "CADRE_REPORTER_KEY": REPORTER_KEY,
        "CADRE_LOG_KEY": LOG_KEY,
        "CADRE_RECEIPT_SCRYPT_N": 2**10,
        "CADRE_PUBLIC_LOOKUPS_PER_MINUTE": 100_000,
        "CADRE_SUBMISSIONS_PER_HOUR": 100_000,
        "CADRE_SYNC_SETTLE_SECONDS": 0,
        **overrides,
    }
    return Settings(**values)


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
async def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[World]:
    backend: str = request.param
    if backend == "sqlite":
        database = sqlite_database(tmp_path_factory.mktemp("sqlite"))
    else:
        database = postgres_database()
    try:
        url = await database.__aenter__()
    except OSError as exc:
        if postgres_required():
            pytest.fail(f"PostgreSQL is required here and cannot be reached: {exc}")
        pytest.skip(f"PostgreSQL not reachable ({exc}); set CADRE_TEST_POSTGRES")
    settings = make_settings(url)
    EXECUTOR_CACHE.clear()  # tortoise caches compiled inserts per connection name, not dialect
    await migrate_database(settings)
    await init_db(settings)
    access_log.reset_cached_head()
    await seed_demo(settings)
    try:
        yield World(backend, settings)
    finally:
        await close_db()
        access_log.reset_cached_head()
        await database.__aexit__(None, None, None)


@dataclass
class Client:
    http: httpx.AsyncClient
    world: World
    tokens: dict[str, str] = field(default_factory=dict)

    def token(self, username: str) -> str:
        if username not in self.tokens:
            self.tokens[username] = self.world.token(username)
        return self.tokens[username]

    async def post(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        user: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        sent = dict(headers or {})
        if user is not None:
            sent["Authorization"] = f"Bearer {self.token(user)}"
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=sent
        )
        body: dict[str, Any] = response.json()
        body["_status"] = response.status_code
        return body

    async def data(
        self, query: str, variables: dict[str, Any] | None = None, *, user: str
    ) -> dict[str, Any]:
        """The data of an operation that must succeed without errors."""
        body = await self.post(query, variables, user=user)
        assert "errors" not in body, body["errors"]
        result: dict[str, Any] = body["data"]
        return result


@pytest.fixture(scope="session")
async def client(world: World) -> AsyncIterator[Client]:
    app = create_app(world.settings)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield Client(http, world)


class StatementCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if not text.startswith(("Created connection pool", "Closed connection pool")):
            self.statements.append(text)


@contextmanager
def count_statements() -> Iterator[list[str]]:
    """Collect the SQL statements sent while the block runs."""
    logger = logging.getLogger("tortoise.db_client")
    handler = StatementCounter()
    previous = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield handler.statements
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)


@pytest.fixture
def statements() -> Any:
    return count_statements


def pytest_report_header() -> str:
    return f"PostgreSQL for tests: {os.environ.get('CADRE_TEST_POSTGRES', 'default')}"

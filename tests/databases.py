"""The databases the suite runs on: an SQLite file, and a fresh database on the PostgreSQL server
named by CADRE_TEST_POSTGRES (default: the `test` database on 127.0.0.1:5432, trust auth)."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import asyncpg

POSTGRES_ADMIN_URL = os.environ.get(
    "CADRE_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432/test"
)


def postgres_required() -> bool:
    """In CI (or when asked) a missing PostgreSQL fails the run instead of skipping its tests."""
    return bool(os.environ.get("CI")) or os.environ.get("CADRE_REQUIRE_POSTGRES") == "1"


@asynccontextmanager
async def sqlite_database(folder: Path) -> AsyncIterator[str]:
    yield f"sqlite://{folder / 'cadre-test.sqlite3'}"


@asynccontextmanager
async def postgres_database() -> AsyncIterator[str]:
    """Create a throw-away database on the server, yield its URL, drop it afterwards."""
    name = f"cadre_test_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(POSTGRES_ADMIN_URL.replace("postgres://", "postgresql://", 1))
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    parsed = urlparse(POSTGRES_ADMIN_URL)
    try:
        yield urlunparse(parsed._replace(path=f"/{name}"))
    finally:
        admin = await asyncpg.connect(POSTGRES_ADMIN_URL.replace("postgres://", "postgresql://", 1))
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()

"""Upgrades run on databases that hold data, while old servers still write (README "Upgrade"): a
column a migration adds to an existing table is nullable or has a default in the database itself,
not only in Python, else `migrate` fails on the first table with rows and an old server's insert
(which does not name the column) is refused."""

from __future__ import annotations

import asyncio
import importlib
import os
import pkgutil
import uuid
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from tortoise.migrations import operations as ops

import models.migrations
from tests.test_cli import cli


def added_columns() -> list[tuple[str, ops.AddField]]:
    found = []
    for info in sorted(pkgutil.iter_modules(models.migrations.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{models.migrations.__name__}.{info.name}")
        migration = getattr(module, "Migration", None)
        for operation in getattr(migration, "operations", []):
            if isinstance(operation, ops.AddField):
                found.append((info.name, operation))
    return found


def test_every_added_column_is_nullable_or_has_a_database_default() -> None:
    # Given every column the migrations add to a table made by an earlier migration
    added = added_columns()
    assert added, "the migrations add columns (0005, 0009, 0016): the walk found none"
    # Then each may be left out of an INSERT and filled in for the rows already there
    lacking = [
        f"{name}: {operation.model_name}.{operation.name}"
        for name, operation in added
        if not operation.field.null and not operation.field.has_db_default()
    ]
    assert lacking == []


LAST_RELEASED = "0015_page_indexes"


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite://{tmp_path / 'upgraded.sqlite3'}"
        return
    base = os.environ.get("CADRE_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432/test")
    name = f"cadre_upgrade_{uuid.uuid4().hex[:8]}"
    admin = administer(base)
    asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    try:
        yield base.rsplit("/", 1)[0] + f"/{name}"
    finally:
        asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def administer(url: str) -> Callable[[str], Coroutine[Any, Any, None]]:
    async def run(statement: str) -> None:
        connection = await asyncpg.connect(url)
        try:
            await connection.execute(statement)
        finally:
            await connection.close()

    return run


def test_the_demo_world_goes_down_to_the_last_release_and_up_again_intact(
    tmp_path: Path, database_url: str
) -> None:
    # Given a database holding the demo world, its access log included
    env = {"DATABASE_URL": database_url}
    assert cli(tmp_path, "migrate", env=env).returncode == 0
    assert cli(tmp_path, "seed", "demo", env=env).returncode == 0
    # When it goes back to the last release's schema (as an upgrade finds it) and up again
    down = cli(tmp_path, "migrate", "--to", LAST_RELEASED, env=env)
    assert down.returncode == 0, down.stderr
    up = cli(tmp_path, "migrate", env=env)
    # Then every migration since applies to the rows there, and the log still verifies
    assert up.returncode == 0, up.stderr
    verified = cli(tmp_path, "verify-log", env=env)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "intact" in verified.stdout + verified.stderr


def test_a_migration_that_does_not_exist_is_refused_by_name(tmp_path: Path) -> None:
    refused = cli(tmp_path, "migrate", "--to", "0099_nothing")
    assert refused.returncode == 2
    assert "no migration is named '0099_nothing'" in refused.stderr

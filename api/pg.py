"""The PostgreSQL engine tortoise uses here: asyncpg's client, plus reads sent to a streaming
replica (DATABASE_REPLICA_URL) while a read-only operation runs.

Chosen with tortoise's `engine` setting (a module exposing `client_class`), so every query the
ORM builds, `api.sql.fetch`, and every `in_transaction()` go through it unchanged. Tortoise's
router does not fit: it needs the replica as a second named connection, and with two connections
every `in_transaction()` without a name raises; it also routes by model, while the choice here is
by operation and by user (read-your-writes).

A statement goes to the replica only when all of these hold:
* the current task is inside `replica_reads(True)` (a query operation whose caller has not just
  written: schema/routing.py), and not inside `on_primary()`;
* it is a SELECT sent outside a transaction (a transaction's statements run on its own
  connection to the primary: tortoise's transaction client is not this class);
* the replica answered recently (after a connection error it is left alone for a few seconds and
  the primary serves). A statement the replica cancels because it conflicts with replaying the
  primary's changes is asked again of the primary.
Everything else (writes, the access log, transactions, the principal) goes to the primary.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any
from urllib.parse import unquote, urlparse

import asyncpg
from tortoise.backends.asyncpg.client import AsyncpgDBClient
from tortoise.exceptions import DBConnectionError

log = logging.getLogger("cadre_api.database")

_replica_reads: ContextVar[bool] = ContextVar("cadre_replica_reads", default=False)
# The pools of this process by role ("primary", "replica"), for the pool gauges in /metrics.
POOLS: dict[str, asyncpg.Pool] = {}
REPLICA_PAUSE_SECONDS = 5.0
UNREACHABLE = (OSError, DBConnectionError, asyncpg.PostgresConnectionError)


@contextmanager
def replica_reads(allowed: bool) -> Iterator[None]:
    """Within the block, this task's plain SELECTs may be answered by the replica (or not)."""
    token = _replica_reads.set(allowed)
    try:
        yield
    finally:
        _replica_reads.reset(token)


def on_primary() -> Any:
    """Within the block, every statement goes to the primary: for reads that must see the
    latest commit (a cache fill that an invalidation may have just triggered, say)."""
    return replica_reads(False)


MAX_CACHED_STATEMENT = 64 * 1024  # bytes of statement text asyncpg keeps prepared


def credentials(url: str, pool_max: int) -> dict[str, Any]:
    """Tortoise credentials for a postgres:// (or postgresql://) URL."""
    parsed = urlparse(url)
    return {
        "host": parsed.hostname or "127.0.0.1",
        "port": parsed.port or 5432,
        "user": unquote(parsed.username or "postgres"),
        "password": unquote(parsed.password or ""),
        "database": parsed.path.lstrip("/") or "postgres",
        "minsize": 1,
        "maxsize": pool_max,
        "reset": keep_session,
        # keep the merged lists' statements (a cadre's file: one SELECT of some 30 branches,
        # about 16 KiB) prepared like every other: over asyncpg's default 15 KiB a text is
        # parsed and planned afresh on every request (measured: ~8 ms of PostgreSQL CPU)
        "max_cacheable_statement_size": MAX_CACHED_STATEMENT,
    }


async def keep_session(connection: Any) -> None:
    """Give a connection back to the pool without asyncpg's reset statement.

    By default asyncpg sends `pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *; RESET ALL` every
    time a connection goes back to the pool, and tortoise takes a connection for each statement:
    a second round trip for every statement of a request. This application never leaves session
    state behind on pooled connections (no advisory locks, cursors outside a transaction, SET;
    LISTEN runs on a connection of its own, api/coherence.py), so there is nothing to undo. A
    transaction left open is still rolled back by the pool before this runs.
    """


class ReplicaClient(AsyncpgDBClient):
    """The replica's pool (read only; created on its first read)."""

    async def create_pool(self, **kwargs: Any) -> asyncpg.Pool:
        pool = await super().create_pool(**kwargs)
        POOLS["replica"] = pool
        return pool


class CadreAsyncpgClient(AsyncpgDBClient):
    """asyncpg's tortoise client with an optional replica for plain reads (see module doc)."""

    def __init__(self, replica: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.replica: ReplicaClient | None = None
        if replica:
            self.replica = ReplicaClient(
                connection_name=f"{kwargs.get('connection_name', 'default')}-replica", **replica
            )
        self._replica_paused_until = 0.0

    async def create_pool(self, **kwargs: Any) -> asyncpg.Pool:
        pool = await super().create_pool(**kwargs)
        POOLS["primary"] = pool
        return pool

    async def close(self) -> None:
        for name in ("primary", "replica"):
            POOLS.pop(name, None)
        if self.replica is not None:
            await self.replica.close()
        await super().close()

    def _reader(self, query: str) -> ReplicaClient | None:
        if (
            self.replica is None
            or not _replica_reads.get()
            or time.monotonic() < self._replica_paused_until
            or not query.lstrip()[:6].upper().startswith("SELECT")
        ):
            return None
        return self.replica

    def _pause_replica(self, exc: BaseException) -> None:
        log.warning("replica unavailable, reading from the primary: %s", exc)
        self._replica_paused_until = time.monotonic() + REPLICA_PAUSE_SECONDS

    async def execute_query(self, query: str, values: list[Any] | None = None) -> Any:
        replica = self._reader(query)
        if replica is not None:
            try:
                return await replica.execute_query(query, values)
            except UNREACHABLE as exc:
                self._pause_replica(exc)
            except asyncpg.TransactionRollbackError:
                pass  # cancelled by a conflict with the replica's recovery: ask the primary
        return await super().execute_query(query, values)

    async def execute_query_dict(self, query: str, values: list[Any] | None = None) -> Any:
        replica = self._reader(query)
        if replica is not None:
            try:
                return await replica.execute_query_dict(query, values)
            except UNREACHABLE as exc:
                self._pause_replica(exc)
            except asyncpg.TransactionRollbackError:
                pass  # cancelled by a conflict with the replica's recovery: ask the primary
        return await super().execute_query_dict(query, values)


client_class = CadreAsyncpgClient

"""What each server process may keep in memory, and how every process learns that it changed.

Two things are cached per process, because every request needs them: the principal (a user and
the role assignments in force, `policies.principal.load_principal`) and the unit ids below a set
of unit paths (the scope's input, `policies.scope.Subtrees`). Nothing else is held in memory that
another process needs: the access log, rate limits and sessions live in the database.

How a change reaches every process:
* PostgreSQL: triggers on `app_user`, `role_assignment` and `org_unit` (migration 0014) call
  `pg_notify('cadre_principals', 'user:<id>' | 'units')`; the notification is sent when the
  changing transaction commits, whichever server, command or SQL session made it. Each process
  LISTENs on a dedicated connection outside the pool and drops what the notification names.
  The listener checks its connection every 0.25 s; a cache whose listener has not answered for
  `STALE_AFTER` seconds is not trusted: every request then reads from the database (as it would
  without a cache) until the listener is back, which starts with an empty cache (notifications
  may have been missed meanwhile). So a revoked role or deactivated user is refused by every
  process within about a second, also when the notification channel breaks.
  LISTEN needs a session of its own: through a transaction-mode pooler (PgBouncer
  `pool_mode=transaction`) notifications never arrive; point CADRE_LISTEN_URL at the server.
* SQLite (one process): each mutation empties this process's cache when it ends.

The same connection carries read-your-writes (`cadre_writes`): after a user's mutation every
process sends that user's reads to the primary for CADRE_READ_YOUR_WRITES_SECONDS (api/pg.py). A
second connection measures the replica's replay lag every second; while it is unknown or not less
than that window, every read goes to the primary.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import math
import time
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, Literal, TypeVar

import asyncpg
from prometheus_client import Counter
from tortoise import connections

from api.pg import on_primary
from api.settings import Settings
from policies.principal import Principal, load_principal

log = logging.getLogger("cadre_api.coherence")

CHANGES = "cadre_principals"
WRITES = "cadre_writes"
STALE_AFTER = 1.0  # seconds without a listener heartbeat after which the cache is bypassed
HEARTBEAT = 0.25
LISTENER_NAME = "cadre-api listener"  # its application_name, as pg_stat_activity shows it
MAX_ENTRIES = 50_000

T = TypeVar("T")

LOOKUPS = Counter(
    "cadre_cache_lookups",
    "Per-process cache lookups (principal, subtree) by outcome: hit, miss, or bypass (the "
    "cache is not trusted: no listener, or caching off).",
    ["cache", "outcome"],
)


class Coherence:
    """The per-process caches and the listener that keeps them coherent (module doc)."""

    def __init__(self) -> None:
        self.mode: Literal["off", "local", "shared"] = "off"
        self._ttl = 0.0
        self._window = 0.0
        self._principals: dict[Hashable, tuple[float, Principal]] = {}
        self._subtrees: dict[Hashable, tuple[float, list[int]]] = {}
        self._generation = 0
        self._alive_at = -math.inf
        self._writers: dict[str, float] = {}
        self._task: asyncio.Task[None] | None = None
        self._announce_writes = False
        self._replica_task: asyncio.Task[None] | None = None
        self.replica_lag: float | None = None  # seconds; None: unknown (not measured, down)

    # -- lifecycle -------------------------------------------------------------------------

    async def start(self, settings: Settings, listen_url: str | None) -> None:
        """Cache with `settings`; `listen_url`: the PostgreSQL server to LISTEN on, None for a
        single process (SQLite)."""
        self._ttl = settings.principal_cache_seconds
        self._window = settings.read_your_writes_seconds
        self._announce_writes = bool(settings.database_replica_url)
        self.clear()
        if listen_url is None:
            self.mode = "local" if self._ttl > 0 else "off"
            return
        self.mode = "shared"
        self._task = asyncio.create_task(self._listen(listen_url), name="cadre-listener")
        if settings.database_replica_url:
            self._replica_task = asyncio.create_task(
                self._watch_replica(settings.database_replica_url), name="cadre-replica-lag"
            )

    async def stop(self) -> None:
        for task in (self._task, self._replica_task):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        self._task = self._replica_task = None
        self.replica_lag = None
        self.mode = "off"
        self._alive_at = -math.inf
        self.clear()

    def trusted(self) -> bool:
        """Whether cached entries may be used now: a listener heard from within STALE_AFTER."""
        if self.mode == "local":
            return True
        return self.mode == "shared" and time.monotonic() - self._alive_at < STALE_AFTER

    # -- the caches ------------------------------------------------------------------------

    async def principal(self, username: str) -> Principal | None:
        """The active user's principal (None: unknown or deactivated), cached while trusted.
        Each call returns a copy whose per-use fields (those with a default factory, such as the
        scopes resolved for it) start empty: a request never sees what another one resolved."""
        found: Principal | None = await self._cached(
            "principal", self._principals, username, lambda: load_principal(username)
        )
        return None if found is None else _fresh(found)

    async def units_below(self, paths: tuple[str, ...], load: Callable[[], Awaitable[T]]) -> T:
        """The unit ids at or below `paths`, as `load` reads them, cached while trusted."""
        found: T = await self._cached("subtree", self._subtrees, paths, load)
        return found

    async def _cached(
        self,
        name: str,
        store: dict[Hashable, tuple[float, Any]],
        key: Hashable,
        load: Callable[[], Awaitable[Any]],
    ) -> Any:
        if self._ttl > 0 and self.trusted():
            hit = store.get(key)
            if hit is not None and hit[0] > time.monotonic():
                LOOKUPS.labels(name, "hit").inc()
                return hit[1]
            LOOKUPS.labels(name, "miss").inc()
        else:
            LOOKUPS.labels(name, "bypass").inc()
        generation = self._generation
        with on_primary():  # a replica may not have replayed the change that emptied the cache
            value = await load()
        # Keep it only if nothing was invalidated while it loaded (else it may predate that).
        fresh = generation == self._generation
        if value is not None and fresh and self._ttl > 0 and self.trusted():
            if len(store) >= MAX_ENTRIES:
                store.clear()
            store[key] = (time.monotonic() + self._ttl, value)
        return value

    def clear(self) -> None:
        self._generation += 1
        self._principals.clear()
        self._subtrees.clear()

    def invalidate(self, what: str) -> None:
        """Drop what a change notification names: `user:<id>` one user's principal; anything
        else (`units`, an unknown word) everything, since principals name their units."""
        kind, _, ident = what.partition(":")
        if kind == "user" and ident.isdigit():
            self._generation += 1
            user_id = int(ident)
            for name in [n for n, (_, p) in self._principals.items() if p.user_id == user_id]:
                del self._principals[name]
        else:
            self.clear()

    # -- read-your-writes ------------------------------------------------------------------

    def replica_allowed(self, username: str | None) -> bool:
        """Whether this user's query may read from the replica: a signed-in user who has not
        written within the window, while this process can hear of writes made elsewhere and
        the replica is known to be less than the window behind the primary."""
        if username is None or self.mode != "shared" or not self.trusted():
            return False
        if self.replica_lag is None or self.replica_lag >= self._window:
            return False
        until = self._writers.get(username)
        return until is None or until <= time.monotonic()

    async def after_mutation(self, username: str | None) -> None:
        """A mutation ended: on SQLite forget everything cached; with a replica, tell every
        process (this one included) that this user's next reads go to the primary."""
        if self.mode == "local":
            self.clear()
        if username is None or not self._announce_writes:
            return
        self._wrote(username)
        try:
            with on_primary():
                await connections.get("default").execute_query(
                    "SELECT pg_notify($1, $2)", [WRITES, username]
                )
        except Exception as exc:  # the mutation is committed: report, never fail it now
            log.warning("could not announce a write to the other servers: %s", exc)

    def _wrote(self, username: str) -> None:
        now = time.monotonic()
        if len(self._writers) >= MAX_ENTRIES:
            self._writers = {u: t for u, t in self._writers.items() if t > now}
        self._writers[username] = now + self._window

    # -- the listener ----------------------------------------------------------------------

    def _notified(self, _conn: Any, _pid: int, channel: str, payload: str) -> None:
        if channel == WRITES:
            self._wrote(payload)
        else:
            self.invalidate(payload)

    async def _listen(self, url: str) -> None:
        while True:
            connection: asyncpg.Connection | None = None
            try:
                connection = await asyncpg.connect(
                    url, timeout=5, server_settings={"application_name": LISTENER_NAME}
                )
                await connection.add_listener(CHANGES, self._notified)
                await connection.add_listener(WRITES, self._notified)
                self.clear()  # changes made while nobody listened were not heard
                log.info("listening for principal changes")
                while True:
                    await asyncio.wait_for(connection.fetchval("SELECT 1"), timeout=STALE_AFTER)
                    self._alive_at = time.monotonic()
                    await asyncio.sleep(HEARTBEAT)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the loop reports and reconnects; it never dies
                log.warning("change listener lost, caches bypassed until it is back: %s", exc)
            finally:
                self._alive_at = -math.inf
                if connection is not None:
                    connection.terminate()
            await asyncio.sleep(1.0)

    async def _watch_replica(self, url: str) -> None:
        """Measure the replica's replay lag every second (`replica_lag`, also in /metrics)."""
        while True:
            connection: asyncpg.Connection | None = None
            try:
                connection = await asyncpg.connect(
                    url, timeout=5, server_settings={"application_name": "cadre-api replica lag"}
                )
                while True:
                    lag = await asyncio.wait_for(connection.fetchval(REPLAY_LAG), STALE_AFTER)
                    self.replica_lag = float(lag)
                    await asyncio.sleep(1.0)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the loop reports and reconnects; it never dies
                log.warning("replica lag unknown, reading from the primary: %s", exc)
            finally:
                self.replica_lag = None
                if connection is not None:
                    connection.terminate()
            await asyncio.sleep(1.0)


def _fresh(principal: Principal) -> Principal:
    """A copy of `principal` with new values for every field that has a default factory."""
    per_use = {
        f.name: f.default_factory()
        for f in dataclasses.fields(principal)
        if f.default_factory is not dataclasses.MISSING
    }
    return dataclasses.replace(principal, **per_use)


# How far the replica's replay is behind: 0 when it has replayed all it received (or is not a
# standby at all), else the age of the last transaction it replayed.
REPLAY_LAG = """
SELECT CASE
    WHEN NOT pg_is_in_recovery() THEN 0
    WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
    ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 1e9)
END
"""


coherence = Coherence()

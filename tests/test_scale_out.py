"""Several servers over one PostgreSQL with a streaming replica, as real processes.

The module starts a PostgreSQL primary and a streaming replica of its own (initdb, pg_basebackup
-R, on free ports in a temporary folder, as the `postgres` user when run as root; never the
shared server), migrates and seeds the primary, and starts two `cadre-api serve` processes A and
B with DATABASE_REPLICA_URL. Then: a role revoked or a user deactivated through A is refused by
B within a second although B caches principals; queries read from the replica (shown by pausing
its replay) while the writer reads its own write from the primary through the other server, and
not once the replica is further behind than the read-your-writes window; and both servers'
entries form one access log that `cadre-api verify-log` finds intact.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.auth import issue_token
from tests.conftest import LOG_KEY, REPORTER_KEY, TEST_SECRET, make_settings
from tests.databases import postgres_required

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = Path(os.environ.get("CADRE_PG_BIN", "/usr/lib/postgresql/15/bin"))
WINDOW = 5.0  # CADRE_READ_YOUR_WRITES_SECONDS of the servers

CADRE_COUNT = "{ cadres(first: 1) { totalCount } }"
CREATE = "mutation($u: String!) { createUser(input: {username: $u}) { username } }"
GRANT = '{username: $u, role: "supervisor", unitCode: "county-a"}'
ASSIGN = f"mutation($u: String!) {{ assignRole(input: {GRANT}) {{ id }} }}"
REVOKE = f"mutation($u: String!) {{ revokeRole(input: {GRANT}) {{ revokedAt }} }}"
DEACTIVATE = "mutation($u: String!) { deactivateUser(username: $u) { isActive } }"
REGISTER = """
mutation($content: String!) {
  registerTipoff(input: {channel: PHONE, content: $content, cadreCode: "C-0101"}) { id }
}
"""
TIPOFF = "query($id: ID!) { tipoff(id: $id) { id } }"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Cluster:
    folder: Path
    primary_port: int
    replica_port: int
    servers: list[str]  # base URLs of A and B
    env: dict[str, str]
    as_postgres: dict[str, Any]

    def url(self, port: int) -> str:
        return f"postgres://postgres@127.0.0.1:{port}/postgres"

    def sql(self, port: int, statement: str) -> str:
        """One statement through psql; its output, trimmed."""
        psql = [PG_BIN / "psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres"]
        done = subprocess.run(
            [*psql, "-d", "postgres", "-Atqc", statement],
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
            **self.as_postgres,
        )
        return done.stdout.strip()

    def token(self, username: str) -> str:
        return issue_token(username, make_settings(self.url(self.primary_port)))

    def post(
        self, server: int, query: str, variables: dict[str, Any] | None = None, *, user: str
    ) -> tuple[int, dict[str, Any], str]:
        """Status, body and request id of one GraphQL request to server 0 (A) or 1 (B)."""
        response = httpx.post(
            self.servers[server] + "/graphql",
            json={"query": query, "variables": variables or {}},
            headers={"Authorization": f"Bearer {self.token(user)}"},
            timeout=10,
        )
        return response.status_code, response.json(), response.headers["x-request-id"]

    def data(
        self, server: int, query: str, variables: dict[str, Any] | None = None, *, user: str
    ) -> dict[str, Any]:
        status, body, _ = self.post(server, query, variables, user=user)
        assert status == 200 and "errors" not in body, body
        result: dict[str, Any] = body["data"]
        return result

    def metric(self, server: int, name: str) -> float:
        text = httpx.get(self.servers[server] + "/metrics", timeout=10).text
        return sum(
            float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith(name)
        )


def _run(cmd: list[Any], **kwargs: Any) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, **kwargs)
    assert done.returncode == 0, f"{cmd[0]} failed:\n{done.stdout}\n{done.stderr}"


def _wait_for(check: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except (httpx.HTTPError, subprocess.CalledProcessError):
            pass
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    if not (PG_BIN / "initdb").exists():
        if postgres_required():
            pytest.fail(f"PostgreSQL server binaries not found in {PG_BIN} (CADRE_PG_BIN)")
        pytest.skip(f"PostgreSQL server binaries not found in {PG_BIN}")
    folder = Path(tempfile.mkdtemp(prefix="cadre-scale-out-"))
    as_postgres: dict[str, Any] = {}
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        shutil.chown(folder, "postgres", "postgres")
        as_postgres = {"user": "postgres", "group": "postgres", "extra_groups": []}
    primary, replica = _free_port(), _free_port()
    options = f"-k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
    started: list[Path] = []
    servers: list[subprocess.Popen[bytes]] = []
    logs: list[Any] = []

    def pg(binary: str, *args: Any) -> None:
        _run([PG_BIN / binary, *args], **as_postgres)

    def start(data: str, port: int) -> None:
        pg("pg_ctl", "-D", folder / data, "-l", folder / f"{data}.log", "-w",
           "-o", f"-p {port} {options}", "start")  # fmt: skip
        started.append(folder / data)

    def make_replica() -> None:
        pg("pg_basebackup", "-h", "127.0.0.1", "-p", str(primary), "-U", "postgres",
           "-D", folder / "replica", "-R", "-X", "stream", "-c", "fast", "--no-sync")  # fmt: skip
        start("replica", replica)

    try:
        pg("initdb", "-D", folder / "primary", "-U", "postgres", "-A", "trust", "--no-sync",
           "--no-instructions")  # fmt: skip
        start("primary", primary)
        url = f"postgres://postgres@127.0.0.1:{primary}/postgres"
        env = {
            **os.environ,
            "CADRE_ENV": "test",
            "DATABASE_URL": url,
            "DATABASE_REPLICA_URL": f"postgres://postgres@127.0.0.1:{replica}/postgres",
            "CADRE_JWT_SECRET": TEST_SECRET,
            "CADRE_REPORTER_KEY": REPORTER_KEY,
            "CADRE_LOG_KEY": LOG_KEY,
            "CADRE_READ_YOUR_WRITES_SECONDS": str(WINDOW),
            "CADRE_DB_POOL_MAX": "4",
            "CADRE_LOG_FORMAT": "json",
        }
        with ThreadPoolExecutor(max_workers=1) as background:
            replicating = background.submit(make_replica)  # it streams what the seed writes
            _run([sys.executable, "-m", "api", "migrate"], cwd=ROOT, env=env)
            _run([sys.executable, "-m", "api", "seed", "demo"], cwd=ROOT, env=env)
        replicating.result()
        bases = []
        for name in ("a", "b"):
            port = _free_port()
            log = (folder / f"server-{name}.log").open("wb")
            logs.append(log)
            servers.append(
                subprocess.Popen(
                    [sys.executable, "-m", "api", "serve", "--port", str(port)],
                    cwd=ROOT,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
            bases.append(f"http://127.0.0.1:{port}")
        result = Cluster(folder, primary, replica, bases, env, as_postgres)
        for i, base in enumerate(bases):
            _wait_for(lambda b=base: httpx.get(b + "/readyz").status_code == 200, 30, base)
            _wait_for(lambda i=i: result.metric(i, "cadre_change_listener_up") == 1, 10, "listener")
        yield result
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        for log in logs:
            log.close()
        for data in reversed(started):
            subprocess.run(
                [PG_BIN / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"],
                capture_output=True,
                timeout=60,
                **as_postgres,
            )
        shutil.rmtree(folder, ignore_errors=True)


def _new_supervisor(cluster: Cluster) -> str:
    """A fresh user holding supervisor @ county-a, created through server A."""
    name = f"t-{uuid.uuid4().hex[:10]}"
    cluster.data(0, CREATE, {"u": name}, user="admin")
    cluster.data(0, ASSIGN, {"u": name}, user="admin")
    return name


def _seconds_until(check: Callable[[], bool], limit: float = 5.0) -> float:
    started = time.monotonic()
    while not check():
        assert time.monotonic() - started < limit, "never happened"
        time.sleep(0.02)
    return time.monotonic() - started


def _cadres_seen(cluster: Cluster, server: int, user: str) -> int:
    count: int = cluster.data(server, CADRE_COUNT, user=user)["cadres"]["totalCount"]
    return count


def test_a_role_revoked_through_one_server_is_refused_by_the_other_within_a_second(
    cluster: Cluster,
) -> None:
    # Given a supervisor of county A whose principal server B has cached
    name = _new_supervisor(cluster)
    hits = cluster.metric(1, 'cadre_cache_lookups_total{cache="principal",outcome="hit"}')
    assert _cadres_seen(cluster, 1, name) == 23
    assert _cadres_seen(cluster, 1, name) == 23
    assert cluster.metric(1, 'cadre_cache_lookups_total{cache="principal",outcome="hit"}') > hits
    # When the admin revokes the role through server A
    cluster.data(0, REVOKE, {"u": name}, user="admin")
    # Then server B no longer admits it within a second
    assert _seconds_until(lambda: _cadres_seen(cluster, 1, name) == 0) < 1.0


def test_a_user_deactivated_through_one_server_is_refused_by_the_other_within_a_second(
    cluster: Cluster,
) -> None:
    # Given a supervisor whose principal server B has cached
    name = _new_supervisor(cluster)
    assert _cadres_seen(cluster, 1, name) == 23
    assert _cadres_seen(cluster, 1, name) == 23
    # When the admin deactivates the account through server A
    cluster.data(0, DEACTIVATE, {"u": name}, user="admin")

    # Then server B refuses the token within a second
    def refused() -> bool:
        status, body, _ = cluster.post(1, CADRE_COUNT, user=name)
        return status == 401 and body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"

    assert _seconds_until(refused) < 1.0


@contextmanager
def _replay_paused(cluster: Cluster) -> Iterator[None]:
    """The replica, caught up with a commit made just now, stops replaying (it keeps receiving
    the primary's changes) until the block ends."""
    cluster.data(0, CADRE_COUNT, user="city.supervisor")  # a commit: its access-log entry
    lsn = cluster.sql(cluster.primary_port, "SELECT pg_current_wal_lsn()")
    caught_up = f"SELECT pg_last_wal_replay_lsn() >= '{lsn}'::pg_lsn"
    _wait_for(lambda: cluster.sql(cluster.replica_port, caught_up) == "t", 10, "the replica")
    cluster.sql(cluster.replica_port, "SELECT pg_wal_replay_pause()")
    try:
        yield
    finally:
        cluster.sql(cluster.replica_port, "SELECT pg_wal_replay_resume()")


def _register(cluster: Cluster) -> str:
    """A tip-off that county A's supervisor registers through server A; its id."""
    # a content of its own: an identical registration within seconds is refused as a duplicate
    content = f"scale-out check {uuid.uuid4().hex[:8]}"
    data = cluster.data(0, REGISTER, {"content": content}, user="county-a.supervisor")
    tipoff_id: str = data["registerTipoff"]["id"]
    return tipoff_id


def _tipoff_seen(cluster: Cluster, server: int, tipoff_id: str, user: str) -> bool:
    return cluster.data(server, TIPOFF, {"id": tipoff_id}, user=user)["tipoff"] is not None


def test_queries_read_from_the_replica_and_a_writer_reads_its_own_write_on_any_server(
    cluster: Cluster,
) -> None:
    with _replay_paused(cluster):
        # When county A's supervisor registers a tip-off through server A
        tipoff_id = _register(cluster)
        # Then the writer reads it through server B at once (from the primary) ...
        assert _tipoff_seen(cluster, 1, tipoff_id, "county-a.supervisor")
        # ... while the city's supervisor, who may see it but wrote nothing, reads from the
        # replica, which has not replayed it yet
        assert not _tipoff_seen(cluster, 1, tipoff_id, "city.supervisor")
    # And once the replica has replayed it, they see it too
    _wait_for(lambda: _tipoff_seen(cluster, 1, tipoff_id, "city.supervisor"), 10, "the replay")
    # The reads of the replica never wrote there: their access-log entries are on the primary
    assert cluster.metric(1, 'cadre_db_pool_connections{database="replica",state="max"}') > 0


def test_a_replica_further_behind_than_the_window_is_not_read(cluster: Cluster) -> None:
    with _replay_paused(cluster):
        # Given a tip-off the replica received but has not replayed for longer than the
        # read-your-writes window
        tipoff_id = _register(cluster)
        _wait_for(
            lambda: cluster.metric(1, "cadre_replica_lag_seconds") >= WINDOW,
            WINDOW + 10,
            "the replica's lag to pass the window",
        )
        # When the city's supervisor, who wrote nothing, asks for it through server B
        # Then the primary answers: a lagging replica would break read-your-writes
        assert _tipoff_seen(cluster, 1, tipoff_id, "city.supervisor")


def test_both_servers_append_to_one_access_log_that_verifies(cluster: Cluster) -> None:
    # Given requests that read protected records through both servers at the same time
    def read(i: int) -> str:
        status, body, request_id = cluster.post(i % 2, CADRE_COUNT, user="city.supervisor")
        assert status == 200 and "errors" not in body, body
        return request_id

    with ThreadPoolExecutor(max_workers=8) as pool:
        request_ids = list(pool.map(read, range(40)))
    # Then every request left its entry, found by the request id each response carried
    in_log = cluster.sql(
        cluster.primary_port,
        "SELECT detail FROM access_log WHERE detail LIKE '%\"request\"%'",
    )
    logged = {json.loads(line)["request"] for line in in_log.splitlines()}
    assert set(request_ids) <= logged
    # And each server's JSON log has one line for each of its requests, under the same id
    for name, mine in (("a", request_ids[0::2]), ("b", request_ids[1::2])):
        text = (cluster.folder / f"server-{name}.log").read_text()
        lines = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
        served = {r["request_id"] for r in lines if r["message"] == "request"}
        assert set(mine) <= served
    # And `cadre-api verify-log` finds the one chain intact
    done = subprocess.run(
        [sys.executable, "-m", "api", "verify-log"],
        cwd=ROOT,
        env=cluster.env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "intact" in done.stdout

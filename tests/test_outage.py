"""Outages: while a PostgreSQL cluster of the test's own is stopped and started again under a
stream of public tip-off submissions, clients get SERVICE_UNAVAILABLE (HTTP 503 with Retry-After),
the server recovers by itself, every receipt returned maps to a stored tip-off and nothing is
half-written (every stored tip-off has its access-log entry; the log verifies).

The shared PostgreSQL on port 5432 is never touched: the cluster runs from a temporary folder, as
the `postgres` user, on a port of its own."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import httpx
import pytest

from tests.databases import postgres_required
from tests.test_cli import ROOT, cli

PG_BIN = Path("/usr/lib/postgresql/15/bin")
# PostgreSQL refuses to run as root: as root, run it as the `postgres` user; otherwise as we are.
AS_POSTGRES = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
SUBMIT = (
    "mutation($c: String!) { submitTipoff(input: {channel: ONLINE, content: $c}) { receiptCode } }"
)
STATUS = "query($r: String!) { tipoffStatus(receiptCode: $r) { status } }"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Cluster:
    data: Path
    port: int

    def ctl(self, *args: str) -> None:
        subprocess.run(
            [*AS_POSTGRES, str(PG_BIN / "pg_ctl"), "-D", str(self.data), *args],
            check=True,
            capture_output=True,
            timeout=60,
        )

    def start(self) -> None:
        options = f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.ctl("-o", options, "-l", str(self.data / "log"), "-w", "start")

    def stop(self) -> None:
        self.ctl("-m", "fast", "-w", "stop")

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/cadre"


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    if not (PG_BIN / "initdb").exists() or (os.geteuid() == 0 and not shutil.which("runuser")):
        if postgres_required():
            pytest.fail(f"the outage test needs PostgreSQL 15's binaries in {PG_BIN}")
        pytest.skip(f"needs PostgreSQL 15's binaries in {PG_BIN}")
    folder = Path(tempfile.mkdtemp(prefix="cadre-outage-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    data = folder / "data"
    subprocess.run(
        [*AS_POSTGRES, str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"],
        check=True,
        capture_output=True,
        timeout=120,
    )
    own = Cluster(data, _free_port())
    own.start()
    try:

        async def create() -> None:
            admin = await asyncpg.connect(f"postgresql://postgres@127.0.0.1:{own.port}/postgres")
            try:
                await admin.execute("CREATE DATABASE cadre")
            finally:
                await admin.close()

        asyncio.run(create())
        yield own
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            own.stop()
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class Outcomes:
    receipts: list[str] = field(default_factory=list)
    unavailable: int = 0
    unexpected: list[str] = field(default_factory=list)


async def _submit(http: httpx.AsyncClient, n: int, seen: Outcomes) -> bool:
    try:
        response = await http.post(
            "/graphql", json={"query": SUBMIT, "variables": {"c": f"outage-{n}"}}
        )
    except httpx.TransportError as exc:  # the server itself must stay up
        seen.unexpected.append(f"transport error {exc!r}")
        return False
    body = response.json()
    if response.status_code == 200 and "errors" not in body:
        seen.receipts.append(body["data"]["submitTipoff"]["receiptCode"])
        return True
    codes = [e["extensions"]["code"] for e in body.get("errors", [])]
    if (
        response.status_code == 503
        and codes == ["SERVICE_UNAVAILABLE"]
        and response.headers.get("retry-after", "").isdigit()
    ):
        seen.unavailable += 1
    else:
        seen.unexpected.append(f"{response.status_code} {body}")
    return False


def test_a_database_restart_under_submissions_loses_nothing_and_the_server_recovers(
    cluster: Cluster, tmp_path: Path
) -> None:
    env = {
        "DATABASE_URL": cluster.url,
        "CADRE_SUBMISSIONS_PER_HOUR": "1000000",
        "CADRE_PUBLIC_LOOKUPS_PER_MINUTE": "1000000",
        "CADRE_RECEIPT_SCRYPT_N": "1024",
    }
    assert cli(tmp_path, "migrate", env=env).returncode == 0
    assert cli(tmp_path, "seed", "demo", env=env).returncode == 0
    port = _free_port()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CADRE_")}
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "api", "serve", "--port", str(port)],
        cwd=tmp_path,
        env={**environment, **env, "PYTHONPATH": str(ROOT)},
        stdout=log,
        stderr=log,
    )
    try:
        seen = asyncio.run(_under_restart(f"http://127.0.0.1:{port}", cluster))
        stored = asyncio.run(_stored(cluster, f"http://127.0.0.1:{port}", seen))
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    assert seen.unexpected == [], _unexpected_in((tmp_path / "server.log").read_text())
    assert seen.unavailable > 0, "the stop was not noticed"
    assert len(seen.receipts) > 0
    assert stored["missing"] == [], "receipts without a stored tip-off"
    assert stored["without_log"] == 0, "tip-offs stored without their access-log entry"
    # Each tip-off stored is one a receipt was returned for, or one whose commit the client
    # could not learn of (it was told SERVICE_UNAVAILABLE): never more.
    assert len(seen.receipts) <= stored["count"] <= len(seen.receipts) + seen.unavailable
    assert cli(tmp_path, "verify-log", env=env).returncode == 0


def _unexpected_in(log: str) -> str:
    """The server's tracebacks of unexpected errors (outages are logged as warnings)."""
    return "\n".join(log.split("unexpected error")[1:])[-8000:]


async def _under_restart(url: str, cluster: Cluster) -> Outcomes:
    seen = Outcomes()
    counter = iter(range(10**6))
    async with httpx.AsyncClient(base_url=url, timeout=30) as http:
        for _ in range(300):  # the server starts
            try:
                if (await http.get("/healthz")).status_code == 200:
                    break
            except httpx.TransportError:
                await asyncio.sleep(0.1)

        async def stream(seconds: float) -> None:
            end = time.monotonic() + seconds
            while time.monotonic() < end:
                await asyncio.gather(*(_submit(http, next(counter), seen) for _ in range(4)))

        await stream(2)
        stopping = asyncio.create_task(asyncio.to_thread(cluster.stop))
        await stream(3)
        await stopping
        await stream(2)  # while it is down
        starting = asyncio.create_task(asyncio.to_thread(cluster.start))
        await stream(2)
        await starting
        recovered_by = time.monotonic() + 30
        before = len(seen.receipts)
        while len(seen.receipts) < before + 8 and time.monotonic() < recovered_by:
            await stream(0.5)
        assert len(seen.receipts) >= before + 8, "the server did not recover by itself"
    return seen


async def _stored(cluster: Cluster, url: str, seen: Outcomes) -> dict[str, object]:
    missing = []
    async with httpx.AsyncClient(base_url=url, timeout=30) as http:
        for receipt in seen.receipts:
            body = (
                await http.post("/graphql", json={"query": STATUS, "variables": {"r": receipt}})
            ).json()
            if "errors" in body:
                missing.append((receipt, body["errors"]))
    db = await asyncpg.connect(f"postgresql://postgres@127.0.0.1:{cluster.port}/cadre")
    try:
        count = await db.fetchval("SELECT count(*) FROM tipoff WHERE content LIKE 'outage-%'")
        logged = await db.fetchval("SELECT count(*) FROM access_log WHERE action = 'tipoff:submit'")
    finally:
        await db.close()
    return {"missing": missing, "count": count, "without_log": max(0, count - logged)}

"""`python -m bench.intake`: the CPU and the SQL statements of one public submission, in process.

Not a load benchmark (that is `python -m bench`): it sends `submitTipoff` (the very request
`bench/run.py` sends) N times, one after another, through the ASGI app with httpx's
ASGITransport, and reports this process's CPU time (`time.process_time`, which includes the
client's small share) and the statements sent per submission. It needs no quiet machine: CPU
time is what the process spent, not how long it waited. With `--profile` it prints where the CPU
goes (cProfile, by cumulative and by own time).

    python -m bench.intake                       # a throw-away database on CADRE_TEST_POSTGRES
    python -m bench.intake --database sqlite://  # an SQLite file in a temporary folder
    python -m bench.intake -n 2000 --profile
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import os
import pstats
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

import asyncpg
import httpx

from bench.run import INTAKE
from tests.conftest import count_statements

ADMIN_URL = "postgres://postgres@127.0.0.1:5432/test"
PROFILE = os.path.join(tempfile.gettempdir(), "bench-intake.prof")
KEY = "bench-intake-key-" + "k" * 40


@asynccontextmanager
async def _database(url: str) -> AsyncIterator[str]:
    """A fresh database: an SQLite file in a temporary folder, or one created on the server."""
    if url.startswith("sqlite"):
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite://{folder}/intake.sqlite3"
        return
    name = f"cadre_intake_{uuid.uuid4().hex[:12]}"
    admin_url = url.replace("postgres://", "postgresql://", 1)
    admin = await asyncpg.connect(admin_url)
    await admin.execute(f'CREATE DATABASE "{name}"')
    await admin.close()
    try:
        yield urlunparse(urlparse(url)._replace(path=f"/{name}"))
    finally:
        admin = await asyncpg.connect(admin_url)
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def _server_cpu() -> float:
    """CPU seconds the PostgreSQL backends serving this database have used (read from /proc, so
    only with the server on this machine and readable); -1 when that cannot be read. The pool
    opens its connections during the warm-up, so the same backends serve the timed run."""
    from tortoise import connections

    from api.sql import fetch

    if connections.get("default").capabilities.dialect != "postgres":
        return -1.0
    rows = await fetch("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
    return _cpu_of([row["pid"] for row in rows])


def _cpu_of(pids: list[int]) -> float:
    total = 0.0
    try:
        for pid in pids:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return -1.0
    return total


async def _measure(url: str, count: int, profile: bool, show: bool) -> None:
    from api.app import create_app
    from api.cli import migrate_database
    from api.db import close_db, init_db
    from api.settings import Settings
    from demo.world import seed_demo

    async with _database(url) as database_url:
        values: dict[str, Any] = {
            "CADRE_ENV": "test",
            "DATABASE_URL": database_url,
            "CADRE_JWT_SECRET": KEY,
            "CADRE_REPORTER_KEY": KEY,
            "CADRE_RECEIPT_KEY": KEY,
            "CADRE_LOG_KEY": KEY,
            "CADRE_SUBMISSIONS_PER_HOUR": 10**9,  # as bench/run.py serves it
        }
        settings = Settings(**values)
        await migrate_database(settings)
        await init_db(settings)
        await seed_demo(settings)
        try:
            app = create_app(settings)
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:

                async def submit() -> None:
                    response = await http.post("/graphql", json={"query": INTAKE})
                    body = response.json()
                    assert "errors" not in body and body["data"]["submitTipoff"], body

                for _ in range(50):  # warm up: prepared statements, caches, imports
                    await submit()
                with count_statements() as sent:  # as the tests count them
                    await submit()
                profiler = cProfile.Profile(time.process_time) if profile else None
                server = await _server_cpu()
                started, cpu = time.perf_counter(), time.process_time()
                if profiler:
                    profiler.enable()
                for _ in range(count):
                    await submit()
                if profiler:
                    profiler.disable()
                cpu, wall = time.process_time() - cpu, time.perf_counter() - started
                server = await _server_cpu() - server
        finally:
            await close_db()
    backend = "sqlite" if url.startswith("sqlite") else "postgres"
    print(
        f"{backend}: {count} submissions, {1000 * cpu / count:.2f} ms CPU each "
        f"(this process, client included), {1000 * wall / count:.2f} ms wall each, "
        f"{len(sent)} statements each"
    )
    if server >= 0:
        print(f"  PostgreSQL: {1000 * server / count:.2f} ms CPU each (its backends of this run)")
    if show:
        print("\n".join(f"  {text[:300]}" for text in sent))
    if profiler:
        profiler.dump_stats(PROFILE)
        print(f"profile written to {PROFILE} (python -m pstats {PROFILE})")
        for order in ("cumulative", "tottime"):
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(60)
            print(out.getvalue())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=ADMIN_URL, help="admin URL or sqlite://")
    parser.add_argument("-n", type=int, default=500, help="submissions to time")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the run")
    parser.add_argument("--statements", action="store_true", help="print the statements sent")
    args = parser.parse_args()
    asyncio.run(_measure(args.database, args.n, args.profile, args.statements))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

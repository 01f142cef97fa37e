"""One page in depth: `POST /graphql` for 50 cadres as a county supervisor sees it, with py-spy.
(`python -m bench` runs every operation at every size; this is its single-page tool.)

Run by hand on PostgreSQL (never part of the test suite), from the repository root:

    .venv/bin/python -m bench.page                      # fresh database, seed, bench, drop
    .venv/bin/python -m bench.page --keep               # ... and keep the seeded database
    .venv/bin/python -m bench.page --reuse --keep       # later runs: skip creating and seeding
    .venv/bin/python -m bench.page --workers 1 --profile --reuse --keep   # where does time go

What it does:
1. creates the database (`--db-name`, default `cadre_bench`), migrates it, runs
   `cadre-api seed scale --cadres 100000 --units 200` (timed: the process's wall clock), then
   VACUUM ANALYZE (timed apart), so that plans are those of a database autovacuum has seen;
2. measures the hand-written SQL for the same page with asyncpg (the 50 cadres of the county's
   units ordered by code, the two unit lookups, the count) from a small pool -> pages/s;
3. starts `cadre-api serve --workers N`, waits for /readyz, checks the query once, warms up, then
   load-tests it for `--duration` seconds at `--concurrency` with `wrk` (a Lua script written to a
   temporary file drives the POST body and counts GraphQL errors), or with a Python asyncio+httpx
   generator when wrk is not installed (`apt-get install -y wrk`); the table says which was used;
4. with `--profile`, samples the server with py-spy during the measured run and prints the top 15
   functions by own time, the packages that time belongs to, and the project's functions by total
   time; the collapsed stacks go to bench-results/ (`.venv/bin/pip install py-spy` first;
   `--workers 1` profiles a single worker);
5. prints a table, writes JSON to bench-results/ with `--json`, stops the server and drops the
   database unless `--keep`.

Reading the table:
* any response that is not HTTP 200 or whose body has "errors" counts as an error;
* the reference figures beside the results (PostGraphile ~600 req/s, hand-written SQL ~2,500
  pages/s) are those to compare against on a 2-core machine like this one;
* "server CPU" is the user+system time of the server's processes over the measured run, divided by
  the requests served: the cost of one request, which other load on the machine moves less than
  requests/s. "machine busy before load" is sampled once the server is idle: well above 0% means
  something else is running and every figure is low;
* "CPU share of each worker": keep-alive connections stay with the worker that accepted them and
  one worker often accepts the whole burst; `--close` opens a connection for every request, which
  spreads the load but adds connection set-up to every request;
* the SQL loop's client runs on the same CPUs as PostgreSQL, as the server does.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import asyncpg
import httpx

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
QUERY = (
    "{ cadres(first: 50) { totalCount edges { node { id code name post rank isTopLeader "
    "managingUnit { code } workUnit { code } } } pageInfo { hasNextPage endCursor } } }"
)
REFERENCE = {"postgraphile_rps": 600.0, "hand_sql_pages_per_s": 2500.0}

SQL_UNITS = "SELECT id FROM org_unit WHERE path LIKE $1 || '%'"
SQL_PAGE = (
    "SELECT id, code, name, post, rank, is_top_leader, managing_unit_id, work_unit_id "
    "FROM cadre WHERE managing_unit_id = ANY($1::int[]) ORDER BY code LIMIT 51"
)
SQL_UNIT_CODES = "SELECT id, code FROM org_unit WHERE id = ANY($1::int[])"
SQL_COUNT = "SELECT count(*) FROM cadre WHERE managing_unit_id = ANY($1::int[])"

WRK_LUA = """
wrk.method = "POST"
wrk.body = [==[%(body)s]==]
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer %(token)s"
%(close)s

local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) bad = 0 end
function response(status, headers, body)
  if status ~= 200 or string.find(body, '"errors"', 1, true) then bad = bad + 1 end
end
function done(summary, latency, requests)
  local bad_total = 0
  for _, t in ipairs(threads) do bad_total = bad_total + t:get("bad") end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%%d,"duration_us":%%d,"p50_us":%%d,"p99_us":%%d,"max_us":%%d,' ..
    '"bad_responses":%%d,"socket_errors":%%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.max, bad_total, e.connect + e.read + e.write + e.timeout))
end
"""


@dataclass
class LoadResult:
    tool: str
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int
    server_cpu_s: float = 0.0  # user+system seconds of the server's processes during the run
    worker_cpu_s: list[float] = field(default_factory=list)  # per process, busiest first

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms_per_request(self) -> float:
        return 1000 * self.server_cpu_s / self.requests if self.requests else 0.0


@dataclass
class SqlResult:
    pages: int
    seconds: float
    pool: int
    p50_ms: float
    p99_ms: float

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


@dataclass
class Report:
    config: dict[str, Any]
    seed_seconds: float | None = None
    vacuum_seconds: float | None = None
    county_cadres: int = 0
    load: LoadResult | None = None
    sql: SqlResult | None = None
    machine_busy_before: float | None = None  # share of all CPUs busy just before the load
    profile: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    profile_file: str | None = None  # py-spy's collapsed stacks, for a flame graph
    code: str = ""  # the commit benchmarked, and whether the work tree differed from it


# --- arguments and environment -------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument(
        "--pg-url",
        default="postgres://postgres@127.0.0.1:5432",
        help="server URL without a database name (default: %(default)s)",
    )
    p.add_argument("--db-name", default="cadre_bench")
    p.add_argument(
        "--reuse",
        action="store_true",
        help="use the database if it exists; seed only if it is empty",
    )
    p.add_argument("--keep", action="store_true", help="do not drop the database at the end")
    p.add_argument("--cadres", type=int, default=100_000)
    p.add_argument("--units", type=int, default=200)
    p.add_argument("--county", default="s-county-001", help="whose supervisor asks")
    p.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    p.add_argument("--port", type=int, default=0, help="0: a free port")
    p.add_argument("--duration", type=float, default=20.0, help="seconds of measured load")
    p.add_argument("--warmup", type=float, default=3.0, help="seconds of load before measuring")
    p.add_argument("--concurrency", type=int, default=16, help="connections kept busy")
    p.add_argument("--loadgen", choices=["auto", "wrk", "httpx"], default="auto")
    p.add_argument(
        "--close",
        action="store_true",
        help="a new connection for every request: keep-alive connections stay with the worker "
        "that accepted them, and one worker often accepts them all",
    )
    p.add_argument("--sql-pool", type=int, default=4, help="asyncpg pool size for the SQL loop")
    p.add_argument("--sql-duration", type=float, default=10.0)
    p.add_argument("--skip-sql", action="store_true")
    p.add_argument("--profile", action="store_true", help="py-spy the server during the load")
    p.add_argument("--json", action="store_true", help="write results to bench-results/")
    return p.parse_args(argv)


def cli_env(db_url: str, jwt_secret: str) -> dict[str, str]:
    """The environment shared by `cadre-api token` and `serve`: same database, same signing key."""
    env = dict(os.environ)
    env.update(DATABASE_URL=db_url, CADRE_JWT_SECRET=jwt_secret, CADRE_ENV="development")
    return env


def cadre_api(args: list[str], env: dict[str, str]) -> str:
    """Run one `cadre-api` command in the repository root; its stdout, or exit with its stderr."""
    done = subprocess.run(
        [str(BIN / "cadre-api"), *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        sys.exit(f"cadre-api {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout.strip()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def percentile(sorted_values: Sequence[float], q: float) -> float:
    if not sorted_values:
        return 0.0
    return sorted_values[min(len(sorted_values) - 1, int(q / 100 * len(sorted_values)))]


# --- database ------------------------------------------------------------------------------------


async def create_database(pg_url: str, name: str, reuse: bool) -> bool:
    """Create the database; True if it was created, False if it existed and `reuse` allows that."""
    conn = await asyncpg.connect(f"{pg_url}/postgres")
    try:
        exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        if exists and not reuse:
            sys.exit(f"database {name!r} exists: pass --reuse, or drop it first")
        if not exists:
            await conn.execute(f'CREATE DATABASE "{name}"')
        return not exists
    finally:
        await conn.close()


async def drop_database(pg_url: str, name: str) -> None:
    conn = await asyncpg.connect(f"{pg_url}/postgres")
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


async def vacuum_analyze(db_url: str) -> float:
    """Set the visibility map and planner statistics, as autovacuum would have by now; seconds."""
    conn = await asyncpg.connect(db_url)
    try:
        started = time.perf_counter()
        await conn.execute("VACUUM ANALYZE")
        return time.perf_counter() - started
    finally:
        await conn.close()


async def county_units(db_url: str, county: str) -> tuple[list[int], int]:
    """The ids of the county and every unit below it, and how many cadres they manage."""
    conn = await asyncpg.connect(db_url)
    try:
        path = await conn.fetchval("SELECT path FROM org_unit WHERE code = $1", county)
        if path is None:
            sys.exit(f"no unit {county!r} in the database")
        ids = [r["id"] for r in await conn.fetch(SQL_UNITS, path)]
        return ids, int(await conn.fetchval(SQL_COUNT, ids))
    finally:
        await conn.close()


def migrate(env: dict[str, str]) -> str | None:
    """`cadre-api migrate` (on a kept database: the migrations added since it was seeded); None
    when the database is at the code's migrations, else what migrate said."""
    done = subprocess.run(
        [str(BIN / "cadre-api"), "migrate"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    return None if done.returncode == 0 else (done.stdout + done.stderr).strip()


def stale_migrations(db_url: str) -> list[str]:
    """Migrations the database has applied that the code does not have (a branch's, or one
    renamed when the lead re-chained them at a merge): its schema is not the code's."""
    code = {path.stem for path in (ROOT / "models" / "migrations").glob("[0-9]*.py")}
    sql = "SELECT name FROM tortoise_migrations WHERE app = 'models'"
    if db_url.startswith("sqlite://"):
        import sqlite3

        with contextlib.closing(sqlite3.connect(db_url.removeprefix("sqlite://"))) as conn:
            try:
                applied = [row[0] for row in conn.execute(sql)]
            except sqlite3.OperationalError:  # no such table: never migrated
                applied = []
    else:

        async def fetch() -> list[str]:
            conn = await asyncpg.connect(db_url)
            try:
                return [row[0] for row in await conn.fetch(sql)]
            except asyncpg.UndefinedTableError:
                return []
            finally:
                await conn.close()

        applied = asyncio.run(fetch())
    return sorted(set(applied) - code)


def migrate_kept(env: dict[str, str], recreate: Callable[[], None]) -> None:
    """Migrate the database (a kept one: the migrations added since it was seeded). When its
    schema is not the code's (`stale_migrations`, or migrate refuses: a renamed migration
    applied again), `recreate` it empty and migrate that, so that the caller seeds it again."""
    url = env["DATABASE_URL"]
    stale = stale_migrations(url)
    failed = None if stale else migrate(env)
    if not stale and failed is None:
        return
    why = (
        f"migrations the code does not have: {', '.join(stale)}"
        if stale
        else (failed or "migrate failed").splitlines()[-1]
    )
    print(f"  {url}: its schema is not the code's, seeding it again ({why})", file=sys.stderr)
    recreate()
    if (failed := migrate(env)) is not None:
        sys.exit(f"cadre-api migrate failed on a new database:\n{failed[-3000:]}")


def recreate_database(pg_url: str, name: str) -> Callable[[], None]:
    def recreate() -> None:
        asyncio.run(drop_database(pg_url, name))
        asyncio.run(create_database(pg_url, name, reuse=False))

    return recreate


def prepare_world(args: argparse.Namespace, env: dict[str, str]) -> float | None:
    """Migrate (a kept database: see `migrate_kept`) and seed; the seed's wall-clock seconds, or
    None when the world was already there."""
    pg_url, name = env["DATABASE_URL"].rsplit("/", 1)
    migrate_kept(env, recreate_database(pg_url, name))
    started = time.perf_counter()
    out = subprocess.run(
        [
            str(BIN / "cadre-api"),
            "seed",
            "scale",
            "--cadres",
            str(args.cadres),
            "--units",
            str(args.units),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if out.returncode != 0:
        sys.exit(f"seed failed:\n{out.stderr}")
    print(f"seed: {out.stderr.strip()} in {seconds:.1f} s", file=sys.stderr)
    return None if "added 0 units" in out.stderr else seconds


# --- hand-written SQL ----------------------------------------------------------------------------


async def sql_page(conn: asyncpg.Connection, unit_ids: list[int]) -> None:
    """The page the API serves, by hand: 51 rows, the codes of both units, the total."""
    rows = await conn.fetch(SQL_PAGE, unit_ids)
    await conn.fetch(SQL_UNIT_CODES, list({r["managing_unit_id"] for r in rows}))
    await conn.fetch(SQL_UNIT_CODES, list({r["work_unit_id"] for r in rows}))
    await conn.fetchval(SQL_COUNT, unit_ids)


async def sql_bench(db_url: str, unit_ids: list[int], pool_size: int, seconds: float) -> SqlResult:
    latencies: list[float] = []
    async with asyncpg.create_pool(db_url, min_size=pool_size, max_size=pool_size) as pool:

        async def loop(deadline: float) -> None:
            async with pool.acquire() as conn:
                while (now := time.perf_counter()) < deadline:
                    await sql_page(conn, unit_ids)
                    latencies.append(time.perf_counter() - now)

        await asyncio.gather(*(loop(time.perf_counter() + 1.0) for _ in range(pool_size)))
        latencies.clear()  # the second above was warm-up
        started = time.perf_counter()
        await asyncio.gather(*(loop(started + seconds) for _ in range(pool_size)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    return SqlResult(
        pages=len(latencies),
        seconds=elapsed,
        pool=pool_size,
        p50_ms=percentile(latencies, 50) * 1000,
        p99_ms=percentile(latencies, 99) * 1000,
    )


# --- the server ----------------------------------------------------------------------------------


def start_server(
    port: int, workers: int, env: dict[str, str], log: Path
) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(
            [
                str(BIN / "cadre-api"),
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                str(workers),
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def wait_ready(base: str, server: subprocess.Popen[bytes], log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"the server exited ({server.returncode}):\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    sys.exit(f"the server was not ready in {timeout:.0f} s:\n{log.read_text()[-3000:]}")


@dataclass
class Served:
    base: str
    process: subprocess.Popen[bytes]
    folder: Path  # a temporary folder of the run's: the server's log, profiles


@contextlib.contextmanager
def serving(workers: int, env: dict[str, str], port: int | None = None) -> Iterator[Served]:
    """`cadre-api serve` on `port` (a free one when not given) for as long as the block runs,
    ready before it starts, stopped after it, its log in a temporary folder."""
    port = port or free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="cadre-bench-") as tmp:
        log = Path(tmp) / "server.log"
        server = start_server(port, workers, env, log)
        try:
            wait_ready(base, server, log)
            yield Served(base, server, Path(tmp))
        finally:
            stop_server(server)


def stop_server(server: subprocess.Popen[bytes]) -> None:
    """SIGTERM the server (uvicorn stops its workers), then SIGKILL its process group if needed."""
    if server.poll() is not None:
        return
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def check_query(base: str, token: str) -> int:
    """Ask once and insist on a clean, full page; the totalCount the caller sees."""
    r = httpx.post(
        f"{base}/graphql",
        json={"query": QUERY},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    body = r.json()
    if r.status_code != 200 or "errors" in body:
        sys.exit(f"the query failed ({r.status_code}): {json.dumps(body)[:2000]}")
    page = body["data"]["cadres"]
    if len(page["edges"]) != min(50, page["totalCount"]) or not page["edges"]:
        sys.exit(f"expected a page of 50 edges, got {len(page['edges'])} of {page['totalCount']}")
    return int(page["totalCount"])


# --- CPU accounting (Linux /proc) ----------------------------------------------------------------


def worker_cpu_seconds(pid: int) -> dict[int, float]:
    """User+system CPU seconds of each process of the server: the children uvicorn spawned with
    their own descendants, or the server itself when it has no children (`--workers 1`)."""
    tick = os.sysconf("SC_CLK_TCK")
    children: dict[int, list[int]] = {}
    usage: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue  # the process ended meanwhile
        children.setdefault(int(fields[1]), []).append(int(entry.name))
        usage[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick

    def tree(root: int) -> float:
        return usage.get(root, 0.0) + sum(tree(c) for c in children.get(root, []))

    return {c: tree(c) for c in children.get(pid, [pid])} | {pid: usage.get(pid, 0.0)}


def tree_cpu_seconds(pid: int) -> float:
    return sum(worker_cpu_seconds(pid).values())


def wait_idle(pid: int, timeout: float = 15.0) -> None:
    """Until the server has drained the requests still queued when the load generator stopped."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        before = tree_cpu_seconds(pid)
        time.sleep(0.5)
        if tree_cpu_seconds(pid) - before < 0.05:
            return


def machine_busy(seconds: float = 2.0) -> float:
    """The share of all CPUs' time spent busy over `seconds`: other load skews every figure."""

    def sample() -> tuple[int, int]:
        values = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
        idle = values[3] + values[4]  # idle + iowait
        return sum(values) - idle, sum(values)

    busy0, all0 = sample()
    time.sleep(seconds)
    busy1, all1 = sample()
    return (busy1 - busy0) / max(1, all1 - all0)


# --- load generators -----------------------------------------------------------------------------


def wrk(
    url: str,
    query: str,
    token: str | None,
    seconds: float,
    concurrency: int,
    close: bool = False,
) -> dict[str, Any]:
    """wrk (one thread) sending `query` for `seconds`, as the user of `token` (anonymous without
    one); what WRK_LUA's `done` reports: requests, duration, p50/p99/max and errors."""
    text = WRK_LUA % {
        "body": json.dumps({"query": query}),
        "token": token or "",
        "close": 'wrk.headers["Connection"] = "close"' if close else "",
    }
    if not token:
        text = text.replace('wrk.headers["Authorization"] = "Bearer "\n', "")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(text)
    try:
        out = subprocess.run(
            [
                "wrk",
                "-t1",
                f"-c{concurrency}",
                f"-d{max(1, round(seconds))}s",
                "--timeout",
                "10s",
                "-s",
                script.name,
                url,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(script.name)
    line = next(x for x in out.splitlines() if x.startswith("BENCH_JSON "))
    result: dict[str, Any] = json.loads(line.removeprefix("BENCH_JSON "))
    return result


def run_wrk(url: str, token: str, seconds: float, concurrency: int, close: bool) -> LoadResult:
    s = wrk(url, QUERY, token, seconds, concurrency, close)
    return LoadResult(
        tool="wrk (1 thread)",
        requests=s["requests"],
        seconds=s["duration_us"] / 1e6,
        p50_ms=s["p50_us"] / 1000,
        p99_ms=s["p99_us"] / 1000,
        errors=s["bad_responses"] + s["socket_errors"],
    )


async def run_httpx(
    url: str, token: str, seconds: float, concurrency: int, close: bool
) -> LoadResult:
    latencies: list[float] = []
    errors = 0
    payload = json.dumps({"query": QUERY}).encode()
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    if close:
        headers["Connection"] = "close"
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=10) as client:

        async def worker(deadline: float) -> None:
            nonlocal errors
            while (now := time.perf_counter()) < deadline:
                try:
                    r = await client.post(url, content=payload, headers=headers)
                    if r.status_code != 200 or b'"errors"' in r.content:
                        errors += 1
                except httpx.HTTPError:
                    errors += 1
                latencies.append(time.perf_counter() - now)

        started = time.perf_counter()
        await asyncio.gather(*(worker(started + seconds) for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    return LoadResult(
        "python asyncio+httpx",
        len(latencies),
        elapsed,
        percentile(latencies, 50) * 1000,
        percentile(latencies, 99) * 1000,
        errors,
    )


def load(
    tool: str, url: str, token: str, seconds: float, concurrency: int, close: bool = False
) -> LoadResult:
    if tool == "wrk":
        return run_wrk(url, token, seconds, concurrency, close)
    return asyncio.run(run_httpx(url, token, seconds, concurrency, close))


def pick_loadgen(choice: str) -> str:
    if choice == "auto":
        return "wrk" if shutil.which("wrk") else "httpx"
    if choice == "wrk" and not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get update && apt-get install -y wrk")
    return choice


# --- profiling -----------------------------------------------------------------------------------


def start_profiler(pid: int, seconds: float, out: Path) -> subprocess.Popen[bytes]:
    spy = shutil.which("py-spy", path=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    if spy is None:
        sys.exit("py-spy is not installed: .venv/bin/pip install py-spy")
    return subprocess.Popen(
        [
            spy,
            "record",
            "--pid",
            str(pid),
            "--subprocesses",
            "--nonblocking",
            "--rate",
            "200",
            "--duration",
            str(max(1, round(seconds))),
            "--format",
            "raw",
            "-o",
            str(out),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


PROJECT_PACKAGES = {"api", "schema", "policies", "models", "demo", "rules"}


def top_functions(collapsed: str, n: int = 15) -> dict[str, list[tuple[str, float]]]:
    """From py-spy's collapsed stacks, as % of samples: the functions with the most own time, the
    packages owning that time, and the project's functions by total (inclusive) time."""
    own: Counter[str] = Counter()
    package: Counter[str] = Counter()
    project: Counter[str] = Counter()
    samples = 0
    for line in collapsed.splitlines():
        stack, _, count_text = line.rpartition(" ")
        frames = [_frame(f) for f in stack.split(";") if f and not f.startswith("process ")]
        if not frames or not count_text.isdigit():
            continue
        count = int(count_text)
        samples += count
        name, path = frames[-1]
        own[f"{name} ({path})"] += count
        package[path.split("/")[0]] += count
        mine = {f"{n} ({p})" for n, p in frames if p.split("/")[0] in PROJECT_PACKAGES}
        project.update(dict.fromkeys(mine - {"main (api/cli.py)", "cmd_serve (api/cli.py)"}, count))
    pct = 100 / samples if samples else 0.0
    return {
        "own time": [(k, c * pct) for k, c in own.most_common(n)],
        "own time, by package": [(k, c * pct) for k, c in package.most_common(n)],
        "total time, project code": [(k, c * pct) for k, c in project.most_common(n)],
    }


def _frame(frame: str) -> tuple[str, str]:
    """`fn (graphql/execution/executor.py:123)` -> (`fn`, `graphql/execution/executor.py`)."""
    name, _, where = frame.partition(" (")
    where = where.removesuffix(")")
    path, _, line = where.rpartition(":")
    return name, (path if line.isdigit() else where)


# --- the run -------------------------------------------------------------------------------------


def bench_server(args: argparse.Namespace, env: dict[str, str], token: str, report: Report) -> None:
    with serving(args.workers, env, args.port) as served:
        report.county_cadres = check_query(served.base, token)
        measure_load(
            args, f"{served.base}/graphql", token, served.process.pid, served.folder, report
        )


def measure_load(
    args: argparse.Namespace, url: str, token: str, pid: int, tmp: Path, report: Report
) -> None:
    """Warm up, note how busy the machine is, then the measured run (py-spy alongside if asked)."""
    tool = pick_loadgen(args.loadgen)
    if args.warmup > 0:
        load(tool, url, token, args.warmup, args.concurrency, args.close)
    wait_idle(pid)
    report.machine_busy_before = machine_busy()
    spy_out = tmp / "profile.txt"
    spy = start_profiler(pid, args.duration, spy_out) if args.profile else None
    cpu_before = worker_cpu_seconds(pid)
    report.load = load(tool, url, token, args.duration, args.concurrency, args.close)
    used = {p: c - cpu_before.get(p, 0.0) for p, c in worker_cpu_seconds(pid).items()}
    report.load.server_cpu_s = sum(used.values())
    report.load.worker_cpu_s = sorted(used.values(), reverse=True)[: args.workers]
    if spy is not None:
        _, err = spy.communicate(timeout=args.duration + 60)
        if not spy_out.exists():
            sys.exit(f"py-spy wrote no profile:\n{err.decode()[-2000:]}")
        report.profile = top_functions(spy_out.read_text())
        report.profile_file = str(keep_result(spy_out.read_text(), "profile", "txt"))


def run(args: argparse.Namespace, report: Report) -> None:
    db_url = f"{args.pg_url}/{args.db_name}"
    env = cli_env(db_url, secrets.token_urlsafe(48))
    asyncio.run(create_database(args.pg_url, args.db_name, args.reuse))
    try:
        report.seed_seconds = prepare_world(args, env)
        report.vacuum_seconds = asyncio.run(vacuum_analyze(db_url))
        unit_ids, _ = asyncio.run(county_units(db_url, args.county))
        token = cadre_api(["token", f"{args.county}.supervisor"], env)
        if not args.skip_sql:
            report.sql = asyncio.run(sql_bench(db_url, unit_ids, args.sql_pool, args.sql_duration))
        bench_server(args, env, token, report)
    finally:
        if not args.keep:
            asyncio.run(drop_database(args.pg_url, args.db_name))


# --- output --------------------------------------------------------------------------------------


def report_rows(report: Report) -> list[tuple[str, str]]:
    c = report.config
    seed = f"{report.seed_seconds:.1f} s" if report.seed_seconds is not None else "reused"
    rows = [
        ("code", report.code),
        ("seed scale", f"{seed} (--cadres {c['cadres']} --units {c['units']})"),
        ("vacuum analyze", f"{report.vacuum_seconds or 0:.1f} s"),
        ("caller", f"{c['county']}.supervisor, totalCount {report.county_cadres}"),
    ]
    if (r := report.load) is not None:
        ref = REFERENCE["postgraphile_rps"]
        total = r.server_cpu_s or 1.0
        rows += [
            (
                "load generator",
                f"{r.tool}, {c['concurrency']} {'one-shot' if c['close'] else 'keep-alive'} "
                f"connections, {r.seconds:.1f} s",
            ),
            ("server", f"cadre-api serve --workers {c['workers']}"),
            ("API requests/s", f"{r.rps:,.0f}   (PostGraphile reference ~{ref:,.0f})"),
            ("API latency p50 / p99", f"{r.p50_ms:.1f} ms / {r.p99_ms:.1f} ms"),
            ("API requests / errors", f"{r.requests:,} / {r.errors:,}"),
            (
                "server CPU",
                f"{r.cpu_ms_per_request:.1f} ms a request "
                f"({r.server_cpu_s / r.seconds:.2f} of {os.cpu_count()} CPUs busy on average)",
            ),
            ("CPU share of each worker", " / ".join(f"{w / total:.0%}" for w in r.worker_cpu_s)),
        ]
        if (busy := report.machine_busy_before) is not None:
            note = "  WARNING: other load skews these figures" if busy > 0.2 else ""
            rows.append(("machine busy before load", f"{busy:.0%} of all CPUs{note}"))
    if (s := report.sql) is not None:
        ref = REFERENCE["hand_sql_pages_per_s"]
        rows += [
            ("SQL pages/s", f"{s.pages_per_s:,.0f}   (hand-written SQL reference ~{ref:,.0f})"),
            ("SQL setup", f"asyncpg pool of {s.pool}, {s.seconds:.1f} s, 4 queries a page"),
            ("SQL page latency p50 / p99", f"{s.p50_ms:.2f} ms / {s.p99_ms:.2f} ms"),
        ]
        if r is not None and s.pages_per_s:
            rows.append(("API / SQL throughput", f"{r.rps / s.pages_per_s:.1%}"))
    return rows


def print_report(report: Report) -> None:
    rows = report_rows(report)
    width = max(len(k) for k, _ in rows)
    print()
    for key, value in rows:
        print(f"  {key:<{width}}  {value}")
    for kind, entries in report.profile.items():
        print(f"\n  py-spy, top {len(entries)} by {kind} (% of samples):")
        for name, pct in entries:
            print(f"    {pct:5.1f}%  {name}")
    if report.profile_file:
        print(f"\n  py-spy's collapsed stacks (for a flame graph): {report.profile_file}")


def keep_result(text: str, kind: str, suffix: str) -> Path:
    """Write a file to bench-results/ (ignored by git); its path relative to the repository."""
    folder = ROOT / "bench-results"
    folder.mkdir(exist_ok=True)
    path = folder / f"{kind}-{datetime.now():%Y%m%d-%H%M%S}.{suffix}"
    path.write_text(text)
    return path.relative_to(ROOT)


def code_version() -> str:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return done.stdout.strip()

    changed = len(git("status", "--porcelain", "--untracked-files=no").splitlines())
    return f"{git('rev-parse', '--short', 'HEAD')}" + (
        f" + {changed} changed files" if changed else ""
    )


def write_json(report: Report) -> Path:
    data = asdict(report)
    if report.load is not None:
        data["load"]["rps"] = report.load.rps
        data["load"]["cpu_ms_per_request"] = report.load.cpu_ms_per_request
    if report.sql is not None:
        data["sql"]["pages_per_s"] = report.sql.pages_per_s
    data["reference"] = REFERENCE
    data["cpus"] = os.cpu_count()
    return keep_result(json.dumps(data, indent=2, ensure_ascii=False) + "\n", "bench", "json")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    report = Report(config={k: v for k, v in vars(args).items() if k != "pg_url"})
    report.code = code_version()
    run(args, report)
    print_report(report)
    if args.json:
        print(f"\n  results written to {write_json(report)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

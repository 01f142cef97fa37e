"""`python -m bench`: every operation of issue 12, at every size, next to hand-written SQL and
PostGraphile v4, in ONE run, and one table.

    .venv/bin/python -m bench              # PostgreSQL 10k/100k/1M, SQLite 10k/100k
    .venv/bin/python -m bench --smoke      # 10k only, 3 s a run: does it work?
    .venv/bin/python -m bench --sizes 100000 --sqlite-sizes --profile
    .venv/bin/python -m bench --prepare-only --peer-resize   # seed and check, measure nothing

Per size and database: a database `cadre_bench_<n>` (PostgreSQL; a file for SQLite) migrated and
seeded with `cadre-api seed scale --cadres 10000 --units 200`, its cadres and tip-offs then
repeated under new codes up to <n> (`grow`: the seed makes about a thousand cadres a second; the
same units, so each jurisdiction keeps its share), kept for the next run (which applies the
migrations added since; a kept database with a migration the code lacks, or one migrate refuses,
is dropped and seeded again, as all are with `--reseed`), VACUUM ANALYZE,
`cadre-api serve --workers 2`, then each operation as
`s-county-001.supervisor` (about 1.4% of the cadres, 1/70 of the jurisdictions):

* `issue page`: `cadres(first: 50) { edges { node { code managingUnit { code }
  workUnit { code } } } }`
* `README page`: the same with `totalCount`, eight fields and `pageInfo`; `README page, 100`:
  with `first: 100` (memory flat in the page size)
* `overdue tip-offs`: `tipoffs(first: 50, filter: {overdue: true})`
* `timeline` / `statistics`: a cadre's `timeline(first: 50)` and the city's `statistics`, when the
  schema has them (skipped, and said so, when it does not)
* `submitTipoff`: public intake (no token); every tip-off answered with a receipt must be in the
  database afterwards (`lost` counts those that are not)

each warmed up, then loaded with wrk (one thread, `--concurrency` connections, `--duration`
seconds) once the machine is quiet: no `pytest` running and under 10% busy (waits up to
`--quiet-wait` seconds, like the peer harness, and marks a run `NOISY` when it had to give up).
CPU is accounted per process tree from /proc (the server with its workers, PostgreSQL with its
backends, wrk); what nobody accounts for is other load (`other`, in cores). RSS is each worker's
VmRSS after the operation.

Beside it, on PostgreSQL: the hand-written SQL of each page (`pgbench -M prepared`, one statement,
the county's units inlined: the limit for any server), and PostGraphile v4 on the peer harness
(`/work/shared/peers/postgraphile`, set up by its README under /tmp/peer: PostgreSQL on 5433,
PostGraphile on 5050) asked the issue's page and the README's page (`totalCount` + eight fields;
the peer's table has `gender` where ours has `isTopLeader`), when it answers. The peer's schema
holds 100,000 cadres unless `--peer-resize` reloads it at each size (its own schema.sql with the
count changed and the codes padded to the count's digits, at run time); at every size it must
first pass its own RLS check (verify_rls.py, expecting each county's 1% of the cadres), else it
is not measured. Use `--pg-url postgres://postgres@127.0.0.1:5433` to put our
database on the peer's cluster: the same PostgreSQL for both servers.

`--profile` samples the server with py-spy during the issue page (and prints the share of samples
in authorization: `policies/`, the principal/subtree cache, `Context.scope`, the protected
layer's `restricted`/`noted`). Results go to bench-results/bench-<time>.json as well.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from bench.page import (
    BIN,
    ROOT,
    code_version,
    create_database,
    keep_result,
    migrate_kept,
    recreate_database,
    serving,
    start_profiler,
    top_functions,
    wait_idle,
    wrk,
)

COUNTY = "s-county-001"
UNITS = 200
PEER = Path("/tmp/peer")
PEER_URL = "http://127.0.0.1:5050/graphql"

ISSUE_PAGE = (
    "{ cadres(first: 50) { edges { node { code managingUnit { code } workUnit { code } } } } }"
)
README_PAGE = (
    "{ cadres(first: 50) { totalCount edges { node { id code name post rank isTopLeader "
    "managingUnit { code } workUnit { code } } } pageInfo { hasNextPage endCursor } } }"
)
OVERDUE = (
    "{ tipoffs(first: 50, filter: {overdue: true}) { edges { node { id status routingDue "
    "overdue jurisdiction { code } } } pageInfo { hasNextPage endCursor } } }"
)
TIMELINE = (
    '{ cadre(code: "%s") { timeline(first: 50) { edges { node { at kind summary } } '
    "pageInfo { hasNextPage endCursor } } } }"
)
STATISTICS = '{ statistics(unitCode: "s-city", year: %d) { year tipoffs { total overdue } } }'
INTAKE = (
    'mutation { submitTipoff(input: {channel: ONLINE, content: "bench intake", '
    'subjectName: "bench"}) { receiptCode } }'
)
PEER_ISSUE = "{ cadres(first: 50) { nodes { code managingUnit { code } workUnit { code } } } }"
PEER_README = (
    "{ cadres(first: 50) { totalCount nodes { id code name post rank gender "
    "managingUnit { code } workUnit { code } } pageInfo { hasNextPage endCursor } } }"
)

# Hand-written SQL (one statement a page; :units is the county's unit ids, inlined).
SQL_ISSUE = (
    "SELECT c.code, m.code, w.code FROM cadre c JOIN org_unit m ON m.id = c.managing_unit_id "
    "JOIN org_unit w ON w.id = c.work_unit_id WHERE c.managing_unit_id = ANY('{%(units)s}') "
    "ORDER BY c.code LIMIT 51;"
)
SQL_README = (
    "SELECT (SELECT count(*) FROM cadre WHERE managing_unit_id = ANY('{%(units)s}')), p.*, "
    "m.code, w.code FROM (SELECT id, code, name, post, rank, is_top_leader, managing_unit_id, "
    "work_unit_id FROM cadre WHERE managing_unit_id = ANY('{%(units)s}') ORDER BY code LIMIT 51) "
    "p JOIN org_unit m ON m.id = p.managing_unit_id JOIN org_unit w ON w.id = p.work_unit_id "
    "ORDER BY p.code;"
)
SQL_OVERDUE = (
    "SELECT t.id, t.status, t.routing_due, u.code FROM tipoff t JOIN org_unit u ON "
    "u.id = t.jurisdiction_id WHERE t.jurisdiction_id = ANY('{%(units)s}') AND "
    "((t.status = 'RECEIVED' AND t.routing_due < current_date) OR (t.acknowledged_at IS NULL "
    "AND t.acknowledgement_due < current_date)) ORDER BY t.id LIMIT 51;"
)


@dataclass
class Op:
    name: str
    query: str
    token: bool = True
    sql: str | None = None
    peer: str | None = None
    needs: str | None = None  # a root field the schema must have


OPS = [
    Op("issue page", ISSUE_PAGE, sql=SQL_ISSUE, peer=PEER_ISSUE),
    Op("README page", README_PAGE, sql=SQL_README, peer=PEER_README),
    Op("README page, 100", README_PAGE.replace("first: 50", "first: 100")),  # RSS vs page size
    Op("overdue tip-offs", OVERDUE, sql=SQL_OVERDUE),
    Op("timeline", TIMELINE, needs="timeline("),
    Op("statistics", STATISTICS, needs="statistics("),
    Op("submitTipoff", INTAKE, token=False),
]


@dataclass
class Row:
    backend: str
    cadres: int
    op: str
    target: str
    rps: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    requests: int = 0
    errors: int = 0
    server_ms: float = 0.0  # server CPU (all workers) per request
    db_ms: float = 0.0  # PostgreSQL CPU per request
    other_cores: float = 0.0  # CPU nobody accounted for (other load), in cores
    rss_mb: list[float] = field(default_factory=list)
    note: str = ""


# --- the machine ---------------------------------------------------------------------------------


def _stat(pid: int) -> tuple[int, float, float] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    tick = os.sysconf("SC_CLK_TCK")
    own = (int(fields[11]) + int(fields[12])) / tick
    reaped = (int(fields[13]) + int(fields[14])) / tick
    return int(fields[1]), own, reaped


def tree_cpu(root: int) -> float:
    """CPU seconds of `root`, its live descendants, and the children it has reaped."""
    procs: dict[int, tuple[int, float]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (s := _stat(int(entry))) is not None:
            procs[int(entry)] = (s[0], s[1])
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in procs.items():
        children.setdefault(ppid, []).append(pid)
    top = _stat(root)
    total = top[2] if top else 0.0
    stack = [root]
    while stack:
        pid = stack.pop()
        total += procs.get(pid, (0, 0.0))[1]
        stack.extend(children.get(pid, []))
    return total


def machine_cpu() -> tuple[float, float]:
    """(busy, all) CPU seconds of the whole machine since boot."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    tick = os.sysconf("SC_CLK_TCK")
    idle = values[3] + values[4]
    return (sum(values) - idle) / tick, sum(values) / tick


def others_testing() -> bool:
    done = subprocess.run(["pgrep", "-f", "pytest"], capture_output=True, text=True)
    return bool(done.stdout.strip())


def wait_quiet(limit: float) -> bool:
    """Until no test suite runs and the machine is under 10% busy over 2 s; False on giving up."""
    deadline = time.monotonic() + limit
    while True:
        busy0, all0 = machine_cpu()
        time.sleep(2)
        busy1, all1 = machine_cpu()
        quiet = (busy1 - busy0) / max(1e-9, all1 - all0) < 0.10 and not others_testing()
        if quiet:
            return True
        if time.monotonic() > deadline:
            return False
        print("  waiting for a quiet machine ...", file=sys.stderr)


def worker_rss_mb(server: int) -> list[float]:
    """VmRSS of each worker process of the server (the server itself with --workers 1)."""
    pids = [
        p for p in os.listdir("/proc") if p.isdigit() and (s := _stat(int(p))) and s[0] == server
    ]
    pids = [
        p
        for p in pids
        if "resource_tracker" not in Path(f"/proc/{p}/cmdline").read_bytes().decode(errors="ignore")
    ]
    pids = [
        p
        for p in pids
        if "python" in Path(f"/proc/{p}/cmdline").read_bytes().decode(errors="ignore")
    ] or [str(server)]
    sizes = []
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        match = re.search(r"VmRSS:\s+(\d+) kB", status)
        if match:
            sizes.append(round(int(match.group(1)) / 1024, 1))
    return sorted(sizes)


# --- load ----------------------------------------------------------------------------------------


def measure(
    row: Row,
    url: str,
    query: str,
    token: str | None,
    args: argparse.Namespace,
    server: int,
    pg: int | None,
    on_start: Callable[[], None] | None = None,
) -> None:
    """Warm up, wait for quiet, then one measured wrk run with CPU accounting (`on_start`
    called just before it)."""
    wrk(url, query, token, args.warmup, args.concurrency)
    wait_idle(server)
    if not wait_quiet(args.quiet_wait):
        row.note = "NOISY"
    if on_start is not None:
        on_start()
    busy0, _ = machine_cpu()
    srv0, db0 = tree_cpu(server), tree_cpu(pg) if pg else 0.0
    started = time.monotonic()
    s = wrk(url, query, token, args.duration, args.concurrency)
    elapsed = time.monotonic() - started
    srv1, db1 = tree_cpu(server), tree_cpu(pg) if pg else 0.0
    busy1, _ = machine_cpu()
    row.requests = s["requests"]
    row.rps = s["requests"] / (s["duration_us"] / 1e6)
    row.p50_ms, row.p99_ms = s["p50_us"] / 1000, s["p99_us"] / 1000
    row.errors = s["bad_responses"] + s["socket_errors"]
    n = max(1, row.requests)
    row.server_ms = (srv1 - srv0) * 1000 / n
    row.db_ms = (db1 - db0) * 1000 / n
    wrk_share = 0.03 * elapsed  # wrk's own CPU at these rates (measured by the peer harness)
    accounted = (srv1 - srv0) + (db1 - db0) + wrk_share
    row.other_cores = max(0.0, ((busy1 - busy0) - accounted) / elapsed)
    if row.other_cores > 0.25:
        row.note = (row.note + " NOISY").strip()


# --- databases -----------------------------------------------------------------------------------


def cadre_api(args: list[str], env: dict[str, str], check: bool = True) -> str:
    done = subprocess.run(
        [str(BIN / "cadre-api"), *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if check and done.returncode != 0:
        sys.exit(f"cadre-api {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout.strip() + done.stderr.strip()


async def _pg(url: str, sql: str, *params: Any) -> Any:
    conn = await asyncpg.connect(url)
    try:
        return await conn.fetch(sql, *params)
    finally:
        await conn.close()


def postmaster_pid(pg_url: str) -> int | None:
    rows = asyncio.run(_pg(f"{pg_url}/postgres", "SHOW data_directory"))
    try:
        return int((Path(rows[0][0]) / "postmaster.pid").read_text().split()[0])
    except OSError:
        return None


def prepare(backend: str, n: int, args: argparse.Namespace) -> tuple[str, dict[str, str]]:
    """The database of `n` cadres, migrated to the code's migrations and seeded. A kept database
    (a `cadre_bench_<n>` of an earlier run) gets the migrations added since (`cadre-api migrate`
    applies only those); when its recorded migrations do not fit the code's (a migration
    renamed, re-chained or gone: migrate refuses), or with `--reseed`, it is dropped and seeded
    again."""
    name = f"cadre_bench_{n}"
    if backend == "postgres":
        url = f"{args.pg_url}/{name}"
        recreate = recreate_database(args.pg_url, name)
    else:
        url = f"sqlite://{Path(tempfile.gettempdir()) / f'{name}.sqlite3'}"
        recreate = partial(_remove_sqlite, url)
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        CADRE_JWT_SECRET=args.jwt_secret,
        CADRE_ENV="development",
        CADRE_SUBMISSIONS_PER_HOUR=str(10**9),
        CADRE_PUBLIC_LOOKUPS_PER_MINUTE=str(10**9),
        CADRE_LOG_LEVEL="WARNING",
    )
    if args.reseed:
        recreate()
    elif backend == "postgres":
        asyncio.run(create_database(args.pg_url, name, reuse=True))
    migrate_kept(env, recreate)
    started = time.monotonic()
    have = _count(url, "SELECT count(*) FROM cadre WHERE code LIKE 'S-%'")
    if have not in (0, n) and have != SEED:
        sys.exit(f"{url} holds {have:,} scale cadres, not {n:,}: pass --reseed")
    if have == 0:
        out = cadre_api(
            ["seed", "scale", "--cadres", str(min(n, SEED)), "--units", str(UNITS)], env
        )
        print(f"  seed {backend} {min(n, SEED):,}: {out.splitlines()[-1]}", file=sys.stderr)
    if n > SEED and have != n:
        grow(url, n)
    print(f"  {backend} {n:,} cadres ready in {time.monotonic() - started:.0f} s", file=sys.stderr)
    if backend == "postgres":
        asyncio.run(_pg(url, "VACUUM ANALYZE"))
    return url, env


SEED = 10_000  # cadres `seed scale` makes; a larger world repeats them (grow)


def _remove_sqlite(url: str) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(url.removeprefix("sqlite://") + suffix).unlink(missing_ok=True)


def _count(url: str, sql: str) -> int:
    if url.startswith("sqlite://"):
        import sqlite3

        with sqlite3.connect(url.removeprefix("sqlite://")) as conn:
            return int(conn.execute(sql).fetchone()[0])
    return int(asyncio.run(_pg(url, sql))[0][0])


def grow(url: str, n: int) -> None:
    """From the 10,000 seeded cadres to `n`: each seeded cadre repeated under new codes (the
    same units, names, ranks and flags, so each jurisdiction keeps its share), and the tip-offs
    repeated as many times: `seed scale` itself makes about a thousand cadres a second."""
    times = n // SEED
    cadre_columns = [
        "name", "name_pinyin", "name_initials", "gender", "birth_date", "post", "rank",
        "is_top_leader", "manages_funds", "managing_unit_id", "work_unit_id", "status",
        "created_at", "updated_at",
    ]  # fmt: skip
    columns = ", ".join(cadre_columns)
    sqlite = url.startswith("sqlite://")
    series = (
        f"WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < {times - 1}) "
        if sqlite
        else ""
    )
    source = "k" if sqlite else f"generate_series(1, {times - 1}) AS k(i)"
    pad = (
        "'S-' || substr('0000000' || (CAST(substr(c.code, 3) AS INTEGER) + k.i * {s}), -7, 7)"
        if sqlite
        else "'S-' || lpad((substr(c.code, 3)::int + k.i * {s})::text, 7, '0')"
    ).format(s=SEED)
    cadres = (
        f"{series}INSERT INTO cadre (code, {columns}) SELECT {pad}, "
        + ", ".join(f"c.{col}" for col in cadre_columns)
        + f" FROM cadre c, {source} WHERE c.code LIKE 'S-%'"
    )
    tipoff_columns = _columns(url, "tipoff")
    tipoffs = (
        f"{series}INSERT INTO tipoff ({', '.join(tipoff_columns)}) SELECT "
        + ", ".join(f"t.{col}" for col in tipoff_columns)
        + f" FROM tipoff t, {source}"
    )
    if sqlite:
        import sqlite3

        with sqlite3.connect(url.removeprefix("sqlite://")) as conn:
            conn.execute(cadres)
            conn.execute(tipoffs)
    else:
        asyncio.run(_pg_transaction(url, cadres, tipoffs))


async def _pg_transaction(url: str, *statements: str) -> None:
    """The statements in one transaction (a grow cut short leaves the seeded world, not half)."""
    conn = await asyncpg.connect(url)
    try:
        async with conn.transaction():
            for sql in statements:
                await conn.execute(sql)
    finally:
        await conn.close()


def _columns(url: str, table: str) -> list[str]:
    if url.startswith("sqlite://"):
        import sqlite3

        with sqlite3.connect(url.removeprefix("sqlite://")) as conn:
            names = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
    else:
        rows = asyncio.run(
            _pg(
                url,
                "SELECT column_name FROM information_schema.columns WHERE table_name = $1 "
                "ORDER BY ordinal_position",
                table,
            )
        )
        names = [r[0] for r in rows]
    return [c for c in names if c not in ("id", "receipt_lookup")]


async def county_unit_ids(url: str) -> list[int]:
    conn = await asyncpg.connect(url)
    try:
        path = await conn.fetchval("SELECT path FROM org_unit WHERE code = $1", COUNTY)
        rows = await conn.fetch(
            "SELECT id FROM org_unit WHERE path LIKE $1 || '%' ORDER BY id", path
        )
        return [r["id"] for r in rows]
    finally:
        await conn.close()


def pgbench(row: Row, url: str, sql: str, args: argparse.Namespace, pg: int | None) -> None:
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as script:
        script.write(sql + "\n")
    try:
        if not wait_quiet(args.quiet_wait):
            row.note = "NOISY"
        db0 = tree_cpu(pg) if pg else 0.0
        out = subprocess.run(
            [
                "pgbench",
                "-n",
                "-M",
                "prepared",
                "-j",
                "1",
                "-c",
                str(args.concurrency),
                "-T",
                str(max(1, round(args.duration))),
                "-f",
                script.name,
                url,
            ],
            capture_output=True,
            text=True,
        )
        db1 = tree_cpu(pg) if pg else 0.0
    finally:
        os.unlink(script.name)
    if out.returncode != 0:
        row.note = f"pgbench failed: {out.stderr.strip()[-200:]}"
        return
    tps = re.search(r"tps = ([\d.]+)", out.stdout)
    lat = re.search(r"latency average = ([\d.]+) ms", out.stdout)
    done = re.search(r"number of transactions actually processed: (\d+)", out.stdout)
    row.rps = float(tps.group(1)) if tps else 0.0
    row.p50_ms = float(lat.group(1)) if lat else 0.0  # pgbench reports the mean
    row.requests = int(done.group(1)) if done else 0
    row.db_ms = (db1 - db0) * 1000 / max(1, row.requests)
    row.note = (row.note + " latency: mean").strip()


# --- the peer ------------------------------------------------------------------------------------


def peer_ready() -> bool:
    try:
        r = httpx.post(PEER_URL, json={"query": "{__typename}"}, timeout=2)
        return r.status_code == 200
    except httpx.HTTPError:
        return False


PEER_PSQL = ["psql", "-h", "127.0.0.1", "-p", "5433", "-U", "postgres", "-d", "peer", "-q"]


def peer_schema(n: int) -> str:
    """The peer's own schema.sql with `n` cadres: the count changed, and the codes padded to as
    many digits as `n` has (its file pads to six, so a million rows would repeat codes and break
    `code`'s unique index)."""
    schema = (PEER / "scripts" / "schema.sql").read_text()
    width = max(6, len(str(n)))
    for old, new in (
        ("generate_series(1, 100000)", f"generate_series(1, {n})"),
        ("lpad(i::text, 6, '0')", f"lpad(i::text, {width}, '0')"),
    ):
        if old not in schema:
            sys.exit(f"the peer's schema.sql has changed ({old!r} is gone): adapt peer_schema")
        schema = schema.replace(old, new)
    return schema


def peer_resize(n: int) -> None:
    """Reload the peer's schema with `n` cadres (`peer_schema`), VACUUM ANALYZE, restart v4 (it
    reads the schema once) in a session of its own, so that it outlives this run, and mint the
    county's token again."""
    started = time.monotonic()
    subprocess.run(
        [*PEER_PSQL, "-v", "ON_ERROR_STOP=1"],
        input=peer_schema(n),
        text=True,
        check=True,
        capture_output=True,
    )
    subprocess.run([*PEER_PSQL, "-c", "VACUUM ANALYZE"], check=True, capture_output=True)
    pid = int((PEER / "pg4.pid").read_text())
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, 15)
    for _ in range(100):
        if _stat(pid) is None:
            break
        time.sleep(0.1)
    subprocess.run(
        ["bash", str(PEER / "scripts" / "pg4_start.sh")],
        check=True,
        capture_output=True,
        start_new_session=True,
    )
    token = subprocess.run(
        ["bash", str(PEER / "scripts" / "mint_token.sh"), "X001", PEER_URL],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (PEER / "token_X001.txt").write_text(token + "\n")
    print(
        f"  peer reloaded with {n:,} cadres in {time.monotonic() - started:.0f} s", file=sys.stderr
    )


def peer_rls_check(n: int) -> str | None:
    """The peer harness's own RLS check (verify_rls.py: counties X001, X050 and X100 see exactly
    their own cadres, anonymous sees none), expecting each county's share of `n` cadres (1%)
    where the file expects 1,000 of its 100,000; None when it passes, else its output."""
    script = (PEER / "scripts" / "verify_rls.py").read_text()
    old = 'data["totalCount"] == 1000'
    if old not in script:
        return f"the peer's verify_rls.py has changed ({old!r} is gone): adapt peer_rls_check"
    script = script.replace(old, f'data["totalCount"] == {n // 100}')
    done = subprocess.run(
        [sys.executable, "-", PEER_URL], input=script, text=True, capture_output=True
    )
    if done.returncode == 0 and "RLS CHECK PASSED" in done.stdout:
        print(f"  peer at {n:,} cadres: RLS CHECK PASSED", file=sys.stderr)
        return None
    return (done.stdout + done.stderr).strip()


def peer_cadres() -> int:
    rows = asyncio.run(
        _pg("postgres://postgres@127.0.0.1:5433/peer", "SELECT count(*) FROM peer.cadre")
    )
    count: int = rows[0][0]
    return count


def bench_peer(n: int, args: argparse.Namespace, rows: list[Row]) -> None:
    if args.peer == "off" or not peer_ready():
        if args.peer == "on":
            sys.exit("PostGraphile does not answer on :5050 (set it up by the peer README)")
        return
    if args.peer_resize and peer_cadres() != n:
        peer_resize(n)
    size = peer_cadres()
    failed = peer_rls_check(size)
    if failed is not None:
        print(f"  the peer's RLS check failed at {size:,} cadres:\n{failed}", file=sys.stderr)
        row = Row("postgres", n, "issue page", f"PostGraphile v4 ({size:,} cadres)")
        row.note = "not measured: the peer's RLS check failed"
        rows.append(row)
        print_row(row)
        return
    token = (PEER / "token_X001.txt").read_text().strip()
    server = int((PEER / "pg4.pid").read_text())
    pg = int((PEER / "pg" / "data" / "postmaster.pid").read_text().split()[0])
    for op in OPS:
        if op.peer is None:
            continue
        row = Row("postgres", n, op.name, f"PostGraphile v4 ({size:,} cadres)")
        body = httpx.post(
            PEER_URL,
            json={"query": op.peer},
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        ).json()
        if "errors" in body or not body["data"]["cadres"]["nodes"]:
            row.note = f"peer answered {json.dumps(body)[:200]}"
        else:
            measure(row, PEER_URL, op.peer, token, args, server, pg)
        rows.append(row)
        print_row(row)


# --- our server ----------------------------------------------------------------------------------


def bench_ours(
    backend: str, n: int, args: argparse.Namespace, rows: list[Row], profile: dict[str, Any]
) -> None:
    url, env = prepare(backend, n, args)
    pg = postmaster_pid(args.pg_url) if backend == "postgres" else None
    token = cadre_api(["token", f"{COUNTY}.supervisor"], env).splitlines()[0]
    sdl = (ROOT / "schema" / "schema.graphql").read_text()
    with serving(args.workers, env) as served:
        base = served.base
        cadre_code = _a_cadre(base, token)
        for op in OPS:
            row = Row(backend, n, op.name, f"cadre-api ({args.workers} workers)")
            if op.needs and op.needs not in sdl:
                row.note = "not in this schema yet"
                rows.append(row)
                print_row(row)
                continue
            query = op.query
            if op.name == "timeline":
                query = op.query % cadre_code
            elif op.name == "statistics":
                query = op.query % time.gmtime().tm_year
            headers = {"Authorization": f"Bearer {token}"} if op.token else {}
            first = httpx.post(
                f"{base}/graphql", json={"query": query}, headers=headers, timeout=60
            ).json()
            if "errors" in first:
                row.note = f"error: {json.dumps(first['errors'])[:200]}"
                rows.append(row)
                print_row(row)
                continue
            spy_out = served.folder / "profile.txt"
            started: dict[str, Any] = {}

            def on_start(
                op: Op = op, started: dict[str, Any] = started, spy_out: Path = spy_out
            ) -> None:
                if op.name == "submitTipoff":
                    started["tipoffs"] = _tipoffs(url)
                if args.profile and op.name == "issue page":
                    started["spy"] = start_profiler(served.process.pid, args.duration, spy_out)

            measure(
                row,
                f"{base}/graphql",
                query,
                token if op.token else None,
                args,
                served.process.pid,
                pg,
                on_start,
            )
            row.rss_mb = worker_rss_mb(served.process.pid)
            if "tipoffs" in started:
                wait_idle(served.process.pid)
                stored = _tipoffs(url) - started["tipoffs"]
                answered = row.requests - row.errors
                row.note = (
                    row.note
                    + f" stored {stored:,} of {answered:,} answered,"
                    + f" lost {max(0, answered - stored)}"
                ).strip()
            if "spy" in started:
                started["spy"].communicate(timeout=args.duration + 120)
                text = spy_out.read_text()
                keep_result(text, f"profile-{backend}-{n}", "txt")
                profile[f"{backend} {n}"] = authorization_share(text) | {
                    "top": top_functions(text, 12)
                }
            rows.append(row)
            print_row(row)
    if backend == "postgres" and not args.skip_sql:
        ids = ",".join(str(i) for i in asyncio.run(county_unit_ids(url)))
        for op in OPS:
            if op.sql is None:
                continue
            row = Row(backend, n, op.name, "hand-written SQL (pgbench)")
            pgbench(row, url, op.sql % {"units": ids}, args, pg)
            rows.append(row)
            print_row(row)


def _a_cadre(base: str, token: str) -> str:
    body = httpx.post(
        f"{base}/graphql",
        json={"query": "{ cadres(first: 1) { edges { node { code } } } }"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=60,
    ).json()
    return str(body["data"]["cadres"]["edges"][0]["node"]["code"])


def _tipoffs(url: str) -> int:
    if url.startswith("sqlite://"):
        import sqlite3

        with sqlite3.connect(url.removeprefix("sqlite://")) as conn:
            return int(conn.execute("SELECT count(*) FROM tipoff").fetchone()[0])
    return int(asyncio.run(_pg(url, "SELECT count(*) FROM tipoff"))[0][0])


AUTH_FRAMES = (
    "policies/",
    "api/coherence.py",
    "restricted (schema/protected.py",
    "noted (schema/protected.py",
    "scope (api/context.py",
    "record_read (api/context.py",
)


def authorization_share(collapsed: str) -> dict[str, float]:
    """Of py-spy's samples of the workers: the share with an authorization frame on the stack."""
    total = auth = 0
    for line in collapsed.splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        total += int(count)
        if any(marker in stack for marker in AUTH_FRAMES):
            auth += int(count)
    return {"samples": total, "authorization_pct": 100 * auth / total if total else 0.0}


# --- output --------------------------------------------------------------------------------------


HEADER = (
    f"{'db':<8} {'cadres':>9}  {'operation':<18} {'target':<32} {'req/s':>8} {'p50 ms':>7} "
    f"{'p99 ms':>7} {'errors':>6} {'srv ms':>7} {'db ms':>6} {'RSS MB/worker':<14} note"
)


def print_row(row: Row) -> None:
    rss = "/".join(f"{x:.0f}" for x in row.rss_mb)
    print(
        f"{row.backend:<8} {row.cadres:>9,}  {row.op:<18} {row.target:<32} {row.rps:>8,.0f} "
        f"{row.p50_ms:>7.1f} {row.p99_ms:>7.1f} {row.errors:>6} {row.server_ms:>7.2f} "
        f"{row.db_ms:>6.2f} {rss:<14} {row.note}",
        flush=True,
    )


def summary(rows: list[Row], profile: dict[str, Any]) -> list[str]:
    lines = []

    def find(backend: str, n: int, op: str, target: str) -> Row | None:
        return next(
            (
                r
                for r in rows
                if r.backend == backend
                and r.cadres == n
                and r.op == op
                and r.target.startswith(target)
                and r.rps
            ),
            None,
        )

    sizes = sorted({r.cadres for r in rows if r.backend == "postgres"})
    for n in sizes:
        for op in ("issue page", "README page"):
            ours, peer = (
                find("postgres", n, op, "cadre-api"),
                find("postgres", n, op, "PostGraphile"),
            )
            if ours and peer:
                lines.append(
                    f"{n:>9,} {op}: cadre-api / PostGraphile = {ours.rps / peer.rps:.2f}x "
                    f"req/s, p99 {ours.p99_ms:.1f} vs {peer.p99_ms:.1f} ms"
                )
    for backend in ("postgres", "sqlite"):
        ns = sorted({r.cadres for r in rows if r.backend == backend})
        if len(ns) > 1:
            for op in ("issue page", "README page", "overdue tip-offs"):
                lo, hi = (
                    find(backend, ns[0], op, "cadre-api"),
                    find(backend, ns[-1], op, "cadre-api"),
                )
                if lo and hi:
                    lines.append(
                        f"{backend} {op}: CPU a request at {ns[-1]:,} / at {ns[0]:,} = "
                        f"{_cost(hi) / _cost(lo):.2f}x ({_cost(hi):.2f} vs {_cost(lo):.2f} ms); "
                        f"p50 {hi.p50_ms:.1f} vs {lo.p50_ms:.1f} ms"
                    )
    for where, share in profile.items():
        for kind, entries in share.get("top", {}).items():
            lines.append(f"py-spy ({where}), top by {kind}:")
            lines += [f"    {pct:5.1f}%  {name}" for name, pct in entries]
        lines.append(
            f"authorization share of the server's samples ({where}): "
            f"{share['authorization_pct']:.1f}% of {share['samples']} samples"
        )
    return lines


def _cost(row: Row) -> float:
    return row.server_ms + row.db_ms


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432")
    p.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000, 1_000_000])
    p.add_argument("--sqlite-sizes", type=int, nargs="*", default=[10_000, 100_000])
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--concurrency", type=int, default=16)
    p.add_argument("--duration", type=float, default=15.0)
    p.add_argument("--warmup", type=float, default=3.0)
    p.add_argument("--quiet-wait", type=float, default=120.0, help="seconds to wait for quiet")
    p.add_argument("--peer", choices=["auto", "on", "off"], default="auto")
    p.add_argument("--peer-resize", action="store_true", help="reload the peer at each size")
    p.add_argument("--skip-sql", action="store_true")
    p.add_argument(
        "--reseed", action="store_true", help="drop the kept databases and seed them again"
    )
    p.add_argument(
        "--prepare-only",
        action="store_true",
        help="migrate and seed every database (and, with --peer-resize, reload the peer at each "
        "size and run its RLS check), measure nothing",
    )
    p.add_argument("--profile", action="store_true")
    p.add_argument("--smoke", action="store_true", help="10k on both databases, 3 s runs")
    args = p.parse_args(argv)
    if args.smoke:
        args.sizes, args.sqlite_sizes = [10_000], [10_000]
        args.duration, args.warmup, args.quiet_wait = 3.0, 1.0, 0.0
    args.jwt_secret = secrets.token_urlsafe(48)
    return args


def prepare_all(args: argparse.Namespace) -> int:
    """`--prepare-only`: every database migrated and seeded, the peer reloaded and checked at
    each size (with `--peer-resize`); 1 if the peer's RLS check failed."""
    failures = 0
    for n in args.sizes:
        started = time.monotonic()
        prepare("postgres", n, args)
        print(f"postgres {n:,}: ready ({time.monotonic() - started:.0f} s)", flush=True)
        if args.peer != "off" and args.peer_resize and peer_ready():
            started = time.monotonic()
            if peer_cadres() != n:
                peer_resize(n)
            failed = peer_rls_check(n)
            failures += failed is not None
            state = "RLS CHECK PASSED" if failed is None else f"RLS CHECK FAILED:\n{failed}"
            print(f"peer {n:,}: {state} ({time.monotonic() - started:.0f} s)", flush=True)
    for n in args.sqlite_sizes:
        started = time.monotonic()
        prepare("sqlite", n, args)
        print(f"sqlite {n:,}: ready ({time.monotonic() - started:.0f} s)", flush=True)
    return 1 if failures else 0


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.prepare_only:
        return prepare_all(args)
    for tool in ("wrk",) + (("pgbench",) if not args.skip_sql else ()):
        if not shutil.which(tool):
            sys.exit(f"{tool} is not installed (apt-get install -y wrk postgresql-client)")
    rows: list[Row] = []
    profile: dict[str, Any] = {}
    print(
        f"code {code_version()}, {os.cpu_count()} CPUs, "
        f"wrk -t1 -c{args.concurrency} -d{args.duration:.0f}s"
    )
    print(HEADER)
    for n in args.sizes:
        bench_ours("postgres", n, args, rows, profile)
        bench_peer(n, args, rows)
    for n in args.sqlite_sizes:
        bench_ours("sqlite", n, args, rows, profile)
    print()
    for line in summary(rows, profile):
        print(line)
    data = {
        "code": code_version(),
        "cpus": os.cpu_count(),
        "args": {k: v for k, v in vars(args).items() if k != "jwt_secret"},
        "rows": [asdict(r) for r in rows],
        "profile": profile,
        "summary": summary(rows, profile),
    }
    print(
        f"\nresults: {keep_result(json.dumps(data, indent=2, ensure_ascii=False), 'bench', 'json')}"
    )
    return 0

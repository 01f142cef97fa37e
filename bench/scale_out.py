"""Does throughput grow with servers? 1, 2 and 4 `cadre-api serve` processes behind HAProxy (or
nginx) from the distribution, over one PostgreSQL, with the same load as bench/page.py (a
county supervisor's page of 50 cadres).

Run by hand on a quiet machine (never part of the test suite), from the repository root:

    apt-get install -y haproxy wrk           # or nginx; wrk is optional (else Python+httpx)
    .venv/bin/python -m bench.scale_out                       # seed, 1/2/4, drop
    .venv/bin/python -m bench.scale_out --keep                # ... keep the database
    .venv/bin/python -m bench.scale_out --reuse --keep --processes 1 2 4 8
    .venv/bin/python -m bench.scale_out --lb nginx --replica-url postgres://…/cadre_bench

What it does, for each process count N:
1. (once) creates, migrates and seeds the database as bench/page.py does (`--cadres`,
   `--units`), VACUUM ANALYZE;
2. starts N servers (`cadre-api serve --workers 1`, each its own port; DATABASE_REPLICA_URL too
   with `--replica-url`), waits for each /readyz;
3. writes a configuration for the balancer in a temporary folder (HAProxy: `balance leastconn`,
   keep-alive to the servers; nginx: `least_conn`, upstream keep-alive) and starts it in the
   foreground on a free port;
4. warms up, then loads the balancer for `--duration` seconds at `--concurrency` (scaled with N
   when `--concurrency-per-process` is given), with wrk if installed, else Python+httpx;
5. records requests/s, p50/p99 latency, errors, the CPU seconds of the servers, of the balancer
   and of PostgreSQL's backends, and how busy the machine was before the run;
6. stops the balancer and the servers.
It prints one table (one row per N, with the speed-up over N=1) and writes JSON to
bench-results/ with `--json`.

Reading it: on a 2-core machine the servers, PostgreSQL, the balancer and the load generator
share two cores. Once N reaches the core count the CPU columns show where the time goes; past
that, requests/s cannot grow and usually falls a little (more processes contend for the same
cores). What the row for N=2 vs N=1 shows is whether a second process adds throughput at all
(it should, roughly to the cores left after PostgreSQL and the load generator); the next limit
is then PostgreSQL's CPU (its column) and, with a replica, the primary's share of the reads that
must stay there (the access-log appends of every read).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

# bench/page.py: the database, seeding, servers, load generators and CPU accounting.
from bench import page as bench

# maxconn: HAProxy asks for about twice as many file descriptors and will not start when the
# limit is lower (a container's `ulimit -n` of 20,000 refuses 20,000); the load uses at most 64.
HAPROXY = """
global
    maxconn 4096
defaults
    mode http
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    option http-keep-alive
frontend graphql
    bind 127.0.0.1:{port}
    default_backend api
backend api
    balance leastconn
    http-reuse always
{servers}
"""

NGINX = """
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    upstream api {{
        least_conn;
{servers}
        keepalive 64;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://api;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }}
    }}
}}
"""


@dataclass
class Row:
    processes: int
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    requests: int
    server_cpu_s: float
    balancer_cpu_s: float
    postgres_cpu_s: float
    machine_busy_before: float


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432")
    p.add_argument("--db-name", default="cadre_bench")
    p.add_argument("--replica-url", default="", help="DATABASE_REPLICA_URL for the servers")
    p.add_argument("--reuse", action="store_true")
    p.add_argument("--keep", action="store_true")
    p.add_argument("--cadres", type=int, default=100_000)
    p.add_argument("--units", type=int, default=200)
    p.add_argument("--county", default="s-county-001")
    p.add_argument("--processes", type=int, nargs="+", default=[1, 2, 4])
    p.add_argument("--lb", choices=["haproxy", "nginx"], default="haproxy")
    p.add_argument("--duration", type=float, default=20.0)
    p.add_argument("--warmup", type=float, default=3.0)
    p.add_argument("--concurrency", type=int, default=16)
    p.add_argument(
        "--concurrency-per-process", type=int, default=0, help="if set: N × this connections"
    )
    p.add_argument("--loadgen", choices=["auto", "wrk", "httpx"], default="auto")
    p.add_argument("--json", action="store_true")
    return p.parse_args()


def start_balancer(
    kind: str, port: int, backends: list[int], folder: Path
) -> subprocess.Popen[bytes]:
    binary = shutil.which(kind) or shutil.which(kind, path="/usr/sbin")
    if binary is None:
        sys.exit(f"{kind} is not installed: apt-get install -y {kind}")
    if kind == "haproxy":
        servers = "\n".join(
            f"    server s{i} 127.0.0.1:{b} maxconn 64" for i, b in enumerate(backends)
        )
        config = folder / "haproxy.cfg"
        config.write_text(HAPROXY.format(port=port, servers=servers))
        cmd = [binary, "-db", "-f", str(config)]
    else:
        servers = "\n".join(f"        server 127.0.0.1:{b};" for b in backends)
        config = folder / "nginx.conf"
        config.write_text(NGINX.format(port=port, servers=servers, folder=folder))
        cmd = [binary, "-c", str(config), "-g", "daemon off;"]
    log = (folder / f"{kind}.log").open("wb")
    return subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def postgres_cpu_seconds() -> float:
    """User+system seconds of every `postgres` process on this machine (Linux /proc)."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)
            if "(postgres" not in fields[0]:
                continue
            values = fields[1].split()
            total += (int(values[11]) + int(values[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            continue
    return total


def measure(args: argparse.Namespace, n: int, env: dict[str, str], token: str) -> Row:
    with tempfile.TemporaryDirectory(prefix="cadre-scale-bench-") as tmp:
        folder = Path(tmp)
        ports = [bench.free_port() for _ in range(n)]
        servers = [
            bench.start_server(port, 1, env, folder / f"server-{port}.log") for port in ports
        ]
        balancer = None
        try:
            for port, server in zip(ports, servers, strict=True):
                bench.wait_ready(f"http://127.0.0.1:{port}", server, folder / f"server-{port}.log")
            lb_port = bench.free_port()
            balancer = start_balancer(args.lb, lb_port, ports, folder)
            base = f"http://127.0.0.1:{lb_port}"
            deadline = time.monotonic() + 10
            while True:
                try:
                    bench.check_query(base, token)
                    break
                except SystemExit:
                    raise
                except Exception:
                    if balancer.poll() is not None:
                        log = (folder / f"{args.lb}.log").read_text(errors="replace")
                        sys.exit(f"{args.lb} did not start:\n{log[-2000:]}")
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
            tool = bench.pick_loadgen(args.loadgen)
            concurrency = args.concurrency_per_process * n or args.concurrency
            url = f"{base}/graphql"
            if args.warmup > 0:
                bench.load(tool, url, token, args.warmup, concurrency)
            for server in servers:
                bench.wait_idle(server.pid)
            busy = bench.machine_busy()
            before = [bench.tree_cpu_seconds(s.pid) for s in servers]
            lb_before = bench.tree_cpu_seconds(balancer.pid)
            pg_before = postgres_cpu_seconds()
            result = bench.load(tool, url, token, args.duration, concurrency)
            server_cpu = sum(
                bench.tree_cpu_seconds(s.pid) - b for s, b in zip(servers, before, strict=True)
            )
            return Row(
                processes=n,
                rps=result.rps,
                p50_ms=result.p50_ms,
                p99_ms=result.p99_ms,
                errors=result.errors,
                requests=result.requests,
                server_cpu_s=server_cpu,
                balancer_cpu_s=bench.tree_cpu_seconds(balancer.pid) - lb_before,
                postgres_cpu_s=postgres_cpu_seconds() - pg_before,
                machine_busy_before=busy,
            )
        finally:
            if balancer is not None:
                bench.stop_server(balancer)
            for server in servers:
                bench.stop_server(server)


def main() -> int:
    args = parse_args()
    db_url = f"{args.pg_url}/{args.db_name}"
    env = bench.cli_env(db_url, secrets.token_urlsafe(48))
    env["CADRE_LOG_LEVEL"] = "WARNING"  # one log line per request would measure the logging
    if args.replica_url:
        env["DATABASE_REPLICA_URL"] = args.replica_url
    asyncio.run(bench.create_database(args.pg_url, args.db_name, args.reuse))
    rows: list[Row] = []
    try:
        seed_args = argparse.Namespace(cadres=args.cadres, units=args.units)
        bench.prepare_world(seed_args, env)
        asyncio.run(bench.vacuum_analyze(db_url))
        token = bench.cadre_api(["token", f"{args.county}.supervisor"], env)
        for n in args.processes:
            rows.append(measure(args, n, env, token))
            print(f"{n} process(es): {rows[-1].rps:.0f} req/s", file=sys.stderr)
    finally:
        if not args.keep:
            asyncio.run(bench.drop_database(args.pg_url, args.db_name))
    base = rows[0].rps if rows and rows[0].rps else 1.0
    print(
        f"{'processes':>9} {'req/s':>8} {'speed-up':>8} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6}"
        f" {'server CPU s':>12} {'LB CPU s':>8} {'PG CPU s':>8} {'busy before':>11}"
    )
    for r in rows:
        print(
            f"{r.processes:>9} {r.rps:>8.0f} {r.rps / base:>7.2f}x {r.p50_ms:>7.1f}"
            f" {r.p99_ms:>7.1f} {r.errors:>6} {r.server_cpu_s:>12.1f} {r.balancer_cpu_s:>8.1f}"
            f" {r.postgres_cpu_s:>8.1f} {r.machine_busy_before:>10.0%}"
        )
    if args.json:
        out = bench.ROOT / "bench-results"
        out.mkdir(exist_ok=True)
        path = out / f"scale-out-{time.strftime('%Y%m%d-%H%M%S')}.json"
        path.write_text(
            json.dumps(
                {
                    "config": vars(args),
                    "code": bench.code_version(),
                    "rows": [asdict(r) for r in rows],
                },
                indent=2,
            )
        )
        print(f"written to {path}", file=sys.stderr)
    return 1 if any(r.errors for r in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Memory of the server while it streams a large export: flat, or growing with the rows?

Run by hand (never part of the test suite, and not while others use the machine):

    # a world of 100,000 cadres on PostgreSQL, and a server on it (one worker)
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/cadre_export
    createdb -h 127.0.0.1 -U postgres cadre_export
    .venv/bin/cadre-api migrate && .venv/bin/cadre-api seed scale --cadres 100000
    .venv/bin/cadre-api serve --workers 1 &
    # then, as the root jurisdiction's supervisor:
    .venv/bin/python scripts/measure_export_memory.py \\
        --token "$(.venv/bin/cadre-api token s-city.supervisor)" --pid <the server pid>
    .venv/bin/python scripts/measure_export_memory.py --format xlsx --token ... --pid ...

It downloads `GET /exports/<list>.<format>` as a stream, samples the server process's resident
memory (VmRSS from /proc/<pid>/status, children included for `--workers N`) every 0.1 s while the
rows arrive, and prints rows received, bytes, time, the memory before, the peak and the growth,
and the growth at each tenth of the rows: a flat export grows by a few megabytes at the start
(first page, caches) and then not at all; a leak grows with every tenth. It exits 1 when the
growth exceeds `--limit-mb` (default 64).
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from pathlib import Path

import httpx


def rss_kib(pid: int) -> int:
    """Resident memory of `pid` and its children, in KiB."""
    total = 0
    for p in [pid, *children(pid)]:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    found = [int(c) for c in text.split()]
    return found + [g for c in found for g in children(c)]


class Sampler(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.samples: list[tuple[float, int]] = []
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            self.samples.append((time.monotonic(), rss_kib(self.pid)))
            time.sleep(0.1)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--url", default="http://127.0.0.1:8000")
    p.add_argument("--token", required=True)
    p.add_argument("--pid", type=int, required=True, help="the server process (uvicorn)")
    p.add_argument("--list", default="cadres")
    p.add_argument("--format", default="csv", choices=["csv", "xlsx"])
    p.add_argument("--filter", default=None, help="the list's filter as JSON")
    p.add_argument("--limit-mb", type=float, default=64.0)
    args = p.parse_args()

    before = rss_kib(args.pid)
    sampler = Sampler(args.pid)
    sampler.start()
    started = time.monotonic()
    received = lines = 0
    marks: list[tuple[int, int]] = []  # (lines so far, rss) as the body arrives
    params = {"filter": args.filter} if args.filter else {}
    with httpx.stream(
        "GET",
        f"{args.url}/exports/{args.list}.{args.format}",
        params=params,
        headers={"Authorization": f"Bearer {args.token}"},
        timeout=None,
    ) as response:
        if response.status_code != 200:
            print(f"HTTP {response.status_code}: {response.read().decode()[:500]}")
            return 2
        for chunk in response.iter_raw():
            received += len(chunk)
            lines += chunk.count(b"\n")
            marks.append((lines, rss_kib(args.pid)))
    elapsed = time.monotonic() - started
    sampler.stop.set()
    sampler.join()
    peak = max([before, *(rss for _, rss in sampler.samples)])
    growth_mb = (peak - before) / 1024
    print(f"export      {args.list}.{args.format}")
    print(
        f"received    {received:,} bytes"
        + (f", {lines - 1:,} rows" if args.format == "csv" else "")
    )
    print(f"time        {elapsed:.1f} s")
    print(f"server RSS  before {before / 1024:.1f} MiB, peak {peak / 1024:.1f} MiB")
    print(f"growth      {growth_mb:.1f} MiB (limit {args.limit_mb} MiB)")
    if args.format == "csv" and marks:
        print("RSS by tenth of the rows received:")
        for tenth in range(1, 11):
            want = lines * tenth // 10
            rss = next(r for n, r in marks if n >= want)
            print(f"  {tenth * 10:3d}%  {rss / 1024:8.1f} MiB")
    return 0 if growth_mb <= args.limit_mb else 1


if __name__ == "__main__":
    sys.exit(main())

"""`cadre-api serve` as a process of its own over a test database, for tests that need a real
server: a browser, or the README's examples sent over HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from api.settings import Settings


def environment(settings: Settings) -> dict[str, str]:
    """The environment that gives a `cadre-api` command these settings."""
    return {
        **os.environ,
        "CADRE_ENV": settings.env,
        "DATABASE_URL": settings.database_url,
        "CADRE_JWT_SECRET": settings.jwt_secret,
        "CADRE_REPORTER_KEY": settings.reporter_key,
        "CADRE_RECEIPT_KEY": settings.receipt_key,
        "CADRE_LOG_KEY": settings.log_key,
        "CADRE_PUBLIC_LOOKUPS_PER_MINUTE": str(settings.public_lookups_per_minute),
        "CADRE_SUBMISSIONS_PER_HOUR": str(settings.submissions_per_hour),
        "CADRE_PUBLIC_FLOOD_FACTOR": str(settings.public_flood_factor),
        "CADRE_PROOF_OF_WORK_BITS": str(settings.proof_of_work_bits),
        "CADRE_SYNC_SETTLE_SECONDS": str(settings.sync_settle_seconds),
    }


def cadre_api(settings: Settings, *args: str, cwd: Path) -> None:
    """Run one `cadre-api` command with these settings; fail with its output if it fails."""
    done = subprocess.run(
        [sys.executable, "-m", "api", *args],
        env=environment(settings),
        cwd=cwd,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def live_server(settings: Settings, tmp: Path) -> Iterator[str]:
    """`cadre-api serve` on a free port of 127.0.0.1, a process of its own; yields its address."""
    port = _free_port()
    env = environment(settings)
    log = (tmp / f"serve-{port}.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "api", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=tmp,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((tmp / f"serve-{port}.log").read_text())
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()

"""What every server does now and then besides requests: one loop per job, every minute, for as
long as the server runs. A job never runs on a request's path, so that a request costs the same
statements every time; a job that fails (the database cannot be reached, say) is logged and tried
again at the next round, while the requests themselves report the outage."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any

log = logging.getLogger("cadre_api")

Job = Callable[[], Awaitable[Any]]


async def repeat(what: str, job: Job, every_seconds: float = 60) -> None:
    """Run `job` now and every `every_seconds` after, until cancelled."""
    while True:
        try:
            await job()
        except Exception as exc:  # logged; the next round tries again
            log.warning("could not %s: %s", what, exc)
        await asyncio.sleep(every_seconds)


@contextmanager
def running(jobs: dict[str, Job]) -> Iterator[None]:
    """Each job (named by what it does) in a loop of its own while the block runs."""
    tasks = [asyncio.create_task(repeat(what, job), name=what) for what, job in jobs.items()]
    try:
        yield
    finally:
        for task in tasks:
            task.cancel()

"""Appending to and verifying the hash-chained access log (J8)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError, TransactionManagementError
from tortoise.transactions import in_transaction

from api.logs import with_request_id
from api.metrics import LOG_APPEND_SECONDS, timed
from models.access_log import GENESIS, AccessLogEntry

_lock = asyncio.Lock()
_head: str | None = None  # the chain's tip as this process last wrote it; None: read it


@dataclass(frozen=True, slots=True)
class Actor:
    user_id: int | None
    username: str
    roles: str


def now_text() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


@timed(LOG_APPEND_SECONDS)
async def append(
    actor: Actor,
    action: str,
    resource: str,
    record_ids: Iterable[object] = (),
    detail: dict[str, object] | None = None,
    *,
    connection: BaseDBAsyncClient | None = None,
    separator: str = ",",
) -> AccessLogEntry:
    """Append one entry. Inside a mutation pass its transaction's `connection`, so that the entry
    commits or rolls back with the decision it records."""
    global _head
    ids = separator.join(str(i) for i in record_ids)
    detail = with_request_id(detail)
    text = json.dumps(detail, ensure_ascii=False, sort_keys=True) if detail else ""
    if connection is None:
        # This process's autocommit writers share the cached tip, so they take turns.
        async with _lock:
            return await _write(actor, action, resource, ids, text, None)
    # Inside a transaction the database may make us wait for another transaction: never hold the
    # process lock then (that is how a lock cycle forms). The unique predecessor settles races.
    _head = None
    return await _write(actor, action, resource, ids, text, connection)


async def _write(
    actor: Actor,
    action: str,
    resource: str,
    ids: str,
    text: str,
    connection: BaseDBAsyncClient | None,
) -> AccessLogEntry:
    global _head
    for _ in range(50):
        prev = _head if connection is None and _head is not None else None
        if prev is None:
            prev = await _read_tip(connection)
        entry = AccessLogEntry(
            at=now_text(),
            user_id=actor.user_id,
            username=actor.username,
            roles=actor.roles,
            action=action,
            resource=resource,
            record_ids=ids,
            detail=text,
            prev_hash=prev,
        )
        entry.hash = entry.compute_hash()
        try:
            if connection is None:
                await entry.save()
            else:
                async with in_transaction(connection.connection_name) as savepoint:
                    await entry.save(using_db=savepoint)
        except (IntegrityError, TransactionManagementError):
            _head = None  # another writer got there first: re-read the tip and retry
            continue
        # An entry written inside an open transaction may still roll back: forget the tip.
        _head = entry.hash if connection is None else None
        return entry
    raise RuntimeError("could not append to the access log")


async def _read_tip(connection: BaseDBAsyncClient | None) -> str:
    last = await AccessLogEntry.all().using_db(connection).order_by("-id").first()
    if last is None:
        return GENESIS
    tip = last.hash
    while True:  # ids and chain order can differ when writers raced; follow the links
        following = await AccessLogEntry.filter(prev_hash=tip).using_db(connection).first()
        if following is None:
            return tip
        tip = following.hash


@dataclass(frozen=True, slots=True)
class Verification:
    entries: int
    head: str
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


async def verify(expect_head: str | None = None) -> Verification:
    """Walk the chain from the genesis hash: every entry must be reached once, with its hash.
    `expect_head`, a head printed by an earlier run and kept outside the database, must still be
    on the chain: that is how entries removed from the end are found."""
    problems: list[str] = []
    by_prev: dict[str, AccessLogEntry] = {}
    total = 0
    last_id = 0
    while True:
        batch = await AccessLogEntry.filter(id__gt=last_id).order_by("id").limit(5000)
        if not batch:
            break
        for entry in batch:
            total += 1
            if entry.hash != entry.compute_hash():
                problems.append(f"entry {entry.id}: contents do not match its hash (edited)")
            by_prev[entry.prev_hash] = entry
        last_id = batch[-1].id
    head, reached = GENESIS, 0
    on_chain = {GENESIS}
    while head in by_prev:
        entry = by_prev.pop(head)
        reached += 1
        head = entry.hash
        on_chain.add(head)
    if expect_head is not None and expect_head not in on_chain:
        problems.append(
            f"the chain no longer reaches the head {expect_head} recorded earlier "
            "(entries were removed from its end)"
        )
    for orphan in sorted(by_prev.values(), key=lambda e: e.id):
        problems.append(
            f"entry {orphan.id}: its predecessor is missing (an entry before it was deleted "
            "or altered)"
        )
    if reached + len(by_prev) != total:
        problems.append("the chain is not linear")
    return Verification(entries=total, head=head, problems=tuple(problems))


def reset_cached_head() -> None:
    global _head
    _head = None

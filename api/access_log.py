"""The access log (J8): keyed chains per writer, group commit, signed checkpoints.

**Chains.** Every server process writes to chains of its own, so processes never wait for one
another and no lock spans them. A chain is named by its writer (`<process id>/<lane>`, a fresh
process id each time a process starts); its entries are numbered 1, 2, 3 … (`seq`), and each
entry's `hash` is HMAC-SHA256, under `CADRE_LOG_KEY`, of its contents, its writer, its `seq` and
the hash of the entry before it (the first links to HMAC(key, "genesis:" + writer)). The key is
never in the database: whoever can write to the database but lacks the key cannot edit an entry,
re-hash a chain after editing it, insert, reorder or splice entries without `verify-log` seeing
it. Entries removed from the end of a chain, or a whole chain removed, are found against a
checkpoint.

**Two kinds of lane.**

* Reads and refusals (autocommit) go to the process's lane `r`, written by **group commit**: an
  `append` queues its entry and waits; one flusher per process writes everything queued in one
  statement and then releases every waiter. The caller shows its data only once `append` has
  returned, i.e. once the entry is durable (`schema.extensions.LogReads` withholds the data
  otherwise). Only this process writes lane `r`, so its tip is known in memory.
* Decisions are written inside the mutation's own transaction (`connection=`), so the entry
  commits or rolls back with the change. They go to lanes `t0` … `t15`, taken in turn; the
  lane's tip is read inside that transaction, so an entry rolled back with its decision leaves no
  gap (the next takes its number). Two open transactions of one process that meet on a lane are
  settled by the unique (`writer`, `seq`): the later waits for the earlier and takes the next
  number; other lanes and other processes carry on meanwhile.

**Checkpoints** (`cadre-api log-checkpoint`) list the head (`seq`, `hash`) of every chain, signed
with the key, and are appended to the log as well, so every later checkpoint binds the earlier
ones. Keep them outside the database; `cadre-api verify-log --checkpoint FILE` walks every chain
from its genesis and checks that every head the checkpoint names is still on its chain.

Entries written before chains were keyed (writer "") are verified as the one plain SHA-256 chain
they were written as.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import os
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError, TransactionManagementError
from tortoise.transactions import in_transaction

from api.logs import with_request_id
from api.metrics import LOG_APPEND_SECONDS, timed
from models.access_log import GENESIS, AccessLogEntry

BATCH = 500  # entries per group commit at most
TRANSACTION_LANES = 16


@dataclass(frozen=True, slots=True)
class Actor:
    user_id: int | None
    username: str
    roles: str


def now_text() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


class _Key:
    value: bytes = b""


_key = _Key()


def configure(log_key: str) -> None:
    """Use `log_key` (CADRE_LOG_KEY) for every entry and checkpoint from now on."""
    _key.value = log_key.encode()


def _mac(*parts: object) -> str:
    if not _key.value:
        raise RuntimeError("the access log has no key (CADRE_LOG_KEY): call configure() first")
    payload = json.dumps(list(parts), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return hmac.new(_key.value, payload.encode(), hashlib.sha256).hexdigest()


def genesis(writer: str) -> str:
    return _mac("genesis", writer)


def entry_mac(entry: AccessLogEntry) -> str:
    if not entry.writer:
        return entry.compute_hash()  # the legacy chain
    return _mac(
        entry.writer,
        entry.seq,
        entry.at,
        entry.user_id,
        entry.username,
        entry.roles,
        entry.action,
        entry.resource,
        entry.record_ids,
        entry.detail,
        entry.prev_hash,
    )


@dataclass
class _Process:
    """This process's chains: its id, lane `r`'s tip and queue, the next transaction lane."""

    pid: int = field(default_factory=os.getpid)
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    read_seq: int = 0
    read_tip: str = ""
    queue: list[tuple[AccessLogEntry, asyncio.Future[AccessLogEntry]]] = field(default_factory=list)
    flusher: asyncio.Task[None] | None = None
    lanes: Iterator[int] = field(default_factory=lambda: itertools.cycle(range(TRANSACTION_LANES)))


_state = _Process()


def _process() -> _Process:
    global _state
    if _state.pid != os.getpid():  # a forked worker starts chains of its own
        _state = _Process()
    return _state


def reset_cached_head() -> None:
    """Start new chains (as a restarted process would); for tests and after a database swap."""
    global _state
    _state = _Process()


def _entry(actor: Actor, action: str, resource: str, ids: str, text: str) -> AccessLogEntry:
    return AccessLogEntry(
        at=now_text(),
        user_id=actor.user_id,
        username=actor.username,
        roles=actor.roles,
        action=action,
        resource=resource,
        record_ids=ids,
        detail=text,
    )


@timed(LOG_APPEND_SECONDS)
async def append(
    actor: Actor,
    action: str,
    resource: str,
    record_ids: Iterable[object] = (),
    detail: Mapping[str, object] | None = None,
    *,
    connection: BaseDBAsyncClient | None = None,
    separator: str = ",",
) -> AccessLogEntry:
    """Append one entry; return once it is durable. Inside a mutation pass its transaction's
    `connection`, so that the entry commits or rolls back with the decision it records."""
    ids = separator.join(str(i) for i in record_ids)
    detail = with_request_id(detail)
    text = json.dumps(detail, ensure_ascii=False, sort_keys=True) if detail else ""
    entry = _entry(actor, action, resource, ids, text)
    if connection is not None:
        return await _append_in_transaction(entry, connection)
    state = _process()
    done: asyncio.Future[AccessLogEntry] = asyncio.get_running_loop().create_future()
    state.queue.append((entry, done))
    if state.flusher is None or state.flusher.done():
        state.flusher = asyncio.create_task(_flush(state))
    return await done


async def _flush(state: _Process) -> None:
    """Group commit: write everything queued on lane `r` in one statement, then release the
    waiters; repeat while more arrived meanwhile."""
    while state.queue:
        batch, state.queue = state.queue[:BATCH], state.queue[BATCH:]
        writer = f"{state.id}/r"
        seq, tip = state.read_seq, state.read_tip or genesis(writer)
        for entry, _ in batch:
            seq += 1
            entry.writer, entry.seq, entry.prev_hash = writer, seq, tip
            entry.hash = tip = entry_mac(entry)
        try:
            await _insert([entry for entry, _ in batch])
        except Exception as exc:  # nothing was written: every waiter learns it
            for _, done in batch:
                if not done.done():
                    done.set_exception(exc)
            continue
        state.read_seq, state.read_tip = seq, tip
        for entry, done in batch:
            if not done.done():
                done.set_result(entry)


_COLUMNS = (
    "at",
    "user_id",
    "username",
    "roles",
    "action",
    "resource",
    "record_ids",
    "detail",
    "prev_hash",
    "hash",
    "writer",
    "seq",
)


async def _insert(entries: list[AccessLogEntry]) -> None:
    """One multi-row INSERT, sent as a single autocommitted statement: one round trip for a
    whole group commit (tortoise's bulk_create wraps its statement in BEGIN and COMMIT)."""
    db = connections.get("default")
    postgres = db.capabilities.dialect == "postgres"
    values: list[Any] = []
    rows: list[str] = []
    for entry in entries:
        marks = []
        for column in _COLUMNS:
            values.append(getattr(entry, column))
            marks.append(f"${len(values)}" if postgres else "?")
        rows.append(f"({','.join(marks)})")
    columns = ",".join(f'"{c}"' for c in _COLUMNS)
    await db.execute_query(f'INSERT INTO "access_log" ({columns}) VALUES {",".join(rows)}', values)


async def _append_in_transaction(
    entry: AccessLogEntry, connection: BaseDBAsyncClient
) -> AccessLogEntry:
    state = _process()
    writer = f"{state.id}/t{next(state.lanes)}"
    entry.writer = writer
    for _ in range(50):
        rows = (
            await AccessLogEntry.filter(writer=writer)
            .using_db(connection)
            .order_by("-seq")
            .limit(1)
            .values("seq", "hash")
        )
        entry.seq = 1 + (rows[0]["seq"] if rows else 0)
        entry.prev_hash = rows[0]["hash"] if rows else genesis(writer)
        entry.hash = entry_mac(entry)
        try:
            async with in_transaction(connection.connection_name) as savepoint:
                await entry.save(using_db=savepoint, force_create=True)
        except (IntegrityError, TransactionManagementError):
            entry.id = None
            continue  # another transaction of this process took the number: take the next
        return entry
    raise RuntimeError("could not append to the access log")


# --- verification and checkpoints ---


@dataclass(frozen=True, slots=True)
class Verification:
    entries: int
    heads: dict[str, tuple[int, str]]
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def head(self) -> str:
        """One value for the whole log: the heads of every chain, hashed together."""
        text = json.dumps(sorted(self.heads.items()), separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class _Walk:
    """One chain being walked in `seq` order."""

    writer: str
    seq: int = 0
    tip: str = ""
    hashes: dict[int, str] = field(default_factory=dict)  # at the checkpoint's heads only
    links: dict[str, str] = field(default_factory=dict)  # the legacy chain: prev -> hash


def _check_legacy(walk: _Walk, problems: list[str]) -> None:
    """The chain written before chains were keyed: every entry reached once from the genesis."""
    tip, reached = GENESIS, 0
    while tip in walk.links:
        tip = walk.links.pop(tip)
        reached += 1
    if walk.links or reached != walk.seq:
        problems.append(
            f"legacy chain: {walk.seq - reached} entries are not linked from the genesis "
            "(an entry before them was removed or altered)"
        )


async def verify(checkpoint: Mapping[str, Any] | None = None) -> Verification:
    """Walk every chain from its genesis: numbers without gaps, every link and every HMAC right.
    With a `checkpoint` (from `checkpoint()`, its signature checked), every head it names must
    still be on its chain: that is how entries removed from the end, or whole chains, are found."""
    problems: list[str] = []
    walks: dict[str, _Walk] = {}
    wanted = _checkpointed(checkpoint)
    total = 0
    after: tuple[str, int] = ("", -1)
    while True:
        batch = (
            await AccessLogEntry.filter(
                writer__gte=after[0],
            )
            .exclude(writer=after[0], seq__lte=after[1])
            .order_by("writer", "seq")
            .limit(5000)
        )
        if not batch:
            break
        for entry in batch:
            total += 1
            walk = walks.setdefault(entry.writer, _Walk(entry.writer))
            _check_entry(entry, walk, problems)
            if entry.seq == wanted.get(entry.writer):
                walk.hashes[entry.seq] = entry.hash
        after = (batch[-1].writer, batch[-1].seq)
    legacy = walks.pop("", None)
    if legacy is not None:
        _check_legacy(legacy, problems)
    if checkpoint is not None:
        _check_checkpoint(checkpoint, walks, problems)
    heads = {w.writer: (w.seq, w.tip) for w in walks.values()}
    return Verification(entries=total, heads=heads, problems=tuple(problems))


def _check_entry(entry: AccessLogEntry, walk: _Walk, problems: list[str]) -> None:
    name = f"entry {entry.id} (chain {entry.writer or 'legacy'}, #{entry.seq})"
    if entry.hash != entry_mac(entry):
        problems.append(f"{name}: its contents do not match its keyed hash (edited or forged)")
    if not entry.writer:  # linked by hash alone: walked afterwards
        walk.links[entry.prev_hash] = entry.hash
        walk.seq += 1
        return
    if walk.seq == 0:
        expected_prev, first = genesis(entry.writer), 1
    else:
        expected_prev, first = walk.tip, walk.seq + 1
    if entry.seq != first:
        problems.append(f"{name}: entries #{first}…#{entry.seq - 1} before it are missing")
    if entry.prev_hash != expected_prev:
        problems.append(f"{name}: does not link to the entry before it (removed or reordered)")
    walk.seq, walk.tip = entry.seq, entry.hash


def _checkpointed(checkpoint: Mapping[str, Any] | None) -> dict[str, int]:
    """The head number of each chain a checkpoint names (whose hash the walk must keep)."""
    heads = checkpoint.get("heads") if checkpoint is not None else None
    if not isinstance(heads, dict):
        return {}
    return {
        writer: head[0]
        for writer, head in heads.items()
        if isinstance(head, list | tuple) and head and isinstance(head[0], int)
    }


def _check_checkpoint(
    checkpoint: Mapping[str, Any], walks: Mapping[str, _Walk], problems: list[str]
) -> None:
    heads = checkpoint.get("heads")
    if not isinstance(heads, dict) or checkpoint.get("signature") != _mac(
        "checkpoint", checkpoint.get("at"), heads
    ):
        problems.append("the checkpoint's signature is wrong (not made with this key, or edited)")
        return
    for writer, head in sorted(heads.items()):
        if not (isinstance(head, list | tuple) and len(head) == 2):
            problems.append(f"chain {writer}: the checkpoint's head is malformed")
            continue
        seq, hash_ = head
        walk = walks.get(writer)
        if walk is None:
            problems.append(f"chain {writer or 'legacy'}: missing (it reached #{seq})")
        elif walk.seq < seq:
            problems.append(
                f"chain {writer or 'legacy'}: ends at #{walk.seq}, the checkpoint saw #{seq} "
                "(entries were removed from its end)"
            )
        elif walk.hashes.get(seq) != hash_:
            problems.append(f"chain {writer or 'legacy'}: #{seq} is not the entry checkpointed")


async def checkpoint() -> dict[str, Any]:
    """The signed heads of every chain, to keep outside the database; also appended to the log,
    so that later checkpoints bind this one."""
    result = await verify()
    at = now_text()
    heads = {w: [seq, h] for w, (seq, h) in sorted(result.heads.items())}
    signed = {"at": at, "heads": heads, "signature": _mac("checkpoint", at, heads)}
    await append(
        Actor(None, "cadre-api", ""),
        "log:checkpoint",
        "access_log",
        (),
        {"at": at, "chains": len(heads), "heads": result.head},
    )
    return signed

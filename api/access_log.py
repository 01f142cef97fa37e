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

**Keys and their rotation.** Every entry names the key it is MACed under (`key_id`, a public
name derived from the key); a chain is under one key. `CADRE_LOG_KEY` writes;
`CADRE_LOG_KEYS_RETIRED` only verifies. `cadre-api rotate-log-key` (`rotate`) retires the keys
CADRE_LOG_KEY replaced: the database refuses further entries under them, and a seal signed under
the new key and appended to the log fixes every chain under a retired key (its head and a digest
of all its entries) and the heads of all others. From then on an entry under a retired key past
its chain's sealed head, or in a chain the seal does not name, is reported (a server not restarted
or a forgery with a leaked key), a sealed chain whose contents changed is reported, and the
retired key itself is no longer needed: the digest, under the new key's signature, vouches for
its chains. Each seal carries the earlier seals' chains forward; the newest is in force.

Entries written before chains were keyed (writer "") are verified as the one plain SHA-256 chain
they were written as; entries written before keys had ids (`key_id` "") under the key their
chain's first link was made with.
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
from tortoise.transactions import in_transaction

from api.logs import with_request_id
from api.metrics import LOG_APPEND_SECONDS, timed
from api.sql import sql_for
from models.access_log import GENESIS, AccessLogEntry, RetiredLogKey

BATCH = 500  # entries per group commit at most
TRANSACTION_LANES = 16


@dataclass(frozen=True, slots=True)
class Actor:
    user_id: int | None
    username: str
    roles: str


def now_text() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


KEY_ID_LABEL = b"cadre-api access log key id"
SEAL_ACTION = "log:rotate-key"
_REFUSED = "key was retired"  # in the refusal of migration 0016's trigger


def key_id(key: str | bytes) -> str:
    """A key's public name, stored with every entry: HMAC(key, label), shortened. It reveals
    nothing of the key, and a key given by mistake has another id."""
    raw = key.encode() if isinstance(key, str) else key
    return hmac.new(raw, KEY_ID_LABEL, hashlib.sha256).hexdigest()[:16]


@dataclass
class _Keyring:
    """CADRE_LOG_KEY (new entries and checkpoints) and the retired keys (verification only)."""

    current: bytes = b""
    current_id: str = ""
    retired: dict[str, bytes] = field(default_factory=dict)

    def all(self) -> dict[str, bytes]:
        return {**self.retired, self.current_id: self.current} if self.current else self.retired


_keys = _Keyring()


class RetiredKeyError(RuntimeError):
    """This process's CADRE_LOG_KEY was retired by `cadre-api rotate-log-key`: the database
    refuses its entries until it is restarted with the new key."""

    def __init__(self) -> None:
        super().__init__(
            f"the access log refuses entries under CADRE_LOG_KEY (key id {_keys.current_id}): "
            "`cadre-api rotate-log-key` retired it; restart with the new key"
        )


def configure(log_key: str, retired: Iterable[str] = ()) -> None:
    """Use `log_key` (CADRE_LOG_KEY) for every entry and checkpoint from now on; `retired`
    (CADRE_LOG_KEYS_RETIRED) only to verify what was written under them. A chain is under one
    key: with another key this process starts new chains."""
    if _keys.current and _keys.current != log_key.encode():
        reset_cached_head()
    _keys.current = log_key.encode()
    _keys.current_id = key_id(log_key) if log_key else ""
    _keys.retired = {key_id(key): key.encode() for key in retired}


def current_key_id() -> str:
    return _keys.current_id


async def refuse_retired_key() -> None:
    """A server started with a retired CADRE_LOG_KEY stops at once, naming the cause, instead of
    failing every read (the database refuses its entries: migration 0016)."""
    try:
        retired = await RetiredLogKey.exists(key_id=_keys.current_id)
    except Exception:  # the database not reachable (yet): the first append will tell
        return
    if retired:
        raise RetiredKeyError()


def _canonical(parts: Iterable[object]) -> bytes:
    return json.dumps(
        list(parts), ensure_ascii=False, separators=(",", ":"), sort_keys=True
    ).encode()


def _mac_under(key: bytes, *parts: object) -> str:
    return hmac.new(key, _canonical(parts), hashlib.sha256).hexdigest()


def _mac(*parts: object) -> str:
    if not _keys.current:
        raise RuntimeError("the access log has no key (CADRE_LOG_KEY): call configure() first")
    return _mac_under(_keys.current, *parts)


def genesis(writer: str) -> str:
    return _mac("genesis", writer)


def _parts(entry: AccessLogEntry) -> tuple[object, ...]:
    """What an entry's MAC covers (its key id is not: the MAC itself shows the key)."""
    return (
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


def entry_mac(entry: AccessLogEntry) -> str:
    if not entry.writer:
        return entry.compute_hash()  # the legacy chain
    return _mac(*_parts(entry))


def _refused_key(exc: BaseException) -> BaseException:
    """The trigger's refusal of a retired key, told as such; any other failure as it is."""
    return RetiredKeyError() if _REFUSED in str(exc) else exc


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
            entry.key_id, entry.hash = _keys.current_id, entry_mac(entry)
            tip = entry.hash
        try:
            await _insert([entry for entry, _ in batch])
        except Exception as exc:  # nothing was written: every waiter learns it
            for _, done in batch:
                if not done.done():
                    done.set_exception(_refused_key(exc))
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
    "key_id",
)


async def _insert(
    entries: list[AccessLogEntry], connection: BaseDBAsyncClient | None = None, suffix: str = ""
) -> list[dict[str, Any]]:
    """One multi-row INSERT, sent as a single statement: one round trip for a whole group commit
    (tortoise's bulk_create wraps its statement in BEGIN and COMMIT), autocommitted unless a
    transaction's `connection` is given; `suffix` ends the statement (`ON CONFLICT …`)."""
    db = connection or connections.get("default")
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
    sql = f'INSERT INTO "access_log" ({columns}) VALUES {",".join(rows)}{suffix}'
    return await db.execute_query_dict(sql, values)


_TIP = "SELECT seq, hash FROM access_log WHERE writer = $1 ORDER BY seq DESC LIMIT 1"


async def _append_in_transaction(
    entry: AccessLogEntry, connection: BaseDBAsyncClient
) -> AccessLogEntry:
    state = _process()
    writer = f"{state.id}/t{next(state.lanes)}"
    entry.writer, entry.key_id = writer, _keys.current_id
    for _ in range(50):
        rows = await connection.execute_query_dict(sql_for(connection, _TIP), [writer])
        entry.seq = 1 + (rows[0]["seq"] if rows else 0)
        entry.prev_hash = rows[0]["hash"] if rows else genesis(writer)
        entry.hash = entry_mac(entry)
        # Nothing inserted: another transaction of this process took the number (it waited for
        # that one to end), so take the next. No error, so no savepoint to roll back to.
        try:
            inserted = await _insert([entry], connection, " ON CONFLICT DO NOTHING RETURNING id")
        except Exception as exc:
            if isinstance(_refused_key(exc), RetiredKeyError):
                raise RetiredKeyError() from exc
            raise
        if inserted:
            entry.id = inserted[0]["id"]
            return entry
    raise RuntimeError("could not append to the access log")


# --- verification and checkpoints ---


@dataclass(frozen=True, slots=True)
class Verification:
    entries: int
    heads: dict[str, tuple[int, str]]
    problems: tuple[str, ...]
    # writer -> (the id of the key its chain is under, the digest of its contents up to its head)
    chains: dict[str, tuple[str, str]] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    seal: Mapping[str, Any] | None = None  # the rotation seal in force

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
    key_id: str = ""
    key: bytes | None = None
    digest: str = ""  # SHA-256 over every entry so far: what a rotation seal keeps of the chain
    late: int = 0  # entries under a retired key after the seal


@dataclass(frozen=True, slots=True)
class _Seal:
    """What the rotation seal in force says: the keys retired, and for every chain under one of
    them its key, head and digest (rotate())."""

    retired: frozenset[str] = frozenset()
    sealed: Mapping[str, tuple[str, int, str, str]] = field(default_factory=dict)
    document: Mapping[str, Any] | None = None


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
    """Walk every chain from its genesis: numbers without gaps, every link and every HMAC right,
    each under the key its chain names (CADRE_LOG_KEY or CADRE_LOG_KEYS_RETIRED). A chain under
    a key a rotation retired must end where the rotation's seal saw it end, with the same
    contents (checked by the seal's digest, so it verifies even once the old key is gone).
    With a `checkpoint` (from `checkpoint()` or `rotate()`, its signature checked), every head it
    names must still be on its chain: that is how entries removed from the end, or whole chains,
    are found."""
    problems: list[str] = []
    notes: list[str] = []
    seal = _seal_in_force(await _seals(problems), checkpoint, problems)
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
            walk = walks.get(entry.writer)
            if walk is None:
                walk = walks[entry.writer] = _start(entry, seal, problems)
            _check_entry(entry, walk, seal, problems)
            if entry.seq == wanted.get(entry.writer):
                walk.hashes[entry.seq] = entry.hash
        after = (batch[-1].writer, batch[-1].seq)
    legacy = walks.pop("", None)
    if legacy is not None:
        _check_legacy(legacy, problems)
    _check_unkeyed(seal, walks, problems)
    _check_sealed(seal, walks, problems)
    _check_keyring(seal, problems, notes)
    if checkpoint is not None:
        _check_checkpoint(checkpoint, walks, problems)
    heads = {w.writer: (w.seq, w.tip) for w in walks.values()}
    chains = {w.writer: (w.key_id, w.digest) for w in walks.values()}
    return Verification(total, heads, tuple(problems), chains, tuple(notes), seal.document)


def _start(entry: AccessLogEntry, seal: _Seal, problems: list[str]) -> _Walk:
    """A chain's walk, under its key: the one its entries name, or (entries written before keys
    had ids) the one the seal names, or the one its first link was made with."""
    walk = _Walk(entry.writer)
    if not entry.writer:
        return walk
    keys = _keys.all()
    walk.key_id = entry.key_id or seal.sealed.get(entry.writer, ("",))[0]
    if not walk.key_id and entry.seq == 1:
        walk.key_id = next(
            (
                kid
                for kid, key in keys.items()
                if entry.prev_hash == _mac_under(key, "genesis", entry.writer)
            ),
            "",
        )
    walk.key = keys.get(walk.key_id)
    name = f"chain {entry.writer}"
    if walk.key_id in seal.retired and entry.writer not in seal.sealed:
        problems.append(
            f"{name}: begun under key {walk.key_id} after the rotation that retired it "
            "(a server still running with the old key, or a forgery with it)"
        )
    return walk


def _check_entry(entry: AccessLogEntry, walk: _Walk, seal: _Seal, problems: list[str]) -> None:
    name = f"entry {entry.id} (chain {entry.writer or 'legacy'}, #{entry.seq})"
    if not entry.writer:  # linked by hash alone: walked afterwards
        if entry.hash != entry.compute_hash():
            problems.append(f"{name}: its contents do not match its keyed hash (edited or forged)")
        walk.links[entry.prev_hash] = entry.hash
        walk.seq += 1
        return
    text = _canonical(_parts(entry))
    if entry.key_id and entry.key_id != walk.key_id:
        problems.append(f"{name}: names key {entry.key_id}, its chain is under {walk.key_id}")
    elif walk.key is not None and not hmac.compare_digest(
        entry.hash, hmac.new(walk.key, text, hashlib.sha256).hexdigest()
    ):
        problems.append(f"{name}: its contents do not match its keyed hash (edited or forged)")
    if walk.seq == 0:
        first = 1
        expected_prev = _mac_under(walk.key, "genesis", entry.writer) if walk.key else None
    else:
        expected_prev, first = walk.tip, walk.seq + 1
    if entry.seq != first:
        problems.append(f"{name}: entries #{first}…#{entry.seq - 1} before it are missing")
    if expected_prev is not None and entry.prev_hash != expected_prev:
        problems.append(f"{name}: does not link to the entry before it (removed or reordered)")
    walk.seq, walk.tip = entry.seq, entry.hash
    walk.digest = hashlib.sha256(walk.digest.encode() + entry.hash.encode() + text).hexdigest()
    sealed = seal.sealed.get(entry.writer)
    if sealed is None:
        return
    _, seq, hash_, digest = sealed
    if entry.seq == seq and (entry.hash, walk.digest) != (hash_, digest):
        problems.append(
            f"chain {entry.writer}: #{seq} is not the entry the rotation seal saw, or an entry "
            "before it changed (altered before the rotation, e.g. with the old key)"
        )
    elif entry.seq > seq and walk.key_id in seal.retired:
        walk.late += 1
        if walk.late == 1:
            problems.append(
                f"{name}: written under the retired key {walk.key_id} after the rotation sealed "
                f"this chain at #{seq} (a server still running with the old key, or a forgery "
                "with it)"
            )


def _check_unkeyed(seal: _Seal, walks: Mapping[str, _Walk], problems: list[str]) -> None:
    """Chains under a key that was not given, and that no seal covers: one line per key."""
    by_key: dict[str, list[str]] = {}
    for walk in walks.values():
        if walk.key is None and walk.writer not in seal.sealed and walk.key_id not in seal.retired:
            by_key.setdefault(walk.key_id, []).append(walk.writer)
    for kid, writers in sorted(by_key.items()):
        problems.append(
            f"{len(writers)} chain(s) ({', '.join(sorted(writers)[:3])}…) are under key "
            f"{kid or '(unknown)'}, which is neither CADRE_LOG_KEY nor in "
            "CADRE_LOG_KEYS_RETIRED, and no rotation seal covers them: their entries cannot be "
            "verified; give that key in CADRE_LOG_KEYS_RETIRED"
        )


def _check_sealed(seal: _Seal, walks: Mapping[str, _Walk], problems: list[str]) -> None:
    for writer, (_, seq, _, _) in sorted(seal.sealed.items()):
        walk = walks.get(writer)
        if walk is None or walk.seq < seq:
            problems.append(
                f"chain {writer}: the rotation seal saw it reach #{seq}, it now ends at "
                f"#{walk.seq if walk else 0} (entries removed)"
            )


def _check_keyring(seal: _Seal, problems: list[str], notes: list[str]) -> None:
    if _keys.current_id in seal.retired:
        problems.append(
            f"CADRE_LOG_KEY (key {_keys.current_id}) is a key a rotation retired: use the new key"
        )
    for kid in sorted(set(_keys.retired) - seal.retired):
        notes.append(
            f"key {kid} (CADRE_LOG_KEYS_RETIRED) is not retired yet: run `cadre-api "
            "rotate-log-key` once every server runs with the new key"
        )


async def _seals(problems: list[str]) -> list[Mapping[str, Any]]:
    """The rotation seals in the log, oldest first, each signed under a key of the keyring.
    One signed under a key that was given up is passed over when a newer seal retired that
    key (the newer one carries its chains forward); any other that does not hold is reported."""
    found: list[Mapping[str, Any]] = []
    unchecked: list[tuple[int, Mapping[str, Any] | None, str]] = []
    rows = await AccessLogEntry.filter(action=SEAL_ACTION).order_by("id").values("id", "detail")
    for row in rows:
        try:
            document = json.loads(row["detail"]).get("seal")
        except (ValueError, AttributeError):
            document = None
        problem = _signature_problem(document) if isinstance(document, dict) else "unreadable"
        if problem:
            unchecked.append((row["id"], document if isinstance(document, dict) else None, problem))
        else:
            found.append(document)
    retired = {kid for seal in found for kid in seal.get("retired") or ()}
    for id_, document, problem in unchecked:
        signer = document.get("key") if document is not None else None
        if not (signer in retired and signer not in _keys.all()):
            problems.append(f"rotation seal in entry {id_}: {problem}")
    return found


def _seal_in_force(
    seals: list[Mapping[str, Any]], checkpoint: Mapping[str, Any] | None, problems: list[str]
) -> _Seal:
    """The newest seal (each carries every earlier one's chains forward). A seal kept outside
    the database must be in the log too."""
    kept = checkpoint if checkpoint is not None and checkpoint.get("kind") == "rotation" else None
    if kept is not None and not any(s.get("signature") == kept.get("signature") for s in seals):
        problems.append("the rotation seal given is not in the log (its entry was removed)")
        if not _signature_problem(kept):
            seals = [*seals, kept]
    if not seals:
        return _Seal()
    document = max(seals, key=lambda s: str(s.get("at")))
    sealed: dict[str, tuple[str, int, str, str]] = {}
    for writer, value in dict(document.get("sealed") or {}).items():
        kid, seq, hash_, digest = value
        sealed[writer] = (str(kid), int(seq), str(hash_), str(digest))
    return _Seal(frozenset(document.get("retired") or ()), sealed, document)


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


def _signature(document: Mapping[str, Any], key: bytes) -> str:
    at, heads = document.get("at"), document.get("heads")
    if document.get("kind") == "rotation":
        return _mac_under(key, "seal", at, heads, document.get("retired"), document.get("sealed"))
    return _mac_under(key, "checkpoint", at, heads)


def _signature_problem(document: Mapping[str, Any]) -> str:
    """Why a checkpoint's or seal's signature does not hold ("" when it does)."""
    kid = document.get("key")
    keys = _keys.all()
    if kid and kid not in keys:
        return (
            f"signed under key {kid}, which is neither CADRE_LOG_KEY nor in "
            "CADRE_LOG_KEYS_RETIRED: give that key"
        )
    candidates = [keys[kid]] if kid else list(keys.values())  # before keys had ids: any
    signature = str(document.get("signature"))
    if any(hmac.compare_digest(signature, _signature(document, key)) for key in candidates):
        return ""
    return "the signature is wrong (not made with this key, or edited)"


def _check_checkpoint(
    checkpoint: Mapping[str, Any], walks: Mapping[str, _Walk], problems: list[str]
) -> None:
    heads = checkpoint.get("heads")
    problem = _signature_problem(checkpoint) if isinstance(heads, dict) else "no heads"
    if problem or not isinstance(heads, dict):
        problems.append(f"the checkpoint: {problem}")
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


def _heads(result: Verification) -> dict[str, list[Any]]:
    return {w: [seq, h] for w, (seq, h) in sorted(result.heads.items())}


async def checkpoint() -> dict[str, Any]:
    """The signed heads of every chain, to keep outside the database; also appended to the log,
    so that later checkpoints bind this one."""
    result = await verify()
    at = now_text()
    signed: dict[str, Any] = {"at": at, "key": _keys.current_id, "heads": _heads(result)}
    signed["signature"] = _signature(signed, _keys.current)
    await append(
        Actor(None, "cadre-api", ""),
        "log:checkpoint",
        "access_log",
        (),
        {"at": at, "chains": len(result.heads), "heads": result.head},
    )
    return signed


# --- key rotation ---


class RotationRefused(Exception):
    """`rotate()` did not seal: why, and the verification problems behind it (if any)."""

    def __init__(self, reason: str, problems: Iterable[str] = (), *, broken: bool = False) -> None:
        super().__init__(reason)
        self.problems = tuple(problems)
        self.broken = broken  # the log does not verify (else: the keys given do not fit)


async def rotate(checkpoint: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Retire the keys of CADRE_LOG_KEYS_RETIRED and seal their chains under CADRE_LOG_KEY.

    The whole log is verified first (every chain under its own key); then the retired keys'
    ids go into `access_log_retired_key`, whose trigger refuses any further entry under them,
    and (PostgreSQL) a `SHARE` lock taken and released at once waits for every transaction that
    may still commit an entry under them. Their chains are then final: verified again, their
    heads and digests (and the heads of every other chain) are signed under the new key and
    appended to the log as one entry (`log:rotate-key`), which is also returned to be kept
    outside the database. A seal carries every earlier seal's chains forward, so the newest one
    is all `verify` needs, and a retired key is not needed again. With the last `checkpoint`
    kept outside, the log must reach it before anything is retired."""
    given = set(_keys.retired)
    if not given:
        raise RotationRefused(
            "nothing to retire: set CADRE_LOG_KEY to the new key and CADRE_LOG_KEYS_RETIRED "
            "to the key(s) it replaces"
        )
    before = await verify(checkpoint)
    already = frozenset((before.seal or {}).get("retired") or ())
    used = {kid for kid, _ in before.chains.values()}
    unknown = sorted(given - used - already)
    if unknown:
        raise RotationRefused(
            f"no entry of the log is under the key(s) {', '.join(unknown)} of "
            "CADRE_LOG_KEYS_RETIRED (a wrong key?): nothing was retired",
            before.problems,
        )
    if not before.ok:
        raise RotationRefused(
            "the log does not verify: nothing was retired", before.problems, broken=True
        )
    retiring = sorted(given - already)
    if not retiring:
        raise RotationRefused("every key in CADRE_LOG_KEYS_RETIRED is retired and sealed already")
    for kid in retiring:
        await RetiredLogKey.get_or_create(key_id=kid, defaults={"retired_at": now_text()})
    db = connections.get("default")
    if db.capabilities.dialect == "postgres":
        async with in_transaction() as barrier:
            await barrier.execute_query("LOCK TABLE access_log IN SHARE MODE")
    now = await verify()
    if not now.ok:
        raise RotationRefused(
            f"the key(s) {', '.join(retiring)} are retired but the log no longer verifies: no "
            "seal was written",
            now.problems,
            broken=True,
        )
    retired = sorted(already | set(retiring))
    seal: dict[str, Any] = {
        "kind": "rotation",
        "at": now_text(),
        "key": _keys.current_id,
        "retired": retired,
        "heads": _heads(now),
        "sealed": {
            writer: [kid, now.heads[writer][0], now.heads[writer][1], digest]
            for writer, (kid, digest) in sorted(now.chains.items())
            if kid in retired
        },
    }
    seal["signature"] = _signature(seal, _keys.current)
    await append(Actor(None, "cadre-api", ""), SEAL_ACTION, "access_log", (), {"seal": seal})
    return seal

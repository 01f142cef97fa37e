"""Rate limits and flood protection of the public operations, shared by every server process.

The state is in the database the servers already share (PostgreSQL in production, the SQLite file
in development): one row per token bucket (`throttle_bucket`), taken with a single atomic
`INSERT … ON CONFLICT DO UPDATE … RETURNING`, and one row per spent proof of work (`spent_proof`,
its primary key refusing a replay). No other store to run, back up or secure, and one statement per
check (on PostgreSQL the whole gate of a submission is one statement); nothing is held in one
process's memory that another needs.

Client addresses are never stored: a bucket is named by an HMAC of (day, action, address) under
`CADRE_RECEIPT_KEY`, which is not in the database, and a bucket untouched for an hour (full again)
is deleted by a sweep every minute (`api.housekeeping`), never on a request's path.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from dataclasses import dataclass

from api.errors import ApiError, BadUserInput, ErrorCode
from api.metrics import RATE_LIMIT_REFUSALS
from api.settings import Settings
from api.sql import fetch, on_postgres
from rules import proof_of_work

EVERYONE = "*"
_FORGET_AFTER = 3600.0  # the longest period of any bucket: untouched that long, it is full
log = logging.getLogger("cadre_api")


def _upsert(source: str, capacity: str, bucket: str, now: str, rate: str, cost: str) -> str:
    """Refill the bucket for the time passed and take `cost` when it holds that much: one atomic
    `INSERT … ON CONFLICT DO UPDATE … RETURNING`, its values given as placeholders (and the rows
    to insert from `source`, a `VALUES` or a `SELECT`)."""
    elapsed = f"(CASE WHEN {now} > throttle_bucket.at THEN {now} - throttle_bucket.at ELSE 0 END)"
    refilled = (
        f"(CASE WHEN throttle_bucket.tokens + {elapsed} * CAST({rate} AS DOUBLE PRECISION) "
        f"< {capacity} THEN throttle_bucket.tokens + {elapsed} * {rate} ELSE {capacity} END)"
    )
    return f"""INSERT INTO throttle_bucket (bucket, tokens, at, granted)
{source}
ON CONFLICT (bucket) DO UPDATE SET
  granted = {refilled} >= {cost},
  tokens = CASE WHEN {refilled} >= {cost} THEN {refilled} - {cost} ELSE {refilled} END,
  at = CASE WHEN {now} > throttle_bucket.at THEN {now} ELSE throttle_bucket.at END
RETURNING tokens, granted"""


_TAKE = _upsert(
    "VALUES ($2, CAST($1 AS DOUBLE PRECISION) - CAST($5 AS DOUBLE PRECISION), "
    "CAST($3 AS DOUBLE PRECISION), TRUE)",
    *("$1", "$2", "$3", "$4", "$5"),
)
# The gate of a submission without a proof, in one statement (PostgreSQL): peek at the bucket of
# all clients together ($5, capacity $6, rate $7); only when it holds one, take from the client's
# ($2, capacity $1, rate $4); only when that was granted, take one from all clients' together. The
# data-modifying statements run in that order because each reads the one before.
_ADMIT = f"""WITH open_ AS (
  SELECT COALESCE((SELECT tokens + GREATEST(0, CAST($3 AS DOUBLE PRECISION) - at) * $7
                   FROM throttle_bucket WHERE bucket = $5), $6) >= 1 AS open_
), client AS (
{
    _upsert(
        "SELECT $2, CAST($1 AS DOUBLE PRECISION) - 1, CAST($3 AS DOUBLE PRECISION), TRUE "
        "FROM open_ WHERE open_",
        *("$1", "$2", "$3", "$4", "1"),
    )
}
), everyone AS (
{
    _upsert(
        "SELECT $5, CAST($6 AS DOUBLE PRECISION) - 1, CAST($3 AS DOUBLE PRECISION), TRUE "
        "FROM client WHERE client.granted",
        *("$6", "$5", "$3", "$7", "1"),
    )
}
)
SELECT open_.open_, client.tokens AS client_tokens, client.granted AS client_granted,
       everyone.granted AS everyone_granted
FROM open_ LEFT JOIN client ON TRUE LEFT JOIN everyone ON TRUE"""
_PEEK = "SELECT tokens, at FROM throttle_bucket WHERE bucket = $1"
_FORGET = "DELETE FROM throttle_bucket WHERE at < $1"
_SPEND = "INSERT INTO spent_proof (digest, expires_at) VALUES ($1, $2) ON CONFLICT DO NOTHING "
_SPEND += "RETURNING digest"
_FORGET_SPENT = "DELETE FROM spent_proof WHERE expires_at < $1"


class RateLimited(ApiError):
    code = ErrorCode.RATE_LIMITED


@dataclass(frozen=True)
class Limit:
    action: str
    capacity: int
    period: float  # seconds to refill from empty

    @property
    def rate(self) -> float:
        return self.capacity / self.period


def submissions(settings: Settings) -> Limit:
    return Limit("submit", settings.submissions_per_hour, 3600)


def flood(settings: Settings) -> Limit:
    """All clients together: past this, a submission carries a proof of work."""
    return Limit("submit-all", settings.submissions_per_hour * settings.public_flood_factor, 3600)


def lookups(settings: Settings) -> Limit:
    return Limit("receipt", settings.public_lookups_per_minute, 60)


def _bucket(settings: Settings, limit: Limit, client: str, now: float) -> str:
    # The day in the name keeps a stored name from matching an address for longer than a day (a
    # client's buckets start full at midnight UTC); the bucket of all clients together has none.
    day = int(now // 86400) if client != EVERYONE else 0
    message = f"{day}\0{limit.action}\0{client}".encode()
    return hmac.new(settings.receipt_key.encode(), message, hashlib.sha256).hexdigest()


async def take(settings: Settings, limit: Limit, client: str, cost: float = 1) -> float | None:
    """Take `cost` from the client's bucket: None when granted, else the seconds to wait."""
    now = time.time()
    args = [float(limit.capacity), _bucket(settings, limit, client, now), now, limit.rate]
    rows = await fetch(_TAKE, [*args, float(cost)])
    if rows[0]["granted"]:
        return None
    return max(1.0, (cost - float(rows[0]["tokens"])) / limit.rate)


async def hit(settings: Settings, limit: Limit, client: str) -> None:
    """Take one from the client's bucket or refuse with `RATE_LIMITED` (and when to retry)."""
    wait = await take(settings, limit, client)
    if wait is not None:
        RATE_LIMIT_REFUSALS.labels(limit.action).inc()
        raise RateLimited("too many requests; try again later", retryAfterSeconds=round(wait + 0.5))


async def exhausted(settings: Settings, limit: Limit, client: str = EVERYONE) -> bool:
    """Whether the bucket is empty now, without taking from it (the page asks before a flood
    makes a visitor wait)."""
    now = time.time()
    rows = await fetch(_PEEK, [_bucket(settings, limit, client, now)])
    if not rows:
        return False
    tokens = float(rows[0]["tokens"]) + max(0.0, now - float(rows[0]["at"])) * limit.rate
    return tokens < 1


def new_challenge(settings: Settings) -> dict[str, object]:
    """A fresh proof-of-work challenge, as stated in a refusal's `extensions.proofOfWork`."""
    issued = proof_of_work.issue(settings.receipt_key, settings.proof_of_work_bits, time.time())
    return {
        "challenge": issued.text,
        "bits": issued.bits,
        "algorithm": proof_of_work.ALGORITHM,
        "expiresAt": int(issued.expires_at),
        "how": "find a nonce such that SHA-256(challenge + ':' + nonce) starts with `bits` zero "
        "bits, then send the same submission again with proofOfWork { challenge nonce }",
    }


async def spend_proof(settings: Settings, challenge: str, nonce: str) -> None:
    """Accept a proof of work once: `BAD_USER_INPUT` when it is forged, expired, wrong, or spent."""
    now = time.time()
    problem = proof_of_work.problem(settings.receipt_key, challenge, nonce, now)
    if problem is None:
        digest = hashlib.sha256(challenge.encode()).hexdigest()
        if not await fetch(_SPEND, [digest, proof_of_work.expiry(challenge)]):
            problem = "this challenge was already used; solve a new one"
    if problem is not None:
        raise BadUserInput(
            f"proof of work refused: {problem}",
            argument="input.proofOfWork",
            proofOfWork=new_challenge(settings),
        )


async def admit_submission(settings: Settings, client: str, proof: tuple[str, str] | None) -> None:
    """The gate of `submitTipoff`: the client's own hourly limit (`RATE_LIMITED` with when to
    retry), and, once all clients together have used theirs, a proof of work instead of a refusal
    (`RATE_LIMITED` with `extensions.proofOfWork` stating the challenge). Being asked for the proof
    costs the client none of its own allowance."""
    if proof is None and on_postgres():
        return await _admit_in_one_statement(settings, client)
    flood_limit = flood(settings)
    if proof is None and await exhausted(settings, flood_limit):
        raise _needs_proof(settings)
    await hit(settings, submissions(settings), client)
    if proof is not None:
        await spend_proof(settings, *proof)
    elif await take(settings, flood_limit, EVERYONE) is not None:
        raise _needs_proof(settings)  # the flood began a moment ago


async def _admit_in_one_statement(settings: Settings, client: str) -> None:
    """`admit_submission` without a proof, as one round trip (`_ADMIT`): the same three steps."""
    now = time.time()
    own, everyone = submissions(settings), flood(settings)
    rows = await fetch(
        _ADMIT,
        [
            float(own.capacity),
            _bucket(settings, own, client, now),
            now,
            own.rate,
            _bucket(settings, everyone, EVERYONE, now),
            float(everyone.capacity),
            everyone.rate,
        ],
    )
    row = rows[0]
    if not row["open_"]:
        raise _needs_proof(settings)
    if not row["client_granted"]:
        RATE_LIMIT_REFUSALS.labels(own.action).inc()
        wait = max(1.0, (1 - float(row["client_tokens"])) / own.rate)
        raise RateLimited("too many requests; try again later", retryAfterSeconds=round(wait + 0.5))
    if not row["everyone_granted"]:
        raise _needs_proof(settings)  # the flood began a moment ago


async def forget_stale() -> None:
    """Delete the buckets untouched for an hour (full again) and the spent proofs whose challenge
    has expired (it would be refused anyway)."""
    now = time.time()
    await fetch(_FORGET, [now - _FORGET_AFTER])
    await fetch(_FORGET_SPENT, [now])


def _needs_proof(settings: Settings) -> RateLimited:
    RATE_LIMIT_REFUSALS.labels("submit-all").inc()
    return RateLimited(
        "many reports are arriving: this one needs a proof of work (stated in "
        "extensions.proofOfWork) before it is accepted",
        proofOfWork=new_challenge(settings),
    )

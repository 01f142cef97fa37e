"""Rate limits and flood protection of the public operations, shared by every server process.

The state is in the database the servers already share (PostgreSQL in production, the SQLite file
in development): one row per token bucket (`throttle_bucket`), taken with a single atomic
`INSERT … ON CONFLICT DO UPDATE … RETURNING`, and one row per spent proof of work (`spent_proof`,
its primary key refusing a replay). No other store to run, back up or secure, and one statement per
check; nothing is held in one process's memory that another needs.

Client addresses are never stored: a bucket is named by an HMAC of (day, action, address) under
`CADRE_RECEIPT_KEY`, which is not in the database, and a bucket untouched for an hour (full again)
is deleted.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass

from api.errors import ApiError, BadUserInput, ErrorCode
from api.settings import Settings
from api.sql import fetch
from rules import proof_of_work

EVERYONE = "*"
_FORGET_AFTER = 3600.0  # the longest period of any bucket: untouched that long, it is full

_ELAPSED = "(CASE WHEN $3 > throttle_bucket.at THEN $3 - throttle_bucket.at ELSE 0 END)"
_REFILLED = (
    f"(CASE WHEN throttle_bucket.tokens + {_ELAPSED} * CAST($4 AS DOUBLE PRECISION) < $1 "
    f"THEN throttle_bucket.tokens + {_ELAPSED} * $4 ELSE $1 END)"
)
_TAKE = f"""
INSERT INTO throttle_bucket (bucket, tokens, at, granted)
VALUES ($2, CAST($1 AS DOUBLE PRECISION) - CAST($5 AS DOUBLE PRECISION),
        CAST($3 AS DOUBLE PRECISION), TRUE)
ON CONFLICT (bucket) DO UPDATE SET
  granted = {_REFILLED} >= $5,
  tokens = CASE WHEN {_REFILLED} >= $5 THEN {_REFILLED} - $5 ELSE {_REFILLED} END,
  at = CASE WHEN $3 > throttle_bucket.at THEN $3 ELSE throttle_bucket.at END
RETURNING tokens, granted
"""
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
    if secrets.randbelow(256) == 0:
        await fetch(_FORGET, [now - _FORGET_AFTER])
    args = [float(limit.capacity), _bucket(settings, limit, client, now), now, limit.rate]
    rows = await fetch(_TAKE, [*args, float(cost)])
    if rows[0]["granted"]:
        return None
    return max(1.0, (cost - float(rows[0]["tokens"])) / limit.rate)


async def hit(settings: Settings, limit: Limit, client: str) -> None:
    """Take one from the client's bucket or refuse with `RATE_LIMITED` (and when to retry)."""
    wait = await take(settings, limit, client)
    if wait is not None:
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
        if secrets.randbelow(64) == 0:
            await fetch(_FORGET_SPENT, [now])
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
    flood_limit = flood(settings)
    if proof is None and await exhausted(settings, flood_limit):
        raise _needs_proof(settings)
    await hit(settings, submissions(settings), client)
    if proof is not None:
        await spend_proof(settings, *proof)
    elif await take(settings, flood_limit, EVERYONE) is not None:
        raise _needs_proof(settings)  # the flood began a moment ago


def _needs_proof(settings: Settings) -> RateLimited:
    return RateLimited(
        "many reports are arriving: this one needs a proof of work (stated in "
        "extensions.proofOfWork) before it is accepted",
        proofOfWork=new_challenge(settings),
    )

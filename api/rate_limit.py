"""Per-client rate limits for the public operations (RATE_LIMITED), kept in memory only.

Client addresses are never stored: a bucket is keyed by an HMAC of the address under a key that
lives in this process alone, and buckets are forgotten once full again. With several workers each
keeps its own buckets, so the effective limit is per worker.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import time
from dataclasses import dataclass

from api.errors import ApiError, ErrorCode


class RateLimited(ApiError):
    code = ErrorCode.RATE_LIMITED


@dataclass
class _Bucket:
    tokens: float
    at: float


class RateLimiter:
    """A token bucket per (client, action): `capacity` actions, refilled over `period` seconds."""

    def __init__(self) -> None:
        self._key = os.urandom(32)
        self._buckets: dict[tuple[bytes, str], _Bucket] = {}

    def hit(self, client: str, action: str, capacity: int, period: float, cost: float = 1) -> None:
        now = time.monotonic()
        key = (hmac.new(self._key, client.encode(), hashlib.sha256).digest(), action)
        bucket = self._buckets.get(key) or _Bucket(float(capacity), now)
        rate = capacity / period
        bucket.tokens = min(capacity, bucket.tokens + (now - bucket.at) * rate)
        bucket.at = now
        if bucket.tokens < cost:
            self._buckets[key] = bucket
            retry = (cost - bucket.tokens) / rate
            raise RateLimited(
                "too many requests; try again later", retryAfterSeconds=round(retry + 0.5)
            )
        bucket.tokens -= cost
        self._buckets[key] = bucket
        if len(self._buckets) > 50_000:
            self._forget_full(now)

    def _forget_full(self, now: float) -> None:
        for key in [k for k, b in self._buckets.items() if now - b.at > 3600]:
            del self._buckets[key]

    def reset(self) -> None:
        self._buckets.clear()


limiter = RateLimiter()

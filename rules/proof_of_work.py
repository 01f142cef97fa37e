"""Hashcash-style proof of work for the public channel under a flood (as GlobaLeaks does).

When all clients together have used the submissions an hour allows, a submission is not refused: it
must carry a proof of work instead. The server states a challenge; the client finds a `nonce` such
that SHA-256 of `challenge + ":" + nonce` (UTF-8) begins with `bits` zero bits, which takes about
2^bits hashes and one hash to check. The page's own script tries about 500,000 a second on a desktop
and a few times fewer on a phone: 17 bits (the default) is about a second on a phone.

A challenge is stateless and cannot be forged: `v1.<issued>.<bits>.<random>.<mac>`, the MAC keyed
with `CADRE_RECEIPT_KEY`. It is good for `TTL_SECONDS` and for one submission (the caller records
it as spent).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass

ALGORITHM = "SHA-256"
TTL_SECONDS = 600
MAX_NONCE = 64


@dataclass(frozen=True)
class Challenge:
    text: str
    bits: int
    expires_at: float


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _mac(key: str, body: str) -> str:
    return _b64(hmac.new(key.encode(), f"pow\0{body}".encode(), hashlib.sha256).digest()[:18])


def issue(key: str, bits: int, now: float) -> Challenge:
    body = f"v1.{int(now)}.{bits}.{_b64(secrets.token_bytes(12))}"
    return Challenge(f"{body}.{_mac(key, body)}", bits, int(now) + TTL_SECONDS)


def leading_zero_bits(digest: bytes) -> int:
    value = int.from_bytes(digest, "big")
    return len(digest) * 8 - value.bit_length()


def digest(challenge: str, nonce: str) -> bytes:
    return hashlib.sha256(f"{challenge}:{nonce}".encode()).digest()


def problem(key: str, challenge: str, nonce: str, now: float) -> str | None:
    """Why a proof does not count, or None when it does (not yet checked: whether it was spent)."""
    parts = challenge.split(".")
    if len(parts) != 5 or parts[0] != "v1" or not parts[1].isdigit() or not parts[2].isdigit():
        return "not a challenge this server issued"
    body = ".".join(parts[:4])
    if not hmac.compare_digest(_mac(key, body), parts[4]):
        return "not a challenge this server issued"
    if now > int(parts[1]) + TTL_SECONDS:
        return "the challenge has expired"
    if len(nonce) > MAX_NONCE or leading_zero_bits(digest(challenge, nonce)) < int(parts[2]):
        return "the nonce does not solve the challenge"
    return None


def expiry(challenge: str) -> float:
    return int(challenge.split(".")[1]) + TTL_SECONDS


def solve(challenge: str, bits: int) -> str:
    """Find a nonce (for tests and scripted clients; the page's script does the same)."""
    n = 0
    while leading_zero_bits(digest(challenge, str(n))) < bits:
        n += 1
    return str(n)

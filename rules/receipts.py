"""Receipt codes for public tip-offs: the reporter's only key (CONTRACT.md).

A code is 24 characters of Crockford base32 (120 random bits), shown once as `XXXX-XXXX-…`. Input
is compared case-insensitively, ignoring dashes and spaces, with Crockford's I/L→1 and O→0.

The code is kept only as two keyed hashes (HMAC-SHA-256 under `CADRE_RECEIPT_KEY`, a key that is
never in the database): `receipt_lookup` (16 characters of one, the index a lookup goes through)
and `receipt_hash` (the whole of another, compared in constant time). A slow password hash buys
nothing here: it protects low-entropy secrets against guessing, and 120 random bits cannot be
guessed however fast each guess is; what a database dump must not give away is the code itself,
and without the key a keyed hash gives away nothing. It costs microseconds, so the public channel
needs no worker threads and no global limit on lookups that a flood could exhaust.

Receipts issued before (a salted scrypt hash, `scrypt$n$salt$digest`, indexed by the code's first
8 characters), or under the previous key after a rotation (`CADRE_RECEIPT_KEY_PREVIOUS`), are still
accepted, and re-keyed under the current key on their first use.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 24
LOOKUP = 16
LEGACY_LOOKUP = 8
KEYED = "hmac-sha256"
_CONFUSABLE = str.maketrans({"I": "1", "L": "1", "O": "0"})


@dataclass(frozen=True)
class Receipt:
    code: str  # shown to the reporter once
    lookup: str
    hash: str


def normalise(code: str) -> str | None:
    text = "".join(code.split()).replace("-", "").upper().translate(_CONFUSABLE)
    if len(text) != LENGTH or any(c not in ALPHABET for c in text):
        return None
    return text


def _mac(normal: str, key: str, purpose: str) -> bytes:
    return hmac.new(key.encode(), f"{purpose}\0{normal}".encode(), hashlib.sha256).digest()


def lookup_of(normal: str, key: str) -> str:
    """The index value of a normalised code: 80 bits of a keyed hash, base32."""
    return base64.b32encode(_mac(normal, key, "receipt-lookup")).decode()[:LOOKUP]


def lookups(normal: str, keys: Sequence[str]) -> list[str]:
    """Every index value a stored receipt for this code may have: keyed under each key, and the
    legacy prefix of receipts issued before receipts were keyed."""
    return [*(lookup_of(normal, key) for key in keys), normal[:LEGACY_LOOKUP]]


def hash_of(normal: str, key: str) -> str:
    digest = base64.b64encode(_mac(normal, key, "receipt-hash")).decode()
    return f"{KEYED}${digest}"


def new_receipt(key: str) -> Receipt:
    bits = int.from_bytes(secrets.token_bytes(LENGTH * 5 // 8), "big")  # 120 random bits
    raw = "".join(ALPHABET[(bits >> (5 * i)) & 31] for i in range(LENGTH))  # 5 bits a character
    shown = "-".join(raw[i : i + 4] for i in range(0, LENGTH, 4))
    return Receipt(code=shown, lookup=lookup_of(raw, key), hash=hash_of(raw, key))


def is_legacy(stored: str) -> bool:
    return stored.startswith("scrypt$")


async def matching_key(normal: str, stored: str, keys: Sequence[str]) -> int | None:
    """Which of the keys (by position) a stored hash of this code was made with; -1 for a legacy
    scrypt hash that matches; None when the code is not the one behind it."""
    if is_legacy(stored):
        # scrypt is slow by design: a worker thread, never the event loop.
        return -1 if await asyncio.to_thread(_legacy_matches, normal, stored) else None
    for position, key in enumerate(keys):
        if hmac.compare_digest(hash_of(normal, key), stored):
            return position
    return None


def _legacy_matches(normal: str, stored: str) -> bool:
    _, n, salt, digest = stored.split("$")
    computed = hashlib.scrypt(
        normal.encode(), salt=base64.b64decode(salt), n=int(n), r=8, p=1, dklen=32, maxmem=2**26
    )
    return hmac.compare_digest(computed, base64.b64decode(digest))

"""Receipt codes for public tip-offs: the reporter's only key (CONTRACT.md).

A code is 24 characters of Crockford base32 (120 random bits), shown once as `XXXX-XXXX-…`. The
first 8 characters index the row; the whole code is kept only as a salted scrypt hash. Input is
compared case-insensitively, ignoring dashes and spaces, with Crockford's I/L→1 and O→0.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 24
LOOKUP = 8
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


def _scrypt(code: str, salt: bytes, n: int) -> bytes:
    return hashlib.scrypt(code.encode(), salt=salt, n=n, r=8, p=1, dklen=32, maxmem=2**26)


def new_receipt(n: int) -> Receipt:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    salt = secrets.token_bytes(16)
    stored = "$".join(
        [
            "scrypt",
            str(n),
            base64.b64encode(salt).decode(),
            base64.b64encode(_scrypt(raw, salt, n)).decode(),
        ]
    )
    shown = "-".join(raw[i : i + 4] for i in range(0, LENGTH, 4))
    return Receipt(code=shown, lookup=raw[:LOOKUP], hash=stored)


def matches(code: str, stored: str) -> bool:
    _, n, salt, digest = stored.split("$")
    computed = _scrypt(code, base64.b64decode(salt), int(n))
    return hmac.compare_digest(computed, base64.b64decode(digest))


def burn(n: int) -> None:
    """Spend the time a real check takes, so a miss is not faster than a wrong code."""
    _scrypt("0" * LENGTH, b"\0" * 16, n)


# scrypt is slow by design: it runs in worker threads, a few at a time, never on the event loop.
_slow = asyncio.Semaphore(2)


async def off_loop(function: Callable[..., T], *args: Any) -> T:
    async with _slow:
        return await asyncio.to_thread(function, *args)

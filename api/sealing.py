"""Encryption at rest for what identifies a reporter (J6): AES-256-GCM under a key derived from the
settings' `reporter_key`, which is never stored in the database. Each value is bound to its purpose
(name, contact) so a ciphertext cannot be moved from one column to another."""

from __future__ import annotations

import base64
import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

VERSION = "v1"


@lru_cache(maxsize=4)
def _cipher(secret: str) -> AESGCM:
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"cadre-api reporter", info=b"aes-256-gcm"
    ).derive(secret.encode())
    return AESGCM(key)


def seal(plaintext: str | None, secret: str, purpose: str) -> str | None:
    if plaintext is None or plaintext == "":
        return None
    nonce = os.urandom(12)
    sealed = _cipher(secret).encrypt(nonce, plaintext.encode(), purpose.encode())
    return f"{VERSION}:" + base64.urlsafe_b64encode(nonce + sealed).decode()


def unseal(value: str | None, secret: str, purpose: str, previous: str = "") -> str | None:
    """The plaintext of `value`, sealed under `secret` or (during a key rotation) `previous`."""
    if value is None:
        return None
    version, _, body = value.partition(":")
    if version != VERSION:
        raise ValueError("unknown sealing version")
    raw = base64.urlsafe_b64decode(body.encode())
    try:
        return _cipher(secret).decrypt(raw[:12], raw[12:], purpose.encode()).decode()
    except InvalidTag:
        if not previous:
            raise
        return _cipher(previous).decrypt(raw[:12], raw[12:], purpose.encode()).decode()


def sealed_under(value: str, secret: str, purpose: str) -> bool:
    """Whether `value` opens with `secret` (a rotation skips what is already re-sealed)."""
    try:
        unseal(value, secret, purpose)
    except (InvalidTag, ValueError):
        return False
    return True

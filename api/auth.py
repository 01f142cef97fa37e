"""Bearer tokens: JWTs checked for signature, expiry, issuer and audience.

HS256 with a shared secret in development; RS256 with a public key or a JWKS file in production,
where tokens are issued by the identity provider (or `cadre-api token` given the private key).
"""

from __future__ import annotations

import json
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

import jwt

from api.settings import Settings


class TokenError(Exception):
    """The bearer token was present but is not acceptable."""


def issue_token(username: str, settings: Settings, *, ttl_seconds: int | None = None) -> str:
    now = int(time.time())
    claims = {
        "sub": username,
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "iat": now,
        "nbf": now,
        "exp": now + (ttl_seconds if ttl_seconds is not None else settings.token_ttl_seconds),
    }
    if settings.jwt_algorithm == "HS256":
        return jwt.encode(claims, settings.jwt_secret, algorithm="HS256")
    if not settings.jwt_private_key_file:
        raise TokenError("RS256 tokens are issued by the identity provider (no private key set)")
    key = Path(settings.jwt_private_key_file).read_text()
    return jwt.encode(claims, key, algorithm="RS256")


VERIFIED_FOR_SECONDS = 60.0
_verified: dict[tuple[str, ...], tuple[str, float, float]] = {}


def decode_token(token: str, settings: Settings) -> str:
    """The username the token was issued for; `TokenError` for anything not acceptable.

    A token this process verified in the last minute is not verified again (the signature check
    is most of a cached request's authentication): its expiry is still checked on every use, and
    whether its user is active and what roles it holds is the principal's business, read through
    the coherent cache (api/coherence.py), never taken from here."""
    key = (
        token,
        settings.jwt_algorithm,
        settings.jwt_secret,
        settings.jwt_audience,
        settings.jwt_issuer,
        settings.jwt_jwks_file or "",
        settings.jwt_public_key_file or "",
    )
    now = time.time()
    known = _verified.get(key)
    if known is not None:
        subject, expires, verified_at = known
        if now > expires + LEEWAY:
            raise TokenError("token expired")
        if now - verified_at < VERIFIED_FOR_SECONDS:
            return subject
    subject, expires = _verify(token, settings)
    if len(_verified) >= 10_000:
        _verified.clear()
    _verified[key] = (subject, expires, now)
    return subject


LEEWAY = 30


def _verify(token: str, settings: Settings) -> tuple[str, float]:
    try:
        claims = jwt.decode(
            token,
            _verification_key(token, settings),
            algorithms=[settings.jwt_algorithm],
            audience=settings.jwt_audience,
            issuer=settings.jwt_issuer,
            options={"require": ["exp", "iat", "sub", "iss", "aud"]},
            leeway=LEEWAY,
        )
    except jwt.ExpiredSignatureError as exc:
        raise TokenError("token expired") from exc
    except jwt.PyJWTError as exc:
        raise TokenError("invalid token") from exc
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject:
        raise TokenError("invalid token")
    return subject, float(claims["exp"])


def _verification_key(token: str, settings: Settings) -> Any:
    if settings.jwt_algorithm == "HS256":
        return settings.jwt_secret
    if settings.jwt_jwks_file:
        try:
            kid = jwt.get_unverified_header(token).get("kid")
        except jwt.PyJWTError as exc:
            raise TokenError("invalid token") from exc
        keys = _jwks(settings.jwt_jwks_file)
        if kid not in keys:
            raise TokenError("invalid token")
        return keys[kid]
    return _public_key(settings.jwt_public_key_file)


@lru_cache(maxsize=4)
def _public_key(path: str) -> str:
    return Path(path).read_text()


@lru_cache(maxsize=4)
def _jwks(path: str) -> dict[str, Any]:
    document = json.loads(Path(path).read_text())
    return {
        key.get("kid"): jwt.PyJWK.from_dict(key).key
        for key in document.get("keys", [])
        if key.get("kty") == "RSA"
    }


def bearer_token(header: str | None) -> str | None:
    """The token of an `Authorization: Bearer …` header; None when there is no header at all."""
    if header is None:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise TokenError("malformed Authorization header")
    return token.strip()

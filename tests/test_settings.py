"""Settings and signing keys: production refuses development secrets; RS256 works with a key file
or a JWKS file."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from api.auth import TokenError, decode_token, issue_token
from api.settings import Settings

PRODUCTION = {
    "CADRE_ENV": "production",
    "CADRE_JWT_SECRET": "p" * 40,
    "CADRE_REPORTER_KEY": "r" * 40,
    "CADRE_LOG_KEY": "l" * 40,
}


def test_production_refuses_to_start_without_a_reporter_key() -> None:
    with pytest.raises(ValueError, match="CADRE_REPORTER_KEY"):
        Settings(**{**PRODUCTION, "CADRE_REPORTER_KEY": ""})


def test_production_refuses_to_start_without_a_secret() -> None:
    with pytest.raises(ValueError, match="CADRE_JWT_SECRET"):
        Settings(**{**PRODUCTION, "CADRE_JWT_SECRET": ""})


@pytest.mark.parametrize("secret", ["dev-" + "a" * 40, "short"])
def test_production_refuses_a_development_or_short_secret(secret: str) -> None:
    with pytest.raises(ValueError, match="refuses"):
        Settings(**{**PRODUCTION, "CADRE_JWT_SECRET": secret})


def test_production_turns_off_introspection_and_graphiql_unless_asked() -> None:
    settings = Settings(**PRODUCTION)
    assert not settings.introspection_enabled and not settings.graphiql_enabled
    asked = Settings(**PRODUCTION, CADRE_INTROSPECTION=True)
    assert asked.introspection_enabled


@pytest.fixture
def rsa_files(tmp_path: Path) -> tuple[Path, Path, Path]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = tmp_path / "private.pem"
    private.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    public = tmp_path / "public.pem"
    public.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps({"keys": [{**jwk, "kid": "k1"}]}))
    return private, public, jwks


def test_rs256_tokens_verify_with_the_public_key(rsa_files: tuple[Path, Path, Path]) -> None:
    private, public, _ = rsa_files
    settings = Settings(
        CADRE_JWT_ALGORITHM="RS256",
        CADRE_JWT_PRIVATE_KEY_FILE=str(private),
        CADRE_JWT_PUBLIC_KEY_FILE=str(public),
    )
    assert decode_token(issue_token("audit.bureau", settings), settings) == "audit.bureau"


def test_rs256_tokens_verify_through_a_jwks_file(rsa_files: tuple[Path, Path, Path]) -> None:
    private, _, jwks = rsa_files
    settings = Settings(CADRE_JWT_ALGORITHM="RS256", CADRE_JWT_JWKS_FILE=str(jwks))
    now = 2_000_000_000
    claims = {"sub": "audit.bureau", "iss": "cadre-api", "aud": "cadre-api", "iat": 1, "exp": now}
    token = jwt.encode(claims, private.read_text(), algorithm="RS256", headers={"kid": "k1"})
    assert decode_token(token, settings) == "audit.bureau"
    other = jwt.encode(claims, private.read_text(), algorithm="RS256", headers={"kid": "k2"})
    with pytest.raises(TokenError):
        decode_token(other, settings)


def test_an_hs256_token_is_refused_where_rs256_is_configured(
    rsa_files: tuple[Path, Path, Path],
) -> None:
    # The classic key-confusion attack: an HMAC signature keyed with the public key.
    _, public, _ = rsa_files
    settings = Settings(CADRE_JWT_ALGORITHM="RS256", CADRE_JWT_PUBLIC_KEY_FILE=str(public))

    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    claims = {"sub": "admin", "iss": "cadre-api", "aud": "cadre-api", "iat": 1, "exp": 2**31}
    payload = b64(json.dumps(claims).encode())
    signature = hmac.new(public.read_bytes(), f"{header}.{payload}".encode(), hashlib.sha256)
    with pytest.raises(TokenError):
        decode_token(f"{header}.{payload}.{b64(signature.digest())}", settings)

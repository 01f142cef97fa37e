"""Authentication: a present but unacceptable token is refused, never read as anonymous."""

from __future__ import annotations

import time

import jwt
import pytest

from tests.conftest import TEST_SECRET, Client
from tests.helpers import error_codes

VIEWER = "{ viewer { username } }"


def _token(**overrides: object) -> str:
    now = int(time.time())
    claims = {
        "sub": "city.supervisor",
        "iss": "cadre-api",
        "aud": "cadre-api",
        "iat": now,
        "nbf": now,
        "exp": now + 600,
        **overrides,
    }
    secret = str(claims.pop("_secret", TEST_SECRET))
    return jwt.encode(claims, secret, algorithm="HS256")


async def test_a_valid_token_identifies_the_user(client: Client) -> None:
    data = await client.data(VIEWER, user="city.supervisor")
    assert data["viewer"]["username"] == "city.supervisor"


async def test_no_token_is_anonymous_and_anonymous_gets_unauthenticated(client: Client) -> None:
    body = await client.post(VIEWER)
    assert error_codes(body) == ["UNAUTHENTICATED"]


@pytest.mark.parametrize(
    ("case", "header"),
    [
        ("malformed header", "Bearer"),
        ("wrong scheme", "Basic dXNlcjpwYXNz"),
        ("not a jwt", "Bearer not-a-token"),
        ("forged signature", f"Bearer {_token(_secret='another-secret-' + 'y' * 40)}"),
        ("expired", f"Bearer {_token(exp=int(time.time()) - 3600, iat=1, nbf=1)}"),
        ("wrong audience", f"Bearer {_token(aud='someone-else')}"),
        ("wrong issuer", f"Bearer {_token(iss='someone-else')}"),
        ("unknown user", f"Bearer {_token(sub='nobody')}"),
        ("alg none", "Bearer " + jwt.encode({"sub": "admin"}, None, algorithm="none")),
    ],
)
async def test_an_unacceptable_token_is_refused_with_unauthenticated(
    client: Client, case: str, header: str
) -> None:
    body = await client.post(VIEWER, headers={"Authorization": header})
    assert error_codes(body) == ["UNAUTHENTICATED"], case
    assert body["data"] is None
    assert body["_status"] == 401


async def test_a_refused_token_does_not_fall_back_to_public_operations(client: Client) -> None:
    body = await client.post("{ __typename }", headers={"Authorization": "Bearer junk"})
    assert error_codes(body) == ["UNAUTHENTICATED"]


def test_a_token_verified_once_is_still_refused_once_it_has_expired() -> None:
    from api import auth
    from tests.conftest import make_settings

    # given a token this process has verified (and so remembers for a minute)
    settings = make_settings("sqlite://:memory:")
    token = auth.issue_token("city.supervisor", settings)
    assert auth.decode_token(token, settings) == "city.supervisor"
    (key,) = [k for k in auth._verified if k[0] == token]
    subject, _, verified_at = auth._verified[key]
    # when its expiry passes within that minute
    auth._verified[key] = (subject, time.time() - auth.LEEWAY - 1, verified_at)
    # then it is refused as expired, as a token never seen before would be
    with pytest.raises(auth.TokenError, match="expired"):
        auth.decode_token(token, settings)

"""A channel a flood cannot close: per-address limits stay, and once all clients together have used
the hour's submissions a submission carries a hashcash proof of work instead of being refused. The
limits live in the shared database, so several server processes enforce one limit. Receipts are
kept as keyed hashes; receipts issued with the old slow hash keep working."""

from __future__ import annotations

import base64
import datetime
import hashlib
import secrets
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx

from api.app import create_app
from api.settings import Settings
from models import OrgUnit, Tipoff
from rules import proof_of_work, receipts
from tests.conftest import World, make_settings
from tests.helpers import error_codes
from tests.tipoff_support import STATUS, SUBMIT


def _flood_settings(world: World, **overrides: Any) -> Settings:
    """Small limits, and a receipt key of this test's own: its buckets are nobody else's."""
    values: dict[str, Any] = {
        "CADRE_REPORTER_KEY": world.settings.reporter_key,
        "CADRE_RECEIPT_KEY": "flood-test-" + secrets.token_hex(20),
        "CADRE_SUBMISSIONS_PER_HOUR": 2,
        "CADRE_PUBLIC_FLOOD_FACTOR": 3,
        "CADRE_PROOF_OF_WORK_BITS": 10,
    }
    return make_settings(world.settings.database_url, **{**values, **overrides})


@asynccontextmanager
async def _from(settings: Settings, address: str) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=create_app(settings), client=(address, 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://public") as http:
        yield http


async def _submit(
    http: httpx.AsyncClient, content: str, proof: dict[str, str] | None = None
) -> dict[str, Any]:
    tipoff: dict[str, Any] = {"channel": "ONLINE", "content": content}
    if proof is not None:
        tipoff["proofOfWork"] = proof
    response = await http.post("/graphql", json={"query": SUBMIT, "variables": {"input": tipoff}})
    body: dict[str, Any] = response.json()
    return body


async def test_a_flood_from_many_addresses_asks_for_work_and_an_honest_report_still_goes_through(
    world: World,
) -> None:
    settings = _flood_settings(world)
    # Given 12 loopback addresses each sending their per-address allowance (2) an hour
    flood: list[list[str]] = []
    for n in range(12):
        async with _from(settings, f"127.0.0.{n + 2}") as http:
            flood += [error_codes(await _submit(http, f"flood {n}-{i}")) for i in range(2)]
    # then the first 6 (3 × 2, all clients together) were accepted and the rest asked for work
    assert flood[:6] == [[]] * 6
    assert flood[6:] == [["RATE_LIMITED"]] * 18

    # When an honest reporter comes from another address, the refusal states a challenge
    async with _from(settings, "127.0.1.1") as honest:
        refused = await _submit(honest, "镇长违规收受礼金")
        assert error_codes(refused) == ["RATE_LIMITED"]
        stated = refused["errors"][0]["extensions"]["proofOfWork"]
        assert stated["algorithm"] == "SHA-256" and stated["bits"] == 10
        # and, solved, the same submission goes through and its receipt works
        proof = {
            "challenge": stated["challenge"],
            "nonce": proof_of_work.solve(stated["challenge"], stated["bits"]),
        }
        accepted = await _submit(honest, "镇长违规收受礼金", proof)
        assert "errors" not in accepted, accepted
        code = accepted["data"]["submitTipoff"]["receiptCode"]
        status = await honest.post("/graphql", json={"query": STATUS, "variables": {"code": code}})
        assert status.json()["data"]["tipoffStatus"]["status"] == "RECEIVED"

    # Then the same proof cannot be spent twice
    async with _from(settings, "127.0.1.2") as replay:
        again = await _submit(replay, "again", proof)
        assert error_codes(again) == ["BAD_USER_INPUT"]
        assert "already used" in again["errors"][0]["message"]
        assert "proofOfWork" in again["errors"][0]["extensions"]  # a fresh one to solve


async def test_a_proof_of_work_does_not_lift_the_per_address_limit(world: World) -> None:
    settings = _flood_settings(world, CADRE_PUBLIC_FLOOD_FACTOR=1)
    async with _from(settings, "127.0.2.1") as http:
        assert [error_codes(await _submit(http, f"mine {i}")) for i in range(2)] == [[], []]
        challenge = proof_of_work.issue(settings.receipt_key, 10, time.time()).text
        proof = {"challenge": challenge, "nonce": proof_of_work.solve(challenge, 10)}
        third = await _submit(http, "third", proof)
    assert error_codes(third) == ["RATE_LIMITED"]
    assert "retryAfterSeconds" in third["errors"][0]["extensions"]
    assert "proofOfWork" not in third["errors"][0]["extensions"]


async def test_a_forged_an_expired_or_an_unsolved_challenge_is_refused(world: World) -> None:
    settings = _flood_settings(world)
    key = settings.receipt_key
    fresh = proof_of_work.issue(key, 10, time.time()).text
    expired = proof_of_work.issue(key, 10, time.time() - proof_of_work.TTL_SECONDS - 5).text
    forged = proof_of_work.issue("another key", 10, time.time()).text
    easier = fresh.replace(".10.", ".1.", 1)  # claims fewer bits: the MAC no longer fits
    unsolved = "0" if proof_of_work.leading_zero_bits(proof_of_work.digest(fresh, "0")) < 10 else ""
    cases = {
        "expired": {"challenge": expired, "nonce": proof_of_work.solve(expired, 10)},
        "not a challenge this server issued": {
            "challenge": forged,
            "nonce": proof_of_work.solve(forged, 10),
        },
        "not a challenge": {"challenge": easier, "nonce": proof_of_work.solve(easier, 1)},
        "does not solve": {"challenge": fresh, "nonce": unsolved or "x" * 65},
    }
    for n, (reason, proof) in enumerate(cases.items()):
        async with _from(settings, f"127.0.3.{n + 1}") as http:
            body = await _submit(http, "forged", proof)
        assert error_codes(body) == ["BAD_USER_INPUT"], reason
        assert reason in body["errors"][0]["message"]


async def test_two_server_processes_enforce_one_limit_on_guessing(world: World) -> None:
    # Given two servers over the same database (nothing is shared between them but the database)
    settings = _flood_settings(world, CADRE_PUBLIC_LOOKUPS_PER_MINUTE=4)
    answers = []
    async with _from(settings, "127.0.4.1") as first, _from(settings, "127.0.4.1") as second:
        # When one address alternates between them
        for i in range(6):
            http = first if i % 2 == 0 else second
            response = await http.post(
                "/graphql",
                json={"query": STATUS, "variables": {"code": "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA"}},
            )
            answers.append(error_codes(response.json()))
    # Then the limit of 4 a minute holds across both
    assert answers == [["NOT_FOUND"]] * 4 + [["RATE_LIMITED"]] * 2


async def test_receipts_are_kept_as_keyed_hashes_that_reveal_nothing_without_the_key(
    world: World,
) -> None:
    settings = _flood_settings(world)
    async with _from(settings, "127.0.5.1") as http:
        code = (await _submit(http, "keyed"))["data"]["submitTipoff"]["receiptCode"]
    normal = receipts.normalise(code)
    assert normal is not None
    tipoff = await Tipoff.get(receipt_lookup=receipts.lookup_of(normal, settings.receipt_key))
    assert tipoff.receipt_hash is not None
    assert tipoff.receipt_hash.startswith("hmac-sha256$")
    assert normal[:8] not in f"{tipoff.receipt_lookup} {tipoff.receipt_hash}"
    # and a server with another key does not recognise the code
    other = _flood_settings(world)
    async with _from(other, "127.0.5.2") as http:
        body = await http.post("/graphql", json={"query": STATUS, "variables": {"code": code}})
    assert error_codes(body.json()) == ["NOT_FOUND"]


async def test_a_receipt_issued_with_the_old_slow_hash_works_and_is_rekeyed_on_first_use(
    world: World,
) -> None:
    # Given a tip-off stored as before: the code's first 8 characters and a salted scrypt hash
    raw = "".join(secrets.choice(receipts.ALPHABET) for _ in range(receipts.LENGTH))
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(raw.encode(), salt=salt, n=2**10, r=8, p=1, dklen=32)
    legacy = f"scrypt$1024${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"
    city = await OrgUnit.get(code="city")
    tipoff = await Tipoff.create(
        channel="ONLINE",
        content="legacy receipt",
        jurisdiction_id=city.id,
        receiving_unit_id=city.id,
        routing_due=datetime.date(2026, 1, 10),
        deadline_basis="OFFICIAL_CALENDAR",
        receipt_lookup=raw[:8],
        receipt_hash=legacy,
    )
    settings = _flood_settings(world)
    async with _from(settings, "127.0.6.1") as http:
        # When the reporter asks with the code (as shown to them, in groups of four)
        shown = "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))
        body = await http.post("/graphql", json={"query": STATUS, "variables": {"code": shown}})
        assert body.json()["data"]["tipoffStatus"]["status"] == "RECEIVED"
        # Then the stored receipt is keyed from now on, and the code still works
        await tipoff.refresh_from_db()
        assert tipoff.receipt_hash == receipts.hash_of(raw, settings.receipt_key)
        again = await http.post("/graphql", json={"query": STATUS, "variables": {"code": shown}})
        assert "errors" not in again.json()


def test_leading_zero_bits_counts_from_the_first_byte() -> None:
    assert proof_of_work.leading_zero_bits(bytes([0, 0, 0b00010000]) + b"\xff") == 19
    assert proof_of_work.leading_zero_bits(b"\x80") == 0
    challenge = proof_of_work.issue("k", 12, time.time()).text
    nonce = proof_of_work.solve(challenge, 12)
    assert proof_of_work.problem("k", challenge, nonce, time.time()) is None


async def test_after_a_key_rotation_old_receipts_work_and_are_rekeyed_on_first_use(
    world: World,
) -> None:
    # Given a receipt issued under one key
    before = _flood_settings(world)
    async with _from(before, "127.0.7.1") as http:
        code = (await _submit(http, "rotation"))["data"]["submitTipoff"]["receiptCode"]
    # When the operator rotates: a new key, the old one kept as the previous key
    after = _flood_settings(world, CADRE_RECEIPT_KEY_PREVIOUS=before.receipt_key)
    async with _from(after, "127.0.7.2") as http:
        body = await http.post("/graphql", json={"query": STATUS, "variables": {"code": code}})
        assert body.json()["data"]["tipoffStatus"]["status"] == "RECEIVED"
    # Then the receipt is stored under the new key, and works without the previous one
    normal = receipts.normalise(code)
    assert normal is not None
    assert await Tipoff.exists(receipt_lookup=receipts.lookup_of(normal, after.receipt_key))
    only_new = make_settings(
        world.settings.database_url,
        CADRE_REPORTER_KEY=world.settings.reporter_key,
        CADRE_RECEIPT_KEY=after.receipt_key,
    )
    async with _from(only_new, "127.0.7.3") as http:
        again = await http.post("/graphql", json={"query": STATUS, "variables": {"code": code}})
    assert "errors" not in again.json()

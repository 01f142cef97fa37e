"""Public intake: a receipt code is the reporter's only key; guessing is rate-limited; nothing about
the reporter's network address is kept."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from api.app import create_app
from models import AccessLogEntry, ThrottleBucket, Tipoff
from tests.conftest import World, make_settings
from tests.helpers import error_codes
from tests.tipoff_support import STATUS, SUBMIT, TIPOFFS

REPLY = """
mutation($code: String!, $body: String!) {
  replyToTipoff(receiptCode: $code, body: $body) { status messages { body fromReporter } }
}
"""


async def _post(
    http: httpx.AsyncClient, query: str, variables: dict[str, object], **headers: str
) -> dict[str, object]:
    response = await http.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )
    body: dict[str, object] = response.json()
    return body


@pytest.fixture
async def public(world: World) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(world.settings)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, client=("203.0.113.9", 5555)),
        base_url="http://public",
    ) as http:
        yield http


async def _submit(http: httpx.AsyncClient, **extra: object) -> str:
    body = await _post(
        http,
        SUBMIT,
        {
            "input": {
                "channel": "ONLINE",
                "content": "有人收受购物卡",
                "subjectName": "某某",
                **extra,
            }
        },
    )
    assert "errors" not in body, body
    code: str = body["data"]["submitTipoff"]["receiptCode"]  # type: ignore[index]
    return code


async def test_a_submission_without_a_token_returns_a_long_receipt_code(
    public: httpx.AsyncClient,
) -> None:
    code = await _submit(public)
    assert len(code.replace("-", "")) >= 16
    body = await _post(public, STATUS, {"code": code})
    assert body["data"]["tipoffStatus"]["status"] == "RECEIVED"  # type: ignore[index]


async def test_the_receipt_is_compared_case_insensitively(public: httpx.AsyncClient) -> None:
    code = await _submit(public)
    body = await _post(public, STATUS, {"code": code.lower().replace("-", " ")})
    assert "errors" not in body


async def test_a_receipt_works_for_its_own_tip_off_only(public: httpx.AsyncClient) -> None:
    mine = await _submit(public, content="first")
    other = await _submit(public, content="second")
    await _post(public, REPLY, {"code": mine, "body": "补充材料在附件"})
    theirs = await _post(public, STATUS, {"code": other})
    assert theirs["data"]["tipoffStatus"]["messages"] == []  # type: ignore[index]
    forged = mine[:-1] + ("0" if mine[-1] != "0" else "1")
    body = await _post(public, STATUS, {"code": forged})
    assert error_codes(body) == ["NOT_FOUND"]
    assert error_codes(await _post(public, STATUS, {"code": "not-a-code"})) == ["NOT_FOUND"]


async def test_the_reporter_and_the_office_talk_through_the_receipt(
    public: httpx.AsyncClient, world: World
) -> None:
    code = await _submit(public)
    body = await _post(public, REPLY, {"code": code, "body": "时间是三月"})
    messages = body["data"]["replyToTipoff"]["messages"]  # type: ignore[index]
    assert messages == [{"body": "时间是三月", "fromReporter": True}]


async def test_status_shows_nothing_about_case_cadre_or_staff(public: httpx.AsyncClient) -> None:
    code = await _submit(public)
    body = await _post(
        public,
        "query($c: String!) { tipoffStatus(receiptCode: $c) { jurisdiction { code } } }",
        {"c": code},
    )
    assert error_codes(body) == ["GRAPHQL_VALIDATION_FAILED"]


async def test_a_submission_waits_in_the_nearest_jurisdiction_above_the_named_unit(
    public: httpx.AsyncClient, world: World
) -> None:
    from tests.conftest import Client

    await _submit(public, subjectUnit="county-b.town-1", content="queue-check-b")
    client = Client(public, world)
    data = await client.data(
        TIPOFFS, {"first": 100, "filter": {"status": "RECEIVED"}}, user="county-b.supervisor"
    )
    assert "queue-check-b" in {e["node"]["content"] for e in data["tipoffs"]["edges"]}


async def test_guessing_receipt_codes_is_rate_limited(world: World) -> None:
    settings = make_settings(
        world.settings.database_url,
        CADRE_PUBLIC_LOOKUPS_PER_MINUTE=5,
        CADRE_REPORTER_KEY=world.settings.reporter_key,
    )
    app = create_app(settings)
    transport = httpx.ASGITransport(app=app, client=("198.51.100.7", 4444))
    async with httpx.AsyncClient(transport=transport, base_url="http://guess") as http:
        codes = [
            error_codes(await _post(http, STATUS, {"code": f"AAAA-AAAA-AAAA-AAAA-AAAA-AA{i:02d}"}))
            for i in range(8)
        ]
    assert codes[:5] == [["NOT_FOUND"]] * 5
    assert codes[5:] == [["RATE_LIMITED"]] * 3


async def test_no_network_address_is_stored(public: httpx.AsyncClient) -> None:
    code = await _submit(public, content="address-check")
    tipoff = await Tipoff.get(content="address-check")
    stored = " ".join(str(v) for v in tipoff.__dict__.values())
    log = " ".join(
        f"{e.detail} {e.username} {e.roles}"
        for e in await AccessLogEntry.filter(record_ids=str(tipoff.id))
    )
    buckets = " ".join(b.bucket for b in await ThrottleBucket.all())
    assert "203.0.113.9" not in stored + log + buckets
    assert code.replace("-", "") not in stored  # nor the receipt code itself


async def test_a_public_submission_costs_a_fixed_number_of_statements(
    public: httpx.AsyncClient, world: World, statements: Any
) -> None:
    # Given a submission that names nobody linked to an account and no unit (as bench/run.py's)
    tipoff = {"channel": "ONLINE", "content": "bench intake", "subjectName": "bench"}
    await _post(public, SUBMIT, {"input": tipoff})  # prepared statements, caches
    # When it is sent again
    with statements() as sent:
        body = await _post(public, SUBMIT, {"input": tipoff})
    assert "errors" not in body, body
    # Then it costs the gate (one statement on PostgreSQL: peek, own limit, everyone's; three on
    # SQLite), the root's queue, the tip-off, the linked cadres (J5), the log's lane tip and the
    # log entry (J8) — besides BEGIN and COMMIT — every time
    assert len(sent) == (6 if world.backend == "postgres" else 8), sent
    # and naming a unit by code costs one more (the unit, then its nearest jurisdiction)
    with statements() as sent:
        body = await _post(public, SUBMIT, {"input": {**tipoff, "subjectUnit": "s-city"}})
    assert "errors" not in body, body
    assert len(sent) == (7 if world.backend == "postgres" else 9), sent

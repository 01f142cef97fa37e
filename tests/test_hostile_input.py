"""No input produces INTERNAL: strings are bounded at the schema boundary (NUL, lone surrogates, a
global length, and the column each is stored in), ids and cursors that do not decode are
NOT_FOUND / BAD_USER_INPUT, years are bounded, and malformed requests are HTTP 400 with the
contract's error body."""

from __future__ import annotations

import base64
import json
import uuid
from typing import Any

import httpx
import pytest

from api.app import create_app
from models import Tipoff
from tests.conftest import Client, World, make_settings
from tests.helpers import error_codes
from tests.queries import CADRE_BY_CODE, NODE

LONG = "x" * 5000
SUBMIT = "mutation($i: SubmitTipoffInput!) { submitTipoff(input: $i) { receiptCode } }"


async def post_escaped(
    client: Client, query: str, variables: dict[str, Any], user: str | None = None
) -> dict[str, Any]:
    """Send the body as JSON with \\u escapes, as a client would send a lone surrogate."""
    headers = {"Content-Type": "application/json"}
    if user is not None:
        headers["Authorization"] = f"Bearer {client.token(user)}"
    response = await client.http.post(
        "/graphql", content=json.dumps({"query": query, "variables": variables}), headers=headers
    )
    body: dict[str, Any] = response.json()
    return body


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        (CADRE_BY_CODE, {"code": LONG}),
        ("query($c: String!) { unit(code: $c) { code } }", {"c": LONG}),
        (
            "query($c: String!) { cadres(filter: {managingUnit: $c}) { totalCount } }",
            {"c": LONG},
        ),
        (
            "query($c: String!) { committee(unitCode: $c) { members { code } } }",
            {"c": LONG},
        ),
        (
            "mutation($c: String!) { commissionAudit(input: {cadreCode: $c, kind: IN_TERM, "
            'periodStart: "2024-01-01", periodEnd: "2024-12-31", dueDate: "2030-01-01"}) '
            "{ id } }",
            {"c": LONG},
        ),
        (
            'mutation($c: String!) { registerTipoff(input: {channel: PHONE, content: "x", '
            "cadreCode: $c}) { id } }",
            {"c": LONG},
        ),
    ],
)
async def test_an_over_long_code_is_bad_user_input_naming_the_argument(
    client: Client, query: str, variables: dict[str, Any]
) -> None:
    body = await client.post(query, variables, user="city.supervisor")
    assert error_codes(body) == ["BAD_USER_INPUT"], body
    assert body["errors"][0]["extensions"]["argument"]


async def test_a_display_name_longer_than_its_column_is_bad_user_input(client: Client) -> None:
    body = await client.post(
        'mutation($n: String!) { createUser(input: {username: "long-name", displayName: $n}) '
        "{ username } }",
        {"n": "名" * 101},
        user="admin",
    )
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["extensions"]["argument"] == "input.displayName"


@pytest.mark.parametrize(
    "node_id",
    [_b64("Cadre:²"), _b64("Tipoff:99999999999999999999"), _b64("Cadre:-1"), "%%%", _b64("x")],
)
async def test_an_id_that_does_not_decode_finds_nothing(client: Client, node_id: str) -> None:
    body = await client.post(NODE, {"id": node_id}, user="city.supervisor")
    assert body["data"]["node"] is None
    assert error_codes(body) in ([], ["BAD_USER_INPUT"]), body


@pytest.mark.parametrize(
    "tipoff_id", [_b64("Tipoff:99999999999999999999"), _b64("Tipoff:²"), "not an id"]
)
async def test_a_mutation_on_an_id_that_does_not_decode_is_not_found_or_bad_input(
    client: Client, tipoff_id: str
) -> None:
    body = await client.post(
        'mutation($id: ID!) { revealTipoffReporter(tipoffId: $id, reason: "核查") { name } }',
        {"id": tipoff_id},
        user="county-a.supervisor",
    )
    assert error_codes(body) in (["NOT_FOUND"], ["BAD_USER_INPUT"]), body


@pytest.mark.parametrize("cursor", ["%%%", _b64("cadre:" + LONG), _b64("other:C-0001"), "\udcff"])
async def test_a_cursor_that_does_not_decode_is_bad_user_input(client: Client, cursor: str) -> None:
    body = await post_escaped(
        client,
        "query($a: String) { cadres(after: $a) { totalCount } }",
        {"a": cursor},
        user="city.supervisor",
    )
    assert error_codes(body) == ["BAD_USER_INPUT"], body


@pytest.mark.parametrize("year", [0, -5, 99999, 2_000_000_000])
async def test_a_year_out_of_range_is_bad_user_input(client: Client, year: int) -> None:
    body = await client.post(
        "query($y: Int!) { selectionCompliance(year: $y) { totalCount } }",
        {"y": year},
        user="city.supervisor",
    )
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["extensions"]["argument"] == "year"


@pytest.mark.parametrize("bad", ["a\x00b", "a\ud800b", "\udfff"])
async def test_nul_and_lone_surrogates_are_bad_user_input_naming_the_argument(
    client: Client, bad: str
) -> None:
    body = await post_escaped(client, CADRE_BY_CODE, {"code": bad}, user="city.supervisor")
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["extensions"]["argument"] == "code"


async def test_a_refused_public_submission_stores_nothing_and_uses_up_no_quota(
    client: Client,
) -> None:
    # Given a public submission whose text holds a lone surrogate
    before = await Tipoff.all().count()
    body = await post_escaped(
        client,
        "mutation($i: SubmitTipoffInput!) { submitTipoff(input: $i) { receiptCode } }",
        {"i": {"channel": "ONLINE", "content": "举报\ud800内容", "subjectName": "张\x00三"}},
    )
    # Then it is refused, naming the field, and nothing was stored
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["extensions"]["argument"] == "input.content"
    assert await Tipoff.all().count() == before


async def test_refused_submissions_leave_the_hourly_quota_whole(world: World) -> None:
    # Given a server allowing one submission an hour per address
    app = create_app(make_settings(world.settings.database_url, CADRE_SUBMISSIONS_PER_HOUR=1))
    transport = httpx.ASGITransport(app=app, client=(f"10.9.{uuid.uuid4().int % 250}.7", 4321))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:

        async def submit(content: str) -> list[str]:
            variables = {"i": {"channel": "ONLINE", "content": content}}
            response = await http.post(
                "/graphql",
                content=json.dumps({"query": SUBMIT, "variables": variables}),
                headers={"Content-Type": "application/json"},
            )
            return error_codes(response.json())

        # When three submissions are refused for a character that cannot be stored
        for _ in range(3):
            assert await submit("举报\ud800") == ["BAD_USER_INPUT"]
        # Then the one submission of the hour is still there, and then used up
        assert await submit("举报内容") == []
        assert await submit("举报内容二") == ["RATE_LIMITED"]


async def test_a_string_longer_than_any_column_is_refused_before_anything_runs(
    client: Client,
) -> None:
    body = await client.post(
        "mutation($i: SubmitTipoffInput!) { submitTipoff(input: $i) { receiptCode } }",
        {"i": {"channel": "ONLINE", "content": "长" * 100_001}},
    )
    assert error_codes(body) == ["BAD_USER_INPUT"]


async def test_literals_in_the_document_are_bounded_as_variables_are(client: Client) -> None:
    body = await client.post('{ cadre(code: "' + LONG + '") { code } }', user="city.supervisor")
    assert error_codes(body) == ["BAD_USER_INPUT"]


async def _raw(client: Client, content: bytes, method: str = "POST", **kw: Any) -> Any:
    response = await client.http.request(
        method,
        "/graphql",
        content=content,
        headers={"Content-Type": "application/json", "Accept": "application/json"},
        **kw,
    )
    return response


@pytest.mark.parametrize(
    "content",
    [
        b"not json",
        b"[" * 5000 + b"]" * 5000,
        b'{"query": "{ __typename }", "variables": {"v": ' + b"[" * 100 + b"]" * 100 + b"}}",
        json.dumps([{"query": "{ __typename }"}, {"query": "{ __typename }"}]).encode(),
        b'"just a string"',
        b'{"query": 5}',
    ],
)
async def test_a_malformed_request_is_http_400_with_the_error_body(
    client: Client, content: bytes
) -> None:
    response = await _raw(client, content)
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_a_mutation_over_get_is_http_400_with_the_error_body(client: Client) -> None:
    response = await client.http.get(
        "/graphql",
        params={
            "query": 'mutation { submitTipoff(input: {channel: ONLINE, content: "x"}) '
            "{ receiptCode } }"
        },
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"

"""J6: the reporter's identity is encrypted at rest and shown only to a holder of the reveal
permission for the tip-off's unit who has revealed it, each reveal logged."""

from __future__ import annotations

from tortoise import connections

from models import AccessLogEntry
from tests.conftest import Client
from tests.helpers import error_codes
from tests.tipoff_support import OPEN_CASE, REVEAL, TIPOFF, TIPOFFS, registered


async def test_the_reporter_is_hidden_in_lists_detail_nested_fields_and_node(
    client: Client,
) -> None:
    tipoff = await registered(client)
    assert tipoff["reporter"] is None  # even to the one who registered it
    opened = await client.data(
        OPEN_CASE, {"ids": [tipoff["id"]], "cadre": "C-0101"}, user="county-a.supervisor"
    )
    for user in ("county-a.supervisor", "city.supervisor"):
        listed = await client.data(
            TIPOFFS, {"first": 100, "filter": {"cadreCode": "C-0101"}}, user=user
        )
        mine = [e["node"] for e in listed["tipoffs"]["edges"] if e["node"]["id"] == tipoff["id"]]
        assert mine and mine[0]["reporter"] is None
        one = await client.data(TIPOFF, {"id": tipoff["id"]}, user=user)
        assert one["tipoff"]["reporter"] is None
        node = await client.data(
            "query($id: ID!) { node(id: $id) { ... on Tipoff { reporter { name } } } }",
            {"id": tipoff["id"]},
            user=user,
        )
        assert node["node"]["reporter"] is None
        nested = await client.data(
            "query($id: ID!) { case(id: $id) { tipoffs { id reporter { name } } } }",
            {"id": opened["openCase"]["id"]},
            user=user,
        )
        assert nested["case"]["tipoffs"] == [{"id": tipoff["id"], "reporter": None}]


async def test_a_reveal_shows_the_reporter_to_that_caller_only_and_is_logged(
    client: Client,
) -> None:
    tipoff = await registered(client)
    data = await client.data(
        REVEAL, {"id": tipoff["id"], "reason": "需要核实举报细节"}, user="county-a.supervisor"
    )
    revealed = data["revealTipoffReporter"]
    assert revealed["name"].startswith("报告人") and revealed["contact"].startswith("139")
    entry = await AccessLogEntry.all().order_by("-id").first()
    assert entry is not None
    assert (entry.action, entry.username, entry.roles) == (
        "tipoff:reveal",
        "county-a.supervisor",
        "supervisor@county-a",
    )
    assert "需要核实举报细节" in entry.detail
    mine = await client.data(TIPOFF, {"id": tipoff["id"]}, user="county-a.supervisor")
    assert mine["tipoff"]["reporter"] == revealed
    others = await client.data(TIPOFF, {"id": tipoff["id"]}, user="city.supervisor")
    assert others["tipoff"]["reporter"] is None


async def test_oversight_does_not_carry_the_reveal_permission(client: Client) -> None:
    tipoff = await registered(client)  # under county A
    body = await client.post(REVEAL, {"id": tipoff["id"], "reason": "x"}, user="city.supervisor")
    assert error_codes(body) == ["FORBIDDEN"]
    for user in ("county-b.supervisor", "audit.bureau", "admin", "discipline.officer"):
        body = await client.post(REVEAL, {"id": tipoff["id"], "reason": "x"}, user=user)
        assert error_codes(body) == ["NOT_FOUND"], user


async def test_revealing_an_anonymous_tip_off_returns_null(client: Client) -> None:
    tipoff = await registered(client, reporterName=None, reporterContact=None)
    data = await client.data(
        REVEAL, {"id": tipoff["id"], "reason": "check"}, user="county-a.supervisor"
    )
    assert data["revealTipoffReporter"] is None


async def test_a_reveal_needs_a_reason(client: Client) -> None:
    tipoff = await registered(client)
    body = await client.post(
        REVEAL, {"id": tipoff["id"], "reason": "  "}, user="county-a.supervisor"
    )
    assert error_codes(body) == ["BAD_USER_INPUT"]


async def test_the_encrypted_columns_hold_no_plaintext(client: Client) -> None:
    tipoff = await registered(client)
    data = await client.data(
        REVEAL, {"id": tipoff["id"], "reason": "check"}, user="county-a.supervisor"
    )
    name, contact = data["revealTipoffReporter"]["name"], data["revealTipoffReporter"]["contact"]
    rows = await connections.get("default").execute_query_dict(
        "SELECT * FROM tipoff WHERE reporter_name_enc IS NOT NULL"
    )
    raw = " ".join(str(v) for row in rows for v in row.values())
    assert name not in raw and contact not in raw
    assert all(row["reporter_name_enc"].startswith("v1:") for row in rows)

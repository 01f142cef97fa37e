"""The audit bureau's integration (D7, J7): it sees the work addressed to it and nothing else, and
its result is stored exactly once."""

from __future__ import annotations

import asyncio
import datetime

import httpx
import pytest

from api.app import create_app
from models import AuditCommission, AuditResult
from tests.audit_support import (
    ACCEPT,
    COMMISSION,
    FEEDBACK,
    LIST,
    START,
    SUBMIT,
    commission_input,
    commissioned,
    result_input,
)
from tests.conftest import Client, World, make_settings
from tests.helpers import error_codes

BUREAU = "audit.bureau"


async def test_the_bureau_lists_only_commissions_addressed_to_it_with_minimal_cadre_data(
    client: Client,
) -> None:
    await commissioned(client)
    data = await client.data(LIST, {"first": 100}, user=BUREAU)
    nodes = [e["node"] for e in data["auditCommissions"]["edges"]]
    assert nodes and all(n["addressedTo"]["code"] == "city-audit" for n in nodes)
    assert {"C-0002", "C-0001"} <= {n["cadre"]["code"] for n in nodes}
    assert all(set(n["cadre"]) == {"code", "name", "post", "workUnit"} for n in nodes)
    assert all(n["feedback"] is None for n in nodes)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("{ cadres { totalCount } }", {"cadres": {"totalCount": 0}}),
        ('{ cadre(code: "C-0002") { code } }', {"cadre": None}),
        ("{ auditPlans { totalCount } }", {"auditPlans": {"totalCount": 0}}),
    ],
)
async def test_the_bureau_sees_no_cadres_and_no_plans(
    client: Client, query: str, expected: dict[str, object]
) -> None:
    assert await client.data(query, user=BUREAU) == expected


async def test_the_bureau_cannot_reach_a_cadre_by_node_either(client: Client) -> None:
    data = await client.data('{ cadre(code: "C-0002") { id } }', user="city.supervisor")
    node = await client.data(
        "query($id: ID!) { node(id: $id) { id } }", {"id": data["cadre"]["id"]}, user=BUREAU
    )
    assert node == {"node": None}


async def test_the_bureau_may_not_commission_follow_up_or_administer(client: Client) -> None:
    commission = await commissioned(client)
    body = await client.post(COMMISSION, {"input": commission_input("C-0002")}, user=BUREAU)
    assert error_codes(body) == ["NOT_FOUND"]  # it cannot see the cadre at all
    body = await client.post(
        FEEDBACK,
        {"id": commission["id"], "input": {"discussedOn": "2026-01-05", "notes": "x"}},
        user=BUREAU,
    )
    assert error_codes(body) == ["FORBIDDEN"]  # it reads the commission, but follow-up is not its
    body = await client.post(
        'mutation { proposeAuditPlan(year: 2026, unitCode: "city", share: "0.5") { id } }',
        user=BUREAU,
    )
    assert error_codes(body) == ["NOT_FOUND"]


async def test_other_users_cannot_accept_or_answer(client: Client) -> None:
    commission = await commissioned(client)
    for user, code in (
        ("city.selector", "FORBIDDEN"),
        ("county-a.supervisor", "NOT_FOUND"),
        ("discipline.officer", "NOT_FOUND"),
        ("admin", "NOT_FOUND"),
    ):
        body = await client.post(ACCEPT, {"id": commission["id"]}, user=user)
        assert error_codes(body) == [code], user


async def test_accepting_twice_is_harmless(client: Client) -> None:
    commission = await commissioned(client)
    first = await client.data(ACCEPT, {"id": commission["id"]}, user=BUREAU)
    again = await client.data(ACCEPT, {"id": commission["id"]}, user=BUREAU)
    assert first["acceptAuditCommission"]["status"] == "ACCEPTED"
    assert again["acceptAuditCommission"] == first["acceptAuditCommission"]


async def test_work_starts_only_after_acceptance(client: Client) -> None:
    commission = await commissioned(client)
    body = await client.post(START, {"id": commission["id"]}, user=BUREAU)
    assert error_codes(body) == ["PRECONDITION_FAILED"]
    assert body["errors"][0]["extensions"]["rule"] == "D7"
    await client.data(ACCEPT, {"id": commission["id"]}, user=BUREAU)
    data = await client.data(START, {"id": commission["id"]}, user=BUREAU)
    assert data["startAuditWork"]["status"] == "IN_PROGRESS"


async def test_the_same_submission_three_times_stores_one_result(client: Client) -> None:
    commission = await commissioned(client)
    await client.data(ACCEPT, {"id": commission["id"]}, user=BUREAU)
    variables = {"id": commission["id"], "input": result_input(), "key": "bureau-run-42"}
    answers = [await client.data(SUBMIT, variables, user=BUREAU) for _ in range(3)]
    assert answers[0] == answers[1] == answers[2]
    stored = answers[0]["submitAuditResult"]
    assert stored["status"] == "RESULT_SUBMITTED"
    assert stored["result"]["findings"][0]["amount"] == "12500.00"
    commission_id = await _db_id(commission["id"])
    assert await AuditResult.filter(commission_id=commission_id).count() == 1


async def test_another_result_for_an_answered_commission_is_a_conflict(client: Client) -> None:
    commission = await commissioned(client)
    await client.data(ACCEPT, {"id": commission["id"]}, user=BUREAU)
    await client.data(
        SUBMIT, {"id": commission["id"], "input": result_input(), "key": "k1"}, user=BUREAU
    )
    for key, summary in (("k2", "funds managed in order"), ("k1", "a different summary")):
        body = await client.post(
            SUBMIT,
            {"id": commission["id"], "input": result_input(summary), "key": key},
            user=BUREAU,
        )
        assert error_codes(body) == ["CONFLICT"], key


async def test_concurrent_different_submissions_one_wins_the_other_conflicts(
    client: Client,
) -> None:
    commission = await commissioned(client)
    await client.data(ACCEPT, {"id": commission["id"]}, user=BUREAU)
    bodies = await asyncio.gather(
        *(
            client.post(
                SUBMIT,
                {"id": commission["id"], "input": result_input(f"version {i}"), "key": f"c{i}"},
                user=BUREAU,
            )
            for i in range(4)
        )
    )
    outcomes = sorted(error_codes(b)[0] if "errors" in b else "OK" for b in bodies)
    assert outcomes == ["CONFLICT", "CONFLICT", "CONFLICT", "OK"]
    commission_id = await _db_id(commission["id"])
    assert await AuditResult.filter(commission_id=commission_id).count() == 1


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        ("-1.00", "BAD_USER_INPUT"),
        ("abc", "BAD_USER_INPUT"),
        (12.5, "BAD_USER_INPUT"),
        ("1.005", "BAD_USER_INPUT"),
        ("NaN", "BAD_USER_INPUT"),
    ],
)
async def test_a_bad_amount_is_refused_and_nothing_is_stored(
    client: Client, amount: object, code: str
) -> None:
    commission = await commissioned(client)
    await client.data(ACCEPT, {"id": commission["id"]}, user=BUREAU)
    bad = result_input()
    bad["findings"][0]["amount"] = amount
    body = await client.post(
        SUBMIT, {"id": commission["id"], "input": bad, "key": "bad"}, user=BUREAU
    )
    assert error_codes(body) == [code]
    row = await AuditCommission.get(id=await _db_id(commission["id"]))
    assert row.status == "ACCEPTED"
    assert not await AuditResult.filter(commission_id=row.id).exists()


async def test_an_unknown_severity_is_bad_user_input(client: Client) -> None:
    commission = await commissioned(client)
    await client.data(ACCEPT, {"id": commission["id"]}, user=BUREAU)
    bad = result_input()
    bad["findings"][0]["severity"] = "CATASTROPHIC"
    body = await client.post(
        SUBMIT, {"id": commission["id"], "input": bad, "key": "sev"}, user=BUREAU
    )
    assert error_codes(body) == ["BAD_USER_INPUT"]


async def test_updated_after_returns_only_what_changed_since(client: Client) -> None:
    # Given the bureau synchronised up to now
    first = await commissioned(client)
    data = await client.data(LIST, {"first": 100}, user=BUREAU)
    watermark = max(e["node"]["updatedAt"] for e in data["auditCommissions"]["edges"])
    # When one commission changes
    await client.data(ACCEPT, {"id": first["id"]}, user=BUREAU)
    # Then polling from the watermark returns just that one
    data = await client.data(
        LIST, {"filter": {"updatedAfter": watermark}, "first": 100}, user=BUREAU
    )
    changed = [e["node"]["id"] for e in data["auditCommissions"]["edges"]]
    assert changed == [first["id"]]


async def _db_id(global_id: str) -> int:
    import base64

    return int(base64.b64decode(global_id).decode().split(":")[1])


async def test_a_change_is_listed_for_sync_only_once_settled(world: World) -> None:
    # Given a server that lets changes settle for an hour before listing them for sync
    settings = make_settings(
        world.settings.database_url,
        CADRE_SYNC_SETTLE_SECONDS=3600,
        CADRE_REPORTER_KEY=world.settings.reporter_key,
    )
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=create_app(settings)), base_url="http://sync"
    ) as http:
        client = Client(http, world)
        await commissioned(client)
        # When the bureau polls for changes since a minute ago
        since = (datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=1)).isoformat()
        data = await client.data(LIST, {"filter": {"updatedAfter": since}}, user=BUREAU)
        # Then the fresh commission is not listed yet, though the plain list shows it
        assert data["auditCommissions"]["totalCount"] == 0
        plain = await client.data(LIST, {"first": 100}, user=BUREAU)
        assert plain["auditCommissions"]["totalCount"] > 0

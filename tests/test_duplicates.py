"""A retry or a double click never takes effect twice: ten identical calls of a decision sent at
once take effect once; the others are CONFLICT (or, where the contract says a repeat is
harmless, the same answer). Run on both databases; PostgreSQL is where the calls truly race."""

from __future__ import annotations

import asyncio
import datetime
import uuid
from typing import Any

from models import DecisionMeeting, RecommendationRound, RequestClaim, Selection, Tipoff
from schema.extensions import forget_expired_claims
from tests.audit_support import ACCEPT, commissioned
from tests.conftest import Client
from tests.helpers import error_codes
from tests.selection_support import MEETING, ROLL, ROUND, Scenario, round_input
from tests.tipoff_support import DECIDE, OPEN_CASE, REGISTER, registered, with_findings

# A county-a cadre of these tests' own: C-0101's file is read page by page by other tests.
OWN_CADRE = "C-0115"


async def ten_at_once(
    client: Client, query: str, variables: dict[str, Any], user: str
) -> list[dict[str, Any]]:
    return list(
        await asyncio.gather(*(client.post(query, variables, user=user) for _ in range(10)))
    )


def outcomes(bodies: list[dict[str, Any]]) -> list[str]:
    return sorted("OK" if "errors" not in b else ",".join(error_codes(b)) for b in bodies)


async def test_ten_identical_decision_meetings_record_one_and_another_meeting_still_can(
    client: Client,
) -> None:
    # Given a selection ready for its meeting, and a vote that fails (3 of 7 agree)
    s = Scenario(client)
    await s.set_roll(ROLL[:7])
    await s.ready(["C-0020"])
    failing = s.meeting_input(ROLL[:5], ["C-0020"], agree=3)
    # When the same meeting is sent ten times at once
    bodies = await ten_at_once(client, MEETING, {"id": s.id, "input": failing}, s.selector)
    # Then one is recorded and the rest are CONFLICT
    assert outcomes(bodies) == ["CONFLICT"] * 9 + ["OK"]
    selection_pk = int(__import__("base64").b64decode(s.id).decode().split(":")[1])
    assert await DecisionMeeting.filter(selection_id=selection_pk).count() == 1
    # And a different meeting on the same day (another vote) is still recorded
    again = s.meeting_input(ROLL[:6], ["C-0020"], agree=5)
    assert "errors" not in await s.post(MEETING, {"input": again})
    assert await DecisionMeeting.filter(selection_id=selection_pk).count() == 2


async def test_ten_identical_recommendation_rounds_record_one(client: Client) -> None:
    s = Scenario(client)
    await s.start()
    before = await RecommendationRound.all().count()
    bodies = await ten_at_once(
        client, ROUND, {"id": s.id, "input": round_input({"C-0020": 30})}, s.selector
    )
    assert outcomes(bodies) == ["CONFLICT"] * 9 + ["OK"]
    assert await RecommendationRound.all().count() == before + 1


async def test_ten_identical_selections_started_start_one(client: Client) -> None:
    before = await Selection.all().count()
    title = f"post {uuid.uuid4().hex[:6]}"
    started = {
        "managingUnit": "city",
        "postTitle": title,
        "workUnit": "city",
        "kind": "SINGLE_PROMOTION",
        "positions": 1,
    }
    bodies = await ten_at_once(
        client,
        "mutation($i: StartSelectionInput!) { startSelection(input: $i) { id } }",
        {"i": started},
        "city.selector",
    )
    assert outcomes(bodies) == ["CONFLICT"] * 9 + ["OK"]
    assert await Selection.all().count() == before + 1


async def test_ten_identical_registrations_register_one_tipoff(client: Client) -> None:
    before = await Tipoff.all().count()
    content = f"report {uuid.uuid4().hex[:8]}"
    bodies = await ten_at_once(
        client,
        REGISTER,
        {"input": {"channel": "PHONE", "content": content, "cadreCode": OWN_CADRE}},
        "county-a.supervisor",
    )
    assert outcomes(bodies) == ["CONFLICT"] * 9 + ["OK"]
    assert await Tipoff.all().count() == before + 1


async def test_ten_identical_cases_opened_on_one_tipoff_open_one(client: Client) -> None:
    tipoff = await registered(client, cadre=OWN_CADRE)
    bodies = await ten_at_once(
        client, OPEN_CASE, {"ids": [tipoff["id"]], "cadre": OWN_CADRE}, "county-a.supervisor"
    )
    assert outcomes(bodies).count("OK") == 1


async def test_ten_identical_case_decisions_decide_once(client: Client) -> None:
    case = await with_findings(client, cadre=OWN_CADRE)
    decision = {"outcome": "FOUNDED", "measures": ["ADMONISHMENT"], "reason": "属实"}
    bodies = await ten_at_once(
        client, DECIDE, {"id": case["id"], "input": decision}, "county-a.supervisor"
    )
    assert outcomes(bodies).count("OK") == 1


async def test_accepting_a_commission_ten_times_at_once_is_harmless(client: Client) -> None:
    # acceptAuditCommission: the contract makes a repeat harmless, so every call answers
    commission = await commissioned(client, "C-0002")
    bodies = await ten_at_once(client, ACCEPT, {"id": commission["id"]}, "audit.bureau")
    assert outcomes(bodies) == ["OK"] * 10
    assert {b["data"]["acceptAuditCommission"]["status"] for b in bodies} == {"ACCEPTED"}


async def test_a_decision_that_failed_may_be_sent_again_at_once(client: Client) -> None:
    # Given a decision refused by a rule (a case decided before its findings: D5)
    case = await with_findings(client, cadre=OWN_CADRE)
    early = {"outcome": "FOUNDED", "measures": [], "reason": "属实"}  # FOUNDED needs measures
    first = await client.post(
        DECIDE, {"id": case["id"], "input": early}, user="county-a.supervisor"
    )
    # When the very same request is sent again at once, it is asked again, not called a duplicate
    again = await client.post(
        DECIDE, {"id": case["id"], "input": early}, user="county-a.supervisor"
    )
    assert error_codes(first) == error_codes(again) == ["PRECONDITION_FAILED"]


async def test_the_same_request_from_another_user_is_not_a_duplicate(client: Client) -> None:
    content = f"report {uuid.uuid4().hex[:8]}"
    variables = {"input": {"channel": "PHONE", "content": content, "receivingUnit": "city"}}
    for user in ("city.supervisor", "city.deputy"):
        assert "errors" not in await client.post(REGISTER, variables, user=user)


async def test_expired_claims_are_forgotten_and_fresh_ones_kept(client: Client) -> None:
    # Given a claim older than the window and one just made
    window = datetime.timedelta(seconds=10)
    now = datetime.datetime.now(datetime.UTC)
    old, fresh = uuid.uuid4().hex + "0" * 32, uuid.uuid4().hex + "1" * 32
    await RequestClaim.create(fingerprint=old, claimed_at=now - 2 * window)
    await RequestClaim.create(fingerprint=fresh, claimed_at=now)
    try:
        # When the server's sweep runs
        await forget_expired_claims(window)
        # Then the expired claim is gone and the fresh one still refuses its duplicate
        assert not await RequestClaim.filter(fingerprint=old).exists()
        assert await RequestClaim.filter(fingerprint=fresh).exists()
    finally:
        await RequestClaim.filter(fingerprint__in=[old, fresh]).delete()

"""The organisation side of audits (D7): who commissions, follow-up to closure, plans, and the
cadre's audit record."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from models import Cadre, CadreRank
from rules.audit_plans import rank_for_audit
from tests.audit_support import (
    CLOSE,
    COMMISSION,
    FEEDBACK,
    LIST,
    answered,
    commission_input,
    commissioned,
)
from tests.conftest import Client
from tests.helpers import error_codes

ADD_ITEM = """
mutation($id: ID!, $input: RectificationItemInput!) {
  addRectificationItem(findingId: $id, input: $input) { id status overdue }
}
"""
COMPLETE_ITEM = """
mutation($id: ID!) { completeRectificationItem(itemId: $id, note: "refunded") { status } }
"""


@pytest.mark.parametrize("user", ["city.selector", "city.supervisor"])
async def test_the_managing_units_staff_commission_an_audit_addressed_to_the_bureau(
    client: Client, user: str
) -> None:
    commission = await commissioned(client, "C-0002", user=user)
    assert commission["status"] == "COMMISSIONED"
    assert commission["addressedTo"] == {"code": "city-audit"}
    assert commission["managingUnit"] == {"code": "city"}


@pytest.mark.parametrize(
    ("user", "cadre", "code"),
    [
        ("county-a.supervisor", "C-0001", "NOT_FOUND"),  # outside its jurisdiction
        ("city.supervisor", "C-0101", "FORBIDDEN"),  # visible through oversight only (J4)
        ("admin", "C-0001", "NOT_FOUND"),
        ("city.selector", "C-9999", "NOT_FOUND"),
    ],
)
async def test_commissioning_outside_ones_own_jurisdiction_is_refused(
    client: Client, user: str, cadre: str, code: str
) -> None:
    body = await client.post(COMMISSION, {"input": commission_input(cadre)}, user=user)
    assert error_codes(body) == [code]


@pytest.mark.parametrize(
    "overrides",
    [
        {"periodStart": "2020-06-01", "periodEnd": "2020-01-01"},
        {"dueDate": "2001-01-01"},
        {"periodStart": "2999-01-01", "periodEnd": "2999-12-31"},
    ],
)
async def test_impossible_periods_and_dates_are_bad_input(
    client: Client, overrides: dict[str, str]
) -> None:
    body = await client.post(
        COMMISSION, {"input": commission_input("C-0003", **overrides)}, user="city.selector"
    )
    assert error_codes(body) == ["BAD_USER_INPUT"]


async def test_an_overlapping_open_audit_of_the_same_cadre_is_a_conflict(client: Client) -> None:
    first = commission_input("C-0004")
    await client.data(COMMISSION, {"input": first}, user="city.selector")
    body = await client.post(COMMISSION, {"input": first}, user="city.selector")
    assert error_codes(body) == ["CONFLICT"]


async def test_feedback_rectification_and_closing_in_order(client: Client) -> None:
    # Given a commission not yet answered, feedback is premature (D7)
    pending = await commissioned(client)
    early = {"id": pending["id"], "input": {"discussedOn": "2026-01-05", "notes": "talked"}}
    body = await client.post(FEEDBACK, early, user="city.selector")
    assert body["errors"][0]["extensions"]["rule"] == "D7"
    # Given an answered commission
    commission = await answered(client)
    finding = commission["result"]["findings"][0]
    # When a finding becomes a rectification item, closing waits for it
    item = await client.data(
        ADD_ITEM,
        {
            "id": finding["id"],
            "input": {"owner": "财务科", "description": "收回资金", "dueDate": "2030-06-30"},
        },
        user="city.supervisor",
    )
    feedback = {"id": commission["id"], "input": {"discussedOn": "2026-01-05", "notes": "谈话"}}
    given = await client.data(FEEDBACK, feedback, user="city.selector")
    assert given["recordAuditFeedback"]["feedback"] == {"notes": "谈话"}
    body = await client.post(CLOSE, {"id": commission["id"]}, user="city.selector")
    assert error_codes(body) == ["PRECONDITION_FAILED"]
    assert body["errors"][0]["extensions"]["openItems"] == 1
    # Then, the item done, it closes
    await client.data(
        COMPLETE_ITEM, {"id": item["addRectificationItem"]["id"]}, user="city.selector"
    )
    closed = await client.data(CLOSE, {"id": commission["id"]}, user="city.selector")
    assert closed["closeAuditCommission"]["status"] == "CLOSED"


async def test_the_bureau_sees_its_findings_but_not_the_internal_follow_up(client: Client) -> None:
    commission = await answered(client)
    finding = commission["result"]["findings"][0]
    await client.data(
        ADD_ITEM,
        {"id": finding["id"], "input": {"owner": "x", "description": "y", "dueDate": "2030-01-01"}},
        user="city.selector",
    )
    data = await client.data(
        LIST, {"filter": {"cadreCode": "C-0001"}, "first": 100}, user="audit.bureau"
    )
    mine = next(
        e["node"] for e in data["auditCommissions"]["edges"] if e["node"]["id"] == commission["id"]
    )
    assert mine["result"]["findings"][0]["rectifications"] == []
    body = await client.post(
        ADD_ITEM,
        {"id": finding["id"], "input": {"owner": "x", "description": "y", "dueDate": "2030-01-01"}},
        user="audit.bureau",
    )
    assert error_codes(body) == ["FORBIDDEN"]


async def test_a_county_sees_none_of_the_citys_audits(client: Client) -> None:
    await commissioned(client)
    data = await client.data(LIST, {"first": 100}, user="county-a.supervisor")
    assert all(
        e["node"]["managingUnit"]["code"] == "county-a" for e in data["auditCommissions"]["edges"]
    )


async def test_the_cadres_audits_and_latest_rating_inform_selection(client: Client) -> None:
    await answered(client, "C-0005")
    data = await client.data(
        '{ cadre(code: "C-0005") { audits { status periodEnd } latestAuditRating } }',
        user="city.selector",
    )
    assert data["cadre"]["latestAuditRating"] == "FAIRLY_GOOD"
    assert data["cadre"]["audits"][0]["status"] == "RESULT_SUBMITTED"


async def test_listing_commissions_costs_the_same_for_5_and_50(
    client: Client, statements: Callable[[], Any]
) -> None:
    for _ in range(6):
        await answered(client, "C-0006")
    counts = []
    for first in (5, 50):
        variables = {"first": first, "filter": {"cadreCode": "C-0006"}}
        await client.data(LIST, variables, user="city.supervisor")
        with statements() as sent:
            data = await client.data(LIST, variables, user="city.supervisor")
        assert len(data["auditCommissions"]["edges"]) == min(first, 6)
        counts.append(len(sent))
    # principal, units below, page, count, cadres, units (two levels), results, feedback,
    # findings, rectifications, access log
    assert counts == [12, 12]


def _cadre(code: str, funds: bool) -> Cadre:
    return Cadre(
        id=int(code[2:]), code=code, name="x", manages_funds=funds, rank=CadreRank.SECTION_CHIEF
    )


def test_a_plan_ranks_money_managers_first_then_the_longest_unaudited_and_explains_each() -> None:
    leaders = [
        _cadre("C-10", funds=False),
        _cadre("C-11", funds=True),
        _cadre("C-12", funds=False),
        _cadre("C-13", funds=True),
    ]
    last = {10: datetime.date(2024, 12, 31), 13: datetime.date(2020, 12, 31)}
    picks = rank_for_audit(leaders, last, Decimal("0.75"))
    assert [p.cadre.code for p in picks] == ["C-11", "C-13", "C-12"]
    assert picks[0].reason.startswith("manages money or materials; never audited")
    assert "last audit covered the period to 2020-12-31" in picks[1].reason
    assert "does not manage funds; never audited" in picks[2].reason


async def test_proposing_adjusting_and_approving_a_plan(client: Client) -> None:
    propose = (
        'mutation { proposeAuditPlan(year: 2031, unitCode: "dept-finance", share: "0.5") '
        "{ id status items { position reason included cadre { code managesFunds } } } }"
    )
    data = await client.data(propose, user="finance.supervisor")
    plan = data["proposeAuditPlan"]
    items = plan["items"]
    assert len(items) == 12  # half of 23 leaders, rounded up
    assert all(i["cadre"]["managesFunds"] for i in items)
    assert all(i["reason"].startswith("manages money or materials") for i in items)
    adjust = """
    mutation($id: ID!) { adjustAuditPlan(planId: $id, input: {
        exclude: [{cadreCode: "C-0301", reason: "audited by the province this year"}]}) {
      items { included reason cadre { code } } } }
    """
    adjusted = await client.data(adjust, {"id": plan["id"]}, user="finance.supervisor")
    c0301 = [i for i in adjusted["adjustAuditPlan"]["items"] if i["cadre"]["code"] == "C-0301"]
    assert c0301 and not c0301[0]["included"] and "province" in c0301[0]["reason"]
    approve = "mutation($id: ID!) { approveAuditPlan(planId: $id) { status } }"
    approved = await client.data(approve, {"id": plan["id"]}, user="finance.supervisor")
    assert approved["approveAuditPlan"]["status"] == "APPROVED"
    body = await client.post(propose, user="finance.supervisor")
    assert error_codes(body) == ["CONFLICT"]


async def test_only_the_jurisdictions_own_staff_plan_its_audits(client: Client) -> None:
    propose = (
        'mutation { proposeAuditPlan(year: 2032, unitCode: "dept-finance", share: "0.5") { id } }'
    )
    for user, code in (("county-a.supervisor", "NOT_FOUND"), ("city.supervisor", "FORBIDDEN")):
        assert error_codes(await client.post(propose, user=user)) == [code], user


async def test_a_plans_share_comes_back_as_the_decimal_it_was_given(client: Client) -> None:
    # Given a plan proposed with a share of a third, to four places (D7)
    propose = (
        'mutation { proposeAuditPlan(year: 2033, unitCode: "dept-finance", share: "0.3333") '
        "{ share } }"
    )
    data = await client.data(propose, user="finance.supervisor")
    # Then the share is the same Decimal string, not a float
    assert data["proposeAuditPlan"]["share"] == "0.3333"

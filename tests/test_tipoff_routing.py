"""J2: a tip-off falls under the managing unit of the cadre it concerns, or waits in the queue that
received it until routed; transfers are recorded; deadlines count official working days."""

from __future__ import annotations

import datetime

import pytest

from models import DeadlineBasis, Tipoff
from rules.deadlines import add_working_days
from tests.conftest import Client
from tests.helpers import error_codes
from tests.tipoff_support import REGISTER, TIPOFF, TIPOFFS, registered

ROUTE = """
mutation($id: ID!, $cadre: String!) {
  routeTipoff(tipoffId: $id, cadreCode: $cadre) {
    status jurisdiction { code } subject { cadre { code } }
  }
}
"""
TRANSFER = """
mutation($id: ID!, $unit: String!, $reason: String!) {
  transferTipoff(tipoffId: $id, unitCode: $unit, reason: $reason) {
    jurisdiction { code } transfers { fromUnit { code } toUnit { code } reason }
  }
}
"""


async def test_with_a_cadre_a_tip_off_falls_under_the_cadres_managing_unit(client: Client) -> None:
    tipoff = await registered(client, "city.supervisor", "C-0101", receivingUnit="city")
    assert tipoff["jurisdiction"] == {"code": "county-a"}
    assert tipoff["receivingUnit"] == {"code": "city"}
    assert tipoff["status"] == "ROUTED"


async def test_a_cadre_the_caller_cannot_see_is_not_found(client: Client) -> None:
    body = await client.post(
        REGISTER,
        {"input": {"channel": "PHONE", "content": "x", "cadreCode": "C-0001"}},
        user="county-a.supervisor",
    )
    assert error_codes(body) == ["NOT_FOUND"]


async def test_a_tip_off_about_the_callers_own_record_is_refused(client: Client) -> None:
    body = await client.post(
        REGISTER,
        {"input": {"channel": "PHONE", "content": "x", "cadreCode": "C-0003"}},
        user="city.deputy",
    )
    assert error_codes(body) == ["PRECONDITION_FAILED"]
    assert body["errors"][0]["extensions"]["rule"] == "J5"


async def test_only_supervision_staff_register(client: Client) -> None:
    for user in ("audit.bureau", "admin", "city.selector"):
        body = await client.post(
            REGISTER, {"input": {"channel": "PHONE", "content": "x"}}, user=user
        )
        assert error_codes(body) == ["FORBIDDEN"], user


async def test_a_referral_names_its_source_department(client: Client) -> None:
    body = await client.post(
        REGISTER, {"input": {"channel": "REFERRAL", "content": "x"}}, user="county-a.supervisor"
    )
    assert error_codes(body) == ["BAD_USER_INPUT"]


async def test_a_queued_tip_off_is_routed_to_the_cadres_jurisdiction(client: Client) -> None:
    # Given a tip-off naming only a post, waiting in the city's queue
    tipoff = await registered(
        client, "city.supervisor", None, subjectPost="镇党委书记", receivingUnit="city"
    )
    assert (tipoff["status"], tipoff["jurisdiction"]) == ("RECEIVED", {"code": "city"})
    # When the city routes it to C-0101
    data = await client.data(ROUTE, {"id": tipoff["id"], "cadre": "C-0101"}, user="city.supervisor")
    # Then county A handles it, and the city still reads it through oversight (J4)
    assert data["routeTipoff"]["jurisdiction"] == {"code": "county-a"}
    assert (await client.data(TIPOFF, {"id": tipoff["id"]}, user="county-a.supervisor"))["tipoff"]
    again = await client.post(
        ROUTE, {"id": tipoff["id"], "cadre": "C-0101"}, user="county-a.supervisor"
    )
    assert error_codes(again) == ["PRECONDITION_FAILED"]
    # the city reads it but routing is county A's now
    body = await client.post(
        TRANSFER, {"id": tipoff["id"], "unit": "county-b", "reason": "x"}, user="city.supervisor"
    )
    assert error_codes(body) == ["FORBIDDEN"]


async def test_a_transfer_records_who_when_and_why(client: Client) -> None:
    tipoff = await registered(client, "county-a.supervisor", None)
    data = await client.data(
        TRANSFER,
        {"id": tipoff["id"], "unit": "county-b", "reason": "被反映人在乙县任职"},
        user="county-a.supervisor",
    )
    moved = data["transferTipoff"]
    assert moved["jurisdiction"] == {"code": "county-b"}
    assert moved["transfers"] == [
        {
            "fromUnit": {"code": "county-a"},
            "toUnit": {"code": "county-b"},
            "reason": "被反映人在乙县任职",
        }
    ]
    gone = await client.data(TIPOFF, {"id": tipoff["id"]}, user="county-a.supervisor")
    assert gone["tipoff"] is None


def test_working_days_skip_the_national_day_holiday_and_count_the_makeup_saturday() -> None:
    due, basis = add_working_days(datetime.date(2026, 9, 28), 5)
    assert due == datetime.date(2026, 10, 10)  # 29, 30 Sep, 8, 9, 10 (a working Saturday) Oct
    assert basis is DeadlineBasis.OFFICIAL_CALENDAR


def test_a_year_the_calendar_does_not_cover_falls_back_to_weekdays_and_says_so() -> None:
    due, basis = add_working_days(datetime.date(2031, 4, 30), 5)
    assert due == datetime.date(2031, 5, 7)
    assert basis is DeadlineBasis.WEEKDAYS_FALLBACK


async def test_overdue_and_due_before_filters(client: Client) -> None:
    late = await registered(client, "county-b.supervisor", None, content="late-one")
    await Tipoff.filter(content="late-one").update(routing_due=datetime.date(2020, 1, 6))
    data = await client.data(
        TIPOFFS, {"filter": {"overdue": True}, "first": 100}, user="county-b.supervisor"
    )
    overdue = {e["node"]["id"]: e["node"]["overdue"] for e in data["tipoffs"]["edges"]}
    assert overdue.get(late["id"]) is True and all(overdue.values())
    data = await client.data(
        TIPOFFS, {"filter": {"dueBefore": "2020-02-01"}, "first": 100}, user="county-b.supervisor"
    )
    assert [e["node"]["id"] for e in data["tipoffs"]["edges"]] == [late["id"]]


@pytest.mark.parametrize("named", [True, False])
async def test_only_a_named_reporter_is_owed_an_acceptance_notice(
    client: Client, named: bool
) -> None:
    extra = {} if named else {"reporterName": None, "reporterContact": None}
    tipoff = await registered(client, **extra)
    assert (tipoff["acknowledgementDue"] is not None) == named

"""Who sees and runs which selections (J3, J4, J5, J7)."""

from __future__ import annotations

import datetime

import pytest

from rules.calendar import office_today
from tests.conftest import Client
from tests.helpers import error_codes
from tests.selection_support import (
    LIST,
    ONE,
    REQUEST,
    ROUND,
    START,
    SUPERVISOR,
    Scenario,
    county_selector,
    round_input,
)

CITY_POST = {
    "managingUnit": "city",
    "postTitle": "市文旅局局长",
    "workUnit": "city",
    "kind": "SINGLE_PROMOTION",
    "positions": 1,
}


async def test_a_county_can_neither_run_nor_read_a_city_selection(client: Client) -> None:
    s = Scenario(client)
    await s.start()
    county = await county_selector(client)
    for user in (county, "county-a.supervisor"):
        assert error_codes(await client.post(START, {"input": CITY_POST}, user=user)) == [
            "NOT_FOUND"
        ]
        assert await client.data(ONE, {"id": s.id}, user=user) == {"selection": None}
        listed = await client.data(LIST, {"first": 100}, user=user)
        assert all(
            e["node"]["managingUnit"]["code"] == "county-a" for e in listed["selections"]["edges"]
        )
        body = await client.post(
            ROUND, {"id": s.id, "input": round_input({"C-0020": 1})}, user=user
        )
        assert error_codes(body) == ["NOT_FOUND"]


async def test_the_city_reads_a_county_selection_but_does_not_run_it(client: Client) -> None:
    county = await county_selector(client)
    s = Scenario(client, unit="county-a", selector=county)
    await s.start()
    assert (await client.data(ONE, {"id": s.id}, user=SUPERVISOR))["selection"]["id"] == s.id
    body = await client.post(
        ROUND, {"id": s.id, "input": round_input({"C-0102": 1})}, user=SUPERVISOR
    )
    assert error_codes(body) == ["FORBIDDEN"]  # J4: oversight reads, never decides
    # and the county's own request goes to the city's discipline commission (nearest ancestor)
    await s.round({"C-0102": 20})
    await s.fix(["C-0102"])
    await s.announce()
    county_supervisor = await client.data(REQUEST, {"id": s.id}, user="county-a.supervisor")
    assert county_supervisor["requestIntegrityAppraisal"]["addressedTo"] == {
        "code": "city-discipline"
    }


@pytest.mark.parametrize("user", ["audit.bureau", "admin", "discipline.officer"])
async def test_the_bureau_the_administrator_and_the_commission_see_no_selections(
    client: Client, user: str
) -> None:
    s = Scenario(client)
    await s.start()
    assert await client.data(LIST, {"first": 10}, user=user) == {
        "selections": {
            "totalCount": 0,
            "edges": [],
            "pageInfo": {"hasNextPage": False, "endCursor": None},
        }
    }
    assert await client.data(ONE, {"id": s.id}, user=user) == {"selection": None}
    node = await client.data("query($id: ID!) { node(id: $id) { id } }", {"id": s.id}, user=user)
    assert node == {"node": None}
    assert error_codes(await client.post(START, {"input": CITY_POST}, user=user)) == ["NOT_FOUND"]


async def test_the_discipline_officer_sees_appraisal_requests_and_nothing_else(
    client: Client,
) -> None:
    s = Scenario(client)
    await s.start()
    await s.round({"C-0020": 20})
    await s.fix(["C-0020"])
    await s.announce()
    request = await s.run(REQUEST, {}, user=SUPERVISOR)
    data = await client.data(
        "{ integrityAppraisalRequests(first: 100) { edges { node { id candidates { code } } } } "
        '  cadres { totalCount } committee(unitCode: "city") { size } '
        "  selectionCompliance(year: 2025) { totalCount } }",
        user="discipline.officer",
    )
    mine = [e["node"] for e in data["integrityAppraisalRequests"]["edges"]]
    assert {"id": request["id"], "candidates": [{"code": "C-0020"}]} in mine
    assert data["cadres"] == {"totalCount": 0}
    assert data["committee"] is None
    assert data["selectionCompliance"] == {"totalCount": 0}
    chain = await client.data(
        "query($id: ID!) { responsibilityChain(selectionId: $id) { role } }",
        {"id": s.id},
        user="discipline.officer",
    )
    assert chain == {"responsibilityChain": None}
    # and other units' organisation staff do not see the city's requests
    others = await client.data(
        "{ integrityAppraisalRequests(first: 100) { edges { node { managingUnit { code } } } } }",
        user="county-b.supervisor",
    )
    assert all(
        e["node"]["managingUnit"]["code"] == "county-b"
        for e in others["integrityAppraisalRequests"]["edges"]
    )


async def test_an_appraisal_about_the_users_own_cadre_is_hidden_from_them(client: Client) -> None:
    # Given a selection whose candidate is C-0003, the cadre linked to city.deputy
    s = Scenario(client)
    await s.start()
    await s.round({"C-0003": 20})
    await s.fix(["C-0003"])
    await s.announce()
    await s.appraise("CONCLUDED_FINDING")
    query = (
        "query($id: ID!) { selection(id: $id) { candidates { code } "
        "candidateRecords { appraisal { verdict } } appraisalRequest { answers { verdict } } } }"
    )
    # Then the deputy sees the selection and its candidate, but not the appraisal (J5)
    own = (await client.data(query, {"id": s.id}, user="city.deputy"))["selection"]
    assert own["candidates"] == [{"code": "C-0003"}]
    assert own["candidateRecords"] == [{"appraisal": None}]
    assert own["appraisalRequest"]["answers"] == []
    # while the rest of the supervision office does
    other = (await client.data(query, {"id": s.id}, user=SUPERVISOR))["selection"]
    assert other["candidateRecords"] == [{"appraisal": {"verdict": "CONCLUDED_FINDING"}}]


async def test_committee_rolls_are_set_by_an_administrator_only_and_never_from_today(
    client: Client,
) -> None:
    roll = (
        "mutation($unit: String!, $from: Date) { setCommitteeMembers(unitCode: $unit, "
        'cadreCodes: ["C-0004", "C-0005"], from: $from) { unit { code } effectiveFrom '
        "members { code } } }"
    )
    later = {"unit": "city", "from": "2099-01-01"}
    # Whoever runs or reads selections does not decide who counts (S5, J7)
    for user in ("city.selector", SUPERVISOR):
        assert error_codes(await client.post(roll, later, user=user)) == ["FORBIDDEN"]
    assert error_codes(await client.post(roll, later, user="county-a.supervisor")) == ["NOT_FOUND"]
    # The administrator sets it from a later day; today or an earlier day is refused
    today = office_today()
    for day in (today, today - datetime.timedelta(days=1)):
        body = await client.post(roll, {"unit": "city", "from": day.isoformat()}, user="admin")
        assert error_codes(body) == ["BAD_USER_INPUT"]
    assert (await client.data(roll, later, user="admin"))["setCommitteeMembers"] == {
        "unit": {"code": "city"},
        "effectiveFrom": "2099-01-01",
        "members": [{"code": "C-0004"}, {"code": "C-0005"}],
    }
    # By default from tomorrow: the roll in force today is still the old one, the history has both
    tomorrow = (today + datetime.timedelta(days=1)).isoformat()
    set_ = await client.data(roll, {"unit": "soe-energy"}, user="admin")
    assert set_["setCommitteeMembers"]["effectiveFrom"] == tomorrow
    read = '{ committee(unitCode: "soe-energy") { size } committeeRolls(unitCode: "soe-energy") '
    read += "{ effectiveFrom size } }"
    data = await client.data(read, user="admin")
    assert data["committee"] is None
    assert {"effectiveFrom": tomorrow, "size": 2} in data["committeeRolls"]

"""D1, D2, D3, D4, D6: personal matters and top leaders' reports, the team's major decisions and
life meetings with their rectification and the superior's review, information from other
departments; each step's gates and errors, one transaction each."""

from __future__ import annotations

from models import LifeMeeting, PersonalMattersReport
from tests.conftest import Client
from tests.daily_support import (
    CITY,
    COMPLETE,
    COUNTY_A,
    COUNTY_B,
    DECISION,
    INFORMATION,
    MEETING_RECORD,
    PERSONAL,
    REVIEW_MEETING,
    TOP_REPORT,
    days,
    decision,
    decision_input,
    pk,
    rule,
    today,
    unique,
)
from tests.helpers import error_codes

REPORT_TEXT = {
    "thought": "学习", "work": "工作", "style": "作风", "integrity": "廉洁",
    "responsibility": "责任制", "teamBuilding": "班子",
}  # fmt: skip


async def test_a_personal_matters_report_is_kept_once_a_year(client: Client) -> None:
    year = today().year - 3
    report = {
        "cadreCode": "C-0108",
        "year": year,
        "submittedOn": f"{year}-12-30",
        "matters": [{"category": "房产", "detail": unique("住房一套")}],
    }
    data = await client.data(PERSONAL, {"input": report}, user=COUNTY_A)
    assert data["recordPersonalMattersReport"]["matters"][0]["category"] == "房产"
    assert (await decision("personal_matters_report:record")).username == COUNTY_A
    body = await client.post(PERSONAL, {"input": report}, user=COUNTY_A)
    assert error_codes(body) == ["CONFLICT"]
    assert await PersonalMattersReport.filter(year=year, cadre__code="C-0108").count() == 1


async def test_a_report_for_a_year_not_begun_or_submitted_in_the_future_is_bad_input(
    client: Client,
) -> None:
    year = today().year
    for year_, submitted in ((year + 1, days(0)), (year, days(1)), (year, f"{year - 1}-12-01")):
        report = {"cadreCode": "C-0108", "year": year_, "submittedOn": submitted, "matters": []}
        body = await client.post(PERSONAL, {"input": report}, user=COUNTY_A)
        assert error_codes(body) == ["BAD_USER_INPUT"], (year_, submitted)


async def test_only_a_top_leader_files_the_yearly_report_once(client: Client) -> None:
    year = today().year - 4
    filing = {"year": year, "submittedOn": f"{year}-12-30", **REPORT_TEXT}
    body = await client.post(
        TOP_REPORT, {"input": {**filing, "cadreCode": "C-0102"}}, user=COUNTY_A
    )
    assert error_codes(body) == ["PRECONDITION_FAILED"] and rule(body) == "D3"
    data = await client.data(
        TOP_REPORT, {"input": {**filing, "cadreCode": "C-0105"}}, user=COUNTY_A
    )
    filed = data["submitTopLeaderReport"]
    assert (filed["year"], filed["overdue"], filed["dueOn"]) == (year, False, f"{year + 1}-01-31")
    again = await client.post(
        TOP_REPORT, {"input": {**filing, "cadreCode": "C-0105"}}, user=COUNTY_A
    )
    assert error_codes(again) == ["CONFLICT"]
    blank = await client.post(
        TOP_REPORT,
        {"input": {**filing, "cadreCode": "C-0104", "year": year, "work": " "}},
        user=COUNTY_A,
    )
    assert error_codes(blank) == ["BAD_USER_INPUT"]


YEAR = """query($year: Int!, $overdue: Boolean, $unit: String) {
  topLeaderReports(filter: { year: $year, overdue: $overdue, unitCode: $unit }, first: 100) {
    totalCount edges { node { id year submittedOn overdue cadre { code } recordedBy { username } } }
  }
}"""


async def test_the_years_list_shows_each_top_leader_without_a_report(client: Client) -> None:
    last_year = today().year - 1
    data = await client.data(YEAR, {"year": last_year}, user=COUNTY_A)
    rows = {e["node"]["cadre"]["code"]: e["node"] for e in data["topLeaderReports"]["edges"]}
    assert set(rows) == {"C-0101", "C-0104", "C-0105"}
    assert rows["C-0101"]["submittedOn"] is None and rows["C-0101"]["overdue"] is True
    assert rows["C-0101"]["recordedBy"] is None
    assert rows["C-0104"]["submittedOn"] == f"{last_year}-12-28"
    assert rows["C-0104"]["overdue"] is False
    late = await client.data(YEAR, {"year": last_year, "overdue": True}, user=COUNTY_A)
    assert [e["node"]["cadre"]["code"] for e in late["topLeaderReports"]["edges"]] == ["C-0101"]
    assert late["topLeaderReports"]["totalCount"] == 1
    # The missing report's row names no record that `node` could find.
    missing = rows["C-0101"]["id"]
    found = await client.data(
        "query($id: ID!) { node(id: $id) { id } }", {"id": missing}, user=COUNTY_A
    )
    assert found["node"] is None


async def test_the_city_sees_every_county_top_leader_without_last_years_report(
    client: Client,
) -> None:
    last_year = today().year - 1
    data = await client.data(YEAR, {"year": last_year, "overdue": True}, user=CITY)
    codes = {e["node"]["cadre"]["code"] for e in data["topLeaderReports"]["edges"]}
    assert {"C-0101", "C-0202"} <= codes
    assert "C-0001" not in codes  # filed
    county_b = await client.data(
        YEAR, {"year": last_year, "overdue": True, "unit": "county-b"}, user=CITY
    )
    # the county's party secretary (the city's) and the township's (the county's): both work there
    codes = [e["node"]["cadre"]["code"] for e in county_b["topLeaderReports"]["edges"]]
    assert codes == ["C-0005", "C-0202"]


async def test_a_major_decision_is_kept_by_the_committee_that_manages_the_team(
    client: Client,
) -> None:
    data = await client.data(DECISION, {"input": decision_input()}, user=COUNTY_A)
    kept = data["recordMajorDecision"]
    assert (kept["unit"], kept["jurisdiction"], kept["amount"]) == (
        {"code": "county-a.town-1"},
        {"code": "county-a"},
        "300000.00",
    )
    assert [p["code"] for p in kept["present"]] == ["C-0101", "C-0102"]
    assert (await decision("major_decision:record")).record_ids == pk(kept["id"])
    # The county's own team is managed by the city: the county reads nothing of it.
    county = decision_input(unitCode="county-a")
    body = await client.post(DECISION, {"input": county}, user=COUNTY_A)
    assert error_codes(body) == ["NOT_FOUND"]
    body = await client.post(DECISION, {"input": decision_input()}, user=CITY)
    assert error_codes(body) == ["FORBIDDEN"]


async def test_a_decision_on_a_large_sum_names_a_positive_amount(client: Client) -> None:
    for change in ({"amount": None}, {"amount": "-5.00"}, {"amount": "0"}, {"amount": "1.001"}):
        body = await client.post(DECISION, {"input": decision_input(**change)}, user=COUNTY_A)
        assert error_codes(body) == ["BAD_USER_INPUT"], change
    for change in ({"present": []}, {"present": ["C-9999"]}, {"unitCode": "nowhere"}):
        body = await client.post(DECISION, {"input": decision_input(**change)}, user=COUNTY_A)
        assert error_codes(body) == ["BAD_USER_INPUT"], change
    body = await client.post(DECISION, {"input": decision_input(unitCode="city")}, user=CITY)
    assert error_codes(body) == ["BAD_USER_INPUT"]  # no committee here manages the city's team


def _meeting(**change: object) -> dict[str, object]:
    return {
        "unitCode": "county-a.town-1",
        "heldOn": days(-3),
        "attendees": ["C-0101", "C-0102"],
        "problems": [
            {
                "cadreCode": "C-0102",
                "problem": unique("调研不深入"),
                "rectification": "每月下村",
                "dueOn": days(20),
            }
        ],
        **change,
    }


async def test_a_life_meeting_is_rectified_and_reviewed_by_the_superior(client: Client) -> None:
    data = await client.data(MEETING_RECORD, {"input": _meeting()}, user=COUNTY_A)
    meeting = data["recordLifeMeeting"]
    (problem,) = meeting["problems"]
    assert (problem["done"], problem["overdue"], problem["cadre"]) == (
        False,
        False,
        {"code": "C-0102"},
    )
    # Kept by the office keeping the meeting: not found elsewhere, read-only from above.
    for user, code in ((COUNTY_B, "NOT_FOUND"), (CITY, "FORBIDDEN")):
        body = await client.post(COMPLETE, {"id": problem["id"], "note": "x"}, user=user)
        assert error_codes(body) == [code], user
    done = await client.data(COMPLETE, {"id": problem["id"], "note": "已落实"}, user=COUNTY_A)
    (after,) = done["completeRectification"]["problems"]
    assert (after["done"], after["doneOn"]) == (True, days(0))
    twice = await client.post(COMPLETE, {"id": problem["id"], "note": "again"}, user=COUNTY_A)
    assert error_codes(twice) == ["CONFLICT"]
    # D2: the superior reviews: another county cannot even see it.
    review = {"verdict": "REDO", "comment": "查摆不深"}
    body = await client.post(REVIEW_MEETING, {"id": meeting["id"], "input": review}, user=COUNTY_B)
    assert error_codes(body) == ["NOT_FOUND"]
    data = await client.data(REVIEW_MEETING, {"id": meeting["id"], "input": review}, user=CITY)
    reviewed = data["reviewLifeMeeting"]["review"]
    assert (reviewed["verdict"], reviewed["reviewedBy"]) == ("REDO", {"username": CITY})
    again = await client.post(REVIEW_MEETING, {"id": meeting["id"], "input": review}, user=CITY)
    assert error_codes(again) == ["CONFLICT"]


async def test_a_county_team_meeting_is_reviewed_from_the_city_not_by_the_county(
    client: Client,
) -> None:
    data = await client.data(
        MEETING_RECORD,
        {"input": _meeting(unitCode="county-a", attendees=["C-0001"], problems=[])},
        user=CITY,
    )
    meeting = data["recordLifeMeeting"]
    assert (meeting["unit"], meeting["jurisdiction"]) == ({"code": "county-a"}, {"code": "city"})
    review = {"verdict": "SATISFACTORY", "comment": "好"}
    body = await client.post(REVIEW_MEETING, {"id": meeting["id"], "input": review}, user=COUNTY_A)
    assert error_codes(body) == ["NOT_FOUND"]


async def test_a_bad_problem_leaves_no_meeting_behind(client: Client) -> None:
    before = await LifeMeeting.all().count()
    bad_problems: list[dict[str, object]] = [
        {"cadreCode": "C-0103", "problem": "p", "rectification": "r", "dueOn": days(5)},
        {"cadreCode": "C-0102", "problem": "p", "rectification": "r", "dueOn": days(-3)},
        {"cadreCode": "C-0102", "problem": " ", "rectification": "r", "dueOn": days(5)},
    ]
    for problem in bad_problems:
        body = await client.post(
            MEETING_RECORD, {"input": _meeting(problems=[problem])}, user=COUNTY_A
        )
        assert error_codes(body) == ["BAD_USER_INPUT"], problem
    assert await LifeMeeting.all().count() == before


async def test_information_from_another_department_is_kept_with_source_and_severity(
    client: Client,
) -> None:
    info = {
        "cadreCode": "C-0203",
        "source": "LAW_ENFORCEMENT",
        "receivedOn": days(-1),
        "summary": unique("交通违法"),
        "severity": "LOW",
    }
    data = await client.data(INFORMATION, {"input": info}, user=COUNTY_B)
    assert data["recordSupervisionInformation"]["severity"] == "LOW"
    assert (await decision("supervision_information:record")).username == COUNTY_B
    body = await client.post(INFORMATION, {"input": {**info, "receivedOn": days(1)}}, user=COUNTY_B)
    assert error_codes(body) == ["BAD_USER_INPUT"]
    body = await client.post(INFORMATION, {"input": info}, user=COUNTY_A)
    assert error_codes(body) == ["NOT_FOUND"]


async def test_a_year_no_report_can_cover_is_bad_input_not_a_fault(client: Client) -> None:
    for year in (0, 1800, 2_000_000_000, today().year + 2):
        body = await client.post(YEAR, {"year": year}, user=COUNTY_A)
        assert error_codes(body) == ["BAD_USER_INPUT"], year


async def test_a_record_names_at_most_two_hundred_cadres_or_problems(client: Client) -> None:
    crowd = [f"C-{n:04d}" for n in range(1, 202)]
    body = await client.post(DECISION, {"input": decision_input(present=crowd)}, user=COUNTY_A)
    assert error_codes(body) == ["BAD_USER_INPUT"]
    problem = {"cadreCode": "C-0102", "problem": "p", "rectification": "r", "dueOn": days(5)}
    body = await client.post(
        MEETING_RECORD, {"input": _meeting(problems=[problem] * 201)}, user=COUNTY_A
    )
    assert error_codes(body) == ["BAD_USER_INPUT"]

"""After the decision: accountability on the responsible cadres' records (S7), revocation by a
superior (S9), and the yearly compliance of selection work (S9)."""

from __future__ import annotations

import datetime

from tests.conftest import Client
from tests.helpers import error_codes
from tests.selection_support import MEETING, ROLL, SUPERVISOR, Scenario, county_selector, rule_of

ACCOUNT = """
mutation($id: ID!, $cadre: String!, $role: ResponsibilityRole!) {
  recordAccountability(selectionId: $id, cadreCode: $cadre, role: $role,
                       finding: "考察失实，未发现其违纪问题") {
    role finding cadre { code } selection { id }
  }
}
"""
REVOKE = """
mutation($id: ID!) { orderRevocation(selectionId: $id, reason: "任用程序不合规") {
  status revocation { reason orderingUnit { code } } } }
"""
RECORDS = """
query($code: String!) { cadre(code: $code) { accountabilityRecords { role finding } } }
"""


async def decided(client: Client, unit: str = "city", selector: str = "city.selector") -> Scenario:
    s = Scenario(client, unit=unit, selector=selector)
    await s.set_roll(ROLL[:9])
    await s.ready(["C-0020"])
    await s.run(MEETING, {"input": s.meeting_input(ROLL[:6], ["C-0020"], agree=6)})
    return s


async def test_accountability_attaches_to_those_the_chain_names_and_shows_on_their_record(
    client: Client,
) -> None:
    s = Scenario(client)
    await s.start()
    await s.round({"C-0020": 20})
    # Before a decision there is nothing to answer for
    early = await s.post(ACCOUNT, {"cadre": "C-0024", "role": "INSPECTOR"}, user=SUPERVISOR)
    assert error_codes(early) == ["CONFLICT"]
    s = await decided(client)
    # When the supervision office holds an inspector accountable
    held = await s.run(ACCOUNT, {"cadre": "C-0024", "role": "INSPECTOR"}, user=SUPERVISOR)
    assert held["cadre"] == {"code": "C-0024"} and held["selection"] == {"id": s.id}
    # Then it shows on the inspector's record
    data = await client.data(RECORDS, {"code": "C-0024"}, user=SUPERVISOR)
    assert {"role": "INSPECTOR", "finding": "考察失实，未发现其违纪问题"} in data["cadre"][
        "accountabilityRecords"
    ]
    # and a decider too; but not someone the chain does not name in that role (S7)
    await s.run(ACCOUNT, {"cadre": ROLL[0], "role": "DECIDER"}, user=SUPERVISOR)
    wrong = await s.post(ACCOUNT, {"cadre": ROLL[0], "role": "INSPECTOR"}, user=SUPERVISOR)
    assert rule_of(wrong) == ("PRECONDITION_FAILED", "S7")
    absent = await s.post(ACCOUNT, {"cadre": ROLL[8], "role": "DECIDER"}, user=SUPERVISOR)
    assert rule_of(absent) == ("PRECONDITION_FAILED", "S7")  # not present, did not decide


async def test_a_superior_orders_a_county_decision_revoked_and_the_county_cannot(
    client: Client,
) -> None:
    county = await county_selector(client)
    s = Scenario(client, unit="county-a", selector=county)
    await s.set_roll([f"C-01{n:02d}" for n in range(2, 11)])
    await s.ready(["C-0111"])
    await s.run(
        MEETING, {"input": s.meeting_input([f"C-01{n:02d}" for n in range(2, 8)], ["C-0111"], 6)}
    )
    # The county's own supervision office may not revoke its committee's decision
    own = await s.post(REVOKE, {}, user="county-a.supervisor")
    assert error_codes(own) == ["FORBIDDEN"]
    # The city's may, with its reason
    revoked = await s.run(REVOKE, {}, user=SUPERVISOR)
    assert revoked == {
        "status": "REVOKED",
        "revocation": {"reason": "任用程序不合规", "orderingUnit": {"code": "city"}},
    }
    assert error_codes(await s.post(REVOKE, {}, user=SUPERVISOR)) == ["CONFLICT"]


async def test_only_a_decision_can_be_revoked(client: Client) -> None:
    s = Scenario(client, unit="county-a", selector=await county_selector(client))
    await s.start()
    assert error_codes(await s.post(REVOKE, {}, user=SUPERVISOR)) == ["CONFLICT"]


COMPLIANCE = """
query($year: Int!) { selectionCompliance(year: $year, first: 50) {
  edges { node { unit { code } year reportDueOn overdue
                 selfCheck { findings } report { late }
                 checks { kind checkingUnit { code } } } } } }
"""
SELF_CHECK = """
mutation($input: SelfCheckInput!) { recordSelfCheck(input: $input) { selfCheck { findings } } }
"""
REPORT = """
mutation($input: SelectionReportInput!) {
  submitSelectionReport(input: $input) { report { late } overdue } }
"""
CHECK = """
mutation($input: ComplianceCheckInput!) {
  recordComplianceCheck(input: $input) { checks { kind checkingUnit { code } } } }
"""


async def test_yearly_self_checks_reports_due_30_november_and_the_citys_checks(
    client: Client,
) -> None:
    year = 2024  # long past its due day: a report submitted now is late
    # A county self-checks and reports (late); the city checks it; a spot check of a department
    await client.data(
        SELF_CHECK,
        {
            "input": {
                "unitCode": "county-b",
                "year": year,
                "completedOn": "2024-10-01",
                "findings": "程序规范",
            }
        },
        user="county-b.supervisor",
    )
    report = await client.data(
        REPORT,
        {"input": {"unitCode": "county-b", "year": year, "content": "专项报告"}},
        user="county-b.supervisor",
    )
    assert report["submitSelectionReport"] == {"report": {"late": True}, "overdue": True}
    await client.data(
        CHECK,
        {
            "input": {
                "unitCode": "county-b",
                "year": year,
                "kind": "CHECK",
                "checkedOn": "2024-12-10",
                "findings": "无问题",
            }
        },
        user=SUPERVISOR,
    )
    # the county may not check itself, nor report twice
    own = {
        "unitCode": "county-b",
        "year": year,
        "kind": "SPOT_CHECK",
        "checkedOn": "2024-12-10",
        "findings": "x",
    }
    assert error_codes(await client.post(CHECK, {"input": own}, user="county-b.supervisor")) == [
        "FORBIDDEN"
    ]
    again = {"unitCode": "county-b", "year": year, "content": "again"}
    assert error_codes(await client.post(REPORT, {"input": again}, user="county-b.supervisor")) == [
        "CONFLICT"
    ]
    # Then the city sees every county and city department, the missing reports overdue
    data = await client.data(COMPLIANCE, {"year": year}, user=SUPERVISOR)
    by_unit = {e["node"]["unit"]["code"]: e["node"] for e in data["selectionCompliance"]["edges"]}
    assert set(by_unit) == {"county-a", "county-b", "dept-finance"}
    assert by_unit["county-b"]["selfCheck"] == {"findings": "程序规范"}
    assert by_unit["county-b"]["checks"] == [{"kind": "CHECK", "checkingUnit": {"code": "city"}}]
    assert by_unit["county-a"]["overdue"] is True and by_unit["county-a"]["report"] is None
    assert by_unit["county-a"]["reportDueOn"] == f"{year}-11-30"
    # and a county sees only itself
    data = await client.data(COMPLIANCE, {"year": year}, user="county-b.supervisor")
    assert [e["node"]["unit"]["code"] for e in data["selectionCompliance"]["edges"]] == ["county-b"]


def test_a_report_is_overdue_only_after_30_november() -> None:
    from rules.compliance import report_overdue

    due = datetime.date(2025, 11, 30)
    assert not report_overdue(2025, None, due)
    assert report_overdue(2025, None, due + datetime.timedelta(days=1))
    assert not report_overdue(2025, due, due + datetime.timedelta(days=30))
    assert report_overdue(2025, datetime.date(2025, 12, 1), datetime.date(2026, 1, 1))

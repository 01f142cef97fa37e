"""`deadlines`: everything due across the caller's jurisdiction, soonest first, overdue flagged,
in official working days where the rule counts them; one statement a page."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from strawberry.relay import to_base64

from models import AccessLogEntry, TipoffChannel
from policies.principal import load_principal
from rules import tipoffs
from rules.calendar import office_today
from rules.deadlines import working_days_left
from tests.conftest import Client
from tests.helpers import error_codes
from tests.tipoff_support import SUBMIT, registered

D = datetime.date
DEADLINES = """
query($first: Int, $after: String, $filter: DeadlineFilter) {
  deadlines(first: $first, after: $after, filter: $filter) {
    totalCount
    edges { cursor node {
      kind dueOn overdue daysLeft countedIn cadre { __typename code } unit { code } record { id }
    } }
    pageInfo { hasNextPage endCursor }
  }
}
"""


async def all_deadlines(
    client: Client, user: str, filter: dict[str, Any] | None = None, first: int = 100
) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    after = None
    while True:
        data = await client.data(
            DEADLINES, {"first": first, "after": after, "filter": filter}, user=user
        )
        page = data["deadlines"]
        found += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return found
        after = page["pageInfo"]["endCursor"]


# National Day 2026: 1–7 October off, Saturday 10 October a working day.
@pytest.mark.parametrize(
    ("today", "due", "left"),
    [
        (D(2026, 9, 30), D(2026, 10, 8), 1),  # seven days off count for nothing
        (D(2026, 9, 30), D(2026, 10, 13), 5),  # 8, 9, 10 (a Saturday worked), 12, 13
        (D(2026, 9, 30), D(2026, 10, 3), 0),  # due on a holiday: no working day left
        (D(2026, 10, 13), D(2026, 9, 30), -5),  # five working days late
        (D(2026, 10, 13), D(2026, 10, 13), 0),
    ],
)
def test_working_days_left_skip_the_official_holidays(
    today: datetime.date, due: datetime.date, left: int
) -> None:
    assert working_days_left(today, due)[0] == left


async def test_a_tipoff_received_before_national_day_is_due_after_it_in_working_days(
    client: Client,
) -> None:
    # given a named reporter's tip-off that reached county B on 30 September 2026
    principal = await load_principal("county-b.supervisor")
    assert principal is not None
    tipoff = await tipoffs.register(
        principal,
        tipoffs.StaffTipoffInput(
            channel=TipoffChannel.LETTER,
            content="国庆前收到的举报",
            reporter_name="节前来信人",
            receiving_unit="county-b",
            received_on=D(2026, 9, 30),
        ),
        client.world.settings,
    )
    # when county B's supervisor lists its routing deadlines
    rows = await all_deadlines(
        client,
        "county-b.supervisor",
        {"kinds": ["TIPOFF_ROUTING"], "unitCode": "county-b", "dueBefore": "2026-10-14"},
    )
    (row,) = [r for r in rows if r["record"] == {"id": to_base64("Tipoff", tipoff.id)}]
    # then routing is due on the fifth working day after it, across the holiday, counted so
    assert row["dueOn"] == "2026-10-13"
    assert row["kind"] == "TIPOFF_ROUTING"
    assert row["countedIn"] == "WORKING_DAYS"
    assert row["unit"] == {"code": "county-b"} and row["cadre"] is None
    assert row["overdue"] is (office_today() > D(2026, 10, 13))
    assert row["daysLeft"] == working_days_left(office_today(), D(2026, 10, 13))[0]
    # and the acceptance notice owed to the named reporter, 15 working days on
    (notice,) = [
        r
        for r in await all_deadlines(
            client,
            "county-b.supervisor",
            {"kinds": ["TIPOFF_ACKNOWLEDGEMENT"], "dueBefore": "2026-11-01"},
        )
        if r["record"] == row["record"]
    ]
    assert notice["dueOn"] == "2026-10-27"
    # the city reads it through oversight; county A does not see it at all
    city = await all_deadlines(client, "city.supervisor", {"kinds": ["TIPOFF_ROUTING"]})
    assert row in city
    county_a = await all_deadlines(client, "county-a.supervisor", {"kinds": ["TIPOFF_ROUTING"]})
    assert row["record"] not in [r["record"] for r in county_a]


@pytest.mark.parametrize("user", ["city.supervisor", "county-a.supervisor", "city.deputy"])
async def test_deadlines_come_soonest_first_and_pages_follow_one_another(
    client: Client, user: str
) -> None:
    whole = await all_deadlines(client, user)
    assert whole
    days = [r["dueOn"] for r in whole]
    assert days == sorted(days)
    assert await all_deadlines(client, user, first=3) == whole
    data = await client.data(DEADLINES, {"first": 1}, user=user)
    assert data["deadlines"]["totalCount"] == len(whole)
    # overdue flags exactly those past the office day, and the filter splits the list in two
    today = office_today().isoformat()
    assert all(r["overdue"] == (r["dueOn"] < today) for r in whole)
    late = await all_deadlines(client, user, {"overdue": True})
    on_time = await all_deadlines(client, user, {"overdue": False})
    assert sorted(map(str, late + on_time)) == sorted(map(str, whole))
    assert all(r["overdue"] for r in late) and not any(r["overdue"] for r in on_time)


async def test_each_jurisdiction_sees_its_own_deadlines(client: Client) -> None:
    # a county supervisor: only county A's, including its missing selection-work report (S9)
    county_a = await all_deadlines(client, "county-a.supervisor")
    assert {r["unit"]["code"] for r in county_a} == {"county-a"}
    assert "SELECTION_REPORT" in {r["kind"] for r in county_a}
    assert "CASE_CONCLUSION" in {r["kind"] for r in county_a}  # the demo case about C-0101
    # the city supervisor: its own and, through oversight, every county's and department's
    city = await all_deadlines(client, "city.supervisor")
    assert {"city", "county-a", "county-b"} <= {r["unit"]["code"] for r in city}
    assert await all_deadlines(client, "city.supervisor", {"unitCode": "county-a"}) == county_a
    # the audit bureau: the audits addressed to it, never the cadre (J7)
    bureau = await all_deadlines(client, "audit.bureau")
    assert bureau and {r["kind"] for r in bureau} == {"AUDIT_COMMISSION"}
    assert all(r["cadre"]["__typename"] == "PersonSummary" for r in bureau)
    # an administrator reads no supervision data (J7)
    assert await all_deadlines(client, "admin") == []


async def test_the_linked_user_sees_no_deadline_about_himself(client: Client) -> None:
    # given a named reporter's tip-off about C-0003 (city.deputy), acknowledgement owed
    tipoff = await registered(client, "city.supervisor", "C-0003")
    supervisor = await all_deadlines(
        client, "city.supervisor", {"kinds": ["TIPOFF_ACKNOWLEDGEMENT"]}
    )
    assert tipoff["id"] in [r["record"]["id"] for r in supervisor]
    # when city.deputy lists the city's deadlines, then that one is not there (J5)
    deputy = await all_deadlines(client, "city.deputy")
    assert all((r["cadre"] or {}).get("code") != "C-0003" for r in deputy)
    assert tipoff["id"] not in [(r["record"] or {}).get("id") for r in deputy]


async def test_dues_before_a_day_and_kinds_narrow_the_list(client: Client) -> None:
    rows = await all_deadlines(
        client, "city.supervisor", {"dueBefore": "2027-02-01", "kinds": ["TOP_LEADER_REPORT"]}
    )
    assert rows and all(r["dueOn"] < "2027-02-01" for r in rows)
    assert {r["kind"] for r in rows} == {"TOP_LEADER_REPORT"}
    assert all(r["record"] is None and r["cadre"] is not None for r in rows)


async def test_a_malformed_deadline_cursor_is_bad_input(client: Client) -> None:
    body = await client.post(DEADLINES, {"after": "bm9wZQ=="}, user="city.supervisor")
    assert error_codes(body) == ["BAD_USER_INPUT"]


PAGE = """query($first: Int) { deadlines(first: $first) {
  edges { node { kind dueOn overdue daysLeft unit { code } } } } }"""


async def test_a_page_of_deadlines_is_one_statement_whatever_its_size(
    client: Client, statements: Callable[[], Any]
) -> None:
    async def count(first: int) -> int:
        await client.data(PAGE, {"first": first}, user="city.supervisor")
        with statements() as sent:
            data = await client.data(PAGE, {"first": first}, user="city.supervisor")
        assert len(data["deadlines"]["edges"]) == first
        return len(sent)

    # principal, units below the jurisdiction, the page (ONE statement), its units, access log
    assert await count(3) == await count(20) == 5


async def test_a_page_of_many_kinds_is_logged_whole(client: Client) -> None:
    # given a page holding deadlines of many kinds (more than the log's action column can name)
    data = await client.data(PAGE, {"first": 100}, user="city.supervisor")
    shown = {edge["node"]["kind"] for edge in data["deadlines"]["edges"]}
    assert len(shown) >= 5
    # then the read is logged, each kind of record named with its ids (J8)
    entry = await AccessLogEntry.filter(username="city.supervisor").order_by("-id").first()
    assert entry is not None and entry.action == "*:read" and entry.resource == "*"
    kinds = {part.partition(":")[0] for part in entry.record_ids.split(";")}
    assert {"tipoff", "case", "audit", "top_leader_report", "selection_compliance"} <= kinds


async def test_an_unrouted_tipoff_naming_the_linked_user_is_not_his_deadline(
    client: Client,
) -> None:
    # given a public tip-off naming city.deputy's post, waiting in the city's queue
    tag = uuid.uuid4().hex[:8]
    await client.post(
        SUBMIT,
        {
            "input": {
                "channel": "ONLINE",
                "content": f"反映市委组织部副部长 {tag}",
                "subjectName": "张志强",
                "subjectPost": "市委组织部副部长",
            }
        },
    )
    routing = {"kinds": ["TIPOFF_ROUTING"], "unitCode": "city"}
    supervisor = {
        r["record"]["id"] for r in await all_deadlines(client, "city.supervisor", routing)
    }
    deputy = {r["record"]["id"] for r in await all_deadlines(client, "city.deputy", routing)}
    # then the city's supervisor must route it, and the deputy never sees it (J5 before routing)
    assert supervisor - deputy


FULL_PAGE = """query($first: Int) { deadlines(first: $first) {
  edges { node { kind dueOn cadre { code } unit { code } record { __typename id } } } } }"""


async def test_the_records_and_cadres_of_a_page_cost_one_statement_per_type(
    client: Client, statements: Callable[[], Any]
) -> None:
    async def count(first: int) -> tuple[int, int]:
        await client.data(FULL_PAGE, {"first": first}, user="city.supervisor")
        with statements() as sent:
            data = await client.data(FULL_PAGE, {"first": first}, user="city.supervisor")
        rows = [edge["node"] for edge in data["deadlines"]["edges"]]
        assert len(rows) == first
        types = {r["record"]["__typename"] for r in rows if r["record"]}
        cadres = any(r["cadre"] for r in rows)
        # principal, units below, the page, its units, access log; then the cadres in one
        # statement and each kind of record in one, whatever the page size
        return len(sent), 5 + cadres + len(types)

    for first in (12, 30):
        sent, expected = await count(first)
        assert sent == expected

"""`Cadre.timeline` (D6): the whole file, newest first, each kind under its own record's rules
(J3, J4, J7), J5 for a user linked to the cadre, never the reporter (J6); one statement a page."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest

from models import AccessLogEntry
from rules.calendar import office_today
from tests.conftest import Client
from tests.helpers import error_codes

TIMELINE = """
query($code: String!, $first: Int, $after: String, $filter: TimelineFilter) {
  cadre(code: $code) {
    timeline(first: $first, after: $after, filter: $filter) {
      totalCount
      edges { cursor node { at kind summary record { id } } }
      pageInfo { hasNextPage endCursor }
    }
  }
}
"""
NODE = "query($id: ID!) { node(id: $id) { id } }"
DEMO_USERS = (
    "admin",
    "city.supervisor",
    "city.selector",
    "city.deputy",
    "county-a.supervisor",
    "county-b.supervisor",
    "finance.supervisor",
    "discipline.officer",
    "audit.bureau",
)
# J5: the kinds a user linked to the cadre never sees.
CONFLICT_SENSITIVE = {
    "TIPOFF",
    "CASE",
    "TALK",
    "INQUIRY_LETTER",
    "ADMONISHMENT",
    "SUPERVISION_INFORMATION",
}
# Kinds kept by the supervision office: a selector reads none of them.
SUPERVISION_ONLY = CONFLICT_SENSITIVE | {
    "PERSONAL_MATTERS",
    "TOP_LEADER_REPORT",
    "MAJOR_DECISION",
    "LIFE_MEETING",
}


async def entries(client: Client, user: str, code: str, **variables: Any) -> list[dict[str, Any]]:
    """Every entry of the file of `code` as `user` sees it, all pages; [] if the cadre is hidden."""
    found: list[dict[str, Any]] = []
    after = None
    while True:
        data = await client.data(
            TIMELINE, {"code": code, "first": 100, "after": after, **variables}, user=user
        )
        if data["cadre"] is None:
            return found
        page = data["cadre"]["timeline"]
        found += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return found
        after = page["pageInfo"]["endCursor"]


async def kinds(client: Client, user: str, code: str) -> set[str] | None:
    data = await client.data(TIMELINE, {"code": code, "first": 100}, user=user)
    if data["cadre"] is None:
        return None
    return {edge["node"]["kind"] for edge in data["cadre"]["timeline"]["edges"]}


# (user, cadre) -> kinds that must be on the file (None: the cadre is not visible at all).
# The demo world's story: C-0001 (city) was reported on, asked by letter, reminded in a talk,
# named by the discipline commission, sat at a major decision and a life meeting; C-0101 and
# C-0201 (county A, county B) were admonished, asked by letter, and more.
C_0001 = {
    "TIPOFF",
    "INQUIRY_LETTER",
    "TALK",
    "SUPERVISION_INFORMATION",
    "MAJOR_DECISION",
    "LIFE_MEETING",
    "TOP_LEADER_REPORT",
}
C_0101 = {
    "TIPOFF",
    "CASE",
    "INQUIRY_LETTER",
    "ADMONISHMENT",
    "TALK",
    "SUPERVISION_INFORMATION",
    "MAJOR_DECISION",
    "LIFE_MEETING",
    "PERSONAL_MATTERS",
}
C_0201 = {
    "TIPOFF",
    "INQUIRY_LETTER",
    "ADMONISHMENT",
    "TALK",
    "SUPERVISION_INFORMATION",
    "LIFE_MEETING",
    "PERSONAL_MATTERS",
}
MUST_SEE: dict[tuple[str, str], set[str] | None] = {
    ("city.supervisor", "C-0001"): C_0001,
    ("city.supervisor", "C-0101"): C_0101,
    ("city.supervisor", "C-0201"): C_0201,
    ("city.deputy", "C-0001"): C_0001,
    ("city.deputy", "C-0101"): C_0101,
    ("city.deputy", "C-0201"): C_0201,
    ("county-a.supervisor", "C-0001"): None,
    ("county-a.supervisor", "C-0101"): C_0101,
    ("county-a.supervisor", "C-0201"): None,
    ("county-b.supervisor", "C-0001"): None,
    ("county-b.supervisor", "C-0101"): None,
    ("county-b.supervisor", "C-0201"): C_0201,
    ("city.selector", "C-0001"): set(),
    ("city.selector", "C-0101"): None,
    ("city.selector", "C-0201"): None,
    **{
        (u, c): None
        for u in ("admin", "finance.supervisor")
        for c in ("C-0001", "C-0101", "C-0201")
    },
    **{
        (u, c): None
        for u in ("discipline.officer", "audit.bureau")
        for c in ("C-0001", "C-0101", "C-0201")
    },
}


@pytest.mark.parametrize(("user", "code"), sorted(MUST_SEE))
async def test_each_demo_user_sees_the_file_its_roles_reach(
    client: Client, user: str, code: str
) -> None:
    # given the demo world, when the user reads the cadre's file
    seen = await kinds(client, user, code)
    expected = MUST_SEE[(user, code)]
    # then the cadre is hidden outside its jurisdiction, and inside it the file holds these kinds
    if expected is None:
        assert seen is None
        return
    assert seen is not None and expected <= seen
    if user == "city.selector":  # the selection office reads no supervision records
        assert not seen & SUPERVISION_ONLY


@pytest.mark.parametrize("user", DEMO_USERS)
@pytest.mark.parametrize("code", ["C-0001", "C-0003", "C-0101", "C-0201", "C-0021"])
async def test_an_entry_shows_its_record_exactly_as_node_does(
    client: Client, user: str, code: str
) -> None:
    for entry in await entries(client, user, code):
        if entry["record"] is None:
            continue
        node = await client.data(NODE, {"id": entry["record"]["id"]}, user=user)
        assert node["node"] == entry["record"], (user, code, entry)


async def test_the_file_never_shows_the_reporter(client: Client) -> None:
    # given the demo tip-off about C-0001 from a named reporter (赵立新, 13800000001)
    for user in ("city.supervisor", "city.deputy"):
        text = " ".join(e["summary"] for e in await entries(client, user, "C-0001"))
        # then the file tells what was reported, never who reported it (J6)
        assert "工程招标" in text
        assert "赵立新" not in text and "13800000001" not in text


async def test_the_linked_user_sees_no_conflict_sensitive_kind_about_himself(
    client: Client,
) -> None:
    # given city.deputy is C-0003, and a tip-off, a talk and information from a joint meeting
    # about C-0003 are in the demo world
    supervisor = {e["kind"] for e in await entries(client, "city.supervisor", "C-0003")}
    assert {"TIPOFF", "TALK", "SUPERVISION_INFORMATION"} <= supervisor
    # when he reads his own file, then none of the conflict-sensitive kinds is there (J5)
    own = {e["kind"] for e in await entries(client, "city.deputy", "C-0003")}
    assert not own & CONFLICT_SENSITIVE


async def test_a_linked_candidate_sees_his_selection_steps_but_not_the_inspection(
    client: Client,
) -> None:
    # given a city supervisor linked to C-0021, who was inspected and appointed in the demo
    name = "test.linked.c0021"
    await client.post(
        'mutation($u: String!) { createUser(input: {username: $u, cadreCode: "C-0021"}) '
        "{ username } }",
        {"u": name},
        user="admin",
    )
    await client.post(
        'mutation($u: String!) { assignRole(input: {username: $u, role: "supervisor", '
        'unitCode: "city"}) { id } }',
        {"u": name},
        user="admin",
    )
    selection = {"filter": {"kinds": ["SELECTION"]}}
    everyone = [
        e["summary"] for e in await entries(client, "city.supervisor", "C-0021", **selection)
    ]
    own = [e["summary"] for e in await entries(client, name, "C-0021", **selection)]
    # then nomination, candidacy and the decision are on his file, the inspection, the
    # appraisal and the opinions written about him are not (J5)
    sensitive = ("考察（", "廉政鉴定", "廉洁情况结论性意见", "干部监督机构意见", "考察预告期间")
    assert any(s.startswith("民主推荐") for s in own)
    assert any(s.startswith("决定会议") for s in own)
    assert not [s for s in own if s.startswith(sensitive)]
    assert sorted(own) == sorted(s for s in everyone if not s.startswith(sensitive))
    assert [s for s in everyone if s.startswith(sensitive)]


async def test_pages_follow_one_another_newest_first(client: Client) -> None:
    # given the whole file of C-0021 in one page
    whole = await client.data(TIMELINE, {"code": "C-0021", "first": 100}, user="city.supervisor")
    all_entries = [e["node"] for e in whole["cadre"]["timeline"]["edges"]]
    assert len(all_entries) >= 5
    # when it is read two entries at a time
    paged: list[dict[str, Any]] = []
    after = None
    while True:
        data = await client.data(
            TIMELINE, {"code": "C-0021", "first": 2, "after": after}, user="city.supervisor"
        )
        page = data["cadre"]["timeline"]
        assert page["totalCount"] == len(all_entries)
        paged += [e["node"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    # then the pages hold the same entries in the same order, newest first, none twice
    assert paged == all_entries
    ats = [datetime.datetime.fromisoformat(e["at"]) for e in paged]
    assert ats == sorted(ats, reverse=True)


async def test_the_filter_narrows_by_kind_and_office_day(client: Client) -> None:
    today = office_today().isoformat()
    tomorrow = (office_today() + datetime.timedelta(days=1)).isoformat()
    user, code = "county-a.supervisor", "C-0101"
    tipoffs = await entries(client, user, code, filter={"kinds": ["TIPOFF"]})
    assert tipoffs and {e["kind"] for e in tipoffs} == {"TIPOFF"}
    assert await entries(client, user, code, filter={"kinds": ["ACCOUNTABILITY"]}) == []
    # the demo tip-off and case were recorded today
    assert await entries(client, user, code, filter={"from": tomorrow}) == []
    todays = await entries(client, user, code, filter={"from": today, "to": today})
    assert {"TIPOFF", "CASE"} <= {e["kind"] for e in todays}
    # the demo selection's candidates were fixed on 3 March 2025, an office day
    fixed = await entries(
        client, "city.supervisor", "C-0021", filter={"from": "2025-03-03", "to": "2025-03-03"}
    )
    assert [e["summary"] for e in fixed] == ["确定为考察对象（乙县县长（二））"]
    assert fixed[0]["at"] == "2025-03-02T16:00:00+00:00"  # midnight in Beijing


async def test_a_malformed_cursor_is_bad_input(client: Client) -> None:
    body = await client.post(
        TIMELINE, {"code": "C-0101", "after": "bm9wZQ=="}, user="county-a.supervisor"
    )
    assert error_codes(body) == ["BAD_USER_INPUT"]


PAGE = """query($first: Int) { cadre(code: "C-0021") {
  timeline(first: $first) { edges { node { at kind summary } } } } }"""
PAGE_WITH_RECORDS = """query($first: Int) { cadre(code: "C-0021") {
  timeline(first: $first) { edges { node { at kind summary record { id } } } } } }"""


async def _statements(client: Client, statements: Callable[[], Any], query: str, first: int) -> int:
    await client.data(query, {"first": first}, user="city.supervisor")  # warm the log tip
    with statements() as sent:
        data = await client.data(query, {"first": first}, user="city.supervisor")
    assert len(data["cadre"]["timeline"]["edges"]) == first
    return len(sent)


async def test_a_page_of_the_file_is_one_statement_whatever_its_size(
    client: Client, statements: Callable[[], Any]
) -> None:
    small = await _statements(client, statements, PAGE, 2)
    large = await _statements(client, statements, PAGE, 5)
    # principal, units below the jurisdiction, the cadre, the page (ONE statement), access log
    assert small == large == 5
    # each record through its own type's loader: one statement per type on the page
    # (Selection, DecisionMeeting, IntegrityAppraisalRequest at most), whatever the page size
    with_records = await _statements(client, statements, PAGE_WITH_RECORDS, 5)
    assert with_records <= large + 3


async def test_reading_the_file_is_logged_per_record(client: Client) -> None:
    # given county A's supervisor reads the tip-offs and cases on C-0101's file
    shown = await entries(
        client, "county-a.supervisor", "C-0101", filter={"kinds": ["TIPOFF", "CASE"]}
    )
    assert {e["kind"] for e in shown} == {"TIPOFF", "CASE"}
    # then the access log names each record read, by kind (J8)
    entry = await AccessLogEntry.filter(username="county-a.supervisor").order_by("-id").first()
    assert entry is not None
    kinds = {part.partition(":")[0] for part in entry.record_ids.split(";")}
    assert {"tipoff", "case"} <= kinds

"""J2, J4, J5, J7 for tip-offs and cases: every demo user sees exactly what falls under it."""

from __future__ import annotations

import pytest

from tests.conftest import Client
from tests.tipoff_support import CASES, TIPOFF, TIPOFFS

DEMO_SUBJECTS = {"C-0001", "C-0003", "C-0101", "C-0201"}
SEES_TIPOFFS_ABOUT = {
    "admin": set(),
    "city.supervisor": DEMO_SUBJECTS,
    "city.selector": set(),
    "city.deputy": DEMO_SUBJECTS - {"C-0003"},  # J5: never about himself
    "county-a.supervisor": {"C-0101"},
    "county-b.supervisor": {"C-0201"},
    "finance.supervisor": set(),
    "discipline.officer": set(),
    "audit.bureau": set(),
}


async def _subjects(client: Client, user: str) -> set[str]:
    seen: set[str] = set()
    after = None
    while True:
        data = await client.data(TIPOFFS, {"first": 100, "after": after}, user=user)
        for edge in data["tipoffs"]["edges"]:
            cadre = edge["node"]["subject"]["cadre"]
            if cadre is not None:
                seen.add(cadre["code"])
        if not data["tipoffs"]["pageInfo"]["hasNextPage"]:
            return seen
        after = data["tipoffs"]["pageInfo"]["endCursor"]


@pytest.mark.parametrize("user", sorted(SEES_TIPOFFS_ABOUT))
async def test_each_user_lists_tip_offs_only_under_its_jurisdiction(
    client: Client, user: str
) -> None:
    assert await _subjects(client, user) & DEMO_SUBJECTS == SEES_TIPOFFS_ABOUT[user]


async def _demo_tipoff_ids(client: Client) -> dict[str, str]:
    data = await client.data(TIPOFFS, {"first": 100}, user="city.supervisor")
    ids: dict[str, str] = {}
    for edge in data["tipoffs"]["edges"]:
        cadre = edge["node"]["subject"]["cadre"]
        if cadre and cadre["code"] in DEMO_SUBJECTS:
            ids.setdefault(cadre["code"], edge["node"]["id"])
    return ids


@pytest.mark.parametrize("user", sorted(SEES_TIPOFFS_ABOUT))
async def test_one_tip_off_by_id_or_node_follows_the_same_rules(client: Client, user: str) -> None:
    for code, tipoff_id in (await _demo_tipoff_ids(client)).items():
        one = await client.data(TIPOFF, {"id": tipoff_id}, user=user)
        node = await client.data(
            "query($id: ID!) { node(id: $id) { id } }", {"id": tipoff_id}, user=user
        )
        expected = code in SEES_TIPOFFS_ABOUT[user]
        assert (one["tipoff"] is not None) == expected, (user, code)
        assert (node["node"] is not None) == expected, (user, code)


async def test_the_deputy_never_sees_a_tip_off_about_himself_even_nested(client: Client) -> None:
    data = await client.data(
        '{ cadre(code: "C-0003") { code } cases(filter: {cadreCode: "C-0003"}) { totalCount } '
        'tipoffs(filter: {cadreCode: "C-0003"}) { totalCount } }',
        user="city.deputy",
    )
    assert data["cadre"] == {"code": "C-0003"}  # his own record, yes
    assert data["tipoffs"]["totalCount"] == 0
    assert data["cases"]["totalCount"] == 0


@pytest.mark.parametrize(
    ("user", "sees_demo_case"),
    [
        ("county-a.supervisor", True),
        ("city.supervisor", True),
        ("city.deputy", True),
        ("county-b.supervisor", False),
        ("audit.bureau", False),
        ("admin", False),
        ("city.selector", False),
    ],
)
async def test_cases_follow_jurisdiction(client: Client, user: str, sees_demo_case: bool) -> None:
    data = await client.data(CASES, {"filter": {"cadreCode": "C-0101"}, "first": 100}, user=user)
    assert (data["cases"]["totalCount"] > 0) == sees_demo_case


async def test_the_discipline_officer_sees_exactly_the_cases_referred_to_it(
    client: Client,
) -> None:
    data = await client.data(CASES, {"first": 100}, user="discipline.officer")
    assert all(
        e["node"]["referredTo"] == {"code": "city-discipline"} and e["node"]["status"] == "REFERRED"
        for e in data["cases"]["edges"]
    )
    assert all(e["node"]["tipoffs"] == [] for e in data["cases"]["edges"])  # not its business

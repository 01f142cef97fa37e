"""`viewer` tells a portal who is signed in and which buttons will work; the unit tree is shared."""

from __future__ import annotations

from tests.conftest import Client

VIEWER = """
{ viewer { username roleAssignments { role unit { code } } cadre { code }
           permissions { unit { code } actions } } }
"""


async def test_the_viewer_lists_role_assignments_and_the_linked_cadre(client: Client) -> None:
    data = await client.data(VIEWER, user="city.deputy")
    viewer = data["viewer"]
    assert viewer["roleAssignments"] == [{"role": "supervisor", "unit": {"code": "city"}}]
    assert viewer["cadre"] == {"code": "C-0003"}


async def test_permissions_show_oversight_below_and_reveal_only_at_home(client: Client) -> None:
    data = await client.data(VIEWER, user="city.supervisor")
    by_unit = {p["unit"]["code"]: set(p["actions"]) for p in data["viewer"]["permissions"]}
    assert {"cadre:read", "tipoff:reveal", "case:handle"} <= by_unit["city"]
    for below in ("county-a", "county-b", "dept-finance", "soe-energy"):
        assert "cadre:read" in by_unit[below]
        assert "tipoff:reveal" not in by_unit[below]  # the reveal permission is not oversight
        assert "case:handle" not in by_unit[below]  # J4: read, never decide below


async def test_the_administrator_holds_no_supervision_permission(client: Client) -> None:
    data = await client.data(VIEWER, user="admin")
    actions = {a for p in data["viewer"]["permissions"] for a in p["actions"]}
    assert actions and all(a.split(":")[0] in {"user", "role", "committee"} for a in actions)


async def test_the_audit_bureau_is_granted_only_audit_work_at_its_own_unit(client: Client) -> None:
    data = await client.data(VIEWER, user="audit.bureau")
    assert data["viewer"]["permissions"] == [
        {"unit": {"code": "city-audit"}, "actions": ["audit:answer", "audit:read"]}
    ]


async def test_the_unit_tree_lists_parents_and_children(client: Client) -> None:
    data = await client.data(
        "{ units { code kind isJurisdiction parent { code } children { code } } }",
        user="county-a.supervisor",
    )
    units = {u["code"]: u for u in data["units"]}
    assert len(units) == 9
    assert units["city"]["parent"] is None
    assert {c["code"] for c in units["city"]["children"]} == {
        "county-a",
        "county-b",
        "dept-finance",
        "soe-energy",
        "city-discipline",
        "city-audit",
    }
    assert units["county-a.town-1"]["parent"] == {"code": "county-a"}
    assert units["county-a.town-1"]["isJurisdiction"] is False
    assert units["dept-finance"]["isJurisdiction"] is True


async def test_a_unit_by_code_and_an_unknown_code(client: Client) -> None:
    data = await client.data(
        'query { a: unit(code: "soe-energy") { kind } b: unit(code: "nowhere") { kind } }',
        user="audit.bureau",
    )
    assert data == {"a": {"kind": "STATE_ENTERPRISE"}, "b": None}


async def test_the_unit_tree_costs_two_statements_however_large(
    client: Client, statements: object
) -> None:
    query = "{ units { code children { code } } }"
    await client.data(query, user="city.supervisor")
    with statements() as sent:  # type: ignore[operator]
        await client.data(query, user="city.supervisor")
    assert len(sent) == 3  # principal, units, children


async def test_a_superiors_acts_are_listed_only_strictly_below_its_own_unit(
    client: Client,
) -> None:
    data = await client.data(VIEWER, user="city.supervisor")
    by_unit = {p["unit"]["code"]: set(p["actions"]) for p in data["viewer"]["permissions"]}
    # Taking a case over, checking selection work or ordering a revocation is never done at home
    for superior_act in ("case:takeover", "selection:check", "selection:revoke"):
        assert superior_act not in by_unit["city"]
        for below in ("county-a", "county-b", "dept-finance", "soe-energy"):
            assert superior_act in by_unit[below]
    county = await client.data(VIEWER, user="county-a.supervisor")
    actions = {a for p in county["viewer"]["permissions"] for a in p["actions"]}
    assert "case:takeover" not in actions  # nothing with a committee below county A


async def test_an_administrator_assigns_roles_at_every_unit_it_administers(client: Client) -> None:
    data = await client.data(VIEWER, user="admin")
    assigning = {
        p["unit"]["code"] for p in data["viewer"]["permissions"] if "role:assign" in p["actions"]
    }
    units = await client.data("{ units { code } }", user="admin")
    assert assigning == {u["code"] for u in units["units"]}


async def test_the_discipline_commission_acts_at_its_own_unit_on_what_is_addressed_to_it(
    client: Client,
) -> None:
    data = await client.data(VIEWER, user="discipline.officer")
    assert data["viewer"]["permissions"] == [
        {
            "unit": {"code": "city-discipline"},
            "actions": ["appraisal:answer", "appraisal:read", "case:read"],
        }
    ]

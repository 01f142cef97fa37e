"""The protected layer costs a fixed number of statements: `node` for any number of ids, nested
records and cadre references for any page size, and each family of mutations. Pinned, so that a
change that adds a query per row (or a scope resolved twice) shows here."""

from __future__ import annotations

import base64
import datetime
import itertools
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.audit_support import COMMISSION, answered, commission_input
from tests.conftest import Client
from tests.selection_support import START
from tests.tipoff_support import REGISTER, registered

Counter = Callable[[], Any]


async def cost(
    client: Client, statements: Counter, query: str, variables: dict[str, Any], user: str
) -> int:
    await client.data(query, variables, user=user)  # warm the log tip cache
    with statements() as sent:
        await client.data(query, variables, user=user)
    return len(sent)


async def ids_of(client: Client, root: str, user: str, first: int = 50) -> list[str]:
    data = await client.data(
        f"{{ {root}(first: {first}) {{ edges {{ node {{ id }} }} }} }}", user=user
    )
    return [e["node"]["id"] for e in data[root]["edges"]]


# principal, jurisdiction units, the rows (one query for all ids), access log
NODE_COSTS = {"cadres": 4, "tipoffs": 4, "selections": 4}


@pytest.mark.parametrize("root", sorted(NODE_COSTS))
async def test_node_costs_the_same_for_one_id_and_for_twenty(
    client: Client, statements: Counter, root: str
) -> None:
    ids = await ids_of(client, root, "city.supervisor", 20)
    assert len(ids) >= 2
    one = f'{{ n0: node(id: "{ids[0]}") {{ id }} }}'
    many = "{ " + " ".join(f'n{i}: node(id: "{x}") {{ id }}' for i, x in enumerate(ids)) + " }"
    assert await cost(client, statements, one, {}, "city.supervisor") == NODE_COSTS[root]
    assert await cost(client, statements, many, {}, "city.supervisor") == NODE_COSTS[root]


NESTED = {
    # a page and its nested protected records and cadre references: (query, user, statements)
    "case subjects and tip-offs": (
        "query($n: Int) { cases(first: $n) { edges { node { id subject { __typename code } "
        "tipoffs { id case { id } } } } } }",
        "city.supervisor",
        # principal, units below, cases, cadres, tip-offs, their cases by id, access log
        7,
    ),
    "selection candidates and meetings": (
        "query($n: Int) { selections(first: $n) { edges { node { id candidates { __typename "
        "code } meetings { id } appraisalRequest { id } } } } }",
        "city.supervisor",
        # principal, units below, selections, choices, meetings, requests, candidates, access log
        8,
    ),
    "audit cadres and findings": (
        "query($n: Int) { auditCommissions(first: $n) { edges { node { id cadre { __typename "
        "code } result { findings { id rectifications { id } } } } } } }",
        "city.supervisor",
        # principal, units below, commissions, cadres, results, findings, rectifications, log
        8,
    ),
}


@pytest.mark.parametrize("name", sorted(NESTED))
async def test_nested_records_and_people_cost_the_same_for_any_page(
    client: Client, statements: Counter, name: str
) -> None:
    await answered(client)  # a commission with a result and findings (the demo world has the rest)
    query, user, pinned = NESTED[name]
    small = await cost(client, statements, query, {"n": 2}, user)
    large = await cost(client, statements, query, {"n": 50}, user)
    assert small <= large == pinned  # fewer when a small page holds no nested record at all


async def test_each_mutation_family_costs_a_fixed_number_of_statements(
    client: Client, statements: Counter
) -> None:
    families: dict[str, tuple[str, Callable[[], dict[str, Any]], str]] = {
        "tip-off intake": (
            REGISTER,
            lambda: {
                "input": {
                    "channel": "PHONE",
                    "content": f"report {uuid.uuid4().hex[:8]}",
                    "cadreCode": "C-0101",
                }
            },
            "county-a.supervisor",
        ),
        "audit commission": (
            COMMISSION,
            lambda: {"input": commission_input("C-0002")},
            "city.supervisor",
        ),
        "selection": (
            START,
            lambda: {
                "input": {
                    "managingUnit": "city",
                    "postTitle": f"post {uuid.uuid4().hex[:6]}",
                    "workUnit": "city",
                    "kind": "SINGLE_PROMOTION",
                    "positions": 1,
                }
            },
            "city.selector",
        ),
        "accounts": (
            "mutation($u: String!) { createUser(input: {username: $u}) { username } }",
            lambda: {"u": f"count.{uuid.uuid4().hex[:8]}"},
            "admin",
        ),
    }
    counts = {}
    for name, (query, variables, user) in families.items():
        await client.data(query, variables(), user=user)
        with statements() as sent:
            await client.data(query, variables(), user=user)
        counts[name] = len(sent)
    # families whose every call needs a record of its own, made before counting
    days = itertools.count(1)
    for name, (query, prepare, user) in {
        "case": (OPEN_CASE, lambda: _tipoff_ids(client), "county-a.supervisor"),
        "committee roll": (SET_ROLL, lambda: _roll(days), "admin"),
        "role assignment": (ASSIGN, lambda: _account(client), "admin"),
    }.items():
        for warm in (True, False):
            variables = await prepare()
            if warm:
                await client.data(query, variables, user=user)
                continue
            with statements() as sent:
                await client.data(query, variables, user=user)
            counts[name] = len(sent)
    assert counts == PINNED_MUTATIONS


OPEN_CASE = 'mutation($ids: [ID!]!) { openCase(tipoffIds: $ids, cadreCode: "C-0101") { id } }'
SET_ROLL = (
    'mutation($from: Date!) { setCommitteeMembers(unitCode: "soe-energy", '
    'cadreCodes: ["C-0004", "C-0005", "C-0006"], from: $from) { effectiveFrom } }'
)
ASSIGN = (
    'mutation($u: String!) { assignRole(input: {username: $u, role: "selector", '
    'unitCode: "county-b"}) { id } }'
)


async def _tipoff_ids(client: Client) -> dict[str, Any]:
    tipoff = await registered(client, "county-a.supervisor", "C-0101")
    return {"ids": [tipoff["id"]]}


async def _roll(days: Iterator[int]) -> dict[str, Any]:
    return {"from": (datetime.date(2200, 1, 1) + datetime.timedelta(days=next(days))).isoformat()}


async def _account(client: Client) -> dict[str, Any]:
    name = f"count.{uuid.uuid4().hex[:8]}"
    create = "mutation($u: String!) { createUser(input: {username: $u}) { username } }"
    await client.data(create, {"u": name}, user="admin")
    return {"u": name}


# Each: principal, the scopes and rows it checks (each scope resolved once per request, shared by
# the rules and the resolvers), the writes and its access-log entry in one transaction, then the
# returned record's fields; the entry for the records the answer shows is one INSERT (a group
# commit is a single statement, api/access_log._insert).
PINNED_MUTATIONS = {
    "tip-off intake": 12,
    "audit commission": 19,
    "selection": 10,
    "accounts": 7,
    "case": 9,
    "committee roll": 11,
    "role assignment": 11,
}


async def test_node_of_every_protected_type_costs_a_fixed_number_of_statements(
    client: Client, statements: Counter
) -> None:
    await answered(client)  # a commission with a result and findings
    from models import (
        AuditCommission,
        AuditFinding,
        Cadre,
        Case,
        DecisionMeeting,
        IntegrityAppraisalRequest,
        OrgUnit,
        RoleAssignment,
        Selection,
        Tipoff,
    )

    costs = {}
    for type_name, model, user in (
        ("OrgUnit", OrgUnit, "city.supervisor"),
        ("Cadre", Cadre, "city.supervisor"),
        ("Tipoff", Tipoff, "city.supervisor"),
        ("Case", Case, "city.supervisor"),
        ("AuditCommission", AuditCommission, "city.supervisor"),
        ("AuditFinding", AuditFinding, "city.supervisor"),
        ("Selection", Selection, "city.supervisor"),
        ("IntegrityAppraisalRequest", IntegrityAppraisalRequest, "city.supervisor"),
        ("DecisionMeeting", DecisionMeeting, "city.supervisor"),
        ("RoleAssignment", RoleAssignment, "admin"),
    ):
        row = await model.all().order_by("id").first()
        assert row is not None, type_name
        global_id = base64.b64encode(f"{type_name}:{row.pk}".encode()).decode()
        query = f'{{ node(id: "{global_id}") {{ id }} }}'
        costs[type_name] = await cost(client, statements, query, {}, user)
    # principal, the units below, the row (a record placed through its parent joins it), the
    # access log; the unit tree: principal and the unit
    assert costs == {name: 2 if name == "OrgUnit" else 4 for name in costs}

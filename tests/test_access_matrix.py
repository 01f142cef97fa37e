"""The access matrix, generated: every `Node` type × every demo user × every path that reaches it
(its list, a filter of it, `node`, its lookup by id, each nested field that returns it), on both
databases.

What each user may see is computed here, apart from the code under test: from `policy.csv` read as
a table, the role assignments and unit tree in the database, the columns that place each record
(the resource its type declares) and J5 (the user's own cadre, and the tip-offs naming it). Every
path must show exactly the records so computed: no more (a leak), no fewer (a path that forgot a
record the others show). A reference to a cadre inside another record is a full `Cadre` exactly
when the cadre list would show that cadre, a `PersonSummary` otherwise.
"""

from __future__ import annotations

import base64
import csv
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from strawberry import relay

import schema as built
from models import OrgUnit, RoleAssignment, TipoffConcern, User
from policies.resources import Resource
from schema.protected import protection_of
from tests.conftest import Client

USERS = (
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
POLICY = Path(__file__).parent.parent / "policies" / "policy.csv"
ALIASES = 25  # `node` lookups per request, under the operation's alias limit


def policy_rows() -> list[tuple[str, str, str, str]]:
    """policy.csv as a table: (role, object, action, reach)."""
    rows = []
    with POLICY.open() as f:
        for row in csv.reader(f):
            if row and not row[0].startswith("#") and row[0].strip() == "p":
                role, obj, act, reach = (c.strip() for c in row[1:5])
                rows.append((role, obj, act, reach))
    return rows


@dataclass
class Oracle:
    """Who may read what, worked out from the policy table and the demo world."""

    paths: dict[int, str]
    assignments: dict[str, list[tuple[str, int]]]
    cadre_of: dict[str, int | None]
    naming: dict[int, set[int]]
    policy: list[tuple[str, str, str, str]] = field(default_factory=policy_rows)

    @classmethod
    async def load(cls) -> Oracle:
        paths = dict(await OrgUnit.all().values_list("id", "path"))
        assignments: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for username, role, unit in await RoleAssignment.filter(
            revoked_at__isnull=True, user__is_active=True
        ).values_list("user__username", "role", "unit_id"):
            assignments[str(username)].append((str(role), int(str(unit))))
        cadre_of = dict(await User.all().values_list("username", "cadre_id"))
        naming: dict[int, set[int]] = defaultdict(set)
        for tipoff, cadre in await TipoffConcern.all().values_list("tipoff_id", "cadre_id"):
            naming[int(str(cadre))].add(int(str(tipoff)))
        return cls({int(str(k)): str(v) for k, v in paths.items()}, assignments, cadre_of, naming)

    def units(self, user: str, obj: str, act: str = "read") -> tuple[set[int], set[int]]:
        """(units whose records the user may act on, units it may act on as addressee)."""
        placed: set[int] = set()
        addressed: set[int] = set()
        for role, unit in self.assignments.get(user, []):
            home = self.paths[unit]
            for p_role, p_obj, p_act, reach in self.policy:
                if (p_role, p_obj, p_act) != (role, obj, act):
                    continue
                if reach == "unit":
                    placed.add(unit)
                elif reach == "subtree":
                    placed |= {u for u, p in self.paths.items() if p.startswith(home)}
                elif reach == "below":
                    placed |= {u for u, p in self.paths.items() if p.startswith(home)} - {unit}
                elif reach == "addressed":
                    addressed.add(unit)
        return placed, addressed

    def sees(self, user: str, resource: Resource, row: dict[str, Any]) -> bool:
        placed, addressed = self.units(user, resource.name)
        where = (resource.jurisdiction and row[resource.jurisdiction] in placed) or (
            resource.addressee and row[resource.addressee] in addressed
        )
        if not where:
            return False
        me = self.cadre_of.get(user)
        if me is None or not resource.conflict_sensitive:
            return True
        if resource.subject and row[resource.subject] == me:
            return False
        return not (resource.naming is not None and row["id"] in self.naming.get(me, set()))


async def placed_rows(type_: type) -> list[dict[str, Any]]:
    resource = protection_of(type_).resource
    columns = [c for c in (resource.jurisdiction, resource.addressee, resource.subject) if c]
    rows: list[dict[str, Any]] = await protection_of(type_).model.all().values("id", *columns)
    return rows


async def expected(oracle: Oracle, user: str, type_name: str) -> set[int]:
    type_ = node_types()[type_name]
    resource = protection_of(type_).resource
    return {r["id"] for r in await placed_rows(type_) if oracle.sees(user, resource, r)}


def node_types() -> dict[str, type]:
    return {
        t.__strawberry_definition__.name: t for t in built.NODE_TYPES if issubclass(t, relay.Node)
    }


def gid(type_name: str, pk: int) -> str:
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


def pk(global_id: str) -> int:
    return int(base64.b64decode(global_id).decode().split(":", 1)[1])


async def shown_by_node(client: Client, user: str, type_name: str, ids: Iterable[int]) -> set[int]:
    shown: set[int] = set()
    pending = sorted(ids)
    for start in range(0, len(pending), ALIASES):
        chunk = pending[start : start + ALIASES]
        query = (
            "{ "
            + " ".join(
                f'n{i}: node(id: "{gid(type_name, k)}") {{ id }}' for i, k in enumerate(chunk)
            )
            + " }"
        )
        data = await client.data(query, user=user)
        shown |= {pk(v["id"]) for v in data.values() if v is not None}
    return shown


async def listed(client: Client, user: str, field_: str, args: str = "") -> list[dict[str, Any]]:
    """Every node of a list, all pages, with `__typename`, `id` and what `nested` asks."""
    nodes: list[dict[str, Any]] = []
    after: str | None = None
    while True:
        query = (
            f"query($after: String) {{ {field_}(first: 100, after: $after{args}) {{ "
            "edges { node { id } } pageInfo { hasNextPage endCursor } } }"
        )
        page = (await client.data(query, {"after": after}, user=user))[field_]
        nodes += [e["node"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return nodes
        after = page["pageInfo"]["endCursor"]


@dataclass(frozen=True)
class Lookup:
    field: str  # `tipoff(id: …)`, `cadre(code: …)`
    key: str  # `id` or a column of the model


# The root list and lookup of each Node type; types without one are reached by node and nesting.
LISTS: dict[str, str] = {
    "Cadre": "cadres",
    "Tipoff": "tipoffs",
    "Case": "cases",
    "AuditCommission": "auditCommissions",
    "AuditPlan": "auditPlans",
    "Selection": "selections",
    "IntegrityAppraisalRequest": "integrityAppraisalRequests",
}
FILTERS: dict[str, tuple[str, str, str]] = {
    # type: (argument, the filter's unit code argument, the column it narrows by)
    "Cadre": ("filter: {managingUnit: $unit}", "managing_unit_id", "cadres"),
    "Tipoff": ("filter: {jurisdiction: $unit}", "jurisdiction_id", "tipoffs"),
    "Selection": ("filter: {managingUnit: $unit}", "managing_unit_id", "selections"),
}
LOOKUPS: dict[str, Lookup] = {
    "Cadre": Lookup("cadre", "code"),
    "Tipoff": Lookup("tipoff", "id"),
    "Case": Lookup("case", "id"),
    "AuditCommission": Lookup("auditCommission", "id"),
    "Selection": Lookup("selection", "id"),
}


@dataclass(frozen=True)
class Nested:
    """A nested field reaching `target` from the nodes of a parent list: the selection under
    the parent's node, and how a parent's expected children are found."""

    parent: str  # a root list
    selection: str  # GraphQL under `node { id … }`, ending at `{ id }` of the target
    target: str
    link: str  # the target's column naming the parent (`case_id`)
    via: str | None = None  # an intermediate model column, for findings (`result__commission_id`)


NESTED: tuple[Nested, ...] = (
    Nested("cases", "tipoffs { id }", "Tipoff", "case_id"),
    Nested("tipoffs", "case { id }", "Case", "id", via="tipoff"),
    Nested("cadres", "audits { id }", "AuditCommission", "cadre_id"),
    Nested("selections", "meetings { id }", "DecisionMeeting", "selection_id"),
    Nested("selections", "appraisalRequest { id }", "IntegrityAppraisalRequest", "selection_id"),
    Nested(
        "auditCommissions",
        "result { findings { id } }",
        "AuditFinding",
        "result__commission_id",
    ),
    Nested(
        "auditCommissions",
        "result { findings { rectifications { id } } }",
        "RectificationItem",
        "finding__result__commission_id",
    ),
)


def collect_ids(value: Any) -> set[int]:
    """Every global id in a nested result."""
    found: set[int] = set()
    if isinstance(value, dict):
        for k, v in value.items():
            if k == "id" and isinstance(v, str):
                found.add(pk(v))
            else:
                found |= collect_ids(v)
    elif isinstance(value, list):
        for v in value:
            found |= collect_ids(v)
    return found


@pytest.fixture
async def oracle(client: Client) -> Oracle:
    return await Oracle.load()


@pytest.mark.parametrize("user", USERS)
@pytest.mark.parametrize("type_name", sorted(node_types()))
async def test_node_shows_exactly_what_the_policy_grants(
    client: Client, oracle: Oracle, type_name: str, user: str
) -> None:
    type_ = node_types()[type_name]
    everything = {r["id"] for r in await placed_rows(type_)} if type_name != "OrgUnit" else set()
    if type_name == "OrgUnit":  # the unit tree: every signed-in user reads it
        everything = set(oracle.paths)
        assert await shown_by_node(client, user, type_name, everything) == everything
        return
    want = await expected(oracle, user, type_name)
    assert await shown_by_node(client, user, type_name, everything) == want


@pytest.mark.parametrize("user", USERS)
@pytest.mark.parametrize("type_name", sorted(LISTS))
async def test_the_list_and_the_lookup_show_exactly_what_the_policy_grants(
    client: Client, oracle: Oracle, type_name: str, user: str
) -> None:
    want = await expected(oracle, user, type_name)
    assert {pk(n["id"]) for n in await listed(client, user, LISTS[type_name])} == want
    lookup = LOOKUPS.get(type_name)
    if lookup is None:
        return
    model = protection_of(node_types()[type_name]).model
    keys = dict(await model.all().values_list("id", lookup.key))
    for start in range(0, len(keys), ALIASES):
        chunk = sorted(keys)[start : start + ALIASES]
        argument = (
            (lambda k: f'"{gid(type_name, k)}"')
            if lookup.key == "id"
            else (lambda k: f'"{keys[k]}"')
        )
        query = (
            "{ "
            + " ".join(
                f"n{i}: {lookup.field}({lookup.key}: {argument(k)}) {{ id }}"
                for i, k in enumerate(chunk)
            )
            + " }"
        )
        data = await client.data(query, user=user)
        shown = {pk(v["id"]) for v in data.values() if v is not None}
        assert shown == want & set(chunk)


@pytest.mark.parametrize("user", USERS)
@pytest.mark.parametrize("type_name", sorted(FILTERS))
async def test_a_filtered_list_shows_exactly_the_granted_records_it_matches(
    client: Client, oracle: Oracle, type_name: str, user: str
) -> None:
    argument, column, root = FILTERS[type_name]
    want = await expected(oracle, user, type_name)
    model = protection_of(node_types()[type_name]).model
    placed = dict(await model.all().values_list("id", column))
    for unit_id, code in await OrgUnit.filter(is_jurisdiction=True).values_list("id", "code"):
        narrowed = argument.replace("$unit", '"' + str(code) + '"')
        nodes = await listed(client, user, root, f", {narrowed}")
        shown = {pk(n["id"]) for n in nodes}
        assert shown == {k for k in want if placed[k] == unit_id}, code


@pytest.mark.parametrize("user", USERS)
@pytest.mark.parametrize("path", NESTED, ids=lambda n: f"{n.parent}.{n.selection.split()[0]}")
async def test_each_nested_field_shows_exactly_the_granted_records_of_its_parent(
    client: Client, oracle: Oracle, path: Nested, user: str
) -> None:
    # The parents this user lists, each with the nested records shown under it
    nodes: list[dict[str, Any]] = []
    after: str | None = None
    while True:
        query = (
            f"query($after: String) {{ {path.parent}(first: 50, after: $after) {{ "
            f"edges {{ node {{ id {path.selection} }} }} pageInfo {{ hasNextPage endCursor }} }} }}"
        )
        page = (await client.data(query, {"after": after}, user=user))[path.parent]
        nodes += [e["node"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    want = await expected(oracle, user, path.target)
    target = protection_of(node_types()[path.target]).model
    if path.via == "tipoff":  # a tip-off's case: the case its row names
        from models import Tipoff

        links = dict(await Tipoff.all().values_list("id", "case_id"))
        for node in nodes:
            case = links[pk(node["id"])]
            shown = collect_ids({k: v for k, v in node.items() if k != "id"})
            assert shown == ({case} & want if case else set()), node
        return
    children: dict[int, set[int]] = defaultdict(set)
    for child, parent in await target.all().values_list("id", path.link):
        if parent is not None:
            children[int(str(parent))].add(int(str(child)))
    for node in nodes:
        parent = pk(node["id"])
        shown = collect_ids({k: v for k, v in node.items() if k != "id"})
        assert shown == children[parent] & want, node


PEOPLE: tuple[tuple[str, str], ...] = (
    # a root list, and the `Person` fields under its node
    ("cases", "subject { __typename code }"),
    ("auditCommissions", "cadre { __typename code }"),
    ("selections", "candidates { __typename code } candidateRecords { cadre { __typename code } }"),
    ("selections", "meetings { members { __typename code } present { __typename code } }"),
    (
        "integrityAppraisalRequests",
        "candidates { __typename code } answers { cadre { __typename code } }",
    ),
    ("caseNotices", "cadre { __typename code }"),
)


def people_in(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        if "__typename" in value and "code" in value:
            return [value]
        return [p for v in value.values() for p in people_in(v)]
    if isinstance(value, list):
        return [p for v in value for p in people_in(v)]
    return []


@pytest.mark.parametrize("user", USERS)
@pytest.mark.parametrize("path", PEOPLE, ids=lambda p: f"{p[0]}.{p[1].split()[0]}")
async def test_a_cadre_named_in_a_record_is_a_full_file_exactly_when_the_cadre_is_readable(
    client: Client, oracle: Oracle, path: tuple[str, str], user: str
) -> None:
    root, selection = path
    readable = await expected(oracle, user, "Cadre")
    from models import Cadre

    code_to_id = dict(await Cadre.all().values_list("code", "id"))
    query = f"{{ {root}(first: 100) {{ edges {{ node {{ {selection} }} }} }} }}"
    data = await client.data(query, user=user)
    for person in people_in(data):
        full = code_to_id[person["code"]] in readable
        assert person["__typename"] == ("Cadre" if full else "PersonSummary"), person


async def expected_rows(oracle: Oracle, user: str, type_: type) -> list[dict[str, Any]]:
    resource = protection_of(type_).resource
    return [r for r in await placed_rows(type_) if oracle.sees(user, resource, r)]


@pytest.mark.parametrize("user", USERS)
async def test_protected_records_without_an_id_follow_the_same_grant(
    client: Client, oracle: Oracle, user: str
) -> None:
    from schema.cases.notices import CaseNotice
    from schema.selection.committee_types import Committee
    from schema.selection.responsibility_types import AccountabilityRecord

    # case notices (D5): the list's count
    data = await client.data("{ caseNotices(first: 100) { totalCount } }", user=user)
    assert data["caseNotices"]["totalCount"] == len(await expected_rows(oracle, user, CaseNotice))
    # committee rolls (S5): each committee's history
    rolls = await expected_rows(oracle, user, Committee)
    for unit_id, code in await OrgUnit.filter(is_jurisdiction=True).values_list("id", "code"):
        query = f'{{ committeeRolls(unitCode: "{code}") {{ size }} }}'
        shown = (await client.data(query, user=user))["committeeRolls"]
        assert len(shown) == len([r for r in rolls if r["unit_id"] == unit_id]), code
    # accountability records (S7) on the cadres the user lists
    records = await expected_rows(oracle, user, AccountabilityRecord)
    from models import AccountabilityRecord as RecordModel

    about = dict(await RecordModel.all().values_list("id", "cadre_id"))
    after: str | None = None
    while True:
        query = (
            "query($after: String) { cadres(first: 100, after: $after) { edges { node { id "
            "accountabilityRecords { role } } } pageInfo { hasNextPage endCursor } } }"
        )
        page = (await client.data(query, {"after": after}, user=user))["cadres"]
        for edge in page["edges"]:
            node = edge["node"]
            want = [r for r in records if about[r["id"]] == pk(node["id"])]
            assert len(node["accountabilityRecords"]) == len(want), node["id"]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]

"""The policy core (J3, J4, J5, J7) without HTTP: Casbin grants, scopes, and WHERE clauses."""

from __future__ import annotations

import pytest

from models import Cadre, OrgUnit
from policies.engine import Reach, reaches
from policies.principal import load_principal
from policies.resources import CADRE, Resource
from policies.scope import resolve_scope, restrict
from tests.conftest import World


@pytest.mark.parametrize(
    ("role", "obj", "act", "expected"),
    [
        ("supervisor", "cadre", "read", {Reach.SUBTREE}),
        ("selector", "cadre", "read", {Reach.UNIT}),
        ("supervisor", "tipoff", "reveal", {Reach.UNIT}),  # reveal never through oversight
        ("admin", "cadre", "read", set()),  # J7: administrators read no supervision data
        ("auditor", "cadre", "read", set()),
        ("discipline", "cadre", "read", set()),
        ("auditor", "audit", "read", {Reach.ADDRESSED}),
        ("admin", "role", "assign", {Reach.SUBTREE}),
        ("supervisor", "role", "assign", set()),
    ],
)
def test_the_policy_grants_each_role_exactly_its_reach(
    role: str, obj: str, act: str, expected: set[Reach]
) -> None:
    assert reaches(role, obj, act) == expected


async def test_an_unknown_or_deactivated_user_has_no_principal(world: World) -> None:
    assert await load_principal("nobody") is None


async def test_oversight_resolves_to_the_unit_and_every_unit_below(world: World) -> None:
    principal = await load_principal("city.supervisor")
    assert principal is not None
    scope = await resolve_scope(principal, CADRE, "read")
    assert scope.jurisdiction_ids == set(await OrgUnit.all().values_list("id", flat=True))


async def test_a_unit_reach_stays_in_its_unit(world: World) -> None:
    principal = await load_principal("city.selector")
    assert principal is not None
    scope = await resolve_scope(principal, CADRE, "read")
    city = await OrgUnit.get(code="city")
    assert scope.jurisdiction_ids == {city.id}


async def test_the_conflict_rule_hides_records_about_the_users_own_cadre(world: World) -> None:
    # Given a conflict-sensitive kind of record whose subject is the cadre itself (J5)
    about_self = Resource("cadre", "managing_unit_id", subject="id", conflict_sensitive=True)
    principal = await load_principal("city.deputy")
    assert principal is not None and principal.cadre_id is not None
    scope = await resolve_scope(principal, about_self, "read")
    # When the deputy's scope filters the table
    codes = set(await restrict(Cadre.all(), scope, about_self).values_list("code", flat=True))
    # Then his own record is gone and everything else under the city remains
    assert "C-0003" not in codes
    assert {"C-0001", "C-0101"} <= codes
    own = await Cadre.get(code="C-0003")
    assert not scope.admits(about_self, own)


async def test_admits_and_the_where_clause_agree_on_every_cadre(world: World) -> None:
    for username in ("county-a.supervisor", "city.selector", "finance.supervisor", "admin"):
        principal = await load_principal(username)
        assert principal is not None
        scope = await resolve_scope(principal, CADRE, "read")
        listed = (
            set()
            if scope.empty
            else set(await restrict(Cadre.all(), scope, CADRE).values_list("id", flat=True))
        )
        admitted = {c.id for c in await Cadre.all() if scope.admits(CADRE, c)}
        assert listed == admitted, username


async def test_the_subtree_of_a_unit_is_one_indexed_prefix_condition(world: World) -> None:
    # On PostgreSQL the planner must be able to use an index for the unit-path prefix.
    if world.backend != "postgres":
        pytest.skip("SQLite's planner needs no pattern index")
    from tortoise.transactions import in_transaction

    async with in_transaction() as conn:  # one connection, so SET LOCAL applies to the EXPLAIN
        await conn.execute_script("SET LOCAL enable_seqscan = off")
        plan = await conn.execute_query_dict(
            "EXPLAIN SELECT id FROM org_unit WHERE CAST(path AS VARCHAR) LIKE '/1/%'"
        )
    text = " ".join(str(v) for row in plan for v in row.values())
    assert "org_unit_path_prefix" in text

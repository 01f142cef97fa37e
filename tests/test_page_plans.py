"""Every list filter, and the deadline (overdue) filter, is served by an index on PostgreSQL: the
planner, told to avoid a sequential scan wherever it has any other way, never has to scan the
table (EXPLAIN of the page statement the resolvers send, scope included)."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import GraphQLObjectType, OperationDefinitionNode, parse
from tortoise import connections
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from models import Cadre as CadreModel
from models import Tipoff as TipoffModel
from policies.principal import load_principal
from policies.resources import CADRE, TIPOFF
from policies.scope import Subtrees, resolve_scope, restrict
from schema import schema
from schema.cadres.filters import CadreFilter, apply_cadre_filter
from schema.cadres.types import CadreRank, CadreStatus
from schema.compiled import (
    BRANCHES,
    README_PAGE,
    Arguments,
    _managing_units,
    _statement,
    _summed_count,
    compile_operation,
)
from schema.tipoffs.queries import TipoffFilter, apply_filter
from tests.conftest import World

CADRE_FILTERS: list[tuple[CadreFilter | None, str | None]] = [
    (None, None),
    (CadreFilter(managing_unit="county-a"), "cadre_managing_unit_code"),
    (CadreFilter(work_unit="county-a"), "cadre_work_unit_code"),
    (CadreFilter(is_top_leader=True), "cadre_top_leader_code"),
    (CadreFilter(manages_funds=True), "cadre_funds_code"),
    (CadreFilter(is_top_leader=False), None),
    (CadreFilter(rank=CadreRank.SECTION_CHIEF), None),
    (CadreFilter(status=CadreStatus.RETIRED), None),
    (CadreFilter(search="wang"), None),
    (CadreFilter(search="王建"), None),
]


async def _plan(queryset: QuerySet[Any]) -> str:
    sql = queryset.sql(params_inline=True)
    async with in_transaction() as connection:
        await connection.execute_query("SET LOCAL enable_seqscan = off")
        _, rows = await connection.execute_query(f"EXPLAIN {sql}")
    return "\n".join(str(row[0]) for row in rows)


@pytest.fixture
def postgres(world: World) -> World:
    if world.backend != "postgres":
        pytest.skip("plans are PostgreSQL's")
    assert connections.get("default").capabilities.dialect == "postgres"
    return world


@pytest.mark.parametrize("filter_, index", CADRE_FILTERS)
async def test_every_cadre_filter_is_served_by_an_index(
    postgres: World, filter_: CadreFilter | None, index: str | None
) -> None:
    # given a county supervisor's scope and one of the list's filters
    principal = await load_principal("county-a.supervisor")
    assert principal is not None
    scope = await resolve_scope(principal, CADRE, "read", Subtrees())
    qs = await apply_cadre_filter(restrict(CadreModel.all(), scope, CADRE), filter_)
    # when the page statement is planned
    plan = await _plan(qs.order_by("code").limit(51))
    # then no table is scanned
    assert "Seq Scan" not in plan, plan
    # and a filter that has an index of its own is answered by it where it is the only condition
    if index is not None:
        alone = await apply_cadre_filter(CadreModel.all(), filter_)
        plan = await _plan(alone.order_by("code").limit(51))
        assert index in plan, plan


@pytest.mark.parametrize("overdue", [True, False])
async def test_the_overdue_filter_of_tipoffs_is_served_by_an_index(
    postgres: World, overdue: bool
) -> None:
    principal = await load_principal("city.supervisor")
    assert principal is not None
    scope = await resolve_scope(principal, TIPOFF, "read", Subtrees())
    qs = apply_filter(restrict(TipoffModel.all(), scope, TIPOFF), TipoffFilter(overdue=overdue))
    plan = await _plan(qs.order_by("id").limit(51))
    assert "Seq Scan" not in plan, plan


async def test_overdue_tipoffs_are_found_through_the_open_ones_only(postgres: World) -> None:
    # given the deadline condition alone (what the filter adds to any scope)
    qs = apply_filter(TipoffModel.all(), TipoffFilter(overdue=True))
    # when planned, then the two partial indexes of open tip-offs answer it
    plan = await _plan(qs)
    assert "tipoff_routing_owed" in plan and "tipoff_notice_owed" in plan, plan


async def _readme_page(user: str, summed: bool) -> tuple[str, list[Any], list[int]]:
    """The statement a compiled README page sends for `user`'s unfiltered list, its count a sum
    of the kept per-unit counts (`summed`) or a count of the rows; and the user's units."""
    principal = await load_principal(user)
    assert principal is not None
    scope = await resolve_scope(principal, CADRE, "read", Subtrees())
    query = schema.schema_converter.type_map["Query"].implementation
    assert isinstance(query, GraphQLObjectType)
    (operation,) = parse(README_PAGE).definitions
    assert isinstance(operation, OperationDefinitionNode)
    plan = compile_operation(query, operation)
    units = list(_managing_units(scope))
    total = _summed_count(scope, postgres=True) if summed else None
    assert (total is not None) is summed
    qs = restrict(CadreModel.all(), scope, CADRE)
    sql, params = _statement(plan, qs, Arguments(50, None, None), units, total)
    return sql, params, units


async def _explain(sql: str, params: list[Any]) -> str:
    async with in_transaction() as connection:
        await connection.execute_query("SET LOCAL enable_seqscan = off")
        _, rows = await connection.execute_query(f"EXPLAIN {sql}", params)
    return "\n".join(str(row[0]) for row in rows)


async def test_a_compiled_page_reads_each_managing_unit_as_one_bounded_index_range(
    postgres: World,
) -> None:
    # given the statement a compiled page sends for the city supervisor (several units)
    sql, params, units = await _readme_page("city.supervisor", summed=False)
    assert 1 < len(units) <= BRANCHES
    # when it is planned, then each unit is one index range cut at the page: no table scan
    text = await _explain(sql, params)
    assert "Seq Scan on cadre" not in text, text
    assert text.count("cadre_managing_unit_code") >= len(units), text


async def test_an_unfiltered_compiled_count_reads_the_kept_counts_of_the_scopes_units(
    postgres: World,
) -> None:
    # given the statement of the city supervisor's unfiltered page, counted from the kept counts
    sql, params, units = await _readme_page("city.supervisor", summed=True)
    # when it is planned, then the count reads the units' rows of the kept counts by their key,
    # and the cadre table only in the page's ranges, one per unit
    text = await _explain(sql, params)
    assert "Seq Scan" not in text, text
    assert "cadre_unit_count_pkey" in text, text
    assert text.count(" on cadre ") == len(units), text

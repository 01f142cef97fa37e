"""Compiled pages: a whole `cadres` page, its nested units and `totalCount`, from ONE SQL statement.

Standard execution of a 50-row page builds fifty model objects and fifty GraphQL objects and
completes some five hundred fields one by one; the statements it sends (the page, its units, the
count) are built by the ORM each time. For the documents portals send all day long this module
does the same work in one step:

* the plan of a document (which fields, under which response keys, in which order) is made once
  per parsed operation and cached;
* the rows come from the protected layer's restricted queryset (`schema.protected.restricted`:
  the caller's scope as the WHERE clause), narrowed by the client's filter exactly as the resolver
  narrows it (`apply_cadre_filter`), as a keyset page; the units are joined and the count is a
  sub-select of the same statement, so a page costs one statement whatever it holds; a list no
  filter narrows is counted from the per-unit counts the database keeps (`_summed_count`), a few
  rows however many cadres the scope holds, a filtered one by counting its rows;
* every value is serialised by the schema's own scalar and enum types, and the records shown are
  noted for the access log by the layer (`schema.protected.noted`), as standard execution notes
  them; the access-log entry is then written by `LogReads` before anything is sent (J8).

It plugs into graphql-core's public `Executor.execute_operation` (the executor class strawberry
is given), after `build` has checked the cost limit and the argument bounds. A document it cannot
compile (any other field, a fragment, a directive, an argument out of range, an unknown unit code,
a scope that grants nothing) or any failure before the page is shown goes the standard way, which
gives the same answer or the same error; `tests/test_compiled_pages.py` proves the two ways give
the same bytes over many shapes, users and filters.
"""

from __future__ import annotations

import logging
import re
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

import strawberry
from graphql import (
    ExecutionResult,
    FieldNode,
    GraphQLField,
    GraphQLObjectType,
    GraphQLSchema,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    get_named_type,
    parse,
)
from graphql.execution.values import VariableValues, get_argument_values
from strawberry.relay.utils import to_base64
from tortoise import connections
from tortoise.fields import Field
from tortoise.queryset import QuerySet

from api.context import Context
from api.errors import ApiError
from api.sql import on_postgres
from models import Cadre as CadreModel
from models import OrgUnit as OrgUnitModel
from policies.scope import Scope
from schema.cadres.filters import CadreFilter, apply_cadre_filter
from schema.cadres.types import Cadre, CadreRank, CadreStatus
from schema.protected import noted, protection_of, restricted
from schema.relay import DEFAULT_PAGE, MAX_PAGE, decode_cursor, encode_cursor

# GraphQL field -> model attribute, for the leaves a compiled page may hold.
CADRE_LEAVES = {
    "code": "code",
    "name": "name",
    "post": "post",
    "gender": "gender",
    "birthDate": "birth_date",
    "rank": "rank",
    "isTopLeader": "is_top_leader",
    "managesFunds": "manages_funds",
    "status": "status",
    "updatedAt": "updated_at",
}
UNIT_LEAVES = {"code": "code", "name": "name", "kind": "kind", "isJurisdiction": "is_jurisdiction"}
UNIT_FIELDS = {"managingUnit": "managing_unit_id", "workUnit": "work_unit_id"}
CADRE_COLUMNS = ("id", *CADRE_LEAVES.values(), *UNIT_FIELDS.values())
UNIT_COLUMNS = ("id", *UNIT_LEAVES.values())
FILTERS = {
    "managingUnit": "managing_unit",
    "workUnit": "work_unit",
    "search": "search",
    "isTopLeader": "is_top_leader",
    "managesFunds": "manages_funds",
    "rank": "rank",
    "status": "status",
}
KIND = "cadre"  # the cursors' kind, as `cadres` names them
log = logging.getLogger("cadre_api.compiled")

Serialize = Callable[[Any], Any]


class NotCompiled(Exception):
    """This document, or these argument values, go the standard way."""


@dataclass(frozen=True, slots=True)
class Leaf:
    key: str  # response key (alias or name)
    name: str  # GraphQL field name ("__typename", "id" or a column's field)
    column: int  # index of the value in the row, -1 for __typename
    to_python: Callable[[Any], Any] | None
    serialize: Serialize | None
    constant: Any = None  # __typename


@dataclass(frozen=True, slots=True)
class ObjectPlan:
    leaves: tuple[tuple[str, Any], ...]  # (key, Leaf | (unit offset, ObjectPlan))
    type_name: str


@dataclass(frozen=True, slots=True, eq=False)  # by identity: a key of the statement cache
class PagePlan:
    root_key: str
    field: FieldNode
    definition: GraphQLField
    connection: tuple[tuple[str, str, Any], ...]  # (key, kind, payload) in selection order
    counted: bool
    units: tuple[str, ...]  # which unit joins the statement needs, by column
    # The columns the document reads (the others are selected as NULL: nothing to decode).
    needed: frozenset[str] = frozenset()


def _selections(selection_set: SelectionSetNode | None) -> list[FieldNode]:
    """The fields of a selection set, each under a distinct response key, with no directive
    or fragment (what standard execution would merge or skip is not compiled)."""
    if selection_set is None:
        raise NotCompiled("a leaf where an object was expected")
    fields: list[FieldNode] = []
    keys: set[str] = set()
    for s in selection_set.selections:
        if not isinstance(s, FieldNode) or s.directives:
            raise NotCompiled("a fragment or a directive")
        key = s.alias.value if s.alias else s.name.value
        if key in keys:
            raise NotCompiled("a response key asked twice")
        keys.add(key)
        fields.append(s)
    return fields


def _key(node: FieldNode) -> str:
    return node.alias.value if node.alias else node.name.value


def _leaf(type_: GraphQLObjectType, node: FieldNode, model: Any, attr: str, index: int) -> Leaf:
    if node.arguments or node.selection_set is not None:
        raise NotCompiled("a leaf with arguments or a selection")
    definition = type_.fields[node.name.value]
    named = get_named_type(definition.type)
    field: Field[Any] = model._meta.fields_map[attr]
    return Leaf(_key(node), node.name.value, index, field.to_python_value, named.serialize)


def _object_plan(type_: GraphQLObjectType, selection_set: SelectionSetNode | None) -> ObjectPlan:
    """The plan of a `Cadre` or an `OrgUnit` object."""
    is_cadre = type_.name == "Cadre"
    leaves_of, model, columns = (
        (CADRE_LEAVES, CadreModel, CADRE_COLUMNS)
        if is_cadre
        else (UNIT_LEAVES, OrgUnitModel, UNIT_COLUMNS)
    )
    plan: list[tuple[str, Any]] = []
    for node in _selections(selection_set):
        name, key = node.name.value, _key(node)
        if name == "__typename":
            plan.append((key, Leaf(key, name, -1, None, None, type_.name)))
        elif name == "id":
            if node.arguments or node.selection_set is not None:
                raise NotCompiled("id with arguments")
            plan.append((key, Leaf(key, name, 0, None, None, type_.name)))
        elif name in leaves_of:
            attr = leaves_of[name]
            plan.append((key, _leaf(type_, node, model, attr, columns.index(attr))))
        elif is_cadre and name in UNIT_FIELDS and not node.arguments:
            unit_type = get_named_type(type_.fields[name].type)
            assert isinstance(unit_type, GraphQLObjectType)
            plan.append((key, (UNIT_FIELDS[name], _object_plan(unit_type, node.selection_set))))
        else:
            raise NotCompiled(f"{type_.name}.{name} is not compiled")
    return ObjectPlan(tuple(plan), type_.name)


def compile_operation(query: GraphQLObjectType, operation: OperationDefinitionNode) -> PagePlan:
    """The plan of `query { cadres(…) { … } }`, or NotCompiled."""
    if operation.operation is not OperationType.QUERY or operation.directives:
        raise NotCompiled("not a query")
    roots = _selections(operation.selection_set)
    if len(roots) != 1 or roots[0].name.value != "cadres":
        raise NotCompiled("not a cadre page")
    root = roots[0]
    definition = query.fields["cadres"]
    connection_type = get_named_type(definition.type)
    assert isinstance(connection_type, GraphQLObjectType)
    edge_type = get_named_type(connection_type.fields["edges"].type)
    assert isinstance(edge_type, GraphQLObjectType)
    node_type = get_named_type(edge_type.fields["node"].type)
    info_type = get_named_type(connection_type.fields["pageInfo"].type)
    assert isinstance(node_type, GraphQLObjectType) and isinstance(info_type, GraphQLObjectType)
    items: list[tuple[str, str, Any]] = []
    counted = False
    units: set[str] = set()
    for node in _selections(root.selection_set):
        name, key = node.name.value, _key(node)
        if node.arguments:
            raise NotCompiled("arguments below the root")
        if name == "__typename":
            items.append((key, "constant", connection_type.name))
        elif name == "totalCount":
            counted = True
            items.append((key, "count", None))
        elif name == "pageInfo":
            info_fields: list[tuple[str, str]] = []
            for f in _selections(node.selection_set):
                if f.arguments or f.selection_set is not None:
                    raise NotCompiled("pageInfo field with arguments")
                if f.name.value not in (
                    "__typename",
                    "hasNextPage",
                    "hasPreviousPage",
                    "startCursor",
                    "endCursor",
                ):
                    raise NotCompiled("unknown pageInfo field")
                info_fields.append((_key(f), f.name.value))
            items.append((key, "pageInfo", (tuple(info_fields), info_type.name)))
        elif name == "edges":
            fields: list[tuple[str, str, Any]] = []
            for f in _selections(node.selection_set):
                if f.arguments:
                    raise NotCompiled("edge field with arguments")
                if f.name.value == "node":
                    plan = _object_plan(node_type, f.selection_set)
                    units.update(u for _, u in plan.leaves if isinstance(u, tuple) for u in [u[0]])
                    fields.append((_key(f), "node", plan))
                elif f.name.value in ("__typename", "cursor") and f.selection_set is None:
                    fields.append((_key(f), f.name.value, edge_type.name))
                else:
                    raise NotCompiled("unknown edge field")
            items.append((key, "edges", tuple(fields)))
        else:
            raise NotCompiled(f"connection field {name} is not compiled")
    needed = {"p.id", "p.code", *(f"p.{u}" for u in units)}
    for _, kind, payload in items:
        if kind == "edges":
            for _, name, plan in payload:
                if name == "node":
                    needed |= _columns_read(plan, "p")
    return PagePlan(
        _key(root), root, definition, tuple(items), counted, tuple(sorted(units)), frozenset(needed)
    )


def _columns_read(plan: ObjectPlan, alias: str) -> set[str]:
    """`alias.column` for every column an object plan (and the unit plans in it) reads."""
    columns = CADRE_COLUMNS if alias == "p" else UNIT_COLUMNS
    read: set[str] = set()
    for _, item in plan.leaves:
        if isinstance(item, Leaf):
            if item.column >= 0:
                read.add(f"{alias}.{columns[item.column]}")
        else:
            unit, unit_plan = item
            read |= _columns_read(unit_plan, unit)
    return read


# ---------------------------------------------------------------------------------------------
# Running a plan


@dataclass(frozen=True, slots=True)
class Arguments:
    size: int
    after: str | None
    filter: CadreFilter | None

    def key(self) -> Hashable | None:
        """What the statement depends on besides the plan and the scope; None when it depends
        on the database too (a unit code, looked up when the statement is built)."""
        f = self.filter
        if f is None:
            return (self.size, self.after, None)
        if f.managing_unit or f.work_unit:
            return None
        values = (f.search, f.is_top_leader, f.manages_funds, f.rank, f.status)
        return (self.size, self.after, values)


# The statements of recent pages, by plan, scope and arguments: built by tortoise once, sent as
# they are after that (the same SQL for the same scope and arguments, as asyncpg then prepares
# once per connection).
STATEMENT_CACHE = 2048
STATEMENTS: dict[tuple[Any, ...], tuple[str, list[Any]]] = {}


def _arguments(plan: PagePlan, variables: VariableValues) -> Arguments:
    values = get_argument_values(plan.definition, plan.field, variables)
    first = values.get("first")
    size = DEFAULT_PAGE if first is None else first
    if not 0 < size <= MAX_PAGE:
        raise NotCompiled("first out of range: the resolver says why")
    after = values.get("after")
    if after is not None:
        try:
            key = decode_cursor(KIND, after)
        except ApiError:
            raise NotCompiled("a malformed cursor: the resolver says why") from None
        after = key
    raw = values.get("filter")
    if raw is None:
        return Arguments(size, after, None)
    if not raw.keys() <= FILTERS.keys():
        # a filter this page does not compile (warningLevel: its condition depends on the day
        # and on every kind's scope): the standard way answers it
        raise NotCompiled("a filter the compiled page does not know")
    given = {FILTERS[k]: v for k, v in raw.items()}
    for name, enum in (("rank", CadreRank), ("status", CadreStatus)):
        if given.get(name) is not None and not isinstance(given[name], enum):
            given[name] = enum(given[name])
    return Arguments(size, after, CadreFilter(**given))


_PLACEHOLDER = re.compile(r"\$(\d+)")


def _parameterized(qs: Any) -> tuple[str, list[Any]]:
    """The SQL and parameters tortoise sends for `qs` (its public `sql()` and the query built)."""
    qs.sql()
    sql, params = qs.query.get_parameterized_sql()
    return sql, list(params)


def _shift(sql: str, by: int) -> str:
    """Renumber PostgreSQL's `$n` placeholders of a statement placed after `by` parameters."""
    return _PLACEHOLDER.sub(lambda m: f"${int(m.group(1)) + by}", sql) if by else sql


BRANCHES = 32
"""A scope of at most this many managing units is paged unit by unit: one index range per unit
(`cadre_managing_unit_code`), each cut at the page size, merged in code order. A page then reads
at most units × page rows however many cadres each unit manages, where one range over all the
units would read and sort every cadre of the scope."""


def _statement(
    plan: PagePlan,
    filtered: QuerySet[CadreModel],
    args: Arguments,
    units: Sequence[int],
    summed: tuple[str, list[Any]] | None = None,
) -> tuple[str, list[Any]]:
    """The page's statement; `summed`, when given, the count's sub-select (`_summed_count`)
    instead of counting the rows of `filtered`."""
    page_qs = filtered
    if args.after is not None:
        page_qs = page_qs.filter(code__gt=args.after)
    postgres = on_postgres()
    if 1 < len(units) <= BRANCHES:
        parts: list[str] = []
        page_params: list[Any] = []
        for i, unit in enumerate(sorted(units)):
            sql, params = _parameterized(
                page_qs.filter(managing_unit_id=unit)
                .order_by("code")
                .limit(args.size + 1)
                .only(*CADRE_COLUMNS)
            )
            parts.append(
                f'SELECT * FROM ({_shift(sql, len(page_params)) if postgres else sql}) "b{i}"'
            )
            page_params += params
        limit = f"${len(page_params) + 1}" if postgres else "?"
        page_params.append(args.size + 1)
        page_sql = f'SELECT * FROM ({" UNION ALL ".join(parts)}) "u" ORDER BY "code" LIMIT {limit}'
    else:
        page_sql, page_params = _parameterized(
            page_qs.order_by("code").limit(args.size + 1).only(*CADRE_COLUMNS)
        )

    def column(alias: str, name: str) -> str:
        return f'"{alias}"."{name}"' if f"{alias}.{name}" in plan.needed else "NULL"

    unit_columns = ", ".join(column(alias, c) for alias in plan.units for c in UNIT_COLUMNS)
    joins = " ".join(f'LEFT JOIN "org_unit" "{u}" ON "{u}"."id" = "p"."{u}"' for u in plan.units)
    page_columns = ", ".join(column("p", c) for c in CADRE_COLUMNS)
    select = page_columns + (", " + unit_columns if unit_columns else "")
    if not plan.counted:
        sql = f'SELECT {select} FROM ({page_sql}) "p" {joins} ORDER BY "p"."code"'
        return sql, page_params
    if summed is None:
        rows_sql, count_params = _parameterized(filtered.only("id"))
        count_sql = f'SELECT COUNT(*) AS "total" FROM ({rows_sql}) "c"'
    else:
        count_sql, count_params = summed
    page_sql = _shift(page_sql, len(count_params)) if postgres else page_sql
    sql = (
        f'SELECT "t"."total", {select} '
        f'FROM ({count_sql}) "t" '
        f'LEFT JOIN ({page_sql}) "p" ON 1 = 1 {joins} ORDER BY "p"."code"'
    )
    return sql, count_params + page_params


def _managing_units(scope: Scope) -> Sequence[int]:
    """The units a cadre scope places cadres under, when it is those units alone (no addressee
    or subject condition beside them); else nothing to page unit by unit."""
    protection = protection_of(Cadre)
    resource = protection.resource
    if (
        resource.jurisdiction != "managing_unit_id"
        or scope.addressee_ids
        or scope.excluded_ids
        or (scope.excluded_subject is not None and resource.subject)
    ):
        return ()
    return sorted(scope.jurisdiction_ids)


def _summed_count(scope: Scope, postgres: bool) -> tuple[str, list[Any]] | None:
    """The number of cadres a scope admits, as the sum of the per-unit counts the database
    keeps (`cadre_unit_count`, migration 0017) over the scope's managing units, the scope's own
    condition (`Scope.sql`) on the counts' unit column: one row per unit however many cadres
    the units hold. Exact in the statement's snapshot, as the counts change in the transactions
    that change the cadres. None when the scope is more than its managing units."""
    if not _managing_units(scope):
        return None
    params: list[Any] = []

    def bind(value: Any) -> str:
        params.append(value)
        return f"${len(params)}" if postgres else "?"

    condition = scope.sql(protection_of(Cadre).resource, bind, jurisdiction='"k"."unit_id"')
    if condition is None:
        return None
    sql = 'SELECT COALESCE(SUM("k"."cadres"), 0) AS "total" FROM "cadre_unit_count" "k" WHERE '
    return sql + condition, params


def _value(leaf: Leaf, row: Any, offset: int) -> Any:
    if leaf.column < 0:
        return leaf.constant
    raw = row[offset + leaf.column]
    if leaf.name == "id":
        return to_base64(leaf.constant, raw)
    value = leaf.to_python(raw) if leaf.to_python is not None else raw
    return None if value is None else leaf.serialize(value)  # type: ignore[misc]


def _object(
    plan: ObjectPlan, row: Any, offset: int, unit_offsets: dict[str, int]
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, item in plan.leaves:
        if isinstance(item, Leaf):
            out[key] = _value(item, row, offset)
        else:
            column, unit_plan = item
            out[key] = _object(unit_plan, row, unit_offsets[column], unit_offsets)
    return out


async def run_page(plan: PagePlan, context: Any, variables: VariableValues) -> dict[str, Any]:
    """The page's data, as standard execution gives it; NotCompiled before anything is noted
    when it would answer otherwise (an error, an empty scope)."""
    if not isinstance(context, Context) or context.principal is None:
        raise NotCompiled("no caller: the resolver refuses")
    args = _arguments(plan, variables)
    source = await restricted(context, Cadre)
    if source is None:
        raise NotCompiled("a scope that grants nothing: the resolver answers an empty page")
    scope, queryset = source
    connection = connections.get("default")
    cache_key = (plan, scope, args.key(), connection.capabilities.dialect)
    statement = STATEMENTS.get(cache_key) if cache_key[2] is not None else None
    if statement is None:
        whole = queryset()
        try:
            filtered = await apply_cadre_filter(whole, args.filter, context)
        except ApiError:
            raise NotCompiled("a filter the resolver refuses") from None
        # a list no filter narrows (the filter gave the scope's queryset back) is counted from
        # the per-unit counts; a narrowed one by counting its rows
        postgres = connection.capabilities.dialect == "postgres"
        summed = _summed_count(scope, postgres) if plan.counted and filtered is whole else None
        statement = _statement(plan, filtered, args, _managing_units(scope), summed)
        if cache_key[2] is not None:
            STATEMENTS[cache_key] = statement
            if len(STATEMENTS) > STATEMENT_CACHE:
                del STATEMENTS[next(iter(STATEMENTS))]
    sql, params = statement
    try:
        _, rows = await connection.execute_query(sql, params)
    except Exception:  # an outage, say: the standard way meets it too and reports it as usual
        log.warning("compiled page failed; answering it the standard way", exc_info=True)
        raise NotCompiled("the statement failed") from None
    start = 1 if plan.counted else 0
    total = rows[0][0] if rows and plan.counted else 0
    if plan.counted and rows and rows[0][start] is None:
        rows = []  # the count's row only: an empty page
    unit_offsets = {
        u: start + len(CADRE_COLUMNS) + i * len(UNIT_COLUMNS) for i, u in enumerate(plan.units)
    }
    has_next = len(rows) > args.size
    rows = rows[: args.size]
    codes = [r[start + 1] for r in rows]
    cursors = [encode_cursor(KIND, str(c)) for c in codes]
    noted(context, Cadre, scope, [r[start] for r in rows])
    data: dict[str, Any] = {}
    for key, kind, payload in plan.connection:
        if kind == "constant":
            data[key] = payload
        elif kind == "count":
            data[key] = int(total)
        elif kind == "pageInfo":
            fields, type_name = payload
            values = {
                "__typename": type_name,
                "hasNextPage": has_next,
                "hasPreviousPage": args.after is not None,
                "startCursor": cursors[0] if cursors else None,
                "endCursor": cursors[-1] if cursors else None,
            }
            data[key] = {k: values[name] for k, name in fields}
        else:
            edges = []
            for row, cursor in zip(rows, cursors, strict=True):
                edge: dict[str, Any] = {}
                for edge_key, name, item in payload:
                    if name == "node":
                        edge[edge_key] = _object(item, row, start, unit_offsets)
                    elif name == "cursor":
                        edge[edge_key] = cursor
                    else:
                        edge[edge_key] = item
                edges.append(edge)
            data[key] = edges
    return {plan.root_key: data}


# ---------------------------------------------------------------------------------------------
# The plan cache and the executor's hook


class Plans:
    """Plans by parsed operation (the parser cache hands the same node for the same text)."""

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._plans: OrderedDict[int, tuple[OperationDefinitionNode, PagePlan | None]] = (
            OrderedDict()
        )

    def get(self, schema: GraphQLSchema, operation: OperationDefinitionNode) -> PagePlan | None:
        found = self._plans.get(id(operation))
        if found is not None and found[0] is operation:
            self._plans.move_to_end(id(operation))
            return found[1]
        try:
            assert schema.query_type is not None
            plan: PagePlan | None = compile_operation(schema.query_type, operation)
        except NotCompiled:
            plan = None
        self._plans[id(operation)] = (operation, plan)  # the node is kept: its id stays its own
        if len(self._plans) > self.size:
            self._plans.popitem(last=False)
        return plan


PLANS = Plans()


class CompiledPages:
    """Mixin for the executor class: `execute_operation` answers a compilable page from one
    statement and leaves everything else to the standard execution of the class it is mixed
    into. `COMPILED` counts the pages it answered (for the build-time and test checks)."""

    schema: GraphQLSchema
    operation: OperationDefinitionNode
    variable_values: Any
    context_value: Any
    answered = 0

    def execute_operation(self, serially: bool | None = None) -> Any:
        standard = super().execute_operation  # type: ignore[misc]
        plan = PLANS.get(self.schema, self.operation)
        if plan is None or serially:
            return standard(serially)

        async def compiled() -> Any:
            try:
                data = await run_page(plan, self.context_value, self.variable_values)
            except NotCompiled:
                return await _maybe(standard(serially))
            CompiledPages.answered += 1
            return ExecutionResult(data, None)

        return compiled()


async def _maybe(value: Any) -> Any:
    return await value if isinstance(value, Awaitable) else value


ISSUE_PAGE = (
    "{ cadres(first: 50) { edges { node { code managingUnit { code } workUnit { code } } } } }"
)
README_PAGE = (
    "{ cadres(first: 50) { totalCount edges { node { id code name post rank isTopLeader "
    "managingUnit { code } workUnit { code } } } pageInfo { hasNextPage endCursor } } }"
)


def check_compiled(schema: strawberry.Schema) -> None:
    """Fail the build when the compiled path is not active: its executor hook missing, or the
    pages it exists for (the issue's and the README's) no longer compiling against the schema."""
    if not issubclass(schema.execution_context_class, CompiledPages):
        raise TypeError("compiled pages: the executor class does not include CompiledPages")
    query = schema.schema_converter.type_map["Query"].implementation
    assert isinstance(query, GraphQLObjectType)
    for document in (ISSUE_PAGE, README_PAGE):
        (operation,) = parse(document).definitions
        assert isinstance(operation, OperationDefinitionNode)
        try:
            compile_operation(query, operation)
        except NotCompiled as exc:
            raise TypeError(f"compiled pages: {document} no longer compiles: {exc}") from None

"""Refusing operations that are too deep, too wide or costly in other ways (QUERY_TOO_COMPLEX)."""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import AsyncIterator, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    get_named_type,
    is_leaf_type,
    is_list_type,
    is_non_null_type,
)
from graphql.execution.values import VariableValues, get_argument_values
from graphql.language import Node
from graphql.validation import ASTValidationRule
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from api.errors import ErrorCode
from schema.bounds import first_input_problem
from schema.execution import FastLeafExecutionContext
from schema.relay import DEFAULT_PAGE, MAX_PAGE

log = logging.getLogger("cadre_api")


def too_complex(message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": ErrorCode.QUERY_TOO_COMPLEX.value})


def _depth(
    selection_set: SelectionSetNode | None,
    fragments: dict[str, FragmentDefinitionNode],
    visiting: frozenset[str],
    memo: dict[str, int],
) -> int:
    """Field depth below `selection_set`, fragments expanded (each measured once)."""
    if selection_set is None:
        return 0
    deepest = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            if selection.name.value.startswith("__"):
                continue  # introspection is bounded by the schema itself
            deepest = max(deepest, 1 + _depth(selection.selection_set, fragments, visiting, memo))
        elif isinstance(selection, InlineFragmentNode):
            deepest = max(deepest, _depth(selection.selection_set, fragments, visiting, memo))
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in visiting or name not in fragments:
                continue  # cycles and unknown fragments are reported by the standard rules
            if name not in memo:
                memo[name] = _depth(
                    fragments[name].selection_set, fragments, visiting | {name}, memo
                )
            deepest = max(deepest, memo[name])
    return deepest


def limits_rule(max_depth: int, max_aliases: int) -> type[ASTValidationRule]:
    class OperationLimits(ASTValidationRule):
        def enter_document(self, node: DocumentNode, *_: Any) -> None:
            fragments = {
                d.name.value: d for d in node.definitions if isinstance(d, FragmentDefinitionNode)
            }
            for definition in node.definitions:
                if isinstance(definition, OperationDefinitionNode):
                    depth = _depth(definition.selection_set, fragments, frozenset(), {})
                    if depth > max_depth:
                        self.report_error(
                            too_complex(
                                f"the operation is nested {depth} levels deep; "
                                f"at most {max_depth} are allowed"
                            )
                        )

            aliases = 0
            for child in _walk(node):
                if isinstance(child, FieldNode) and child.alias is not None:
                    aliases += 1
                directives = getattr(child, "directives", None) or ()
                counts = Counter(d.name.value for d in directives)
                repeated = sorted(name for name, n in counts.items() if n > 1)
                if repeated:
                    self.report_error(
                        too_complex(f"directive @{repeated[0]} is repeated on one location")
                    )
            if aliases > max_aliases:
                self.report_error(
                    too_complex(f"the operation has {aliases} aliases; at most {max_aliases}")
                )

    return OperationLimits


def _walk(node: Node) -> Iterator[Node]:
    yield node
    for key in node.keys:
        value = getattr(node, key, None)
        if isinstance(value, Node):
            yield from _walk(value)
        elif isinstance(value, tuple | list):
            for item in value:
                if isinstance(item, Node):
                    yield from _walk(item)


# --- the cost limit: how many objects the result could hold (CONTRACT.md, CADRE_MAX_OBJECTS) ---

DEFAULT_LIST_WIDTH = 50
"""A plain list whose width is not measured is counted at this many items (the lists of one
record: a selection's candidates, a meeting's votes, a commission's findings)."""


class ListWidths:
    """The widest each plain list is in the database, measured when the process starts serving
    and every minute after: `units` at the number of units, and every list whose items are rows
    of a model with one foreign key to its parent's model (a unit's `children`, a result's
    `findings`, a tip-off's `messages` …) at the most rows one parent has. Other plain lists count
    at `DEFAULT_LIST_WIDTH`."""

    def __init__(self) -> None:
        self.measured: dict[tuple[str, str], int] = {}
        self._queries: dict[tuple[str, str], str] | None = None

    def of(self, type_name: str, field_name: str) -> int:
        return self.measured.get((type_name, field_name), DEFAULT_LIST_WIDTH)

    def queries(self) -> dict[tuple[str, str], str]:
        """For each measurable list, the SQL giving its widest."""
        if self._queries is None:
            from graphql import build_schema as parse_sdl
            from tortoise import Tortoise

            from schema import schema as default_schema

            models = dict(Tortoise.apps["models"].items())
            queries = {("Query", "units"): "SELECT COUNT(*) FROM org_unit"}
            for type_ in parse_sdl(default_schema.as_str()).type_map.values():
                parent = models.get(getattr(type_, "name", ""))
                for name, field_ in (getattr(type_, "fields", None) or {}).items():
                    inner = field_.type.of_type if is_non_null_type(field_.type) else field_.type
                    item = models.get(get_named_type(field_.type).name)
                    if parent is None or item is None or not is_list_type(inner) or field_.args:
                        continue
                    keys = [
                        f
                        for f in item._meta.fk_fields
                        if item._meta.fields_map[f].related_model is parent
                    ]
                    if len(keys) == 1:
                        column = item._meta.fields_map[keys[0]].source_field or f"{keys[0]}_id"
                        queries[(type_.name, name)] = (
                            f"SELECT COALESCE(MAX(n), 0) FROM (SELECT COUNT(*) AS n FROM "
                            f"{item._meta.db_table} GROUP BY {column}) AS widths"
                        )
            self._queries = queries
        return self._queries

    async def refresh(self) -> None:
        from tortoise import connections

        queries = self.queries()
        sql = "SELECT " + ", ".join(f"({q}) AS w{i}" for i, q in enumerate(queries.values()))
        rows = await connections.get("default").execute_query_dict(sql)
        self.measured = {key: max(1, int(rows[0][f"w{i}"] or 0)) for i, key in enumerate(queries)}


LIST_WIDTHS = ListWidths()


class MeasureListWidths(SchemaExtension):
    """Measures the plain lists' widths before the first operation a process runs (the server
    refreshes them every minute after that, `api.app`)."""

    async def on_execute(self) -> AsyncIterator[None]:
        if not LIST_WIDTHS.measured:
            await LIST_WIDTHS.refresh()
        yield


@dataclass
class _Cost:
    schema: GraphQLSchema
    fragments: Mapping[str, FragmentDefinitionNode]
    variables: VariableValues
    memo: dict[tuple[str, str, int], int] = field(default_factory=dict)

    def objects(self, selection_set: SelectionSetNode | None, parent: Any, page: int) -> int:
        """How many objects the selection could produce below one `parent` object; `page` is
        the `first` of the connection `parent` is (what its `edges` hold)."""
        if selection_set is None:
            return 0
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self._field(selection, parent, page)
            elif isinstance(selection, InlineFragmentNode):
                condition = (
                    self.schema.get_type(selection.type_condition.name.value)
                    if selection.type_condition
                    else parent
                )
                total += self.objects(selection.selection_set, condition, page)
            elif isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments.get(selection.name.value)
                if fragment is None:
                    continue
                condition = self.schema.get_type(fragment.type_condition.name.value)
                key = (selection.name.value, getattr(condition, "name", ""), page)
                if key not in self.memo:
                    self.memo[key] = 0  # a cycle (refused by validation) counts nothing
                    self.memo[key] = self.objects(fragment.selection_set, condition, page)
                total += self.memo[key]  # counted at every spread
        return total

    def _field(self, node: FieldNode, parent: Any, page: int) -> int:
        definition = (getattr(parent, "fields", None) or {}).get(node.name.value)
        if definition is None:
            return 0  # __typename, introspection
        named = get_named_type(definition.type)
        if is_leaf_type(named):
            return 0
        inner = definition.type.of_type if is_non_null_type(definition.type) else definition.type
        width = 1
        if is_list_type(inner):
            if node.name.value == "edges" and getattr(parent, "name", "").endswith("Connection"):
                width = page
            else:
                width = LIST_WIDTHS.of(parent.name, node.name.value)
        below = DEFAULT_PAGE
        if "first" in definition.args:
            try:
                first = get_argument_values(definition, node, self.variables).get("first")
            except GraphQLError:
                first = None  # reported by execution
            if isinstance(first, int):
                below = max(0, min(first, MAX_PAGE))
        return width * (1 + self.objects(node.selection_set, named, below))


def result_objects(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: VariableValues,
) -> int:
    root = schema.get_root_type(operation.operation)
    return _Cost(schema, fragments, variables).objects(operation.selection_set, root, DEFAULT_PAGE)


YIELD_EVERY = 500
"""Objects completed between two turns of the event loop: a large result is completed in slices,
so that no request holds the loop for long (`/healthz` stays prompt while the heaviest allowed
operation runs)."""


def checked_execution(
    max_objects: int, *, fast: bool = True
) -> type[StrawberryGraphQLCoreExecutionContext]:
    """The executor with the checks that need the variables, made before anything runs: the cost
    limit (`QUERY_TOO_COMPLEX`) and the bounds of every argument value (`BAD_USER_INPUT`); and
    completing large results in slices of `YIELD_EVERY` objects. `fast`: on the short field path
    of `schema.execution` and with compiled pages (`schema.compiled`); otherwise graphql-core's
    own execution (CI runs the whole suite both ways)."""
    from schema.compiled import CompiledPages

    base: Any = FastLeafExecutionContext if fast else StrawberryGraphQLCoreExecutionContext

    class CheckedExecutionContext(base):  # type: ignore[misc]
        _since_yield = 0

        def collect_and_execute_subfields(
            self,
            return_type: Any,
            field_details_list: Any,
            path: Any,
            result: Any,
            position_context: Any,
        ) -> Any:
            complete = base.collect_and_execute_subfields
            self._since_yield += 1
            if self._since_yield < YIELD_EVERY:
                return complete(self, return_type, field_details_list, path, result, None)
            self._since_yield = 0

            async def after_a_turn() -> Any:
                await asyncio.sleep(0)  # let other requests run, then complete this object
                completed = complete(self, return_type, field_details_list, path, result, None)
                return await completed if self.is_awaitable(completed) else completed

            return after_a_turn()

        @classmethod
        def build(cls, *args: Any, **kwargs: Any) -> Any:
            built = super().build(*args, **kwargs)
            if isinstance(built, list):
                return built
            objects = result_objects(
                built.schema, built.operation, built.fragment_definitions, built.variable_values
            )
            if objects > max_objects:
                return [
                    too_complex(
                        f"the result could hold {objects} objects; at most {max_objects} are "
                        "allowed (ask for fewer, or page with `first` and `after`)"
                    )
                ]
            root = built.schema.get_root_type(built.operation.operation)
            assert root is not None  # validation refuses an operation type the schema lacks
            problem = first_input_problem(
                built.schema,
                root,
                built.operation.selection_set,
                built.fragment_definitions,
                built.variable_values,
            )
            return built if problem is None else [problem]

    if not fast:
        return CheckedExecutionContext

    class CompiledExecutionContext(CompiledPages, CheckedExecutionContext):
        """Compiled pages first, then the checked fast path."""

    return CompiledExecutionContext

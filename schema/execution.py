"""A faster path through graphql-core for the commonest fields of a page.

graphql-core builds a resolve-info object and strawberry calls through several wrappers for every
field; for the 500-odd fields of a 50-row page that is most of a request. Three kinds of field are
taken a shorter way, with the same result:

* a scalar or enum read straight off its object (no resolver, no arguments): read and serialised;
* a Relay `id`: the global id built directly from the node's id attribute;
* a field whose resolver is marked `@context_only` (it reads nothing of `info` but the context):
  called with the context, then completed as graphql-core would.

Objects are completed a shorter way too: the fields of an object's selection are taken in one loop
(no `execute_fields` / `execute_field` frames per field), and an object or list of objects read
off an attribute or returned by a `@context_only` resolver is completed directly, without a
resolve-info object, when its type is checked the default strawberry way.

Anything else, and any value that is missing or does not serialise (so that the usual error is
raised), goes the ordinary way: the result, the errors and their paths are those graphql-core
gives.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from graphql import (
    GraphQLEnumType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    GraphQLSchema,
)
from graphql.execution.executor import to_nodes
from graphql.pyutils import Path, Undefined, gather_with_cancel
from strawberry import relay
from strawberry.relay.utils import to_base64
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

F = TypeVar("F", bound=Callable[..., Any])
_MISSING: Any = object()


def context_only(resolver: F) -> F:
    """Mark a resolver that uses nothing of `info` but `info.context` (and so may be called with
    a stand-in carrying only the context)."""
    resolver.__context_only__ = True  # type: ignore[attr-defined]
    return resolver


@dataclass(frozen=True, slots=True)
class _ContextOnly:
    context: Any


@dataclass(frozen=True, slots=True)
class Leaf:
    attribute: str
    type: GraphQLScalarType | GraphQLEnumType
    nullable: bool


@dataclass(frozen=True, slots=True)
class GlobalId:
    pass


@dataclass(frozen=True, slots=True)
class ContextCall:
    function: Callable[[Any, Any], Any]


@dataclass(frozen=True, slots=True)
class Attribute:
    """A field without resolver whose value is an object or a list: read, then completed."""

    attribute: str


Plan = Leaf | GlobalId | ContextCall | Attribute | None
# Per schema (weakly: a schema built and dropped, as tests do, takes its plans with it; keyed by
# id() a new schema could meet the plans of an old one at the same address).
_plans: WeakKeyDictionary[GraphQLSchema, dict[tuple[str, str], Plan]] = WeakKeyDictionary()


def _plan(parent_type: GraphQLObjectType, name: str) -> Plan:
    field = parent_type.fields.get(name)
    definition = (field.extensions or {}).get("strawberry-definition") if field else None
    if field is None or definition is None or field.args:
        return None
    resolver = getattr(definition, "base_resolver", None)
    wrapped = getattr(resolver, "wrapped_func", None)
    if getattr(field.resolve, "__name__", "") == "_get_basic_result":
        leaf = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
        if isinstance(leaf, GraphQLScalarType | GraphQLEnumType):
            return Leaf(definition.python_name, leaf, not isinstance(field.type, GraphQLNonNull))
        return Attribute(definition.python_name)
    if (
        wrapped is not None
        and getattr(wrapped, "__context_only__", False)
        and not definition.extensions
    ):
        return ContextCall(wrapped)
    origin = getattr(definition, "origin", None)
    if name == "id" and isinstance(origin, type) and issubclass(origin, relay.Node):
        return GlobalId()
    return None


_id_attributes: dict[type, str | None] = {}


def _id_attribute(cls: type[relay.Node]) -> str | None:
    """The NodeID attribute of a node class that resolves its id and type name the default way."""
    if cls not in _id_attributes:
        plain = (
            cls.resolve_id.__func__ is relay.Node.resolve_id.__func__  # type: ignore[attr-defined]
            and cls.resolve_typename.__func__  # type: ignore[attr-defined]
            is relay.Node.resolve_typename.__func__  # type: ignore[attr-defined]
        )
        _id_attributes[cls] = cls.resolve_id_attr() if plain else None
    return _id_attributes[cls]


def _is_default_type_check(object_type: GraphQLObjectType) -> bool:
    """Whether the type's `is_type_of` is strawberry's own (which never reads its info)."""
    check = object_type.is_type_of
    return check is None or getattr(check, "__qualname__", "").endswith(
        "_get_is_type_of.<locals>.is_type_of"
    )


@dataclass(frozen=True, slots=True)
class _Shape:
    """How a value of a field's type is completed without resolve info: an object type
    (`item` False) or a list of one (`item` True), and whether a null is allowed where."""

    object_type: GraphQLObjectType
    nullable: bool
    is_list: bool
    item_nullable: bool
    item_type: GraphQLOutputType  # what a list item is completed as (for error propagation)


# id of a field's type -> (the type, its shape): the type is kept, so that its id is never reused
_shapes: dict[int, tuple[GraphQLOutputType, _Shape | None]] = {}


def _shape(field_type: GraphQLOutputType) -> _Shape | None:
    known = _shapes.get(id(field_type))
    if known is None or known[0] is not field_type:
        known = _shapes[id(field_type)] = (field_type, _make_shape(field_type))
    return known[1]


def _make_shape(field_type: GraphQLOutputType) -> _Shape | None:
    inner: Any = field_type
    nullable = not isinstance(inner, GraphQLNonNull)
    if not nullable:
        inner = inner.of_type
    is_list = isinstance(inner, GraphQLList)
    item_nullable = False
    if is_list:
        inner = inner.of_type
        item_nullable = not isinstance(inner, GraphQLNonNull)
        if not item_nullable:
            inner = inner.of_type
    if not isinstance(inner, GraphQLObjectType) or not _is_default_type_check(inner):
        return None
    item_type = inner if item_nullable else GraphQLNonNull(inner)
    return _Shape(inner, nullable, is_list, item_nullable, item_type)


class FastLeafExecutionContext(StrawberryGraphQLCoreExecutionContext):
    _field_plans: dict[int, list[tuple[str, Any, Plan]]]

    def _plan_of(self, parent_type: GraphQLObjectType, name: str) -> Plan:
        plans = _plans.get(self.schema)
        if plans is None:
            plans = _plans[self.schema] = {}
        key = (parent_type.name, name)
        plan = plans.get(key, _MISSING)
        if plan is _MISSING:
            plan = plans[key] = _plan(parent_type, name)
        return plan  # type: ignore[no-any-return]

    def _fast(self) -> bool:
        middleware = self.middleware_manager
        return middleware is None or not middleware.middlewares

    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Path,
        position_context: Any,
    ) -> Any:
        if not self._fast():
            return super().execute_field(
                parent_type, source, field_details_list, path, position_context
            )
        plan = self._plan_of(parent_type, field_details_list[0].node.name.value)
        value = self._quick(plan, parent_type, source)
        if value is not _MISSING:
            return value
        if isinstance(plan, ContextCall):
            return self._call_with_context(
                plan, parent_type, source, field_details_list, path, position_context
            )
        return super().execute_field(
            parent_type, source, field_details_list, path, position_context
        )

    @staticmethod
    def _quick(plan: Plan, parent_type: GraphQLObjectType, source: Any) -> Any:
        """A leaf's or a Relay id's completed value, or _MISSING to take a longer way."""
        if isinstance(plan, Leaf):
            value = getattr(source, plan.attribute, _MISSING)
            if value is None:
                if plan.nullable:
                    return None
            elif value is not _MISSING:
                try:
                    serialized = plan.type.serialize(value)
                except Exception:  # the ordinary path reports it at this field, as usual
                    return _MISSING
                if serialized is not None and serialized is not Undefined:
                    return serialized
        elif isinstance(plan, GlobalId) and isinstance(source, relay.Node):
            attribute = _id_attribute(type(source))
            node_id = getattr(source, attribute, None) if attribute else None
            if node_id is not None:
                return to_base64(parent_type.name, str(node_id))
        return _MISSING

    def collect_and_execute_subfields(
        self,
        return_type: GraphQLObjectType,
        field_details_list: Any,
        path: Path,
        result: Any,
        position_context: Any,
    ) -> Any:
        grouped_field_set, new_defer_usages, _ = self.collect_subfields(
            return_type, field_details_list
        )
        if new_defer_usages or position_context is not None or not self._fast():
            return self.execute_collected_subfields(
                return_type, result, path, grouped_field_set, new_defer_usages, position_context
            )
        return self._execute_planned(return_type, result, path, grouped_field_set)

    def _planned_fields(
        self, parent_type: GraphQLObjectType, grouped_field_set: Any
    ) -> list[tuple[str, Any, Plan]]:
        """Each field of a collected selection with its plan (None when it carries directives,
        which the ordinary path interprets). Kept for this operation: the field sets are."""
        try:
            plans = self._field_plans
        except AttributeError:
            plans = self._field_plans = {}
        entries = plans.get(id(grouped_field_set))
        if entries is None:
            entries = []
            for response_name, details in grouped_field_set.items():
                name = details[0].node.name.value
                directives = any(d.node.directives for d in details)
                plan = None if directives else self._plan_of(parent_type, name)
                entries.append((response_name, details, plan))
            plans[id(grouped_field_set)] = entries
        return entries

    def _execute_planned(
        self, parent_type: GraphQLObjectType, source: Any, path: Path, grouped_field_set: Any
    ) -> Any:
        """`execute_fields` with the planned fields taken the short way."""
        results: dict[str, Any] = {}
        is_awaitable = self.is_awaitable
        awaitable_fields: list[str] = []
        type_name = parent_type.name
        try:
            for response_name, details, plan in self._planned_fields(
                parent_type, grouped_field_set
            ):
                if plan is None:
                    result = super().execute_field(
                        parent_type, source, details, Path(path, response_name, type_name), None
                    )
                else:
                    result = self._quick(plan, parent_type, source)
                    if result is _MISSING:
                        field_path = Path(path, response_name, type_name)
                        if isinstance(plan, Attribute):
                            result = self._attribute(plan, parent_type, source, details, field_path)
                        elif isinstance(plan, ContextCall):
                            result = self._call_with_context(
                                plan, parent_type, source, details, field_path, None
                            )
                        else:
                            result = super().execute_field(
                                parent_type, source, details, field_path, None
                            )
                if result is not Undefined:
                    results[response_name] = result
                    if is_awaitable(result):
                        awaitable_fields.append(response_name)
        except Exception:
            if awaitable_fields:
                self.settle_in_background([results[f] for f in awaitable_fields])
            raise
        if not awaitable_fields:
            return results

        async def get_results() -> dict[str, Any]:
            if len(awaitable_fields) == 1:
                field = awaitable_fields[0]
                results[field] = await results[field]
            else:
                awaited = await gather_with_cancel(*(results[f] for f in awaitable_fields))
                results.update(zip(awaitable_fields, awaited, strict=True))
            return results

        return get_results()

    def _attribute(
        self,
        plan: Attribute,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Path,
    ) -> Any:
        value = getattr(source, plan.attribute, _MISSING)
        if value is _MISSING or self.is_awaitable(value):
            return super().execute_field(parent_type, source, field_details_list, path, None)
        return self._complete_resolved(parent_type, field_details_list, path, value)

    def _call_with_context(
        self,
        plan: ContextCall,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Path,
        position_context: Any,
    ) -> Any:
        try:
            result = plan.function(source, _ContextOnly(self.context_value))
        except Exception:  # let the ordinary path raise it, with its error handling
            return super().execute_field(
                parent_type, source, field_details_list, path, position_context
            )
        return self._complete_resolved(
            parent_type, field_details_list, path, result, position_context
        )

    def _complete_resolved(
        self,
        parent_type: GraphQLObjectType,
        field_details_list: Any,
        path: Path,
        result: Any,
        position_context: Any = None,
    ) -> Any:
        """What `execute_field` does once the resolver has returned `result`: complete it, with
        a field error located at this field. An object, or a list of objects, of a type checked
        the default way is completed without building resolve info."""
        field = parent_type.fields[field_details_list[0].node.name.value]
        return_type = field.type
        is_awaitable = self.is_awaitable
        try:
            shape = None if position_context is not None else _shape(return_type)
            completed: Any = _MISSING
            if shape is not None and not is_awaitable(result):
                completed = self._complete_shaped(shape, field_details_list, path, result)
            if completed is _MISSING:
                info = self.build_resolve_info(
                    field, to_nodes(field_details_list), parent_type, path
                )
                if is_awaitable(result):
                    return self.complete_awaitable_value(
                        return_type, field_details_list, info, path, result, position_context
                    )
                completed = self.complete_value(
                    return_type, field_details_list, info, path, result, position_context
                )
            if is_awaitable(completed):

                async def await_completed() -> Any:
                    try:
                        return await completed
                    except Exception as raw_error:
                        self.handle_field_error(raw_error, return_type, field_details_list, path)
                        return None

                return await_completed()
            return completed
        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, field_details_list, path)
            return None

    def _complete_shaped(
        self, shape: _Shape, field_details_list: Any, path: Path, result: Any
    ) -> Any:
        """`complete_value` for an object or a list of objects, or _MISSING where the ordinary
        way must decide (a null where none is allowed, a value of another type, an awaitable)."""
        object_type = shape.object_type
        check: Any = object_type.is_type_of  # strawberry's: it reads no info
        if result is None:
            return None if shape.nullable else _MISSING
        if not shape.is_list:
            if isinstance(result, Exception) or (check is not None and not check(result, None)):
                return _MISSING
            return self.collect_and_execute_subfields(
                object_type, field_details_list, path, result, None
            )
        if not isinstance(result, list | tuple):
            return _MISSING
        is_awaitable = self.is_awaitable
        for item in result:
            if item is None:
                if not shape.item_nullable:
                    return _MISSING
            elif (
                is_awaitable(item)
                or isinstance(item, Exception)
                or (check is not None and not check(item, None))
            ):
                return _MISSING
        completed: list[Any] = []
        awaitable_indices: list[int] = []
        item_type = shape.item_type
        try:
            for index, item in enumerate(result):
                if item is None:
                    completed.append(None)
                    continue
                item_path = path.add_key(index, None)
                try:
                    value = self.collect_and_execute_subfields(
                        object_type, field_details_list, item_path, item, None
                    )
                except Exception as raw_error:
                    self.handle_field_error(raw_error, item_type, field_details_list, item_path)
                    value = None
                else:
                    if is_awaitable(value):
                        value = self._settle_item(value, item_type, field_details_list, item_path)
                        awaitable_indices.append(index)
                completed.append(value)
        except Exception:
            if awaitable_indices:
                self.settle_in_background([completed[i] for i in awaitable_indices])
            raise
        if not awaitable_indices:
            return completed

        async def get_completed() -> list[Any]:
            awaited = await gather_with_cancel(*(completed[i] for i in awaitable_indices))
            for i, value in zip(awaitable_indices, awaited, strict=True):
                completed[i] = value
            return completed

        return get_completed()

    async def _settle_item(
        self, value: Any, item_type: GraphQLOutputType, field_details_list: Any, path: Path
    ) -> Any:
        try:
            return await value
        except Exception as raw_error:
            self.handle_field_error(raw_error, item_type, field_details_list, path)
            return None


GRAPHQL_CORE = "3.3.2"  # pinned in pyproject.toml: the overrides above are checked against it
_OVERRIDDEN = {
    "execute_field": ("parent_type", "source", "field_details_list", "path", "position_context"),
    "collect_and_execute_subfields": (
        "return_type",
        "field_details_list",
        "path",
        "result",
        "position_context",
    ),
}


def check_fast_path(executor: type) -> None:
    """Fail the build unless the short field path is active and rests on the graphql-core it
    was written against: the pinned version, the methods it overrides present with the same
    parameters, and `executor` taking them from `FastLeafExecutionContext`. CI runs the whole
    suite with it and without it (CADRE_EXECUTION=standard)."""
    import inspect

    import graphql

    if graphql.version != GRAPHQL_CORE:
        raise TypeError(f"schema/execution.py is written for graphql-core {GRAPHQL_CORE}")
    for name, parameters in _OVERRIDDEN.items():
        base = getattr(StrawberryGraphQLCoreExecutionContext, name, None)
        if base is None or tuple(inspect.signature(base).parameters)[1:] != parameters:
            raise TypeError(
                f"graphql-core's {name} changed: schema/execution.py cannot override it"
            )
    if not issubclass(executor, FastLeafExecutionContext):
        raise TypeError("the executor is not on the short field path (FastLeafExecutionContext)")

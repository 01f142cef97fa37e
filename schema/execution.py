"""A faster path through graphql-core for the commonest fields of a page.

graphql-core builds a resolve-info object and strawberry calls through several wrappers for every
field; for the 500-odd fields of a 50-row page that is most of a request. Three kinds of field are
taken a shorter way, with the same result:

* a scalar or enum read straight off its object (no resolver, no arguments): read and serialised;
* a Relay `id`: the global id built directly from the node's id attribute;
* a field whose resolver is marked `@context_only` (it reads nothing of `info` but the context):
  called with the context, then completed as graphql-core would.

Anything else, and any value that is missing or does not serialise (so that the usual error is
raised), goes the ordinary way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from graphql import (
    GraphQLEnumType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
)
from graphql.execution.executor import to_nodes
from graphql.pyutils import Path, Undefined
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


Plan = Leaf | GlobalId | ContextCall | None
_plans: dict[tuple[int, str, str], Plan] = {}


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
        return None
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


class FastLeafExecutionContext(StrawberryGraphQLCoreExecutionContext):
    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Path,
        position_context: Any,
    ) -> Any:
        middleware = self.middleware_manager
        if middleware is not None and middleware.middlewares:
            return super().execute_field(
                parent_type, source, field_details_list, path, position_context
            )
        name = field_details_list[0].node.name.value
        key = (id(self.schema), parent_type.name, name)
        plan = _plans.get(key, _MISSING)
        if plan is _MISSING:
            plan = _plans[key] = _plan(parent_type, name)
        if isinstance(plan, Leaf):
            value = getattr(source, plan.attribute, None)
            if value is None:
                if plan.nullable:
                    return None
            else:
                try:
                    serialized = plan.type.serialize(value)
                except Exception:  # the ordinary path reports it at this field, as usual
                    serialized = None
                if serialized is not None and serialized is not Undefined:
                    return serialized
        elif isinstance(plan, GlobalId) and isinstance(source, relay.Node):
            attribute = _id_attribute(type(source))
            node_id = getattr(source, attribute, None) if attribute else None
            if node_id is not None:
                return to_base64(parent_type.name, str(node_id))
        elif isinstance(plan, ContextCall):
            return self._call_with_context(
                plan, parent_type, source, field_details_list, path, position_context
            )
        return super().execute_field(
            parent_type, source, field_details_list, path, position_context
        )

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
        field = parent_type.fields[field_details_list[0].node.name.value]
        info = self.build_resolve_info(field, to_nodes(field_details_list), parent_type, path)
        if self.is_awaitable(result):
            return self.complete_awaitable_value(
                field.type, field_details_list, info, path, result, position_context
            )
        return self.complete_value(
            field.type, field_details_list, info, path, result, position_context
        )

"""A faster path through graphql-core for the commonest field of all: a scalar or enum read
straight off its object, with no resolver, arguments or middleware.

graphql-core builds a resolve-info object and calls through strawberry's wrappers for every field;
for the leaves of a 50-row page that is most of the request. Here such a field is read and
serialised directly. Everything else, and any value that is missing or does not serialise (so that
the usual error is raised), goes the ordinary way.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
)
from graphql.pyutils import Path, Undefined
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

Plan = tuple[str, GraphQLScalarType | GraphQLEnumType, bool] | None
_MISSING: Any = object()
_plans: dict[tuple[int, str, str], Plan] = {}


def _plan(schema: GraphQLSchema, parent_type: GraphQLObjectType, name: str) -> Plan:
    """(python attribute, leaf type, nullable) when the field is a plain attribute leaf."""
    field = parent_type.fields.get(name)
    if field is None or getattr(field.resolve, "__name__", "") != "_get_basic_result":
        return None
    definition = (field.extensions or {}).get("strawberry-definition")
    python_name = getattr(definition, "python_name", None)
    if python_name is None or field.args:
        return None
    nullable = not isinstance(field.type, GraphQLNonNull)
    leaf = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
    if not isinstance(leaf, GraphQLScalarType | GraphQLEnumType):
        return None
    return python_name, leaf, nullable


class FastLeafExecutionContext(StrawberryGraphQLCoreExecutionContext):
    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Path,
        position_context: Any,
    ) -> Any:
        name = field_details_list[0].node.name.value
        key = (id(self.schema), parent_type.name, name)
        plan = _plans.get(key, _MISSING)
        if plan is _MISSING:
            plan = _plans[key] = _plan(self.schema, parent_type, name)
        middleware = self.middleware_manager
        if plan is not None and (middleware is None or not middleware.middlewares):
            python_name, leaf, nullable = plan
            value = getattr(source, python_name, None)
            if value is None:
                if nullable:
                    return None
            else:
                serialized = leaf.serialize(value)
                if serialized is not None and serialized is not Undefined:
                    return serialized
        return super().execute_field(
            parent_type, source, field_details_list, path, position_context
        )

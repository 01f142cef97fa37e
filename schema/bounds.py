"""Bounds on every value a client sends, checked once per operation before anything runs.

No input may reach a resolver, the database or the access log in a shape that makes the server
fail: every string in the arguments (literals in the document and variables alike, at any depth of
an input object or list) is checked against

* a global bound: no NUL, no lone surrogate (PostgreSQL and UTF-8 refuse both), at most
  `MAX_TEXT` characters;
* the bound of the column it is stored in, declared once where the argument or input field is
  declared, from the model itself: `strawberry.field(metadata=stored_in(Tipoff, "subject_name"))`
  or `Annotated[str, strawberry.argument(metadata=stored_in(Cadre, "code"))]` (never a retyped
  number);
* without a declaration, a reference named as CONTRACT.md names them (`cadreCode`, `unitCode`,
  `managingUnit`, `candidates`, `username` …, see `REFERENCES`) is bounded by the code column it
  is looked up in, so that new arguments named the usual way are bounded too;

every `Date`/`DateTime` lies in `YEARS`, and so does every `Int` argument or input field named
`year` (or `…Year`). A value outside its bound is `BAD_USER_INPUT` with `extensions.argument`
naming it (`input.content`, `code`), and nothing runs: a refused public submission uses up no
quota.

The check walks the operation with graphql-core's public pieces (`get_argument_values`, the
schema's types) from the executor's `build`, so fields added later are covered without anyone
remembering to: a new argument gets the global bound, and its column's bound once it says where
it is stored.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator, Mapping
from typing import Any

from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    SelectionSetNode,
    get_named_type,
)
from graphql.execution.values import VariableValues, get_argument_values
from graphql.language import FragmentDefinitionNode
from tortoise.models import Model

from api.errors import ErrorCode
from models import Cadre, OrgUnit, User

MAX_TEXT = 100_000  # characters in any one string; the longest column is a free text
YEARS = range(1900, 2201)
MAX_LENGTH = "cadre:max_length"
_BAD_CHARACTER = re.compile(r"[\x00\ud800-\udfff]")
_YEAR_NAME = re.compile(r"(^|[a-z])[Yy]ear$")


MAX_ID = 2**31 - 1  # record ids are 32-bit integer columns


def database_id(text: str) -> int | None:
    """The record id a global id or cursor carries, or None when it cannot be one (not plain
    ASCII digits, or beyond the id column): such an id finds nothing, it never reaches SQL."""
    if not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None


def column_length(model: type[Model], column: str) -> int:
    length = getattr(model._meta.fields_map[column], "max_length", None)
    if not isinstance(length, int):
        raise TypeError(f"{model.__name__}.{column} has no max_length")
    return length


def stored_in(model: type[Model], column: str) -> dict[str, int]:
    """Metadata for an argument or input field whose value is stored in (or compared with)
    `model.column`: its length is bounded by the column's `max_length`."""
    return {MAX_LENGTH: column_length(model, column)}


# Arguments and input fields named as CONTRACT.md names references, and the column each is
# looked up in (a declaration with `stored_in` takes precedence).
REFERENCES: tuple[tuple[re.Pattern[str], type[Model], str], ...] = (
    (
        re.compile(r"(^|[a-z])[Cc]adreCodes?$|^(candidates|present|inspectors|heldBy|attendees)$"),
        Cadre,
        "code",
    ),
    (re.compile(r"(^|[a-z])[Uu]nit(Code)?s?$|^jurisdiction$"), OrgUnit, "code"),
    (re.compile(r"^usernames?$"), User, "username"),
)


def _conventional_length(name: str) -> int | None:
    for pattern, model, column in REFERENCES:
        if pattern.search(name):
            return column_length(model, column)
    return None


def bad_input(message: str, argument: str) -> GraphQLError:
    return GraphQLError(
        message, extensions={"code": ErrorCode.BAD_USER_INPUT.value, "argument": argument}
    )


def _declared_length(definition: Any, name: str) -> int | None:
    strawberry_definition = (definition.extensions or {}).get("strawberry-definition")
    metadata: Mapping[str, Any] = getattr(strawberry_definition, "metadata", None) or {}
    length = metadata.get(MAX_LENGTH)
    return length if isinstance(length, int) else _conventional_length(name)


def check_value(
    value: Any, type_: GraphQLInputType, where: str, max_length: int | None
) -> GraphQLError | None:
    """The first problem of one coerced argument value, or None."""
    if value is None:
        return None
    if isinstance(type_, GraphQLNonNull):
        return check_value(value, type_.of_type, where, max_length)
    if isinstance(type_, GraphQLList):
        for i, item in enumerate(value if isinstance(value, list | tuple) else [value]):
            problem = check_value(item, type_.of_type, f"{where}[{i}]", max_length)
            if problem is not None:
                return problem
        return None
    if isinstance(type_, GraphQLInputObjectType) and isinstance(value, Mapping):
        for name, field in type_.fields.items():
            key = field.out_name or name
            if key in value:
                problem = check_value(
                    value[key], field.type, f"{where}.{name}", _declared_length(field, name)
                )
                if problem is not None:
                    return problem
        return None
    if isinstance(value, str):
        return _check_text(value, where, max_length)
    if isinstance(value, datetime.date) and value.year not in YEARS:
        return bad_input(
            f"`{where}` must lie between the years {YEARS.start} and {YEARS.stop - 1}", where
        )
    if (
        isinstance(value, int)
        and not isinstance(value, bool)
        and _YEAR_NAME.search(where.rsplit(".", 1)[-1])
        and value not in YEARS
    ):
        return bad_input(f"`{where}` must be a year from {YEARS.start} to {YEARS.stop - 1}", where)
    return None


def _check_text(value: str, where: str, max_length: int | None) -> GraphQLError | None:
    if _BAD_CHARACTER.search(value):
        return bad_input(
            f"`{where}` holds a NUL character or a lone surrogate, which cannot be stored", where
        )
    limit = MAX_TEXT if max_length is None else min(max_length, MAX_TEXT)
    if len(value) > limit:
        return bad_input(f"`{where}` may be at most {limit} characters long", where)
    return None


def _fields(
    selection_set: SelectionSetNode,
    parent: GraphQLObjectType | Any,
    schema: GraphQLSchema,
    fragments: Mapping[str, FragmentDefinitionNode],
    seen: set[str],
) -> Iterator[tuple[Any, FieldNode]]:
    """Every field of the operation with its definition, fragments expanded once each."""
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            fields = getattr(parent, "fields", None) or {}
            definition = fields.get(selection.name.value)
            if definition is None:
                continue  # __typename and introspection: no arguments worth bounding
            yield definition, selection
            if selection.selection_set is not None:
                yield from _fields(
                    selection.selection_set,
                    get_named_type(definition.type),
                    schema,
                    fragments,
                    seen,
                )
        elif isinstance(selection, InlineFragmentNode):
            condition = (
                schema.get_type(selection.type_condition.name.value)
                if selection.type_condition
                else parent
            )
            yield from _fields(selection.selection_set, condition, schema, fragments, seen)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = fragments.get(name)
            if fragment is None or name in seen:
                continue
            seen.add(name)
            condition = schema.get_type(fragment.type_condition.name.value)
            yield from _fields(fragment.selection_set, condition, schema, fragments, seen)


def first_input_problem(
    schema: GraphQLSchema,
    root: GraphQLObjectType,
    selection_set: SelectionSetNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: VariableValues,
) -> GraphQLError | None:
    """The first argument value of the operation that is out of bounds, or None."""
    for definition, node in _fields(selection_set, root, schema, fragments, set()):
        if not definition.args or not node.arguments:
            continue
        try:
            values = get_argument_values(definition, node, variables)
        except GraphQLError:
            continue  # execution reports a value that does not coerce, as it always has
        for name, argument in definition.args.items():
            key = argument.out_name or name
            if key in values:
                problem = check_value(
                    values[key], argument.type, name, _declared_length(argument, name)
                )
                if problem is not None:
                    return problem
    return None

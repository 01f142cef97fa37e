"""GraphQL enums made from the models' own enums, with a description on every value."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from enum import Enum
from typing import TypeVar

import strawberry
from strawberry.types.enum import StrawberryEnumDefinition

E = TypeVar("E", bound=Enum)


def described_enum(
    model: type[E], *, name: str, description: str, values: Mapping[E, str]
) -> type[E]:
    """`model` as the GraphQL enum `name`, each value described by `values`.

    `strawberry.enum_value()` describes values only in an enum written for the schema; these enums
    are the models' (stored by tortoise, compared in the rules), so the descriptions go on the
    definition `strawberry.enum` builds, through its public `EnumValue` records. A value without a
    description is an error here, at import, not a gap found later in the SDL.
    """
    missing = [member.name for member in model if member not in values]
    if missing:
        raise ValueError(f"{name}: no description for {', '.join(missing)}")
    enum = strawberry.enum(model, name=name, description=description)
    definition = enum.__strawberry_definition__  # type: ignore[attr-defined]
    assert isinstance(definition, StrawberryEnumDefinition)
    definition.values = [
        dataclasses.replace(value, description=values[model(value.value)])
        for value in definition.values
    ]
    return enum

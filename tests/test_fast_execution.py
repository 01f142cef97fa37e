"""The shorter way through graphql-core (schema/execution.py) gives exactly what the ordinary way
gives: the same data, the same errors at the same paths, including where values are missing,
null, of the wrong type or raise."""

from __future__ import annotations

import enum
from typing import Any

import pytest
import strawberry
from strawberry import relay
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from schema.execution import FastLeafExecutionContext, context_only


@strawberry.enum
class Colour(enum.Enum):
    RED = "RED"
    BLUE = "BLUE"


@strawberry.type
class Leafy:
    code: str
    maybe: str | None
    colour: Colour
    count: int


@strawberry.type
class Thing(relay.Node):
    id: relay.NodeID[int]
    code: str
    maybe: str | None
    colour: Colour
    leafy: Leafy
    maybe_leafy: Leafy | None
    leaves: list[Leafy]
    maybe_leaves: list[Leafy | None] | None
    friend: Thing | None = None

    @strawberry.field
    @context_only
    def via_context(self, info: strawberry.Info) -> Leafy:
        return info.context["leafy"][self.code]

    @strawberry.field
    @context_only
    def maybe_via_context(self, info: strawberry.Info) -> Leafy | None:
        return info.context["leafy"].get(self.code)

    @strawberry.field
    @context_only
    def awaited_via_context(self, info: strawberry.Info) -> Leafy:
        async def later() -> Leafy:
            return info.context["leafy"][self.code]

        return later()  # type: ignore[return-value]

    @strawberry.field
    async def slow(self) -> str:
        return self.code.lower()


def leafy(code: str, **overrides: Any) -> Leafy:
    values: dict[str, Any] = {"code": code, "maybe": None, "colour": Colour.RED, "count": 1}
    values.update(overrides)
    if "code_" in values:
        values["code"] = values.pop("code_")
    return Leafy(**values)


def thing(i: int, **overrides: Any) -> Thing:
    values: dict[str, Any] = {
        "id": i,
        "code": f"T{i}",
        "maybe": "m" if i % 2 else None,
        "colour": Colour.BLUE,
        "leafy": leafy(f"L{i}"),
        "maybe_leafy": leafy("x") if i % 2 else None,
        "leaves": [leafy("a"), leafy("b", maybe="bb")],
        "maybe_leaves": [leafy("c"), None] if i % 2 else None,
    }
    values.update(overrides)
    return Thing(**values)


BROKEN: dict[str, list[Thing]] = {
    "good": [thing(1), thing(2)],
    "nullLeaf": [thing(1), thing(2, code=None)],
    "badEnum": [thing(1, colour="PURPLE")],
    "badScalar": [thing(1, leafy=leafy("x", count="many"))],
    "nullObject": [thing(1, leafy=None)],
    "wrongObject": [thing(1, leafy=object())],
    "nullItem": [thing(1, leaves=[leafy("a"), None])],
    "nullMaybeItem": [thing(1, maybe_leaves=[None, leafy("q", code_=None)])],
    "notAList": [thing(1, leaves=leafy("a"))],
    "missingAttribute": [thing(1, leafy=type("Bare", (), {})())],
    "missingContext": [thing(9)],
    "badContext": [thing(1), thing(3)],
    "friend": [thing(1, friend=thing(5, friend=thing(6)))],
    "wrongFriend": [thing(1, friend=leafy("a"))],
}


@strawberry.type
class Query:
    @strawberry.field
    def things(self, case: str) -> list[Thing]:
        return BROKEN[case]

    @strawberry.field
    def maybe_things(self, case: str) -> list[Thing | None] | None:
        return list(BROKEN[case])


LEAFY = "code maybe colour count __typename"
DOCUMENT = f"""
query($case: String!, $skip: Boolean!) {{
  things(case: $case) {{
    id code maybe colour alias: code __typename slow
    leafy {{ {LEAFY} }}
    maybeLeafy {{ {LEAFY} }}
    leaves {{ {LEAFY} }}
    maybeLeaves {{ ...L }}
    friend {{ id code friend {{ code leaves {{ code }} }} }}
    viaContext {{ {LEAFY} }}
    maybeViaContext {{ code }}
    awaitedViaContext {{ code count }}
    skipped: code @skip(if: $skip)
    included: leafy @include(if: $skip) {{ code }}
  }}
  maybeThings(case: $case) {{ code leafy {{ code count }} viaContext {{ code }} }}
}}
fragment L on Leafy {{ code maybe }}
"""


def schema(execution_context_class: type) -> strawberry.Schema:
    return strawberry.Schema(query=Query, execution_context_class=execution_context_class)


FAST = schema(FastLeafExecutionContext)
ORDINARY = schema(StrawberryGraphQLCoreExecutionContext)


async def run(s: strawberry.Schema, case: str, skip: bool) -> Any:
    context = {
        "leafy": {"T1": leafy("ctx1"), "T2": leafy("ctx2"), "T3": leafy("ctx3", colour="nope")}
    }
    result = await s.execute(
        DOCUMENT, variable_values={"case": case, "skip": skip}, context_value=context
    )
    errors = sorted((str(e.path), e.message, str(e.locations)) for e in (result.errors or []))
    return result.data, errors


@pytest.mark.parametrize("case", sorted(BROKEN))
@pytest.mark.parametrize("skip", [True, False])
async def test_the_fast_path_answers_as_graphql_core_does(case: str, skip: bool) -> None:
    fast = await run(FAST, case, skip)
    assert fast == await run(ORDINARY, case, skip)
    if case == "good":
        assert fast[1] == [] and fast[0]["things"][1]["viaContext"]["code"] == "ctx2"
    elif case == "friend":
        assert fast[1] == [] and fast[0]["things"][0]["friend"]["friend"]["code"] == "T6"
    else:
        assert fast[1]

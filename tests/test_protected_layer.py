"""The protected layer is enforced when the schema is built: a `Node` type, or a field returning
a protected type, that does not go through `schema.protected` stops the schema from building."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Iterable
from typing import Any

import pytest
import strawberry
from strawberry import relay

from models import AccessLogEntry
from models import Cadre as CadreModel
from policies.resources import CADRE
from schema import build_schema
from schema.info import Info
from schema.protected import (
    LayerBypassed,
    answers_decision,
    check_schema,
    find_bypasses,
    protected,
    record,
    through_layer,
)
from tests.conftest import Client


@protected(CADRE, CadreModel, present=lambda row, _scope: Probe(id=row.id, code=row.code))
@strawberry.type(description="A protected type made for these tests.")
class Probe(relay.Node):
    id: relay.NodeID[int]
    code: str


@strawberry.type(description="A Node type nobody declared.")
class Stray(relay.Node):
    id: relay.NodeID[int]


def test_the_built_schema_sends_every_protected_record_through_the_layer() -> None:
    assert find_bypasses(build_schema()) == []


def test_a_node_type_not_declared_stops_the_schema_from_building() -> None:
    @strawberry.type
    class Query:
        @strawberry.field
        def stray(self) -> Stray | None:
            return None

    with pytest.raises(LayerBypassed, match="Stray: a Node type not declared"):
        check_schema(strawberry.Schema(query=Query))


def test_a_field_returning_a_protected_type_without_the_layer_stops_the_schema() -> None:
    @strawberry.type
    class Query:
        @strawberry.field
        async def probe(self, info: Info) -> Probe | None:
            row = await CadreModel.first()
            return Probe(id=row.id, code=row.code) if row else None  # not through the layer

    with pytest.raises(LayerBypassed, match=r"Query.probe: returns Probe without @through_layer"):
        check_schema(strawberry.Schema(query=Query))


@strawberry.type
class Anything:
    @strawberry.field
    def nothing(self) -> int:
        return 0


def test_a_mutation_returning_a_protected_type_without_the_layer_stops_the_schema() -> None:
    @strawberry.type
    class Mutation:
        @strawberry.mutation
        async def touch_probe(self, info: Info) -> Probe | None:
            row = await CadreModel.first()
            return Probe(id=row.id, code=row.code) if row else None  # not through the layer

    with pytest.raises(
        LayerBypassed,
        match=r"Mutation.touch_probe: returns Probe without @through_layer or @answers_decision",
    ):
        check_schema(strawberry.Schema(query=Anything, mutation=Mutation))


def test_a_subscription_returning_a_protected_type_without_the_layer_stops_the_schema() -> None:
    @strawberry.type
    class Subscription:
        @strawberry.subscription
        async def probes(self, info: Info) -> AsyncGenerator[Probe, None]:
            for row in await CadreModel.all():
                yield Probe(id=row.id, code=row.code)  # not through the layer

    with pytest.raises(LayerBypassed, match=r"Subscription.probes: returns Probe without"):
        check_schema(strawberry.Schema(query=Anything, subscription=Subscription))


def test_a_mutation_declared_to_answer_its_decision_passes_the_check() -> None:
    @strawberry.type
    class Mutation:
        @strawberry.mutation
        @answers_decision
        async def touch_probe(self, info: Info) -> Probe | None:
            return None

    check_schema(strawberry.Schema(query=Anything, mutation=Mutation))


def test_a_query_field_cannot_be_declared_to_answer_a_decision() -> None:
    @strawberry.type
    class Query:
        @strawberry.field
        @answers_decision
        async def probe(self, info: Info) -> Probe | None:
            return None

    with pytest.raises(LayerBypassed, match=r"Query.probe: returns Probe without @through_layer$"):
        check_schema(strawberry.Schema(query=Query))


@strawberry.type(description="A type holding protected records in a plain attribute.")
class Holder:
    probes: list[Probe]


@protected(CADRE, CadreModel, present=lambda row, _scope: OwnLoader(id=row.id))
@strawberry.type(description="A protected type that then loads by id on its own.")
class OwnLoader(relay.Node):
    id: relay.NodeID[int]


async def _own_resolve_nodes(
    cls: type[OwnLoader], /, *, info: Info, node_ids: Iterable[str], **_: Any
) -> list[OwnLoader | None]:
    return [OwnLoader(id=int(i)) for i in node_ids]


OwnLoader.resolve_nodes = classmethod(_own_resolve_nodes)  # type: ignore[assignment]


def test_a_protected_record_held_in_a_plain_attribute_stops_the_schema() -> None:
    @strawberry.type
    class Query:
        @strawberry.field
        def holder(self) -> Holder:
            return Holder(probes=[])

    with pytest.raises(LayerBypassed, match=r"Holder.probes: returns Probe"):
        check_schema(strawberry.Schema(query=Query))


def test_a_node_type_resolving_its_own_ids_stops_the_schema() -> None:
    @strawberry.type
    class Query:
        @strawberry.field
        @through_layer
        async def own(self, info: Info) -> OwnLoader | None:
            return await record(info, OwnLoader, 1)

    with pytest.raises(LayerBypassed, match="OwnLoader: resolve_nodes is not the layer's"):
        check_schema(strawberry.Schema(query=Query))


def test_a_field_through_the_layer_passes_the_check() -> None:
    @strawberry.type
    class Query:
        @strawberry.field
        @through_layer
        async def probe(self, info: Info, pk: int) -> Probe | None:
            return await record(info, Probe, pk)

    check_schema(strawberry.Schema(query=Query))


async def test_a_record_shown_by_several_paths_is_logged_once_with_each_path_noted(
    client: Client,
) -> None:
    # Given one operation reaching the same tip-offs and cadres by a list, by id and nested
    query = """
    query($id: ID!) {
      tipoffs(first: 100) { edges { node { id case { id tipoffs { id } } } } }
      tipoff(id: $id) { id subject { cadre { code } } }
      node(id: $id) { id }
    }
    """
    listed = await client.data(
        "{ tipoffs(first: 1) { edges { node { id } } } }", user="city.supervisor"
    )
    first = listed["tipoffs"]["edges"][0]["node"]["id"]
    await client.data(query, {"id": first}, user="city.supervisor")
    # Then its one access-log entry names each record once per kind (J8)
    entry = await AccessLogEntry.all().order_by("-id").first()
    assert entry is not None and entry.username == "city.supervisor"
    for part in entry.record_ids.split(";"):
        kind, _, ids = part.partition(":")
        listed_ids = ids.split(",")
        assert len(listed_ids) == len(set(listed_ids)), kind
    assert "tipoff:" in entry.record_ids

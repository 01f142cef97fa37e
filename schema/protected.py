"""The protected layer: the one way a protected record reaches a client (J1–J8).

Every record shown to a caller passes the same three steps, whichever path asks for it:

1. **scope**: the caller's scope for reading that kind of record, resolved once per request
   (`Context.scope`, from `policies/scope.py`);
2. **restrict / admits**: the scope as a SQL `WHERE` clause on the rows loaded
   (`policies.scope.restrict`), or, for rows already loaded by a shared loader, the same test on
   the row (`Scope.admits`);
3. **the access-log note** (J8): the ids shown are noted under the roles that allowed them and
   written when the operation ends, in one entry naming each record once.

A new kind of protected record declares, once, its resource (from `policies/resources.py`: the
column placing it under a jurisdiction, the one addressing it, and, for the conflict-sensitive
kinds of J5, the one naming the cadre it is about), the model its rows come from and how a row
becomes the GraphQL object (a type that is not a `Node`, such as a notice, is declared the same
way)::

    @protected(TALK, TalkModel, present=lambda row, scope: Talk.of(row))
    @strawberry.type(name="Talk", description="…")
    class Talk(relay.Node):
        id: relay.NodeID[int]
        …

(`present` defaults to `Type.of(row)`; it receives the scope for types that show more to one
side, as an audit commission does.) Then every path goes through the layer:

* **a list**: `schema.relay.restricted_page(info, Talk, TalkModel.all(), narrow=…, first=…,
  after=…)`: the scope as WHERE clause, the client's filter inside it, a keyset page, each row
  shown noted;
* **`node(id)`**: nothing to write: `@protected` installs `Talk.resolve_nodes` (the layer's);
* **a mutation's answer**: `await answer(info, Talk, row.id)`, marked `@through_layer`, or,
  where the decision's own log entry names the record, `@answers_decision`;
* **a lookup by id**: `schema.ids.one_by_global_id(info, id, Talk)`; by another unique column,
  `await lookup(info, Cadre, code=code)`;
* **a nested field returning records**: by id, `await record(info, Talk, talk_id)` or
  `await records(info, Talk, ids)`; by a foreign key, `await records_where(info, Talk,
  "cadre_id", cadre_id, order=("-held_on", "-id"))` (one query per level for the whole page).
  Mark the resolver `@through_layer` (under `@strawberry.field`);
* **a cadre named inside another record** (nominee, candidate, appraisal answer, case subject,
  audit subject, notice, roll member, a talk's cadre …): declare the field as returning `Person`
  (`schema.cadres.types`) and answer `await person(info, cadre_id)` or `await people(info, ids)`
  (`schema.cadres.access`): the full `Cadre` when the caller may read that cadre, otherwise the
  reduced `PersonSummary` (code, name, post, work unit); pass `summary=False` where the rule
  hides the name too (nothing is shown then). Mark the resolver `@through_layer`;
* **a field typed `Node`** (a timeline entry's `record`): `await record(info, Talk, pk)` for the
  entry's kind, marked `@through_layer`;
* **a protected part shown by its parent's type** (a candidate's inspection, an opinion, an
  appraisal answer: not records of their own type): `await rows_where(info, INSPECTION,
  InspectionModel, "selection_id", selection_id)` gives the rows, restricted and noted;
* **a short list that is not a page** (a committee's rolls): `await select(info, Committee,
  lambda qs: qs.filter(…).order_by(…))`.

Rows reach the object only through `present`, after the scope admitted them; `records` loads
`WHERE id IN (…) AND <scope>` in one query per level (rows of several records asking at once
are batched by the request's dataloaders), so a resource may place a record through a related
table (`jurisdiction="selection__managing_unit_id"`).

Building the schema fails (`check_schema`, run by `schema.build_schema`) when a `Node` type was
not declared here (`@protected`, or `@public_node` for the unit tree), when its `resolve_nodes`
is not the layer's, or when a field returning a protected type (or a connection of one, `Person`
or `Node`) has no `@through_layer` resolver. A mutation field returning a protected type is
checked too: it answers through the layer (`@through_layer`) or is declared `@answers_decision`,
for the reason that decorator gives once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import strawberry
from strawberry import relay
from strawberry.types.base import StrawberryList, StrawberryObjectDefinition, StrawberryOptional
from strawberry.types.lazy_type import LazyType
from tortoise.models import Model
from tortoise.queryset import QuerySet

from api.errors import NotFound
from policies.resources import Resource
from policies.scope import Scope, restrict

if TYPE_CHECKING:
    from api.context import Context
    from schema.info import Info

T = TypeVar("T")
M = TypeVar("M", bound=Model)
C = TypeVar("C", bound=type)
F = TypeVar("F", bound=Callable[..., Any])

READ = "read"


@dataclass(frozen=True, slots=True)
class Protection:
    """How one GraphQL type's records are protected: which resource places them, which model
    they load from, and how a row admitted by the scope becomes the object shown."""

    resource: Resource
    model: type[Model]
    present: Callable[[Any, Scope], Any]
    act: str = READ
    # For types whose rows are also loaded unrestricted by a shared per-request loader (cadres,
    # named by other records): take rows from it and test them with `Scope.admits`.
    shared: Callable[[Any], Any] | None = None


_PROTECTED: dict[type, Protection] = {}
_PUBLIC: dict[type, str] = {}


def protected(
    resource: Resource,
    model: type[Model],
    *,
    present: Callable[[Any, Scope], Any] | None = None,
    act: str = READ,
    shared: Callable[[Any], Any] | None = None,
) -> Callable[[C], C]:
    """Declare a GraphQL type's records protected by `resource` (apply above `@strawberry.type`).
    A `relay.Node` type gets the layer's `resolve_nodes`, so `node(id)` goes through it."""

    def declare(cls: C) -> C:
        show = present if present is not None else (lambda row, _scope: cls.of(row))  # type: ignore[attr-defined]
        _PROTECTED[cls] = Protection(resource, model, show, act, shared)
        if issubclass(cls, relay.Node):
            cls.resolve_nodes = classmethod(_resolve_nodes)  # type: ignore[assignment]
        return cls

    return declare


def public_node(why: str) -> Callable[[C], C]:
    """Declare a `Node` type whose records every signed-in user may read (the unit tree), with
    the reason, so that the schema check knows it was not forgotten."""

    def declare(cls: C) -> C:
        _PUBLIC[cls] = why
        return cls

    return declare


def protection_of(cls: type) -> Protection:
    try:
        return _PROTECTED[cls]
    except KeyError:
        raise TypeError(f"{cls.__name__} is not declared with @protected") from None


def through_layer(resolver: F) -> F:
    """Mark a resolver that returns protected records only through this layer (`record`,
    `records`, `records_where`, `person`, `people`, `restricted_page`, `one_by_global_id`)."""
    resolver.__through_layer__ = True  # type: ignore[attr-defined]
    return resolver


def answers_decision(resolver: F) -> F:
    """Mark a mutation resolver that answers with the record its decision acted on (or made),
    presented without the layer. That is enough, and only then: the rule admitted the record
    (or the cadre, case, selection … it is made for) under the caller's scope before acting
    (`rules.guard.require`, with J5 and J7), and the decision's own access-log entry, written
    in its transaction, names the record (J8), so a second note would log the same record
    twice. Nested fields of the answer still go through the layer (`@through_layer`).
    `tests/test_duplicates_every_mutation.py` checks the entry of every one."""
    resolver.__answers_decision__ = True  # type: ignore[attr-defined]
    return resolver


async def records(info: Info, cls: type[T], ids: Sequence[int]) -> list[T | None]:
    """The records of `cls` with these ids, each `None` unless the caller may read it; one query
    per level however many records ask in the same request."""
    protection = protection_of(cls)
    scope = await info.context.scope(protection.resource, protection.act)
    if scope.q(protection.resource) is None or not ids:
        return [None] * len(ids)
    if protection.shared is not None:
        loaded = await protection.shared(info.context.loaders).load_many(list(ids))
        rows = [
            r if r is not None and scope.admits(protection.resource, r) else None for r in loaded
        ]
    else:
        rows = await _restricted_loader(info, cls, protection, scope).load_many(list(ids))
    return show(info, cls, scope, rows)


async def record(info: Info, cls: type[T], pk: int | None) -> T | None:
    """One record of `cls` by id (`None` for no id, or when the caller may not read it)."""
    if pk is None:
        return None
    (found,) = await records(info, cls, [pk])
    return found


async def answer(info: Info, cls: type[T], pk: int) -> T:
    """A mutation's answer through the layer: the record it made, as the caller may read it now
    (scope, J5, J7), noted for the access log (J8); for a decision whose own log entry names
    another record (the selection a meeting decided, the finding an item rectifies). A record
    the caller may not read is `NOT_FOUND`, never shown."""
    found = await record(info, cls, pk)
    if found is None:
        raise NotFound(f"the {cls.__name__} was recorded, but is not yours to read")
    return found


async def lookup(info: Info, cls: type[T], **where: Any) -> T | None:
    """One record of `cls` by a unique column (`cadre(code)`), `None` when the caller may not
    read it: the scope is part of the query."""
    protection = protection_of(cls)
    scope = await info.context.scope(protection.resource, protection.act)
    if scope.q(protection.resource) is None:
        return None
    row = await restrict(protection.model.filter(**where), scope, protection.resource).first()
    (found,) = show(info, cls, scope, [row])
    return found


async def select(
    info: Info, cls: type[T], narrow: Callable[[QuerySet[Any]], QuerySet[Any]]
) -> list[T]:
    """The records of `cls` the caller may read, narrowed and ordered by `narrow`, in one query:
    for a root field that answers a short list rather than a page (a committee's rolls)."""
    protection = protection_of(cls)
    scope = await info.context.scope(protection.resource, protection.act)
    if scope.q(protection.resource) is None:
        return []
    rows = await narrow(restrict(protection.model.all(), scope, protection.resource))
    return [r for r in show(info, cls, scope, rows) if r is not None]


async def records_where(
    info: Info, cls: type[T], column: str, key: Any, *, order: Sequence[str] = ("id",)
) -> list[T]:
    """The records of `cls` whose `column` equals `key` that the caller may read, in `order`:
    the tip-offs of a case, the audits of a cadre. One query per level for a whole page."""
    protection = protection_of(cls)
    scope, rows = await _rows_where(
        info, protection.resource, protection.act, protection.model, column, key, order
    )
    return [r for r in show(info, cls, scope, rows) if r is not None]


async def rows_where(
    info: Info,
    resource: Resource,
    model: type[M],
    column: str,
    key: Any,
    *,
    order: Sequence[str] = ("id",),
    act: str = READ,
) -> list[M]:
    """Rows of a protected part of a record that its parent type presents (a candidate's
    inspection, an opinion, an appraisal answer), by a foreign key, through the same scope, the
    same WHERE clause and the same access-log note as `records_where`: J5 hides those about the
    caller's own cadre record when `resource` names the subject column."""
    scope, rows = await _rows_where(info, resource, act, model, column, key, order)
    info.context.record_read(resource, act, scope, [r.pk for r in rows])
    return rows


async def _rows_where(
    info: Info,
    resource: Resource,
    act: str,
    model: type[M],
    column: str,
    key: Any,
    order: Sequence[str],
) -> tuple[Scope, list[M]]:
    scope = await info.context.scope(resource, act)
    if scope.q(resource) is None:
        return scope, []

    async def load(keys: list[Any]) -> list[list[M]]:
        qs = restrict(model.filter(**{f"{column}__in": keys}), scope, resource)
        groups: dict[Any, list[M]] = defaultdict(list)
        for row in await qs.order_by(*order):
            groups[getattr(row, column)].append(row)
        return [groups.get(k, []) for k in keys]

    name = ("protected-where", resource, model, column, tuple(order), scope)
    rows: list[M] = await info.context.loaders.get(name, load).load(key)
    return scope, rows


async def restricted(
    context: Context, cls: type[Any]
) -> tuple[Scope, Callable[[], QuerySet[Any]]] | None:
    """The caller's read scope for `cls` and the records it admits, as the scope's WHERE clause
    on the type's model (built when called), or `None` when the scope grants nothing: the source
    of a compiled read (`schema.compiled`), which narrows it, runs it as part of one statement
    (keeping the SQL for the same scope and arguments) and then notes the records it shows with
    `noted`, as `restricted_page` does."""
    protection = protection_of(cls)
    scope = await context.scope(protection.resource, protection.act)
    if scope.q(protection.resource) is None:
        return None
    return scope, lambda: restrict(protection.model.all(), scope, protection.resource)


def noted(context: Context, cls: type[Any], scope: Scope, ids: list[Any]) -> None:
    """Note the records of `cls` shown to the caller under `scope`, in the order shown, for the
    access-log entry written when the operation ends (J8)."""
    protection = protection_of(cls)
    context.record_read(protection.resource, protection.act, scope, ids)


def show(
    info: Info,
    cls: type[T],
    scope: Scope,
    rows: Iterable[Any],
    *,
    present: Callable[[Any, Scope], T] | None = None,
) -> list[T | None]:
    """Rows the scope admitted, as `cls` objects, noted for the access log (J8). Only the layer's
    own functions (and `restricted_page`) call this, with rows restricted by `scope`."""
    protection = protection_of(cls)
    listed = list(rows)
    noted(info.context, cls, scope, [r.id for r in listed if r is not None])
    make = present or protection.present
    return [make(r, scope) if r is not None else None for r in listed]


def _restricted_loader(info: Info, cls: type, protection: Protection, scope: Scope) -> Any:
    model = protection.model

    async def load(ids: list[int]) -> list[Model | None]:
        qs = restrict(model.filter(id__in=ids), scope, protection.resource)
        found = {row.pk: row for row in await qs}
        return [found.get(i) for i in ids]

    return info.context.loaders.get(("protected", cls, scope), load)


async def _resolve_nodes(
    cls: type[Any], /, *, info: Info, node_ids: Iterable[str], required: bool = False, **_: Any
) -> list[Any]:
    """`node(id)` and `nodes(ids)` for a protected type: through `records`."""
    return await records(info, cls, [int(i) for i in node_ids])


# ---------------------------------------------------------------------------------------------
# The build-time check


@dataclass(frozen=True, slots=True)
class Bypass:
    where: str
    why: str

    def __str__(self) -> str:
        return f"{self.where}: {self.why}"


class LayerBypassed(TypeError):
    """The schema exposes protected records other than through the protected layer."""


def _named(type_: Any) -> Any:
    """The named type behind optional / list / lazy wrappers."""
    while True:
        if isinstance(type_, StrawberryOptional | StrawberryList):
            type_ = type_.of_type
        elif isinstance(type_, LazyType):
            type_ = type_.resolve_type()
        else:
            return type_


def _carried(type_: Any, carriers: dict[type, Any]) -> Any:
    """What a connection or edge type carries (its `node`), else the type itself."""
    named = _named(type_)
    return carriers.get(named, named)


def check_schema(schema: strawberry.Schema) -> None:
    """Fail when a `Node` type, or a field returning a protected type (a mutation's included),
    bypasses the layer."""
    problems = find_bypasses(schema)
    if problems:
        raise LayerBypassed(
            "protected records bypass schema.protected:\n" + "\n".join(f"  {p}" for p in problems)
        )


def find_bypasses(schema: strawberry.Schema) -> list[Bypass]:
    from schema.relay import Connection, Edge

    definitions: list[StrawberryObjectDefinition] = [
        t.definition
        for t in schema.schema_converter.type_map.values()
        if isinstance(t.definition, StrawberryObjectDefinition)
    ]
    # Connection and Edge types are filled only by `restricted_page`: look through them.
    carriers: dict[type, Any] = {}
    for d in definitions:
        if d.origin is not None and issubclass(d.origin, Edge | Connection):
            node = next(f for f in d.fields if f.python_name in ("node", "edges"))
            carriers[d.origin] = node.type
    for _ in range(2):  # Connection -> Edge -> node
        carriers = {k: _carried(v, carriers) for k, v in carriers.items()}

    guarded: set[Any] = set(_PROTECTED) | {relay.Node}
    guarded |= {d.origin for d in definitions if d.is_interface and _implemented_by_protected(d)}
    problems: list[Bypass] = []
    roots = {schema.mutation, schema.subscription} - {None}  # their fields answer decisions
    for d in definitions:
        origin = d.origin
        if d.is_interface:
            continue
        if origin is not None and issubclass(origin, relay.Node) and origin is not relay.Node:
            if origin in _PROTECTED:
                if getattr(origin.resolve_nodes, "__func__", None) is not _resolve_nodes:
                    problems.append(Bypass(d.name, "resolve_nodes is not the layer's"))
            elif origin not in _PUBLIC:
                problems.append(Bypass(d.name, "a Node type not declared with @protected"))
        if origin in carriers:
            continue
        for f in d.fields:
            target = _carried(f.type, carriers)
            if target not in guarded:
                continue
            func = getattr(f.base_resolver, "wrapped_func", None)
            if getattr(func, "__through_layer__", False):
                continue
            mutation = origin in roots
            if mutation and getattr(func, "__answers_decision__", False):
                continue
            name = getattr(target, "__name__", str(target))
            marks = "@through_layer or @answers_decision" if mutation else "@through_layer"
            problems.append(Bypass(f"{d.name}.{f.python_name}", f"returns {name} without {marks}"))
    return problems


def _implemented_by_protected(interface: StrawberryObjectDefinition) -> bool:
    """An interface some protected type implements (`Person`, implemented by `Cadre`)."""
    return any(
        interface.origin is not None and issubclass(cls, interface.origin) for cls in _PROTECTED
    )

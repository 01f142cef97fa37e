"""`Cadre.timeline` (D6): the cadre's whole file, newest first, one statement per page.

Every source of `timeline_sources.TIMELINE_SOURCES` becomes one branch of a UNION ALL, restricted
by the caller's scope for that source's own resource (J3, J4, J7) with J5 applied where the
resource is conflict-sensitive; a source the caller's roles grant nothing of is left out. The page
is a keyset on (at, kind, source, id), newest first.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import partial

import strawberry
from strawberry import relay

from api.errors import BadUserInput
from policies.resources import Resource
from policies.scope import Scope
from rules.calendar import office_day_start
from schema.file.records import node_of
from schema.file.timeline_sources import BY_NAME, TIMELINE_SOURCES, TimelineKind, TimelineSource
from schema.file.union import (
    Part,
    Statement,
    grants,
    merged_count,
    merged_page,
    parse_instant,
    scope_condition,
    text_column,
)
from schema.info import Info
from schema.protected import through_layer
from schema.relay import Connection, Edge, connection, decode_cursor, encode_cursor, page_size

READ = "read"
CURSOR = "timeline"
KEY = ("e_at", "e_kind", "e_src", "e_id")
TEXTS = 3


@strawberry.input(description="Narrows a cadre's file; every field is optional.")
class TimelineFilter:
    kinds: list[TimelineKind] | None = strawberry.field(
        default=None, description="Only entries of these kinds."
    )
    from_: datetime.date | None = strawberry.field(
        default=None, name="from", description="Only entries on or after this office day."
    )
    to: datetime.date | None = strawberry.field(
        default=None, description="Only entries on or before this office day."
    )


@strawberry.type(
    description="One event in a cadre's file (D6): what happened, when, and the record it "
    "belongs to. Only entries the caller may read are listed (J3–J7)."
)
class TimelineEntry:
    at: datetime.datetime = strawberry.field(
        description="When it happened; events known only by their day (a meeting, a talk) "
        "are placed at the start of that day in the offices' time zone."
    )
    kind: TimelineKind = strawberry.field(
        description="The part of the system the entry comes from."
    )
    summary: str = strawberry.field(
        description="One line in Chinese for the file, built from the record; never a "
        "reporter's identity (J6)."
    )
    _node: strawberry.Private[str]
    _record_id: strawberry.Private[int]

    @strawberry.field(
        description="The record the entry belongs to, exactly as `node(id)` shows it to the "
        "caller (null when it is not shown), its read logged (J8)."
    )
    @through_layer
    async def record(self, info: Info) -> relay.Node | None:
        return await node_of(info, self._node, self._record_id)


@dataclass(frozen=True)
class _Query:
    cadre_id: int
    sources: tuple[TimelineSource, ...]
    scopes: dict[Resource, Scope]
    start: datetime.datetime | None
    end: datetime.datetime | None

    def branches(self) -> list[Part]:
        return [partial(self._branch, source=source) for source in self.sources]

    def conditions(self, statement: Statement) -> list[str]:
        """The client's filter on a branch's rows (`b`), bound where it is written."""
        conditions = []
        if self.start is not None:
            conditions.append(f"b.e_at >= {statement.bind(statement.instant_text(self.start))}")
        if self.end is not None:
            conditions.append(f"b.e_at < {statement.bind(statement.instant_text(self.end))}")
        return conditions

    def _branch(self, statement: Statement, *, source: TimelineSource) -> str:
        at = statement.day_start(source.at) if source.at_is_day else statement.instant(source.at)
        texts = [*source.texts, *[None] * (TEXTS - len(source.texts))]
        columns = ", ".join(
            [
                f"{at} AS e_at",
                f"'{source.kind.name}' AS e_kind",
                f"'{source.name}' AS e_src",
                f"{source.row} AS e_id",
                f"{source.record} AS e_record",
                *(f"{text_column(t)} AS e_t{n}" for n, t in enumerate(texts)),
            ]
        )
        head = f"SELECT {columns} FROM {source.table} WHERE {source.cadre} = "
        head += statement.bind(self.cadre_id)
        if source.where:
            head += f" AND {source.where}"
        condition = scope_condition(self.scopes[source.resource], source, statement)
        assert condition is not None  # sources without a scope were left out
        return f"{head} AND {condition}"


async def _query(info: Info, cadre_id: int, filter: TimelineFilter | None) -> _Query:
    kinds = set(filter.kinds) if filter and filter.kinds else None
    scopes: dict[Resource, Scope] = {}
    sources = []
    for source in TIMELINE_SOURCES:
        if kinds is not None and source.kind not in kinds:
            continue
        if source.resource not in scopes:
            scopes[source.resource] = await info.context.scope(source.resource, READ)
        if grants(scopes[source.resource], source):
            sources.append(source)
    start = end = None
    if filter and filter.from_ is not None:
        start = office_day_start(filter.from_)
    if filter and filter.to is not None:
        end = office_day_start(filter.to + datetime.timedelta(days=1))
    return _Query(cadre_id, tuple(sources), scopes, start, end)


def _after(statement: Statement, after: str) -> tuple[str, str, str, int]:
    try:
        at, kind, src, row = decode_cursor(CURSOR, after).split("|")
        instant = statement.instant_text(parse_instant(at))
        return instant, TimelineKind[kind].name, BY_NAME[src].name, int(row)
    except (ValueError, KeyError):
        raise BadUserInput("malformed cursor", argument="after") from None


async def timeline_page(
    info: Info,
    cadre_id: int,
    filter: TimelineFilter | None,
    first: int | None,
    after: str | None,
) -> Connection[TimelineEntry]:
    """One page of the file of cadre `cadre_id` as the caller may see it, newest first."""
    size = page_size(first)
    query = await _query(info, cadre_id, filter)
    if not query.sources:
        return Connection.empty()
    statement = Statement()
    cursor = _after(statement, after) if after is not None else None
    rows = (
        []
        if size == 0
        else await merged_page(
            statement,
            query.branches(),
            query.conditions,
            KEY,
            descending=True,
            after=cursor,
            size=size + 1,
        )
    )
    has_next = len(rows) > size
    rows = rows[:size]
    shown: dict[str, list[int]] = {}
    edges = []
    for row in rows:
        source = BY_NAME[row["e_src"]]
        shown.setdefault(source.name, []).append(row["e_id" if source.own_row else "e_record"])
        entry = TimelineEntry(
            at=parse_instant(row["e_at"]),
            kind=source.kind,
            summary=source.summary([row[f"e_t{n}"] for n in range(TEXTS)]),
            _node=source.node,
            _record_id=row["e_record"],
        )
        key = "|".join([row["e_at"], row["e_kind"], row["e_src"], str(row["e_id"])])
        edges.append(Edge(cursor=encode_cursor(CURSOR, key), node=entry))
    for name, ids in shown.items():  # J8: what the summaries showed, per record of each kind
        resource = BY_NAME[name].resource
        info.context.record_read(resource, READ, query.scopes[resource], sorted(set(ids)))

    async def count() -> int:
        return await merged_count(Statement(), query.branches(), query.conditions)

    return connection(edges, has_next=has_next, after=after, count=count)

"""`deadlines`: everything due across the caller's jurisdiction, soonest first, in one list."""

from __future__ import annotations

import datetime
from enum import Enum
from typing import Annotated

import strawberry
from strawberry import relay

from api.errors import BadUserInput
from rules.calendar import office_today
from schema.cadres.access import person
from schema.cadres.types import Person
from schema.file.deadline_sources import DeadlineKind
from schema.file.due import Criteria, Due, due_count, due_page, parse_cursor_key, records_shown
from schema.file.records import node_of
from schema.info import Info
from schema.protected import through_layer
from schema.relay import Connection, Edge, connection, decode_cursor, encode_cursor, page_size
from schema.units.types import OrgUnit

READ = "read"
CURSOR = "deadline"


@strawberry.enum(description="How a deadline's days are counted.")
class DayCount(Enum):
    WORKING_DAYS = strawberry.enum_value(
        "WORKING_DAYS",
        description="Official working days: the State Council's holiday calendar, adjusted "
        "working weekends included (tip-off routing and acknowledgement).",
    )
    CALENDAR_DAYS = strawberry.enum_value(
        "CALENDAR_DAYS", description="Calendar days to a fixed date."
    )


@strawberry.input(description="Narrows `deadlines`; every field is optional.")
class DeadlineFilter:
    due_before: datetime.date | None = strawberry.field(
        default=None, description="Only deadlines falling due before this office day."
    )
    unit_code: str | None = strawberry.field(
        default=None, description="Only deadlines under this jurisdiction (a unit code)."
    )
    kinds: list[DeadlineKind] | None = strawberry.field(
        default=None, description="Only deadlines of these kinds."
    )
    overdue: bool | None = strawberry.field(
        default=None,
        description="True: only those past their day; false: only those not yet past.",
    )


@strawberry.type(
    description="Something due under a jurisdiction the caller may read (J3, J4), with J5 "
    "applied: what it is, by when, and the record to open."
)
class Deadline:
    kind: DeadlineKind = strawberry.field(description="What falls due.")
    due_on: datetime.date = strawberry.field(description="The office day it falls due.")
    overdue: bool = strawberry.field(description="The due day has passed (the offices' today).")
    days_left: int = strawberry.field(
        description="Days from today to the due day, counted as `countedIn` says: 0 on the day, "
        "negative once past."
    )
    counted_in: DayCount = strawberry.field(
        description="Working days where the rule counts working days, else calendar days."
    )
    summary: str = strawberry.field(
        description="One line in Chinese saying what is due, built from the record; never a "
        "reporter's identity (J6)."
    )
    _cadre_id: strawberry.Private[int | None]
    _unit_id: strawberry.Private[int]
    _node: strawberry.Private[str | None]
    _record_id: strawberry.Private[int | None]

    @classmethod
    def of(cls, due: Due) -> Deadline:
        return cls(
            kind=due.kind,
            due_on=due.due_on,
            overdue=due.overdue,
            days_left=due.days_left,
            counted_in=DayCount.WORKING_DAYS if due.source.working_days else DayCount.CALENDAR_DAYS,
            summary=due.summary,
            _cadre_id=due.cadre_id,
            _unit_id=due.unit_id,
            _node=due.source.node,
            _record_id=due.record_id,
        )

    @strawberry.field(
        description="The cadre it concerns, if any: the full `Cadre` when the caller may read "
        "that cadre, otherwise who they are (`PersonSummary`, J7: the audit bureau)."
    )
    @through_layer
    async def cadre(self, info: Info) -> Person | None:
        return await person(info, self._cadre_id)

    @strawberry.field(description="The jurisdiction it falls under (J2).")
    async def unit(self, info: Info) -> OrgUnit:
        unit = await info.context.loaders.unit.load(self._unit_id)
        assert unit is not None  # a foreign key
        return OrgUnit.of(unit)

    @strawberry.field(
        description="The record that is due, exactly as `node(id)` shows it to the caller; null "
        "for a yearly report not filed yet (nothing exists to open)."
    )
    @through_layer
    async def record(self, info: Info) -> relay.Node | None:
        if self._node is None:
            return None
        return await node_of(info, self._node, self._record_id)


@strawberry.type
class DeadlineQueries:
    @strawberry.field(
        description="What falls due across the caller's jurisdiction, every kind of deadline in "
        "one list, soonest first, overdue flagged (CONTRACT.md: deadlines). Each kind is shown "
        "under its own record's rules (J3–J7); paginated in the database."
    )
    async def deadlines(
        self,
        info: Info,
        filter: Annotated[
            DeadlineFilter | None, strawberry.argument(description="What to list.")
        ] = None,
        first: Annotated[
            int | None, strawberry.argument(description="Page size: 20 if omitted, at most 100.")
        ] = None,
        after: Annotated[
            str | None, strawberry.argument(description="The `endCursor` of the previous page.")
        ] = None,
    ) -> Connection[Deadline]:
        info.context.require_principal()
        size = page_size(first)
        criteria = Criteria(
            today=office_today(),
            due_before=filter.due_before if filter else None,
            unit_code=filter.unit_code if filter else None,
            kinds=set(filter.kinds) if filter and filter.kinds else None,
            overdue=filter.overdue if filter else None,
        )
        key = None
        if after is not None:
            try:
                key = parse_cursor_key(decode_cursor(CURSOR, after))
            except (ValueError, KeyError):
                raise BadUserInput("malformed cursor", argument="after") from None
        dues, has_next = await due_page(info.context.read_scope, criteria, size, key)
        for resource, ids in records_shown(dues).items():  # J8
            scope = await info.context.scope(resource, READ)
            info.context.record_read(resource, READ, scope, sorted(set(ids)))
        edges = [
            Edge(cursor=encode_cursor(CURSOR, d.cursor_key()), node=Deadline.of(d)) for d in dues
        ]

        async def count() -> int:
            return await due_count(info.context.read_scope, criteria)

        return connection(edges, has_next=has_next, after=after, count=count)
